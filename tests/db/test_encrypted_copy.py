"""The encrypted copy for a USB stick: no child's name or ID number in its bytes; decrypted with
the library by its documented format; one flipped byte, a cut-off end or a wrong password is
refused; `restore` with the right password brings everything back and with a wrong one changes
nothing."""

import base64
import hashlib
import io
import json
import sqlite3
import struct
import zipfile

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kongchuo_desktop.cli import main
from kongchuo_desktop.db import encrypted_copy
from kongchuo_desktop.paths import database_path
from tests.demo_school import copy_demo_folder

PASSWORD = "春季学期2026"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def school(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "school")


@pytest.fixture
def copy(school, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KONGCHUO_BACKUP_PASSWORD", PASSWORD)
    dest = tmp_path / "U盘" / "备份.kcenc"
    dest.parent.mkdir()
    code, _out, err = run(capsys, "--data-dir", str(school), "backup", str(dest), "--encrypt")
    assert code == 0, err
    return dest


def _students(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, id_number FROM student ORDER BY id").fetchall()
    finally:
        conn.close()


def _library_decrypt(data: bytes, password: str) -> bytes:
    """The format as db/encrypted_copy documents it, read with the library alone."""
    magic, rest = data[:8], data[8:]
    assert magic == b"KCXBENC1"
    (length,) = struct.unpack(">I", rest[:4])
    header = rest[4 : 4 + length]
    info = json.loads(header)
    kdf = info["kdf"]
    assert (info["cipher"], kdf["name"]) == ("AES-256-GCM", "scrypt")
    key = Scrypt(
        salt=base64.b64decode(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]
    ).derive(password.encode())
    aead = AESGCM(key)
    prefix = base64.b64decode(info["nonce_prefix"])
    bound = magic + header
    pos = 4 + length + 16
    aead.decrypt(prefix + b"\xff\xff\xff\xff", rest[4 + length : pos], bound)
    out, index = b"", 0
    while pos < len(rest):
        (size,) = struct.unpack(">I", rest[pos : pos + 4])
        sealed = rest[pos + 4 : pos + 4 + size]
        pos += 4 + size
        last = pos == len(rest)
        aad = bound + struct.pack(">IB", index, 1 if last else 0)
        out += aead.decrypt(prefix + struct.pack(">I", index), sealed, aad)
        index += 1
    return out


def test_the_copy_holds_no_name_or_id_number_in_its_bytes(school, copy):
    data = copy.read_bytes()
    students = _students(database_path(school))
    assert len(students) > 1000
    for name, id_number in students:
        assert name.encode("utf-8") not in data
        if id_number:
            assert id_number.encode() not in data
    assert b"SQLite format 3" not in data


def test_the_library_decrypts_it_by_the_documented_format(school, copy, tmp_path):
    payload = _library_decrypt(copy.read_bytes(), PASSWORD)
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        assert set(z.namelist()) >= {"kongchuo.sqlite", "kongchuo.sqlite.audit-head"}
        (tmp_path / "inside.sqlite").write_bytes(z.read("kongchuo.sqlite"))
    assert _students(tmp_path / "inside.sqlite") == _students(database_path(school))


@pytest.mark.parametrize("where", [0.5, -1])
def test_one_flipped_byte_is_detected(copy, tmp_path, where):
    data = bytearray(copy.read_bytes())
    data[int(len(data) * where) if where > 0 else len(data) - 1] ^= 0x01
    with pytest.raises(InvalidTag):
        _library_decrypt(bytes(data), PASSWORD)
    damaged = tmp_path / "damaged.kcenc"
    damaged.write_bytes(bytes(data))
    with pytest.raises(encrypted_copy.DamagedCopy, match="改动过或已损坏"):
        encrypted_copy.decrypt_file(damaged, tmp_path / "out.zip", PASSWORD)
    assert not (tmp_path / "out.zip").exists()


def test_a_copy_cut_short_is_refused(copy, tmp_path):
    data = copy.read_bytes()
    short = tmp_path / "short.kcenc"
    short.write_bytes(data[: len(data) - 100])
    with pytest.raises(encrypted_copy.DamagedCopy):
        encrypted_copy.decrypt_file(short, tmp_path / "out.zip", PASSWORD)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_with_a_wrong_password_exits_1_and_changes_nothing(
    school, copy, capsys, monkeypatch
):
    db = database_path(school)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE student SET name = '改过的名字' WHERE id = 1")
    conn.commit()
    conn.close()
    before = _digest(db)
    monkeypatch.setenv("KONGCHUO_BACKUP_PASSWORD", "不是这个密码")
    code, _out, err = run(capsys, "--data-dir", str(school), "restore", str(copy))
    assert code == 1 and "密码不对" in err
    assert _digest(db) == before
    assert not (school / "backups").exists()  # not even a safety copy: nothing was started
    assert not list(school.glob(".kongchuo-staging-*"))


def test_restore_with_the_right_password_brings_everything_back(school, copy, capsys, monkeypatch):
    db = database_path(school)
    original = _students(db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE student SET name = '改过的名字' WHERE id = 1")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--data-dir", str(school), "restore", str(copy), "--json")
    assert code == 0, err
    assert json.loads(out)["restored_from"] == str(copy)
    assert _students(db) == original
    assert not list(school.glob(".kongchuo-staging-*"))  # no plain copy left behind
    code, out, _ = run(capsys, "--data-dir", str(school), "check", "--json")
    assert code == 0 and json.loads(out)["audit_chain"]["ok"]


def test_a_new_copy_needs_a_password_of_six_and_never_overwrites(school, copy, capsys, monkeypatch):
    monkeypatch.setenv("KONGCHUO_BACKUP_PASSWORD", "12345")
    other = copy.with_name("other.kcenc")
    code, _, err = run(capsys, "--data-dir", str(school), "backup", str(other), "--encrypt")
    assert code == 1 and "至少" in err and not other.exists()
    monkeypatch.setenv("KONGCHUO_BACKUP_PASSWORD", PASSWORD)
    before = _digest(copy)
    code, _, err = run(capsys, "--data-dir", str(school), "backup", str(copy), "--encrypt")
    assert code == 1 and "已存在" in err and _digest(copy) == before


def test_without_the_variable_and_no_terminal_the_password_is_asked_for(
    school, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("KONGCHUO_BACKUP_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    dest = tmp_path / "x.kcenc"
    code, _, err = run(capsys, "--data-dir", str(school), "backup", str(dest), "--encrypt")
    assert code == 2 and "KONGCHUO_BACKUP_PASSWORD" in err and not dest.exists()


def test_a_plain_copy_a_crash_left_in_the_data_folder_is_removed(school):
    import os

    from kongchuo_desktop.db.store import open_data_folder

    left = school / ".kongchuo-staging-abc"
    left.mkdir()
    (left / "kongchuo.sqlite").write_bytes(b"children's data")
    old = left.stat().st_mtime - 3600
    os.utime(left, (old, old))
    open_data_folder(school, daily_backup=False).close()
    assert not left.exists()
