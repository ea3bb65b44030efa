"""Opening the data folder: bind the database, migrate with a backup first, daily backup;
and replacing it from a backup (restore)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from kongchuo_desktop import logs, private_files
from kongchuo_desktop.db import attachments, audit_chain, backup, folder_lock, health, migrations
from kongchuo_desktop.db.connection import bind, make_database
from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.errors import user_text
from kongchuo_desktop.paths import backups_dir, database_path


@dataclass
class DataFolder:
    """An open data folder: where it is and its bound database."""

    path: Path
    db: pw.SqliteDatabase
    hold: folder_lock.Hold | None = field(default=None, repr=False)  # the folder's shared lock
    read_only: bool = False
    # Lines for the clerk from opening it: a read-only folder, a daily backup that failed.
    notices: list[str] = field(default_factory=list)

    @property
    def database_file(self) -> Path:
        return database_path(self.path)

    @property
    def backups(self) -> Path:
        return backups_dir(self.path)

    def raw_connection(self) -> sqlite3.Connection:
        return self.db.connection()

    def event_backup(self, why: str) -> Path:
        return backup.event_backup(self.raw_connection(), self.backups, why)

    def daily_backup(self, today: dt.date | None = None) -> Path | None:
        return backup.daily_backup(self.raw_connection(), self.backups, today)

    def daily_backup_due(self, today: dt.date | None = None) -> bool:
        return backup.daily_backup_due(self.backups, today)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.hold is not None:
            self.hold.release()


# How long opening waits for other processes to let go when the data needs an upgrade: two
# commands started together after installing a new version both get through, one after the other.
UPGRADE_WAIT_SECONDS = 10.0


def open_data_folder(
    path: Path, *, daily_backup: bool = True, writes: bool = True, full_check: bool = False
) -> DataFolder:
    """Open (creating if needed) the database in `path`, migrating it after a backup.

    The file is looked at read-only first (health.diagnose): a damaged one raises
    health.DamagedDataFile, a foreign or too-new one migrations.SchemaError, and neither is
    modified. A folder that cannot be written raises health.ReadOnlyFolder when `writes`; for a
    command that only reads it opens read-only, without the daily backup, and says so in
    `notices`. A failed daily backup is a notice too: the day's work goes on. `full_check` runs
    the complete integrity check (the `check` command) instead of the quick one.
    The folder's shared lock is held until close(); folder_lock.FolderInUse is raised when an
    upgrade is due while another process has the folder open."""
    path = Path(path)
    private_files.make_dir(path)
    file = database_path(path)
    writable = health.folder_writable(path) and (not file.exists() or os.access(file, os.W_OK))
    if not writable and writes:
        raise health.ReadOnlyFolder(
            f"数据文件夹是只读的，不能保存：{path}\n"
            "请取消文件夹的只读属性，或把它复制到可以写入的位置。"
        )
    diagnosis = health.diagnose(file, full=full_check, folder_writable=writable)
    if diagnosis.state == health.DAMAGED:
        raise health.DamagedDataFile(diagnosis, health.newest_good_backup(path))
    if not diagnosis.usable:
        raise migrations.SchemaError(diagnosis.reason)
    if not writable:
        return _open_read_only(path)  # no lock file can be made there; nothing writes either
    # The read-only look has the version already: an older file of ours needs the folder alone.
    upgrade_due = diagnosis.state == health.OK and (
        0 < diagnosis.schema_version < migrations.LATEST_VERSION
    )
    hold = folder_lock.shared(path)  # held until folder.close() (db/folder_lock.py)
    try:
        if not upgrade_due:
            return _open(path, hold, daily_backup)
        # Let go of our share while waiting, or two commands started together would each wait
        # for the other to leave.
        hold.release()
        with folder_lock.exclusive(path, "升级数据", wait=UPGRADE_WAIT_SECONDS):
            hold = folder_lock.shared(path)
            return _open(path, hold, daily_backup)
    except BaseException:
        hold.release()
        raise


def _open(path: Path, hold: folder_lock.Hold, daily_backup: bool) -> DataFolder:
    health.clean_leftovers(path)  # under the shared lock: no restore is running meanwhile
    file = database_path(path)
    private_files.create_file(file)  # a new database is readable by this user only
    db = make_database(file)
    db.connect(reuse_if_open=True)
    bind(db)
    folder = DataFolder(path, db, hold)
    try:
        migrations.migrate(
            db, before_migration=lambda v: folder.event_backup(f"before-migrate-v{v}")
        )
    except Exception:
        db.close()
        raise
    if daily_backup:
        try:
            folder.daily_backup()
        except (OSError, sqlite3.Error) as exc:
            logs.logger.warning("daily backup failed: %r", exc)
            folder.notices.append(f"今天的自动备份没有成功：{user_text(exc)}")
    return folder


def _open_read_only(path: Path) -> DataFolder:
    """A read-only folder: the data opened read-only, as it is (no migration, no backup)."""
    db = health.make_read_only_database(database_path(path), folder_writable=False)
    db.connect(reuse_if_open=True)
    try:
        empty = migrations.is_empty(db)
        version = migrations.schema_version(db)
    except Exception:
        db.close()
        raise
    if empty or version < migrations.LATEST_VERSION:
        db.close()
        what = "其中还没有数据" if empty else "数据需要升级到新版本才能使用"
        raise health.ReadOnlyFolder(f"数据文件夹是只读的，{what}：{path}")
    bind(db)
    folder = DataFolder(path, db, read_only=True)
    folder.notices.append(f"数据文件夹是只读的，今天没有自动备份：{path}")
    return folder


def restore(
    folder: DataFolder, source: Path, *, actor: str | None = None, shown_as: Path | None = None
) -> tuple[DataFolder, Path]:
    """Replace the folder's data with `source` after checking it and keeping a copy of the current
    data. A bad source raises BackupError and changes nothing; so does another process having the
    folder open (folder_lock.FolderInUse: the window, a command). The audit history goes on: the
    current lines the restored file lacks are carried into it (see `carry_audit_over`), with a line
    of the restore's own (naming `shown_as`, when `source` is a decrypted copy of it). Returns the reopened folder and the path of the safety copy."""
    source = Path(source)
    check = backup.check_file(source)
    if not check.ok:
        raise backup.BackupError(f"不能恢复 {source.name}：{check.message}")
    if source.resolve() == folder.database_file.resolve():
        raise backup.BackupError("不能用正在使用的数据文件恢复自己")
    # The copy's own audit chain against the head kept beside it: a break is recorded in the
    # restore's line and said to the clerk, and does not stop the restore (the data matters more).
    chain = audit_chain.verify_file(source)
    restored = {"restored_from": str(shown_as or source)}
    if not chain.ok:
        restored["backup_audit_chain"] = chain.text
    with folder_lock.exclusive(folder.path, "恢复数据"):
        safety = folder.event_backup("before-restore")
        live = folder.database_file
        staged = live.with_name(live.name + ".restoring")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup._copy(src, staged)
        finally:
            src.close()
        carry_audit_over(
            live,
            staged,
            actor or _os_user(),
            {**restored, "safety_copy": str(safety)},
        )
        # Attached files first: a failure here (disk full) leaves the data as it was.
        try:
            backup.restore_attachments(staged, source, folder.path)
        except OSError:
            staged.unlink(missing_ok=True)
            raise
        folder.close()  # the last connection closing checkpoints and removes the -wal file
        for extra in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
            extra.unlink(missing_ok=True)
        os.replace(staged, live)
        # The restored file's own chain, with the lines carried over (chained by us just now).
        audit_chain.reset_head(live, verified=chain.ok)
        reopened = open_data_folder(folder.path, daily_backup=False)
        backup.drop_unreferenced_live(folder.path, attachments.referenced_names(reopened.db))
        if not chain.ok:
            reopened.notices.append(f"恢复用的备份里，审计日志防篡改校验没有通过：{chain.text}")
        return reopened, safety


