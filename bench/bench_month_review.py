"""Benchmark: the principal's review (校长审阅) of a 3,000-student school.

    .venv/bin/python bench/bench_month_review.py [--students 3000] [--out bench/results/month_review.md]

Builds the demo school with 3,000 students in a temporary folder (27 classes, its autumn term of
daily head-counts, leave, 学籍 history, 三包, cases, 送教上门, the September and October reports
filed) and times `month_review.review(2026, 11)`: the November review against September and
October — each month's figures (month_report.count), attendance by class and reason, open cases
and overdue steps from the event record, new at-risk children, 三包 coverage on the cut-off day
and 送教上门 on plan. The page runs it off the UI thread (run_task); no target is set by the issue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 28)
RUNS = 5


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import month_review
    from kongchuo_desktop.services.demo import create_demo_school

    with tempfile.TemporaryDirectory(prefix="kongchuo-bench-review-") as tmp:
        folder = open_data_folder(Path(tmp) / "data", daily_backup=False)
        start = time.perf_counter()
        create_demo_school("bench", students=args.students, today=TODAY)
        built = time.perf_counter() - start
        times, months = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            review = month_review.review(2026, 11, TODAY)
            times.append(time.perf_counter() - start)
            months = len(review.months)
        folder.close()
    median = statistics.median(times)
    lines = [
        "# 校长审阅: the review of a month against the months before it",
        "",
        f"- machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"- school: the demo school with {args.students} students (built in {built:.1f} s)",
        f"- `month_review.review(2026, 11)`, {months} months compared, {RUNS} runs:",
        f"  median {median:.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s",
        f"  (≈ {median / max(months, 1):.2f} s a month)",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
