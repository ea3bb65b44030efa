"""Before the data file is opened for writing: is it ours, and is it intact? Looked at read-only.

`diagnose` never modifies the file: it reads the 100-byte header ("SQLite format 3\\0", page size,
page count), then opens a read-only connection for application_id / user_version and a
`PRAGMA quick_check` — a file of another program is refused before anything (the WAL switch
included) touches it, and a damaged one is named with the newest good backup instead of ending
in a traceback.

Cost, measured on the project VM (warm cache): demo school (3.3 MiB) header + application_id
under 1 ms, quick_check 8 ms idle / 20–24 ms while the VM was busy; a 10,000-student demo
(24 MiB) quick_check 125 ms busy. quick_check reads every page, so it runs only on files up to
QUICK_CHECK_MAX_BYTES (16 MiB, about 80 ms busy here); a larger file gets the header, the schema
and a size-against-header test, and quick_check only when that test looks wrong. `check` runs
the full integrity_check instead.

Also here: what a crash can leave behind (`*.part`, `*.restoring`), whether the folder can be
written at all, and setting a damaged file aside to restore a backup in its place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from kongchuo_desktop import output_files, private_files
from kongchuo_desktop.db import attachments, backup
from kongchuo_desktop.db.connection import APPLICATION_ID, PRAGMAS
from kongchuo_desktop.db.migrations import LATEST_VERSION
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.paths import backups_dir

HEADER = b"SQLite format 3\x00"
QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024
MAX_PROBLEMS = 20
RESTORING_SUFFIX = ".restoring"
DAMAGED_INFIX = ".damaged-"
# A leftover not touched for this long was left by a crash, not by a copy still being written.
LEFTOVER_AGE_SECONDS = 600
SIDE_FILES = ("-wal", "-shm", "-journal")

# What diagnose found.
NEW = "new"  # no file yet, or an empty one: a fresh database is made
OK = "ok"
FOREIGN = "foreign"  # an SQLite file of another program
NEWER = "newer"  # ours, from a newer version of the program
DAMAGED = "damaged"  # not a database, truncated or corrupt


@dataclass(frozen=True)
class Diagnosis:
    path: Path
    state: str
    problems: tuple[str, ...] = ()
    schema_version: int = 0
    how: str = ""  # what was run: header | quick_check | integrity_check

    @property
    def usable(self) -> bool:
        return self.state in (NEW, OK)

    @property
    def reason(self) -> str:
        """The Chinese sentence for what is wrong with the file."""
        if self.state == FOREIGN:
            return "这不是控辍保学工作台的数据文件（可能是其他程序的数据库），程序没有改动它"
        if self.state == NEWER:
            return (
                f"数据文件的版本（{self.schema_version}）比本程序支持的（{LATEST_VERSION}）"
                "更新，请使用新版程序打开"
            )
        if self.state == DAMAGED:
            return "数据文件已损坏"
        return "完好"


class DamagedDataFile(UserError):
    """The data file is not a database, truncated or corrupt. Carries the diagnosis and the
    newest good backup (or None) for whoever offers to restore it."""

    def __init__(self, diagnosis: Diagnosis, newest_backup: backup.FileCheck | None):
        self.diagnosis = diagnosis
        self.newest_backup = newest_backup
        super().__init__(damaged_message(diagnosis, newest_backup))


class ReadOnlyFolder(UserError):
    """A command that saves was asked to run on a folder it cannot write."""


def damaged_message(
    diagnosis: Diagnosis, newest: backup.FileCheck | None, advice: bool = True
) -> str:
    """What is damaged and the newest good backup; `advice`: and what to do (the command line;
    the window's dialog says it with its buttons)."""
    lines = [f"数据文件已损坏，无法打开：{diagnosis.path}"]
    if diagnosis.problems:
        lines.append(f"（{_problems_in_chinese(diagnosis.problems)}）")
    if newest is not None:
        lines.append(f"最新的完好备份：{newest.path}（{describe_backup(newest)}）。")
        if advice:
            lines.append(
                "请打开程序窗口，按提示“从备份恢复”，或用命令 "
                f'kongchuo restore "{newest.path}"；损坏的文件会改名保留，不会删除。'
            )
    else:
        lines.append("没有找到完好的备份。请不要删除这个文件，把它复制一份交给负责电脑的老师。")
    return "\n".join(lines)


def _problems_in_chinese(problems: tuple[str, ...]) -> str:
    """The clerk's summary of what SQLite found: our own Chinese findings as they are, SQLite's
    English reports counted (they stay whole in `check --json` for whoever repairs the file)."""
    detail = "\n".join(problems).replace("*** in database main ***", "").split("\n")
    detail = [d.strip() for d in detail if d.strip()]
    ours = [d for d in detail if any("\u4e00" <= ch <= "\u9fff" for ch in d)]
    sqlite_lines = len(detail) - len(ours)
    parts = ours[:2]
    if sqlite_lines:
        parts.append(
            f"数据库检查发现 {sqlite_lines} 处内部损坏，详情可用 kongchuo check --json 查看"
            if sqlite_lines > 1
            else "数据库检查发现文件内部已损坏，详情可用 kongchuo check --json 查看"
        )
    return "；".join(parts)


def describe_backup(check: backup.FileCheck) -> str:
    when = dt.datetime.fromtimestamp(check.path.stat().st_mtime)
    return f"{when:%Y-%m-%d %H:%M}，学生 {check.students} 人"


def _read_header(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(100)


def _looks_truncated(header: bytes, size: int) -> bool:
    """The header's page count says the file should be larger than it is. Only a hint: after a
    crash in the middle of a checkpoint the missing pages are still in the -wal file."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    return valid and pages > 0 and size < page_size * pages


def read_only_uri(path: Path, immutable: bool = False) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def _needs_immutable(path: Path, folder_writable: bool) -> bool:
    """A read-only folder without a -wal file: SQLite cannot make the -shm file a WAL reader
    needs, and with no -wal there is nothing it would read from one."""
    return not folder_writable and not Path(str(path) + "-wal").exists()


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "disk image"))


def diagnose(path: Path, *, full: bool = False, folder_writable: bool = True) -> Diagnosis:
    """What state the data file at `path` is in, without modifying it. `full` runs the complete
    integrity_check (the `check` command) instead of the quick one."""
    path = Path(path)
    if not path.exists():
        return Diagnosis(path, NEW, how="header")
    size = path.stat().st_size
    wal = Path(str(path) + "-wal")
    if size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        return Diagnosis(path, NEW, how="header")
    header = _read_header(path)
    if len(header) < 100 or not header.startswith(HEADER):
        what = "文件太短，已被截断" if len(header) < 100 else "文件开头不是SQLite数据库的标记"
        return Diagnosis(path, DAMAGED, (f"不是数据库文件：{what}",), how="header")
    uri = read_only_uri(path, _needs_immutable(path, folder_writable))
    how = "header"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error:
        return Diagnosis(path, OK, how=how)  # cannot tell here: the real open will say why
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if not tables[0]:
            return Diagnosis(path, NEW, how=how)
        if app_id != APPLICATION_ID:
            return Diagnosis(path, FOREIGN, schema_version=version, how=how)
        if version > LATEST_VERSION:
            return Diagnosis(path, NEWER, schema_version=version, how=how)
        pragma = ""
        if full:
            pragma = f"PRAGMA integrity_check({MAX_PROBLEMS})"
        elif size <= QUICK_CHECK_MAX_BYTES or _looks_truncated(header, size):
            pragma = f"PRAGMA quick_check({MAX_PROBLEMS})"
        if pragma:
            how = pragma.split()[1].split("(")[0]
            rows = [r[0] for r in conn.execute(pragma).fetchall()]
            if rows != ["ok"]:
                return Diagnosis(path, DAMAGED, tuple(rows), version, how)
        return Diagnosis(path, OK, schema_version=version, how=how)
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            return Diagnosis(path, DAMAGED, (f"SQLite: {exc}",), how=how)
        return Diagnosis(path, OK, how=how)  # locked, or unreadable: not a verdict on the file
    finally:
        conn.close()


def newest_good_backup(data_dir: Path) -> backup.FileCheck | None:
    """The newest backup that is intact and ours, preferring one that holds data. Checks backups
    newest first and stops at the first good one holding data."""
    root = backups_dir(Path(data_dir))
    if not root.is_dir():
        return None
    empty_but_good = None
    for path in backup.list_backups(root):
        check = backup.check_file(path)
        if not check.ok:
            continue
        if check.rows > 0:
            return check
        empty_but_good = empty_but_good or check
    return empty_but_good


def folder_writable(path: Path) -> bool:
    """Can files be created in `path`? Tried, not guessed from permission bits (a read-only
    mount, a network share, Windows' folder rights all answer the same way)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".kongchuo-write-test-", dir=path)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def clean_leftovers(data_dir: Path, now: float | None = None) -> list[Path]:
    """Remove what a crash left: a half-written backup copy (`*.part`, with its journal) and a
    half-made restore (`*.restoring`). Called while holding the folder's shared lock, so no restore
    is running (it holds the lock alone): a `.restoring` file is always a leftover. A `.part` is
    removed when the process named in it has ended (output_files.temp_path_for), or when it has
    not been touched for LEFTOVER_AGE_SECONDS (a name without a process id, or an id reused).
    Returns what was removed."""
    now = time.time() if now is None else now
    data_dir = Path(data_dir)
    doomed = [
        *data_dir.glob(f"*{RESTORING_SUFFIX}"),
        *data_dir.glob(f"*{RESTORING_SUFFIX}-journal"),
    ]
    root = backups_dir(data_dir)
    # Copies are written beside their target: backups under backups/, a restore's staged file
    # (kongchuo.sqlite.restoring.<pid>-<random>.part) in the data folder itself.
    parts = [*data_dir.glob(f"*{backup.PART_SUFFIX}"), *data_dir.glob("*.part-journal")]
    store = attachments.live_store(data_dir)  # a photo being copied in when the program died
    if store.is_dir():
        parts += store.rglob(f"*{backup.PART_SUFFIX}")
    if root.is_dir():
        parts += [*root.rglob(f"*{backup.PART_SUFFIX}"), *root.rglob("*.part-journal")]
    for f in parts:
        pid = output_files.writer_of(f)
        try:
            stale = now - f.stat().st_mtime >= LEFTOVER_AGE_SECONDS
        except OSError:
            continue
        if stale or (pid is not None and not process_alive(pid)):
            doomed.append(f)
    removed = []
    for f in doomed:
        try:
            f.unlink()
        except OSError:
            continue
        removed.append(f)
    return removed


def process_alive(pid: int) -> bool:
    """Is process `pid` still running? (Unsure counts as alive: its file is then left alone.)"""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
        STILL_ACTIVE = 259
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def make_read_only_database(path: Path, folder_writable: bool) -> pw.SqliteDatabase:
    """The data file opened read-only (a read-only folder): nothing can be written to it."""
    pragmas = {k: v for k, v in PRAGMAS.items() if k != "journal_mode"}
    uri = read_only_uri(path, _needs_immutable(path, folder_writable))
    return pw.SqliteDatabase(uri, uri=True, pragmas=pragmas)


def set_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename the damaged data file (and its -wal/-shm) to `<name>.damaged-YYYYMMDD-HHMMSS`:
    kept for whoever may rescue something from it, never deleted. Returns its new name."""
    now = now or dt.datetime.now()
    path = Path(path)
    aside = path.with_name(f"{path.name}{DAMAGED_INFIX}{now:%Y%m%d-%H%M%S}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}{DAMAGED_INFIX}{now:%Y%m%d-%H%M%S}-{n}")
    for suffix in SIDE_FILES:
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(aside) + suffix))
    os.replace(path, aside)
    return aside


@dataclass(frozen=True)
class Replaced:
    aside: Path  # the damaged file's new name
    source: Path


def restore_damaged(database: Path, source: Path) -> Replaced:
    """Put the backup `source` in place of the damaged data file, which is set aside first. The
    backup is checked before anything moves; a bad one raises UserError and changes nothing."""
    database, source = Path(database), Path(source)
    check = backup.check_file(source)
    if not check.ok:
        raise UserError(f"不能用 {source.name} 恢复：{check.message}")
    staged = database.with_name(database.name + RESTORING_SUFFIX)
    backup.copy_database(source, staged)  # a full disk fails here, before anything moved
    try:
        aside = set_aside(database)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    os.replace(staged, database)
    private_files.make_private(database)
    return Replaced(aside, source)
