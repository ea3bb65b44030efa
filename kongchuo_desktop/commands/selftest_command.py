"""`selftest`: the frozen exe's smoke test — a temporary database and the main window, offscreen,
plus the parts a PyInstaller bundle most often loses (pinyin dictionary, icon fonts, resources,
the Excel reader, Pillow's JPEG codec). Prints `SELFTEST OK` first on success, then one line per check."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kongchuo_desktop.commands.context import EXIT_REFUSED, CommandError, Context


def register(sub, common) -> None:
    p = sub.add_parser("selftest", parents=[common], help="自检：临时数据库 + 主窗口（不显示）")
    p.set_defaults(handler=cmd_selftest)


def _check_pinyin(_tmp: Path) -> str:
    from kongchuo_desktop.domain.pinyin_keys import pinyin_keys

    got = pinyin_keys("张三")
    if got != ("zhangsan", "zs"):
        raise AssertionError(f"拼音：张三 → {got}")
    return f"张三 → {got[0]}/{got[1]}"


def _check_icons(_tmp: Path) -> str:
    from kongchuo_desktop import icons

    # Every icon in every colour role: in the exe from the pre-drawn bundle (it has no qtawesome).
    missing = [
        f"{name}/{role}"
        for name in icons.ICON_IDS
        for role in icons.COLORS
        if icons.icon(name, role).isNull()
    ]
    if missing:
        raise AssertionError(f"图标缺失：{missing}")
    source = f"预绘图标包 {icons.BUNDLE_NAME}" if icons.bundled() else "qtawesome"
    return f"{len(icons.ICON_IDS)} 个图标 × {len(icons.COLORS)} 种颜色（{source}）"


def _check_resources(_tmp: Path) -> str:
    from kongchuo_desktop.paths import resource_path

    wanted = [resource_path("style.qss"), resource_path("icons", "app.png")]
    missing = [str(p) for p in wanted if not p.is_file()]
    if missing:
        raise AssertionError(f"资源文件缺失：{missing}")
    return str(resource_path())


def _check_excel(tmp: Path) -> str:
    import openpyxl
    from python_calamine import CalamineWorkbook

    path = tmp / "selftest.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "班级"])
    wb.active.append(["张三", "七年级1班"])
    wb.save(path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if rows[1][:2] != ["张三", "七年级1班"]:
        raise AssertionError(f"Excel读取：{rows}")
    return "openpyxl 写 → calamine 读"


def _check_photos(tmp: Path) -> str:
    """Pillow's JPEG codec in the bundle: a phone-sized photo shrunk into the attachment store."""
    from PIL import Image

    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services import attachments

    path = tmp / "selftest.jpg"
    Image.new("RGB", (2400, 1800), (90, 140, 200)).save(path, "JPEG", quality=90)
    added = attachments.add_file("selftest", path, "照片", "student", Student.select().first().id)
    with Image.open(attachments.open_path(added.sha256)) as stored:
        size = stored.size
    if max(size) > 1600 or not attachments.verify().ok:
        raise AssertionError(f"照片缩小：{size}")
    return f"2400×1800 JPEG → {size[0]}×{size[1]}（{added.size // 1024} KB）"


def _check_encryption(tmp: Path) -> str:
    """`cryptography` (OpenSSL linked into its extension) in the bundle: a file through the USB
    copy's AES-GCM encryption and back, and a wrong password refused."""
    from kongchuo_desktop.db import encrypted_copy

    plain, sealed, back = tmp / "plain.bin", tmp / "sealed.kcenc", tmp / "back.bin"
    plain.write_bytes("控辍保学".encode() * 1000)
    encrypted_copy.encrypt_file(plain, sealed, "selftest-口令")
    encrypted_copy.decrypt_file(sealed, back, "selftest-口令")
    if back.read_bytes() != plain.read_bytes() or "控辍保学".encode() in sealed.read_bytes():
        raise AssertionError("加密复制：解密结果不一致或密文含明文")
    try:
        encrypted_copy.decrypt_file(sealed, tmp / "wrong.bin", "wrong-password")
    except encrypted_copy.WrongPassword:
        return f"AES-GCM {plain.stat().st_size // 1024} KB 加密、解密，错误口令被拒绝"
    raise AssertionError("加密复制：错误口令没有被拒绝")


def _check_encrypted_zip(tmp: Path) -> str:
    """`pyzipper` and pycryptodomex's AES in the bundle: an export packed into the bureau's
    encrypted .zip and read back, a wrong password refused."""
    import pyzipper

    from kongchuo_desktop.services import export_zip

    body = "控辍保学".encode() * 1000
    out = export_zip.write_encrypted(
        tmp / "selftest.zip", "selftest.txt", lambda p: p.write_bytes(body), "selftest-口令"
    )
    if "控辍保学".encode() in out.read_bytes():
        raise AssertionError("加密 zip：压缩包含明文")
    with pyzipper.AESZipFile(out) as z:
        z.setpassword("selftest-口令".encode())
        if z.read("selftest.txt") != body:
            raise AssertionError("加密 zip：解开的内容不一致")
        z.setpassword(b"wrong-password")
        try:
            z.read("selftest.txt")
        except RuntimeError:
            return f"AES-256 zip {out.stat().st_size // 1024} KB 写入、读回，错误口令被拒绝"
    raise AssertionError("加密 zip：错误口令没有被拒绝")


def _check_passwords(_tmp: Path) -> str:
    """Account passwords hash in the bundle (scrypt through `cryptography`: the exe has no
    hashlib.scrypt) and a wrong password is refused."""
    from kongchuo_desktop.services import passwords

    stored = passwords.hash_secret("selftest-口令")
    if not passwords.matches("selftest-口令", stored) or passwords.matches("wrong", stored):
        raise AssertionError("账号密码：散列校验结果不对")
    return "scrypt 密码散列与校验"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("pinyin", _check_pinyin),
    ("icons", _check_icons),
    ("resources", _check_resources),
    ("excel", _check_excel),
    ("photos", _check_photos),
    ("encryption", _check_encryption),
    ("encrypted_zip", _check_encrypted_zip),
    ("passwords", _check_passwords),
]


def cmd_selftest(ctx: Context) -> int:
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import demo
    from kongchuo_desktop.views.main_window import MainWindow

    results: dict[str, str] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kongchuo-selftest-") as tmp:
        folder = open_data_folder(Path(tmp) / "data", daily_backup=True)
        try:
            demo.create_demo_school(ctx.actor, students=60)
            app = QApplication.instance() or QApplication([])
            for name, check in CHECKS:
                try:
                    results[name] = check(Path(tmp))
                except Exception as exc:  # every check reports; one failure must not hide others
                    failures.append(f"{name}: {exc!r}")
            window = MainWindow(folder)
            window.show()
            app.processEvents()
            pages = window.page_titles()
            window.close()
            app.processEvents()
        finally:
            folder.close()
    results["qt"] = f"Qt {qVersion()} {app.platformName()}"
    results["frozen"] = str(bool(getattr(sys, "frozen", False)))
    if failures:
        raise CommandError(
            "SELFTEST FAILED: " + "; ".join(failures), EXIT_REFUSED, {"checks": results}
        )
    lines = ["SELFTEST OK", *(f"  {k}: {v}" for k, v in results.items())]
    ctx.emit({"ok": True, "pages": pages, "checks": results}, lines)
    return 0
