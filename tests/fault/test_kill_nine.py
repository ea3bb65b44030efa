"""kill -9 at random moments of every command that writes: the data file stays intact and every
write is all or nothing. A killed process cannot clean up, so this is the power cut as far as
the program can see it (SQLite's own tests cover the disk's side).

Each scenario runs KONGCHUO_FAULT_RUNS times (default 1) at random kill times in the command's
busy window; KONGCHUO_FAULT_SEED fixes the draws to repeat a failure.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kongchuo_desktop.db.migrations import LATEST_VERSION
from kongchuo_desktop.paths import database_path
from tests.demo_school import copy_demo_folder
from tests.fault import cli_process as cli
from tests.fault.conftest import RUNS

SEED = int(os.environ.get("KONGCHUO_FAULT_SEED", random.randrange(1_000_000)))
FIXTURE_V01 = Path(__file__).parent.parent / "fixtures" / "data_folder_v0_1"


def kill_times(duration: float, salt: str) -> list[float]:
    """Moments inside the command's own work: after the interpreter has started (~40% of a short
    command) and before it ends."""
    rng = random.Random(f"{SEED}-{salt}")
    return [rng.uniform(0.3 * duration, 0.97 * duration) for _ in range(RUNS)]


def stray_files(folder: Path) -> list[str]:
    return sorted(
        p.name
        for p in folder.rglob("*")
        if p.name.endswith((".part", ".restoring")) or ".tmp" in p.suffixes
    )


def after_kill(folder: Path, tally, also=lambda: True) -> None:
    """The file passes SQLite's integrity and foreign-key checks, opens at the latest schema,
    no half-written file is left behind once the program has started again, and `also` holds."""
    report = cli.check(folder)
    ok = (
        report.get("ok") is True
        and report.get("schema_version") == LATEST_VERSION
        and not stray_files(folder)
        and also()
    )
    tally(ok)
    assert ok, (SEED, report, stray_files(folder))


def test_import_is_all_or_nothing_when_killed(tmp_path_factory, tmp_path, tally):
    base = copy_demo_folder(tmp_path_factory, tmp_path / "base")
    book = tmp_path / "roster.xlsx"
    assert cli.run(base, "export-roster", str(book)).returncode == 0
    wb = load_workbook(book)
    ws = wb.active
    header_row = next(r for r in range(1, 6) if "现住址" in [c.value for c in ws[r]])
    col = [c.value for c in ws[header_row]].index("现住址") + 1
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, 1).value not in (None, ""):
            ws.cell(r, col).value = f"新住址{r}号"
    wb.save(book)
    changed = "SELECT COUNT(*) FROM student WHERE address LIKE '新住址%'"
    probe = copy_demo_folder(tmp_path_factory, tmp_path / "probe")
    duration = cli.timed(probe, "import-roster", str(book))
    total = cli.scalar(database_path(probe), changed)
    assert total > 1000
    for i, when in enumerate(kill_times(duration, "import")):
        folder = copy_demo_folder(tmp_path_factory, tmp_path / f"run{i}")
        cli.kill_after(cli.start(folder, "import-roster", str(book)), when)
        after_kill(
            folder, tally, lambda f=folder: cli.scalar(database_path(f), changed) in (0, total)
        )


def test_headcount_is_all_or_nothing_when_killed(tmp_path_factory, tmp_path, tally):
    base = copy_demo_folder(tmp_path_factory, tmp_path / "base")
    classes = cli.run(base, "export-roster", str(tmp_path / "r.xlsx"))
    assert classes.returncode == 0
    ws = load_workbook(tmp_path / "r.xlsx").active
    header_row = next(r for r in range(1, 6) if "班级" in [c.value for c in ws[r]])
    col = [c.value for c in ws[header_row]].index("班级") + 1
    names = sorted({ws.cell(r, col).value for r in range(header_row + 1, ws.max_row + 1)} - {None})
    message = tmp_path / "msg.txt"
    message.write_text("\n".join(f"{n}：全到" for n in names), encoding="utf-8")
    day = "2026-11-27"
    args = ("headcount", "--date", day, "--file", str(message), "--overwrite")
    absences = f"SELECT COUNT(*) FROM absence WHERE date = '{day}'"
    before = cli.scalar(database_path(base), absences)
    probe = copy_demo_folder(tmp_path_factory, tmp_path / "probe")
    duration = cli.timed(probe, *args)
    after = cli.scalar(database_path(probe), absences)
    for i, when in enumerate(kill_times(duration, "headcount")):
        folder = copy_demo_folder(tmp_path_factory, tmp_path / f"run{i}")
        cli.kill_after(cli.start(folder, *args), when)
        after_kill(
            folder,
            tally,
            lambda f=folder: cli.scalar(database_path(f), absences) in (before, after),
        )


def test_restore_leaves_the_old_or_the_new_data_when_killed(tmp_path_factory, tmp_path, tally):
    base = copy_demo_folder(tmp_path_factory, tmp_path / "base")
    source = tmp_path / "source.sqlite"
    assert cli.run(base, "backup", str(source)).returncode == 0
    students = "SELECT COUNT(*) FROM student"
    # The backup holds the demo school; the folder to restore into holds fewer students.
    small = copy_demo_folder(tmp_path_factory, tmp_path / "small-template")
    cli.run(small, "check")
    import sqlite3

    conn = sqlite3.connect(database_path(small))
    conn.execute("PRAGMA foreign_keys=OFF")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:  # every column naming a student (student_id, helper_student_id …)
        for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if fk[2] == "student":
                conn.execute(f'DELETE FROM "{table}" WHERE "{fk[3]}" > 600')
    conn.execute("DELETE FROM student WHERE id > 600")
    # Rows that hang on the rows just deleted (a visit's teachers, a case's stages).
    while dangling := conn.execute("PRAGMA foreign_key_check").fetchall():
        for table, rowid, _parent, _fk in dangling:
            conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
    conn.commit()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    old = cli.scalar(database_path(small), students)
    new = cli.scalar(source, students)
    assert old != new
    probe = tmp_path / "probe"
    shutil.copytree(small, probe)
    duration = cli.timed(probe, "restore", str(source))
    assert cli.scalar(database_path(probe), students) == new
    for i, when in enumerate(kill_times(duration, "restore")):
        folder = tmp_path / f"run{i}"
        shutil.copytree(small, folder)
        cli.kill_after(cli.start(folder, "restore", str(source)), when)
        after_kill(
            folder, tally, lambda f=folder: cli.scalar(database_path(f), students) in (old, new)
        )


def test_backup_to_a_file_is_whole_or_absent_when_killed(tmp_path_factory, tmp_path, tally):
    from kongchuo_desktop.db.backup import check_file

    base = copy_demo_folder(tmp_path_factory, tmp_path / "base")
    duration = cli.timed(base, "backup", str(tmp_path / "probe.sqlite"))
    for i, when in enumerate(kill_times(duration, "backup")):
        target = tmp_path / f"copy{i}.sqlite"
        cli.kill_after(cli.start(base, "backup", str(target)), when)
        after_kill(base, tally, lambda t=target: not t.exists() or check_file(t).ok)


def test_an_upgrade_killed_midway_finishes_on_the_next_start(tmp_path, tally):
    probe = tmp_path / "probe"
    shutil.copytree(FIXTURE_V01, probe)
    students = "SELECT COUNT(*) FROM student"
    expected = cli.scalar(database_path(probe), students)
    duration = cli.timed(probe, "check")
    for i, when in enumerate(kill_times(duration, "migrate")):
        folder = tmp_path / f"run{i}"
        shutil.copytree(FIXTURE_V01, folder)
        cli.kill_after(cli.start(folder, "check"), when)
        after_kill(
            folder, tally, lambda f=folder: cli.scalar(database_path(f), students) == expected
        )


@pytest.mark.parametrize("students", [300])
def test_a_demo_school_killed_midway_leaves_a_usable_folder(tmp_path, tally, students):
    probe = tmp_path / "probe"
    count = "SELECT COUNT(*) FROM student"
    duration = cli.timed(probe, "demo", "--students", str(students))
    for i, when in enumerate(kill_times(duration, "demo")):
        folder = tmp_path / f"run{i}"
        cli.kill_after(cli.start(folder, "demo", "--students", str(students)), when)
        after_kill(
            folder,
            tally,
            lambda f=folder: (
                cli.scalar(database_path(f), count) in (0, students)
                or not database_path(f).exists()
            ),
        )
