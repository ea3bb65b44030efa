"""An export meant to leave the office (to the 教育局 on a USB stick or by e-mail) as a
password-protected .zip: WinZip AES-256, which 7-Zip, WinRAR, 360压缩 and Windows' own tools
(recent ones) open with the password. pyzipper writes it: a kept implementation, never our own
cipher.

The exporter writes its file into a private temporary folder; it is packed into the .zip (compressed,
then encrypted) and the plain file is deleted. The .zip is written atomically beside its target
and never onto the data folder's own files (output_files). Only the inner file's name is readable
without the password: callers name it after what it is (花名册.xlsx), never after a child.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from kongchuo_desktop import output_files
from kongchuo_desktop.db import connection
from kongchuo_desktop.errors import UserError

SUFFIX = ".zip"
MIN_PASSWORD = 6  # as the USB copy's password (db/encrypted_copy.py)
PASSWORD_ENV = "KONGCHUO_EXPORT_PASSWORD"


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"加密 zip 的密码至少要 {MIN_PASSWORD} 位。")


def zip_path_for(path: Path | str) -> Path:
    """The .zip for an export chosen as `path` (学生花名册.xlsx → 学生花名册.zip)."""
    path = Path(path)
    return path if path.suffix.lower() == SUFFIX else path.with_suffix(SUFFIX)


def write_encrypted(
    zip_path: Path | str,
    inner_name: str,
    write: Callable[[Path], object],
    password: str,
    *,
    overwrite: bool = False,
) -> Path:
    """Call `write(plain_path)` to write the export as `inner_name` in a private temporary
    folder, then pack it into `zip_path` encrypted with `password` (AES-256). Returns the zip."""
    # pyzipper is imported here, not at the top: only an encrypted export needs it (start-up time).
    import pyzipper

    check_password(password)
    zip_path = Path(zip_path)
    if zip_path.suffix.lower() != SUFFIX:
        raise UserError(f"加密导出的文件名必须以 {SUFFIX} 结尾：{zip_path}")
    data_folder = Path(connection.current().database).parent
    output_files.check_target(zip_path, data_folder, overwrite=overwrite)
    with tempfile.TemporaryDirectory(prefix="kongchuo-export-") as tmp:
        os.chmod(tmp, 0o700)
        plain = Path(tmp) / Path(inner_name).name
        write(plain)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            output_files.atomic_write(zip_path) as part,
            pyzipper.AESZipFile(
                part, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            ) as archive,
        ):
            archive.setpassword(password.encode("utf-8"))
            archive.setencryption(pyzipper.WZ_AES, nbits=256)
            archive.write(plain, plain.name)
    return zip_path


def password_from_env() -> str:
    """The command line's password for `--encrypt`: KONGCHUO_EXPORT_PASSWORD (never an argument,
    which other users of the PC could read in the process list)."""
    password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise UserError(
            f"--encrypt 需要密码：请先设置环境变量 {PASSWORD_ENV}（至少 {MIN_PASSWORD} 位）。"
        )
    check_password(password)
    return password
