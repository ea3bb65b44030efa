"""Benchmark: a whole school's head-count for one day, as the office clerk enters it.

    .venv/bin/python bench/bench_headcount.py [--out bench/results/headcount.md]

Builds the demo school (27 classes, 1,200 students, the term so far) in a temporary folder, then
enters Monday 30 Nov 2026 for all 27 classes with about 5 absences each:
  1. service level: `attendance.save_class` per class (what the 保存 button runs);
  2. UI level: the 点名 tab driven by key presses through QTest (offscreen), timing each
     class's Ctrl+S (save + the class list refresh + moving to the next class);
  3. one WeChat paste with all 27 classes: parse + save.
It also counts the keystrokes and chords the keyboard-only path needs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAY = dt.date(2026, 11, 30)  # a Monday with nothing entered yet
TODAY = dt.date(2026, 11, 28)
REASONS = ["病假"] * 5 + ["事假"] * 2 + ["旷课", "迟到", "早退"]


def build(where: Path):
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services.demo import create_demo_school

    folder = open_data_folder(where, daily_backup=False)
    t = time.perf_counter()
    create_demo_school("bench", today=TODAY)
    return folder, time.perf_counter() - t


def plan(rng: random.Random):
    """27 classes × about 5 absentees (4–6) with realistic reasons."""
    from kongchuo_desktop.services import attendance

    out = []
    for c in attendance.current_classes(TODAY):
        students = attendance.class_students(c.id)
        picks = rng.sample(students, rng.randint(4, 6))
        out.append((c, [(s, rng.choice(REASONS)) for s in picks], students))
    return out


def shortest_key(student, classmates) -> str:
    """The fewest letters of the initials or full pinyin that pick this student alone."""
    best = None
    for key in (student.name_initials, student.name_pinyin):
        for n in range(1, len(key) + 1):
            prefix = key[:n]
            hits = [
                s
                for s in classmates
                if s.name_initials.startswith(prefix) or s.name_pinyin.startswith(prefix)
            ]
            exact = [s for s in hits if prefix in (s.name_initials, s.name_pinyin)]
            if hits == [student] or exact == [student]:
                best = prefix if best is None or n < len(best) else best
                break
    return best or student.name_pinyin  # same pinyin twice: the clerk clicks instead


def bench_service(rows, actor="bench"):
    from kongchuo_desktop.db.models import Absence, AttendanceReport
    from kongchuo_desktop.services import attendance

    times = []
    start = time.perf_counter()
    for c, picks, _ in rows:
        inputs = [attendance.AbsenceInput(s.id, r) for s, r in picks]
        t = time.perf_counter()
        attendance.save_class(actor, c.id, DAY, inputs)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    assert AttendanceReport.select().where(AttendanceReport.date == DAY).count() == 27
    n_abs = Absence.select().where(Absence.date == DAY).count()
    AttendanceReport.delete().where(AttendanceReport.date == DAY).execute()
    Absence.delete().where(Absence.date == DAY).execute()
    return times, total, n_abs


def bench_ui(folder, rows):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kongchuo_desktop.db.models import Absence, AttendanceReport
    from kongchuo_desktop.views.headcount_page import REASONS as UI_REASONS
    from kongchuo_desktop.views.headcount_page import HeadcountPage

    app = QApplication.instance() or QApplication([])
    page = HeadcountPage(folder)
    page.resize(1216, 700)
    page.show()
    app.processEvents()
    e = page.entry
    e.date_edit.setDate(DAY)
    app.processEvents()
    keys = chords = 0
    save_times = []
    start = time.perf_counter()
    for c, picks, classmates in rows:
        assert e.class_id == c.id, (e.class_title.text(), c.name)
        for s, reason in picks:
            if e.reason.currentText() != reason:
                QTest.keyClick(
                    e.search,
                    Qt.Key(Qt.Key.Key_1 + UI_REASONS.index(reason)),
                    Qt.KeyboardModifier.ControlModifier,
                )
                chords += 1
            key = shortest_key(s, classmates)
            QTest.keyClicks(e.search, key)
            QTest.keyClick(e.search, Qt.Key.Key_Return)
            keys += len(key) + 1
            assert s.id in e.entries, (s.name, key, e.message.text())
        t = time.perf_counter()
        QTest.keyClick(e.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        save_times.append(time.perf_counter() - t)
        chords += 1
    total = time.perf_counter() - start
    assert AttendanceReport.select().where(AttendanceReport.date == DAY).count() == 27
    n_abs = Absence.select().where(Absence.date == DAY).count()
    AttendanceReport.delete().where(AttendanceReport.date == DAY).execute()
    Absence.delete().where(Absence.date == DAY).execute()
    page.close()
    page.deleteLater()
    app.processEvents()
    return save_times, total, keys, chords, n_abs


def bench_paste(rows):
    from kongchuo_desktop.db.models import AttendanceReport
    from kongchuo_desktop.services import attendance

    lines = []
    for c, picks, students in rows:
        absent = [s for s, r in picks if r not in ("迟到", "早退")]
        parts = " ".join(f"{s.name}{'无故未到' if r == '旷课' else r}" for s, r in picks)
        lines.append(f"{c.name} 应到{len(students)}人 实到{len(students) - len(absent)}人 {parts}")
    text = "\n".join(lines)
    t = time.perf_counter()
    parsed = attendance.parse_headcount(text, DAY)
    t_parse = time.perf_counter() - t
    assert parsed.ok, parsed.all_problems()[:5]
    t = time.perf_counter()
    saved = attendance.save_parsed("bench", parsed, DAY)
    t_save = time.perf_counter() - t
    assert len(saved) == 27
    AttendanceReport.delete().where(AttendanceReport.date == DAY).execute()
    return t_parse, t_save, len(text)


def ms(x: float) -> str:
    return f"{1000 * x:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "headcount.md"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, t_demo = build(Path(tmp))
        rows = plan(random.Random(args.seed))
        n_planned = sum(len(p) for _, p, _ in rows)
        svc_times, _, svc_abs = bench_service(rows)
        ui_times, ui_total, keys, chords, ui_abs = bench_ui(folder, rows)
        t_parse, t_psave, chars = bench_paste(rows)
        folder.close()
    per_abs = keys / n_planned
    svc = f"{ms(statistics.median(svc_times))} | {ms(max(svc_times))} | {ms(sum(svc_times))}"
    ui = f"{ms(statistics.median(ui_times))} | {ms(max(ui_times))} | {ms(sum(ui_times))}"
    report = f"""# Head-count benchmark (bench/bench_headcount.py)

