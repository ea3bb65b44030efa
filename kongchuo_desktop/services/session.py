"""The open data as the window sees it: closing a worker thread's connection, the schema version.

Views never touch `db/`; what they need of the connection itself comes through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kongchuo_desktop.db.connection import database
from kongchuo_desktop.db.migrations import schema_version

if TYPE_CHECKING:
    from kongchuo_desktop.db.store import DataFolder


def close_thread_connection() -> None:
    """Close this thread's connection, if it opened one (peewee's connections are per thread):
    a worker thread calls this when its task ends."""
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()  # this thread's connection only


def data_schema_version(folder: DataFolder) -> int:
    """The schema version (PRAGMA user_version) of the folder's open data file."""
    return schema_version(folder.db)
