"""The store of attached files (photos, scanned 责任书, proofs) and how backups carry it.

Layout:

    <data>/attachments/ab/abcdef….jpg           the live store: one file per content
    <data>/backups/attachments/ab/abcdef….jpg   one store shared by every backup copy
    <USB folder>/kongchuo-….sqlite + attachments/ab/abcdef….jpg   a copy on a stick

A file is named by the SHA-256 of its bytes (plus its type's suffix, so that Windows opens it with
the right program) and is never rewritten: the same photo attached twice is one file, and a file
present under its name is known to hold exactly those bytes. The two hex digits of the first
folder keep any one folder small (Explorer and FAT32 USB sticks slow down with thousands of files).

Why this layout:
- The database says which files it needs: each backup copy is a .sqlite whose `attachment` table
  lists the hashes, so no separate manifest can fall out of step with it.
- Backups share one store instead of a folder of photos per copy: the 30 daily and 12 monthly
  copies of unchanged photos take the photos' space once (plus once more in the live store).
  A backup copies only files the store does not have yet; pruning old copies removes store files
  no remaining copy and no live row refers to.
- The backup store holds real copies, not hard links to the live files: a photo opened from the
  program and "saved" in an editor, or a bad sector, must not damage the backup too, and hard links
  do not exist on the FAT32 sticks and network shares schools use.
- Every copy between stores is checked against the name's hash before it is kept, so a damaged
  file is never spread into a backup, and a store found by looking around a backup file (restore
  from a stick, a copied folder) cannot slip in wrong content.

The table is created by `MIGRATION_SQL` (one step, registered in db/migrations.py; it becomes
schema v7 at merge, after the events table's v6).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from kongchuo_desktop import output_files

STORE_DIR_NAME = "attachments"
_CHUNK = 1 << 20


def _fsync(fd: int) -> None:
    """A stored file reaches the disk before the row or copy that names it is kept (a power cut
    must not leave an empty file under a hash). Tests that write hundreds of files skip it."""
    os.fsync(fd)


# The step that adds the table, written out as SQL like every migration (db/migrations.py).
# IF NOT EXISTS: tests fake an older file by lowering a fresh one's version, table included.
MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "attachment" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "sha256" VARCHAR(255) NOT NULL, "ext" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL,'
    ' "kind" VARCHAR(255) NOT NULL, "owner_table" VARCHAR(255) NOT NULL,'
    ' "owner_id" INTEGER NOT NULL, "original_name" VARCHAR(255) NOT NULL,'
    ' "source_sha256" VARCHAR(255) NOT NULL, "added_at" DATETIME NOT NULL,'
    ' "added_by" VARCHAR(255) NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "attachment_sha256" ON "attachment" ("sha256")',
    'CREATE INDEX IF NOT EXISTS "attachment_owner_table_owner_id" ON "attachment" ("owner_table", "owner_id")',
)
MIGRATION_DESCRIPTION = "附件（照片、扫描件、证明）"


def migrate(db: pw.SqliteDatabase) -> None:
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)


def live_store(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_DIR_NAME


def backup_store(backups_root: Path) -> Path:
    return Path(backups_root) / STORE_DIR_NAME


def relative_name(sha256: str, ext: str) -> str:
    """Where a file sits inside a store: "ab/abcdef….jpg"."""
    return f"{sha256[:2]}/{sha256}{ext}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_of_name(name: str) -> str:
    """The hash a store file's name promises ("ab/abcdef….jpg" → "abcdef…")."""
    return Path(name).name.split(".", 1)[0]


def _part_name(dest: Path) -> Path:
    """Where a file is written before it is renamed into place: a fresh name per write, carrying
    the process id (output_files.temp_path_for), so that two programs copying the same photo into
    a shared store at once (two daily backups started together) never write into, or rename
    away, each other's half-written file, and a leftover whose writer died is swept at the next
    start (db.health.clean_leftovers)."""
    return output_files.temp_path_for(dest)


def put_bytes(store: Path, data: bytes, ext: str) -> tuple[str, bool]:
    """Keep `data` in `store` under its hash; (hash, whether a new file was written). A file
    already there is left alone when its size matches (its name is its content)."""
    sha = sha256_of_bytes(data)
    dest = store / relative_name(sha, ext)
    if dest.is_file() and dest.stat().st_size == len(data):
        return sha, False
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = _part_name(dest)
    with open(part, "wb") as f:
        f.write(data)
        f.flush()
        _fsync(f.fileno())
    os.replace(part, dest)
    return sha, True


