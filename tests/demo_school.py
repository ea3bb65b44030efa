"""The demo school on a fixed day, built once per test session and copied for each test."""

import datetime as dt
import shutil
from pathlib import Path

from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.paths import database_path

DEMO_TODAY = dt.date(2026, 11, 28)  # a Saturday; the last school day was Fri 27 Nov
_BUILT: dict[str, Path] = {}


def demo_database(tmp_factory) -> Path:
    if "db" not in _BUILT:
        from kongchuo_desktop.services.demo import create_demo_school

        where = tmp_factory.mktemp("demo")
        f = open_data_folder(where, daily_backup=False)
        create_demo_school("演示", today=DEMO_TODAY)
        f.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        f.close()
        _BUILT["db"] = database_path(where)
    return _BUILT["db"]


def _copy(tmp_factory, target: Path) -> None:
    """The database and the photos of its visits (the attachments store beside it)."""
    target.mkdir(parents=True, exist_ok=True)
    source = demo_database(tmp_factory)
    shutil.copy(source, database_path(target))
    photos = source.parent / "attachments"
    if photos.is_dir():
        shutil.copytree(photos, target / "attachments", dirs_exist_ok=True)


def copy_demo_folder(tmp_factory, target: Path) -> Path:
    """A data folder holding a copy of the demo school, not opened (for the command line or a
    test that opens it its own way)."""
    _copy(tmp_factory, target)
    return target


def open_demo_copy(tmp_factory, target: Path):
    _copy(tmp_factory, target)
    return open_data_folder(target, daily_backup=False)
