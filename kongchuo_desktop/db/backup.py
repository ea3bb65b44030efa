"""Backups that just happen: consistent copies through SQLite's online backup API.

Layout under <data>/backups/: daily/kongchuo-YYYY-MM-DD.sqlite (keep 30),
monthly/kongchuo-YYYY-MM.sqlite (keep 12), events/kongchuo-<when>-<why>.sqlite (before a
migration, import or restore; keep 20). A copy of an empty database never replaces a copy that
holds data: it is written beside it instead.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db.connection import APPLICATION_ID
from kongchuo_desktop.errors import UserError

KEEP_DAILY = 30
KEEP_MONTHLY = 12
KEEP_EVENTS = 20
PREFIX = "kongchuo-"
SUFFIX = ".sqlite"


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


def _copy(src: sqlite3.Connection, dest_path: Path) -> None:
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest_path.with_name(dest_path.name + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(tmp)
    try:
        src.backup(dest)
        # A backup is one self-contained file: no -wal beside it.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    tmp.replace(dest_path)


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


def backup_to(src: sqlite3.Connection, dest_path: Path) -> Path:
    """Copy the live database to dest_path. An empty copy never replaces a file holding data:
    it goes to a sibling `…-empty.sqlite` and the good file stays."""
    dest_path = Path(dest_path)
    _, rows_now = count_rows(src)
    if dest_path.exists() and rows_now == 0 and _holds_data(dest_path) > 0:
        dest_path = dest_path.with_name(dest_path.stem + "-empty" + dest_path.suffix)
    _copy(src, dest_path)
    return dest_path


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def event_backup(src: sqlite3.Connection, root: Path, why: str, now: dt.datetime | None = None):
    """A copy before a migration, import or restore."""
    now = now or dt.datetime.now()
    dest = root / "events" / f"{PREFIX}{_stamp(now)}-{why}{SUFFIX}"
    path = backup_to(src, dest)
    _prune(root / "events", KEEP_EVENTS)
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
    if not daily.exists():
        written = backup_to(src, daily)
        _prune(root / "daily", KEEP_DAILY)
    if not monthly.exists():
        backup_to(src, monthly)
        _prune(root / "monthly", KEEP_MONTHLY)
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


def list_backups(root: Path) -> list[Path]:
    """All backup files, newest first."""
    files = [p for p in root.glob(f"*/{PREFIX}*{SUFFIX}")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def copy_backup(path: Path, dest_dir: Path) -> Path:
    """Copy a (closed) backup file to e.g. a USB stick, verifying the copy."""
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        raise BackupError(f"目标文件夹不存在：{dest_dir}")
    dest = dest_dir / Path(path).name
    try:
        shutil.copy2(path, dest)
    except OSError as exc:
        raise BackupError(f"复制到 {dest_dir} 失败：{exc}") from exc
    if not check_file(dest).ok:
        raise BackupError(f"复制到 {dest} 的文件校验失败，请换一个U盘再试")
    return dest
