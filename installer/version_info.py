"""The Windows version resource (Explorer → Properties → Details) made from `__version__`."""

from __future__ import annotations


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); a suffix such as '0.2.0rc1' keeps only its numbers' start."""
    parts: list[int] = []
    for piece in version.split(".")[:4]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or 0))
    while len(parts) < 4:
        parts.append(0)
    return parts[0], parts[1], parts[2], parts[3]


def make_version_info(version: str, product_name: str, exe_name: str):
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_tuple(version)
    strings = [
        StringStruct("CompanyName", product_name),
        StringStruct("FileDescription", product_name),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", exe_name),
        StringStruct("OriginalFilename", f"{exe_name}.exe"),
        StringStruct("ProductName", product_name),
        StringStruct("ProductVersion", version),
        StringStruct("LegalCopyright", f"{product_name}（学校内部使用）"),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, OS=0x40004, fileType=0x1),
        kids=[
            # 0804 = Chinese (PRC), 04B0 = Unicode
            StringFileInfo([StringTable("080404B0", strings)]),
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),
        ],
    )