# An audit line carried over from before a restore: its action is kept behind this prefix
# ("archived:update"), so readers of the live history (a student's timeline asks for "update")
# do not take a change the restore undid for one in force.
ARCHIVED = "archived:"
RESTORE_ACTION = "restore"

# A line's action without the ARCHIVED prefix, in SQL.
_BASE_ACTION = (
    "CASE WHEN {0}.action LIKE 'archived:%' THEN substr({0}.action, 10) ELSE {0}.action END"
)

# Line m (restored file) is line c (current file): same time, actor, row, action and values.
_SAME_LINE = (
    "m.table_name = c.table_name AND m.row_id IS c.row_id AND m.at = c.at"
    " AND m.row_key = c.row_key AND m.actor = c.actor AND m.before IS c.before"
    f" AND m.after IS c.after AND {_BASE_ACTION.format('m')} = {_BASE_ACTION.format('c')}"
)

# The first NOT EXISTS goes by id, one index lookup a line: a backup of this folder shares its
# history up to the day it was made, line for line. Only lines it does not settle are looked for
# anywhere (one renumbered by an earlier restore), through the (table_name, row_id) index.
_CARRY_SQL = (
    "INSERT INTO main.audit_log (at, actor, table_name, row_id, row_key, action, before, after)"
    " SELECT c.at, c.actor, c.table_name, c.row_id, c.row_key,"
    f" '{ARCHIVED}' || {_BASE_ACTION.format('c')}, c.before, c.after FROM live.audit_log c"
    f" WHERE NOT EXISTS (SELECT 1 FROM main.audit_log m WHERE m.id = c.id AND {_SAME_LINE})"
    f" AND NOT EXISTS (SELECT 1 FROM main.audit_log m WHERE {_SAME_LINE}) ORDER BY c.id"
)