Run: {dt.datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, {platform.platform()}.
Data: the demo school (27 classes, 1,200 students, head-counts for the term so far; built in
{t_demo:.1f} s). Entered day: {DAY} (Monday), 27 classes, {n_planned} absentees
(4–6 a class; 病假, 事假, 旷课, 迟到, 早退).

## Saving a class (target < 50 ms)

| path | median | max | whole day (27 classes) |
| --- | --- | --- | --- |
| service `attendance.save_class` | {svc} |
| UI: Ctrl+S on the 点名 tab (save, class list refresh, next class) | {ui} |

Whole day through the UI including all simulated typing: {ui_total:.2f} s
(machine time, not human time).
Absence rows written: service {svc_abs}, UI {ui_abs} (the UI also pre-marks children on approved
leave that day as 请假, so it can write more rows than were typed).

## One WeChat paste with all 27 classes ({chars} characters)

parse {ms(t_parse)}, save {ms(t_psave)}.

## Keyboard-only entry: keystrokes

Per absentee: the shortest unique prefix of the initials or pinyin + Enter; a Ctrl+1…6 chord
when the reason differs from the last one; Ctrl+S per class (it moves on to the next class).

- letters + Enter: {keys} keystrokes for {n_planned} absentees ({per_abs:.1f} per absentee)
- chords (reason changes and Ctrl+S): {chords}
- total: {keys + chords} key presses for the whole school day, no mouse
  ({(keys + chords) / 27:.1f} per class)

Mouse only: one click per absentee on the name (+ one click on the reason list when it changes)
and one click on 保存 per class: at most {n_planned * 2 + 27} clicks.
"""
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    sys.stdout.flush()
    os._exit(0)  # skip PySide6's teardown at interpreter exit (it can crash after the work is done)


if __name__ == "__main__":
    raise SystemExit(main())
