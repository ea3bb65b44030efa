"""清空数据，重新开始: after trying the demo school (or a wrong start), empty the data folder so the
first-run wizard asks for the school again.

Nothing is lost: a copy of everything is made first (backups/events/…-before-start-over.sqlite),
and 设置 → 备份与恢复 can restore it. The rows go in one transaction, in the same database file
(no file is deleted or replaced, which an open handle on Windows could block halfway).

The audit history stays: who did what before is the school's record, not the demo's data, and
the event copy that also holds it is pruned after 20 more events. The demo's own lines say they
were the demo's (services/demo.py). Another process with the folder open (a second window, a
running command) makes it refuse: its next save would land in the emptied school.
"""

from __future__ import annotations

from pathlib import Path

from kongchuo_desktop.db import backup, folder_lock
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.migrations import ALL_MODELS  # every table, own modules' too
from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import guards

CONFIRM_WORD = "清空"


def start_over(folder, actor: str) -> Path:
    """Empty every table but the audit log after a safety copy; returns the copy's path. The audit
    log gets a line saying who emptied the data and where the copy is. Raises
    folder_lock.FolderInUse (nothing changed) while another process has the folder open."""
    guards.school(Action.MANAGE_BACKUPS)
    with folder_lock.exclusive(folder.path, "清空数据"):
        safety = folder.event_backup("before-start-over")
        db = current()
        with db.atomic():
            # Every table is emptied, so no reference is left dangling when the transaction ends.
            db.execute_sql("PRAGMA defer_foreign_keys = ON")
            for model in reversed(ALL_MODELS):
                if model is not AuditLog:
                    model.delete().execute()
            AuditLog.create(
                actor=actor,
                table="*",
                action="start_over",
                after={"safety_copy": str(safety)},
            )
        # Attached files: the safety copy's are in the backup store; the live ones go with the rows.
        backup.drop_unreferenced_live(folder.path, set())
    return safety