def carry_audit_over(live: Path, staged: Path, actor: str, what: dict) -> int:
    """Copy into `staged` (the file about to replace `live`) every audit line of `live` it lacks,
    marked ARCHIVED, and the restore's own line (`what` and how many lines were carried).
    Returns that number.

    Why in the database rather than a file beside it: the history then travels with every later
    backup and copy to a USB stick, one place answers "who changed this child's record", and
    nothing prunes it (the safety copy holds the same lines but is one of 20 event copies kept).
    A line counts as present when the restored file has one with the same time, actor, row,
    action and values: a backup of this same folder shares its history up to the day it was made,
    so only what came after is carried, and restoring twice does not carry a line twice.
    A current file too damaged to read loses nothing more: its lines are in the safety copy, and
    the restore's line says so."""
    now = dt.datetime.now().replace(microsecond=0)
    conn = sqlite3.connect(staged.resolve().as_uri(), uri=True, isolation_level=None)
    try:
        carried: int | str
        try:
            conn.execute("ATTACH DATABASE ? AS live", (live.resolve().as_uri() + "?mode=ro",))
        except sqlite3.Error as exc:
            carried, attached = f"无法读取恢复前的审计记录：{exc}", False
        else:
            attached = True
        conn.execute("BEGIN IMMEDIATE")
        if attached:
            try:
                carried = conn.execute(_CARRY_SQL).rowcount
            except sqlite3.Error as exc:  # a damaged current file: its lines stay in the copy
                carried = f"无法读取恢复前的审计记录：{exc}"
        line = {**what, "archived_lines": carried}
        conn.execute(
            "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action, before, after)"
            " VALUES (?, ?, '*', NULL, '', ?, NULL, ?)",
            (
                now.strftime("%Y-%m-%d %H:%M:%S"),
                actor,
                RESTORE_ACTION,
                AuditLog.after.db_value(line),
            ),
        )
        if "chain_hash" in [c[1] for c in conn.execute('PRAGMA table_info("audit_log")')]:
            audit_chain.seal_unchained(conn)  # the carried lines and this one, chained on
        conn.execute("COMMIT")
        if attached:
            conn.execute("DETACH DATABASE live")
    finally:
        conn.close()
    return carried if isinstance(carried, int) else 0


def _os_user() -> str:
    """The operating-system account, for a restore whose caller named nobody (services.audit
    has the same; db/ may not import services)."""
    try:
        return getpass.getuser() or "未知用户"
    except Exception:  # getpass raises on some Windows setups without USERNAME
        return "未知用户"
