"""Encrypted copies for a USB stick (复制到U盘, `kongchuo backup FILE --encrypt`): the whole copy —
database, the audit chain's head, attached photos and scans — in one file that reads as noise
without the password.

Why: a stick gets lost, and the copy holds every child's ID number, address and family
circumstances. The local daily copies under backups/ stay plain: they sit beside the database
itself, which is no better protected (README, 数据安全).

Format (all integers big-endian):
    MAGIC (8 bytes) | header length (4) | header (UTF-8 JSON) | key check (16) | chunks …
    chunk: ciphertext length (4) | AES-256-GCM ciphertext with its 16-byte tag
The header names the key derivation (scrypt: n, r, p, salt) and an 8-byte nonce prefix. The key
is scrypt(password, salt), 32 bytes. Chunk i (of CHUNK plaintext bytes) is encrypted with nonce
= prefix + i (4 bytes) and associated data = MAGIC + header + i (4 bytes) + last-chunk flag
(1 byte): a chunk changed, moved, dropped or cut off at the end fails its tag. The key check is
the tag of an empty message under nonce prefix + FFFFFFFF with MAGIC + header as associated
data: a wrong password is told apart from a damaged file before any chunk is read.
The plaintext is a .zip: kongchuo.sqlite, kongchuo.sqlite.audit-head, attachments/<sha256>.

The cipher and the key derivation come from the `cryptography` package (OpenSSL); this module
only frames the chunks.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import sqlite3
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kongchuo_desktop import output_files, private_files
from kongchuo_desktop.db import attachments, audit_chain, backup
from kongchuo_desktop.errors import UserError

MAGIC = b"KCXBENC1"
SUFFIX = ".kcenc"
CHUNK = 1024 * 1024
# scrypt cost: 64 MiB of memory and about a quarter of a second per try on an office PC — cheap
# once, expensive for someone guessing passwords on a found stick.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
MIN_PASSWORD = 6
DATABASE_NAME = "kongchuo.sqlite"
HEAD_NAME = DATABASE_NAME + ".audit-head"
ATTACHMENTS_DIR = "attachments"
_KEY_CHECK_INDEX = 0xFFFFFFFF


class WrongPassword(UserError):
    """The password does not open this copy."""


class DamagedCopy(UserError):
    """The encrypted copy was changed or cut short after it was written."""


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少要 {MIN_PASSWORD} 位。")


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def encrypt_file(plain: Path, dest: Path, password: str) -> None:
    """Encrypt the file `plain` into `dest` (written whole, or not at all: atomic_write)."""
    check_password(password)
    salt, prefix = os.urandom(16), os.urandom(8)
    header = json.dumps(
        {
            "format": 1,
            "cipher": "AES-256-GCM",
            "chunk": CHUNK,
            "kdf": {
                "name": "scrypt",
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": base64.b64encode(salt).decode(),
            },
            "nonce_prefix": base64.b64encode(prefix).decode(),
        }
    ).encode("utf-8")
    aead = AESGCM(_key(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
    bound = MAGIC + header
    size = plain.stat().st_size
    count = max(1, -(-size // CHUNK))
    with output_files.atomic_write(dest) as tmp, open(tmp, "wb") as out, open(plain, "rb") as src:
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        out.write(aead.encrypt(_nonce(prefix, _KEY_CHECK_INDEX), b"", bound))
        for index in range(count):
            data = src.read(CHUNK)
            sealed = aead.encrypt(
                _nonce(prefix, index), data, _aad(bound, index, index == count - 1)
            )
            out.write(struct.pack(">I", len(sealed)) + sealed)


def _read_exact(f, n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise DamagedCopy("加密备份文件不完整（可能没有复制完），无法恢复。")
    return data


def decrypt_file(source: Path, plain: Path, password: str) -> None:
    """Decrypt `source` into `plain`. WrongPassword or DamagedCopy (UserErrors) when it cannot;
    `plain` is then removed."""
    source = Path(source)
    try:
        with open(source, "rb") as f, open(plain, "wb") as out:
            size = os.fstat(f.fileno()).st_size
            if f.read(len(MAGIC)) != MAGIC:
                raise DamagedCopy(f"{source.name} 不是本程序的加密备份。")
            (length,) = struct.unpack(">I", _read_exact(f, 4))
            header = _read_exact(f, length)
            try:
                info = json.loads(header)
                kdf = info["kdf"]
                salt = base64.b64decode(kdf["salt"])
                prefix = base64.b64decode(info["nonce_prefix"])
                key = _key(password, salt, int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise DamagedCopy(f"{source.name} 的开头已损坏，无法恢复。") from exc
            aead = AESGCM(key)
            bound = MAGIC + header
            try:
                aead.decrypt(_nonce(prefix, _KEY_CHECK_INDEX), _read_exact(f, 16), bound)
            except InvalidTag as exc:
                raise WrongPassword(
                    "密码不对，无法打开这份加密备份。当前数据没有任何改动。"
                ) from exc
            index = 0
            while True:
                (length,) = struct.unpack(">I", _read_exact(f, 4))
                sealed = _read_exact(f, length)
                last = f.tell() == size
                try:
                    out.write(aead.decrypt(_nonce(prefix, index), sealed, _aad(bound, index, last)))
                except InvalidTag as exc:
                    raise DamagedCopy(
                        f"{source.name} 在写入之后被改动过或已损坏（第 {index + 1} 段校验不通过），"
                        "不能用它恢复。"
                    ) from exc
                if last:
                    break
                index += 1
    except BaseException:
        Path(plain).unlink(missing_ok=True)
        raise


# --- the copy as a whole: database, head file, attached files --------------------------------


def pack(folder: Path, dest: Path, password: str) -> None:
    """Encrypt a staged copy `folder` (DATABASE_NAME, HEAD_NAME, attachments/) into `dest`, then
    read it back: the copy is decrypted and its zip checked before this returns."""
    zipped = folder / "payload.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.write(folder / DATABASE_NAME, DATABASE_NAME, compress_type=zipfile.ZIP_DEFLATED)
        if (folder / HEAD_NAME).is_file():
            z.write(folder / HEAD_NAME, HEAD_NAME)
        store = folder / ATTACHMENTS_DIR
        if store.is_dir():
            for file in sorted(store.rglob("*")):
                if file.is_file():  # photos and scans: already compressed
                    z.write(file, file.relative_to(folder).as_posix())
    try:
        encrypt_file(zipped, dest, password)
    finally:
        zipped.unlink(missing_ok=True)
    with staging(folder) as check:
        back = check / "payload.zip"
        decrypt_file(dest, back, password)
        with zipfile.ZipFile(back) as z:
            if z.testzip() is not None:
                raise DamagedCopy(f"写到 {dest} 的加密备份校验失败，请换一个U盘再试。")


def unpack(source: Path, folder: Path, password: str) -> Path:
    """Decrypt `source` into `folder`: returns the database file there (attachments/ beside it,
    where restore looks for them)."""
    zipped = folder / "payload.zip"
    decrypt_file(source, zipped, password)
    try:
        with zipfile.ZipFile(zipped) as z:
            for name in z.namelist():
                parts = Path(name).parts
                safe = name in (DATABASE_NAME, HEAD_NAME) or (
                    len(parts) >= 2
                    and parts[0] == ATTACHMENTS_DIR
                    and ".." not in parts
                    and not Path(name).is_absolute()
                )
                if safe:
                    z.extract(name, folder)
    except zipfile.BadZipFile as exc:
        raise DamagedCopy(f"{source.name} 的内容已损坏，不能用它恢复。") from exc
    finally:
        zipped.unlink(missing_ok=True)
    database = folder / DATABASE_NAME
    if not database.is_file():
        raise DamagedCopy(f"{source.name} 里没有数据文件，不能用它恢复。")
    return database


@contextlib.contextmanager
def staging(near: Path) -> Iterator[Path]:
    """A private temporary folder inside `near` (the data folder: plain copies of the data never
    go to the system's temp folder), removed afterwards whatever happens."""
    private_files.make_dir(near)
    folder = Path(tempfile.mkdtemp(prefix=backup.STAGING_PREFIX, dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- writing one: from the open data, or from a backup file ---------------------------------


def backup_live(
    src: sqlite3.Connection, dest: Path, data_dir: Path, password: str, *, overwrite: bool = False
) -> Path:
    """`backup FILE --encrypt`: an encrypted copy of the open data where the user chose (never
    onto the data folder's own files; an existing file only with `overwrite`)."""
    check_password(password)
    output_files.check_target(dest, data_dir, overwrite=overwrite)
    with staging(data_dir) as folder:
        backup.backup_to(src, folder / DATABASE_NAME, folder / ATTACHMENTS_DIR)
        pack(folder, dest, password)
    return dest


def copy_backup(path: Path, dest: Path, data_dir: Path, password: str) -> Path:
    """复制到U盘: an encrypted copy of the (closed) backup file `path` at `dest`, with the
    attached files it refers to inside. Verified before it is renamed into place."""
    check_password(password)
    path = Path(path)
    with staging(data_dir) as folder:
        database = folder / DATABASE_NAME
        backup.copy_database(path, database)
        head = audit_chain.head_file(path)
        if head.is_file():
            shutil.copy2(head, folder / HEAD_NAME)
        else:
            audit_chain.reset_head(database)
        names = attachments.referenced_by_file(database) or set()
        result = attachments.copy_into(
            names, folder / ATTACHMENTS_DIR, attachments.stores_near(path)
        )
        if result.missing:
            raise backup.BackupError(
                f"有 {len(result.missing)} 个附件（照片、扫描件）在备份中找不到或已损坏，"
                "没有复制。请先“立即备份”，再复制新的备份。"
            )
        try:
            pack(folder, dest, password)
        except OSError as exc:
            raise backup.BackupError(f"写到 {dest} 失败：{exc}") from exc
    return dest


@contextlib.contextmanager
def opened(source: Path, data_dir: Path, password: str) -> Iterator[Path]:
    """The database inside the encrypted copy `source`, decrypted into a private folder in the
    data folder for as long as the restore needs it (attachments/ beside it)."""
    with staging(data_dir) as folder:
        yield unpack(source, folder, password)
