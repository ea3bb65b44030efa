"""The 劝返台账 page with 300 cases and 3,000 contacts (goal: opens in < 300 ms): building the
page, reading the ledger and showing it, as the main window does when the clerk clicks 家访与劝返.

    .venv/bin/python bench/bench_case_ledger.py [--cases 300] [--contacts 3000] [--out FILE.md]

Headless (QT_QPA_PLATFORM=offscreen). Each figure is the median of several runs. The cases and
contacts are bulk-inserted (generated data) onto the 1,200-student demo school.
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


def median_ms(fn, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(n_cases: int, n_contacts: int, today: dt.date) -> None:
    from kongchuo_desktop.db.case_models import Case, CaseClosing, CaseContact, ContactTeacher
    from kongchuo_desktop.db.connection import current
    from kongchuo_desktop.db.models import Student, Teacher
    from kongchuo_desktop.domain import cases as rules
    from kongchuo_desktop.domain.school_year import school_year_of

    rng = random.Random(7)
    students = [s for (s,) in Student.select(Student.id).tuples()]
    teachers = [t for (t,) in Teacher.select(Teacher.id).tuples()]
    chosen = rng.sample(students, n_cases)
    with current().atomic():
        case_rows = []
        for sid in chosen:
            opened = today - dt.timedelta(days=rng.randrange(5, 80))
            case_rows.append(
                dict(
                    student=sid,
                    school_year=school_year_of(today),
                    opened_on=opened,
                    opened_by="bench",
                    origin="manual",
                    reasons=[rng.choice(rules.REASONS[:-1])],
                    stage=rng.randrange(0, 3),
                    closed_on=None,
                )
            )
        Case.insert_many(case_rows).execute()
        cases = list(Case.select())
        for c in rng.sample(cases, n_cases // 3):
            day = c.opened_on + dt.timedelta(days=3)
            CaseClosing.create(case=c, closed_on=day, kind="已复学", placement="原年级")
            Case.update(closed_on=day).where(Case.id == c.id).execute()
        contacts = []
        for _ in range(n_contacts):
            c = rng.choice(cases)
            contacts.append(
                dict(
                    case=c.id,
                    student=c.student_id,
                    date=c.opened_on + dt.timedelta(days=rng.randrange(0, 5)),
                    done=True,
                    method=rng.choice(rules.METHODS),
                    outcome=rng.choice(rules.OUTCOMES),
                    met_whom="家长",
                )
            )
        before = CaseContact.select().count() and max(
            cid for (cid,) in CaseContact.select(CaseContact.id).tuples()
        )
        for i in range(0, len(contacts), 500):
            CaseContact.insert_many(contacts[i : i + 500]).execute()
        links = [
            dict(contact=cid, teacher=rng.choice(teachers), role="went")
            for (cid,) in CaseContact.select(CaseContact.id).where(CaseContact.id > before).tuples()
        ]
        for i in range(0, len(links), 500):
            ContactTeacher.insert_many(links[i : i + 500]).execute()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "case_ledger.md"))
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import case_ledger, demo
    from kongchuo_desktop.views.visits_page import VisitsPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    tmp = Path(tempfile.mkdtemp(prefix="kongchuo-bench-"))
    folder = open_data_folder(tmp / "a", daily_backup=False)
    today = dt.date.today()
    demo.create_demo_school("bench", students=1200, seed=11, today=today)
    fill(args.cases, args.contacts, today)
    shown = len(case_ledger.ledger_rows(today=today))

    def open_page() -> None:
        page = VisitsPage(folder)
        page.resize(1024, 768)
        page.show()
        page.refresh()
        app.processEvents()
        page.close()
        page.deleteLater()

    open_page()  # the first showing builds Qt's caches once, like any first page
    kept = VisitsPage(folder)
    kept.resize(1024, 768)
    kept.show()

    def show_again() -> None:  # the main window refreshes a built page each time it is shown
        kept.refresh()
        app.processEvents()

    results = [
        ("读出台账 ledger_rows()", median_ms(lambda: case_ledger.ledger_rows(today=today))),
        ("打开“家访与劝返”页（建页、读出、显示）", median_ms(open_page)),
        ("再次切换到该页（读出、显示）", median_ms(show_again)),
    ]
    folder.close()
    lines = [
        f"# 劝返台账：{shown} 个个案（其中演示 5 个），{args.contacts} 条家访/联系记录",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, load {load:.2f}, "
        f"{dt.datetime.now():%Y-%m-%d %H:%M}",
        "",
        "| 操作 | 中位数 (ms) |",
        "|---|---|",
        *[f"| {name} | {ms:.1f} |" for name, ms in results],
        "",
        "目标：打开台账页 < 300 ms。",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