def referenced_names(conn: sqlite3.Connection | pw.SqliteDatabase) -> set[str]:
    """The store names a database refers to (none for a file made before attachments)."""
    execute = conn.execute_sql if isinstance(conn, pw.Database) else conn.execute
    has_table = execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='attachment'"
    ).fetchone()
    if not has_table:
        return set()
    rows = execute("SELECT DISTINCT sha256, ext FROM attachment").fetchall()
    return {relative_name(sha, ext) for sha, ext in rows}


def referenced_by_file(path: Path) -> set[str] | None:
    """The names a database file refers to; None when the file cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return referenced_names(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def file_is_intact(path: Path) -> bool:
    return path.is_file() and sha256_of(path) == hash_of_name(path.name)


def _copy_checked(src: Path, dest: Path, *, read_back: bool) -> bool:
    """Copy src to dest if src's bytes match the hash in its name; False (nothing kept) if not.
    `read_back` reads the written file again (a USB stick can accept bytes it cannot return)."""
    want = hash_of_name(src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = _part_name(dest)
    digest = hashlib.sha256()
    try:
        with open(src, "rb") as fin, open(part, "wb") as fout:
            while chunk := fin.read(_CHUNK):
                digest.update(chunk)
                fout.write(chunk)
            fout.flush()
            _fsync(fout.fileno())
        if digest.hexdigest() != want or (read_back and sha256_of(part) != want):
            part.unlink(missing_ok=True)
            return False
        shutil.copystat(src, part)
        os.replace(part, dest)
        return True
    except OSError:
        part.unlink(missing_ok=True)
        raise


@dataclass
class StoreCopy:
    """What copying a set of files into a store did."""

    copied: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # found intact in no source store


def copy_into(
    names: Iterable[str],
    dest: Path,
    sources: Iterable[Path],
    *,
    read_back: bool = False,
    verify_existing: bool = False,
) -> StoreCopy:
    """Bring every name into store `dest` from the first source store holding it intact.

    A name already in `dest` counts as present when its size matches the source's (its name is
    its content); `verify_existing` hashes it instead (restore: the live file may be damaged).
    `read_back` re-reads each written file (USB sticks)."""
    dest = Path(dest)
    sources = [
        s
        for s in dict.fromkeys(Path(s).resolve() for s in sources)
        if s.is_dir() and s != dest.resolve()
    ]
    result = StoreCopy()
    for name in sorted(names):
        target = dest / name
        holders = [s / name for s in sources if (s / name).is_file()]
        if target.is_file():
            if verify_existing or not holders:
                present = file_is_intact(target)
            else:
                present = target.stat().st_size == holders[0].stat().st_size
            if present:
                result.already_there.append(name)
                continue
        if any(_copy_checked(src, target, read_back=read_back) for src in holders):
            result.copied.append(name)
        else:
            result.missing.append(name)
    return result


def stored_names(store: Path) -> set[str]:
    """Every file name in a store ("ab/abcdef….jpg"), leftovers of an interrupted copy excluded."""
    if not store.is_dir():
        return set()
    return {
        f"{p.parent.name}/{p.name}"
        for p in store.glob("??/*")
        if p.is_file() and not p.name.endswith(".part")
    }


def remove_unreferenced(store: Path, keep: set[str]) -> list[str]:
    """Delete store files not in `keep`; returns the names removed. A `.part` file is left alone:
    it may be another program's copy in progress (two daily backups started together), and one
    whose writer died is swept at the next start (db.health.clean_leftovers)."""
    removed = []
    if not store.is_dir():
        return removed
    for p in store.glob("??/*"):
        name = f"{p.parent.name}/{p.name}"
        if p.is_file() and not p.name.endswith(".part") and name not in keep:
            p.unlink(missing_ok=True)
            removed.append(name)
    for d in store.glob("??"):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
    return removed


def stores_near(db_file: Path) -> list[Path]:
    """Stores that may hold the files of a database file, nearest first: beside it (a copy on a
    stick), beside its folder (backups/daily/x.sqlite → backups/attachments), and the data folder
    of a backups folder (backups/…/x.sqlite → <data>/attachments). Files found there are checked
    against their hash before use, so looking around is safe."""
    db_file = Path(db_file).resolve()
    return [db_file.parent / STORE_DIR_NAME] + [
        p / STORE_DIR_NAME for p in list(db_file.parents)[1:3]
    ]
