"""Backups that just happen: consistent copies through SQLite's online backup API.

Layout under <data>/backups/: daily/kongchuo-YYYY-MM-DD.sqlite (keep 30),
monthly/kongchuo-YYYY-MM.sqlite (keep 12), events/kongchuo-<when>-<why>.sqlite (before a
migration, import or restore; keep 20). A copy of an empty database never replaces a copy that
holds data: it is written beside it instead.

Attached files travel with every copy without being copied again: backups/attachments/ is one
content-addressed store shared by all copies, a copy elsewhere (`backup FILE`, the USB copy) gets
an attachments/ folder beside it, and restore brings back what the live store lacks. Why this
layout: db/attachments.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop import output_files, private_files
from kongchuo_desktop.db import attachments, audit_chain
from kongchuo_desktop.db.connection import APPLICATION_ID
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.paths import backups_dir

KEEP_DAILY = 30
KEEP_MONTHLY = 12
KEEP_EVENTS = 20
PREFIX = "kongchuo-"
SUFFIX = ".sqlite"
PART_SUFFIX = ".part"  # a copy being written; renamed into place when complete
# A private folder in the data folder holding a plain copy while an encrypted one is written or
# read (db/encrypted_copy.staging); one a crash left is removed by health.clean_leftovers.
STAGING_PREFIX = ".kongchuo-staging-"

log = logging.getLogger("kongchuo.backup")


class BackupError(UserError):
    """A backup or restore could not be made; the message is for the user."""


@dataclass(frozen=True)
class FileCheck:
    path: Path
    ok: bool
    message: str
    schema_version: int = 0
    students: int = 0
    rows: int = 0


def copy_pages(src: sqlite3.Connection, dest: sqlite3.Connection) -> None:
    """Every page of `src` into `dest` (SQLite's online backup: consistent while in use)."""
    src.backup(dest)


def _copy(src: sqlite3.Connection, dest_path: Path) -> None:
    """Copy through a temporary file beside dest_path (output_files.atomic_write), renamed into
    place when complete: a failure (a full disk) leaves an existing dest_path as it was and
    nothing behind — the temporary file and its journal are removed."""
    private_files.make_dir(dest_path.parent)
    with output_files.atomic_write(dest_path) as tmp:
        try:
            private_files.create_file(tmp)
            dest = sqlite3.connect(tmp)
            try:
                copy_pages(src, dest)
                # A backup is one self-contained file: no -wal beside it.
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            with contextlib.suppress(OSError):
                Path(f"{tmp}-journal").unlink(missing_ok=True)


def copy_database(source: Path, dest_path: Path) -> None:
    """Copy a closed database file (opened read-only, never modified) to dest_path."""
    src = sqlite3.connect(Path(source).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        _copy(src, Path(dest_path))
    finally:
        src.close()


def count_rows(conn: sqlite3.Connection) -> tuple[int, int]:
    """(students, all rows in our tables) — how much a file holds."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    total = 0
    students = 0
    for t in tables:
        n = conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
        total += n
        if t == "student":
            students = n
    return students, total


def check_file(path: Path) -> FileCheck:
    """Is `path` an intact database of this app? Never modifies the file."""
    from kongchuo_desktop.db.migrations import LATEST_VERSION

    path = Path(path)
    if not path.is_file():
        return FileCheck(path, False, f"找不到文件：{path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return FileCheck(path, False, f"无法打开文件：{exc}")
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError:
            return FileCheck(path, False, "文件已损坏或不是数据库文件")
        if result != "ok":
            return FileCheck(path, False, f"文件完整性检查未通过：{result}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            return FileCheck(path, False, "这不是控辍保学工作台的数据文件")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            return FileCheck(
                path, False, f"文件版本（{version}）比本程序（{LATEST_VERSION}）新，请先升级程序"
            )
        students, rows = count_rows(conn)
        return FileCheck(path, True, "完好", version, students, rows)
    finally:
        conn.close()


def _holds_data(path: Path) -> int:
    if not path.exists():
        return 0
    check = check_file(path)
    return check.rows if check.ok else 0


def backup_to(src: sqlite3.Connection, dest_path: Path, store: Path | None = None) -> Path:
    """Copy the live database to dest_path, and the attached files it refers to into `store`
    (default: an attachments/ folder beside dest_path). An empty copy never replaces a file
    holding data: it goes to a sibling `…-empty.sqlite` and the good file stays."""
    dest_path = Path(dest_path)
    _, rows_now = count_rows(src)
    if dest_path.exists() and rows_now == 0 and _holds_data(dest_path) > 0:
        dest_path = dest_path.with_name(dest_path.stem + "-empty" + dest_path.suffix)
    _copy(src, dest_path)
    # The audit chain's head travels beside every copy (db/audit_chain.py).
    audit_chain.reset_head(dest_path)
    _carry_attachments(src, dest_path, store or dest_path.parent / attachments.STORE_DIR_NAME)
    return dest_path


def backup_to_file(
    src: sqlite3.Connection, dest_path: Path, data_dir: Path, *, overwrite: bool = False
) -> Path:
    """A copy where the user chose (`backup FILE`): never onto the data folder's own files, and
    an existing file only with `overwrite` (--force). Raises a UserError otherwise."""
    output_files.check_target(dest_path, data_dir, overwrite=overwrite)
    return backup_to(src, dest_path)


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def event_backup(src: sqlite3.Connection, root: Path, why: str, now: dt.datetime | None = None):
    """A copy before a migration, import or restore."""
    now = now or dt.datetime.now()
    dest = root / "events" / f"{PREFIX}{_stamp(now)}-{why}{SUFFIX}"
    # Two copies in one second (a restore of the copy just made) must not overwrite each other:
    # the first may be the very file being restored.
    n = 1
    while dest.exists():
        n += 1
        dest = root / "events" / f"{PREFIX}{_stamp(now)}-{why}-{n}{SUFFIX}"
    path = backup_to(src, dest, attachments.backup_store(root))
    _prune(root / "events", KEEP_EVENTS)
    prune_attachments(src, root)
    return path


def _daily_files(root: Path, today: dt.date) -> tuple[Path, Path]:
    return (
        root / "daily" / f"{PREFIX}{today.isoformat()}{SUFFIX}",
        root / "monthly" / f"{PREFIX}{today:%Y-%m}{SUFFIX}",
    )


def daily_backup_due(root: Path, today: dt.date | None = None) -> bool:
    """Is today's daily (or this month's monthly) copy still to be made? Looks at files only."""
    return not all(f.exists() for f in _daily_files(root, today or dt.date.today()))


def daily_backup(src: sqlite3.Connection, root: Path, today: dt.date | None = None) -> Path | None:
    """Once a day (at start-up): today's daily copy and, if missing, this month's monthly copy.
    Returns the daily file written, or None if today's already existed or there is nothing to
    keep yet (an empty database must not take the day's slot before the school's data exists)."""
    today = today or dt.date.today()
    if not daily_backup_due(root, today) or count_rows(src)[1] == 0:
        return None
    daily, monthly = _daily_files(root, today)
    written = None
    store = attachments.backup_store(root)
    if not daily.exists():
        written = backup_to(src, daily, store)
        _prune(root / "daily", KEEP_DAILY)
    if not monthly.exists():
        backup_to(src, monthly, store)
        _prune(root / "monthly", KEEP_MONTHLY)
    prune_attachments(src, root)
    return written


def _prune(folder: Path, keep: int) -> None:
    """Keep the newest `keep` copies (names sort by date). Copies holding data are preferred:
    an '-empty' copy is dropped before any copy with data."""
    files = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    empty = [f for f in files if f.stem.endswith("-empty")]
    full = [f for f in files if not f.stem.endswith("-empty")]
    excess = len(files) - keep
    for f in (empty + full)[: max(excess, 0)]:
        f.unlink(missing_ok=True)
        audit_chain.head_file(f).unlink(missing_ok=True)


def list_backups(root: Path) -> list[Path]:
    """All backup files, newest first."""
    files = [p for p in root.glob(f"*/{PREFIX}*{SUFFIX}")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def copy_backup(path: Path, dest_dir: Path) -> Path:
    """Copy a (closed) backup file to e.g. a USB stick, verifying the copy, with the attached
    files it refers to in an attachments/ folder beside it (files already there are skipped)."""
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        raise BackupError(f"目标文件夹不存在：{dest_dir}")
    dest = dest_dir / Path(path).name
    # Verified before it is renamed into place: a stick pulled out mid-copy leaves an earlier
    # copy of the same name as it was.
    try:
        with output_files.atomic_write(dest) as tmp:
            shutil.copy2(path, tmp)
            if not check_file(tmp).ok:
                raise BackupError(f"复制到 {dest} 的文件校验失败，请换一个U盘再试")
    except OSError as exc:
        raise BackupError(f"复制到 {dest_dir} 失败：{exc}") from exc
    head = audit_chain.head_file(Path(path))
    if head.is_file():
        try:
            with output_files.atomic_write(audit_chain.head_file(dest)) as tmp:
                shutil.copy2(head, tmp)
        except OSError as exc:
            raise BackupError(f"复制到 {dest_dir} 失败：{exc}") from exc
    _copy_attachments_to_stick(Path(path), dest, dest_dir)
    return dest


# --- attached files (db/attachments.py): carried by every copy, stored once ---


def _database_file(conn: sqlite3.Connection) -> Path | None:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def _carry_attachments(src: sqlite3.Connection, copy: Path, store: Path) -> None:
    """Bring the files `copy` refers to into `store`, from the live store (or the store already
    there). A live file missing or damaged is not spread: `check` reports it."""
    names = attachments.referenced_by_file(copy)
    if not names:
        return
    live = _database_file(src)
    sources = [attachments.live_store(live.parent)] if live else []
    result = attachments.copy_into(names, store, sources)
    if result.missing:
        log.warning("备份 %s：%d 个附件在数据文件夹中缺失或已损坏", copy, len(result.missing))


def prune_attachments(src: sqlite3.Connection, root: Path) -> list[str]:
    """Remove files of the shared backup store that no remaining copy under `root` and no live
    row refers to. Nothing is removed when a copy cannot be read (its needs are unknown)."""
    store = attachments.backup_store(root)
    if not store.is_dir():
        return []
    keep = attachments.referenced_names(src)
    for copy in list_backups(root):
        names = attachments.referenced_by_file(copy)
        if names is None:
            return []
        keep |= names
    return attachments.remove_unreferenced(store, keep)


def _copy_attachments_to_stick(source: Path, copy: Path, dest_dir: Path) -> None:
    names = attachments.referenced_by_file(copy) or set()
    result = attachments.copy_into(
        names,
        dest_dir / attachments.STORE_DIR_NAME,
        attachments.stores_near(source),
        read_back=True,
    )
    if result.missing:
        raise BackupError(
            f"数据文件已复制到 {copy}，但有 {len(result.missing)} 个附件（照片、扫描件）"
            "在备份中找不到或已损坏，没有复制。请先“立即备份”，再复制新的备份。"
        )


def restore_attachments(staged: Path, source: Path, data_dir: Path) -> attachments.StoreCopy:
    """Before a restore replaces the data: bring every file the restored database refers to into
    the live store, from the stores near `source` and the data folder's backup store. Live files
    are hashed (a damaged one is replaced). Missing files do not stop the restore: the school's
    rows matter more, and `check` names each missing file and its owner."""
    names = attachments.referenced_by_file(staged) or set()
    sources = [*attachments.stores_near(source), attachments.backup_store(backups_dir(data_dir))]
    result = attachments.copy_into(
        names, attachments.live_store(data_dir), sources, verify_existing=True
    )
    if result.missing:
        log.warning("恢复 %s：%d 个附件找不到", source, len(result.missing))
    return result


def drop_unreferenced_live(data_dir: Path, keep: set[str]) -> list[str]:
    """After a restore: live files the restored data does not refer to are removed when the
    backup store holds them (the safety copy made before the restore refers to them there);
    any other stays, and `check` lists it."""
    live = attachments.live_store(data_dir)
    kept_elsewhere = attachments.stored_names(attachments.backup_store(backups_dir(data_dir)))
    extra = attachments.stored_names(live) - keep
    for name in extra & kept_elsewhere:
        (live / name).unlink(missing_ok=True)
    return sorted(extra & kept_elsewhere)
