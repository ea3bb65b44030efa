"""Schema v10 adds the 三包 tables (assignments, letters, villages, villages picked): an older
file gains them empty, keeps every row, ends like a fresh file, and every child of it shows as a
gap until its class is confirmed."""

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations, sanbao_schema
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.domain.sanbao import GapKind
from kongchuo_desktop.services import coverage
from kongchuo_desktop.services.responsibility import responsible_for
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
NEW_TABLES = {"assignment", "responsibility_letter", "village", "student_village"}


def _v8_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < 10]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    return folder


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_an_older_file_gains_the_empty_sanbao_tables_and_keeps_every_row(tmp_path, monkeypatch):
    old = _v8_folder(tmp_path, monkeypatch)
    before = _counts(old / "kongchuo.sqlite")
    assert not NEW_TABLES & before.keys()
    folder = open_data_folder(old, daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION >= 10
        after = _counts(old / "kongchuo.sqlite")
        assert {t: after[t] for t in NEW_TABLES} == dict.fromkeys(NEW_TABLES, 0)
        for table, n in before.items():
            if table != "audit_log":
                assert after[table] == n, table
        ids = [r[0] for r in folder.db.execute_sql("SELECT id FROM student").fetchall()]
        day = dt.date(2026, 11, 20)
        who = responsible_for(ids, day)
        assert len(ids) == 2 and all(w.guarantor is None for w in who.values())
        assert {w.responsible_name for w in who.values()} == {who[ids[0]].class_head.name}
        gaps = coverage.coverage(day)
        # the one child in school (not the one on 休学) shows as a gap, its class head proposed
        unconfirmed = [g for g in gaps if g.kind is GapKind.UNCONFIRMED]
        assert [g.student_id for g in unconfirmed] == [ids[0]]
        assert unconfirmed[0].teacher_name == who[ids[0]].class_head.name
    finally:
        folder.close()


def test_the_v10_schema_equals_a_fresh_ones(tmp_path, monkeypatch):
    old = _v8_folder(tmp_path, monkeypatch)
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    fresh = tmp_path / "fresh" / "kongchuo.sqlite"
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(fresh)
    conn_old, conn_new = sqlite3.connect(old / "kongchuo.sqlite"), sqlite3.connect(fresh)
    q = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
    try:
        assert set(conn_old.execute(q)) == set(conn_new.execute(q))
    finally:
        conn_old.close()
        conn_new.close()


def test_a_fresh_file_stamped_older_is_left_as_it_is(tmp_path):
    folder = open_data_folder(tmp_path / "f", daily_backup=False)
    try:
        sanbao_schema.migrate(folder.db)  # the tables are there already: nothing to do
        assert set(folder.db.get_tables()) >= NEW_TABLES
        step = next(s for s in migrations.STEPS if s.version == 10)
        assert step.apply is sanbao_schema.migrate
        assert all(sql.split()[0] == "CREATE" for sql in sanbao_schema.MIGRATION_SQL)
    finally:
        folder.close()
