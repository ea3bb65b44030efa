"""Benchmark: the 易辍生预警 ranked list for a 3,000-student school with a term of head-counts.

    .venv/bin/python bench/bench_risk_score.py [--students 3000] [--out bench/results/risk_score.md]

Builds the demo school with 3,000 students in a temporary folder (27 classes, its term so far of
daily head-counts, leave, at-risk flags, 学籍 history), then times `risk_score.scores(day)` —
gathering every child's facts and weighing them — and `students_needing_helper(day)`, the call
the 三包 coverage check makes. Target: < 300 ms each.
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

TODAY = dt.date(2026, 11, 28)  # the tests' demo day: Saturday, the term so far reported
RUNS = 7


def timed(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    from kongchuo_desktop.db.models import Absence, AttendanceReport
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import risk_score
    from kongchuo_desktop.services.demo import create_demo_school

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = open_data_folder(Path(tmp), daily_backup=False)
        start = time.perf_counter()
        create_demo_school("bench", students=args.students, today=TODAY)
        built = time.perf_counter() - start
        reports, absences = AttendanceReport.select().count(), Absence.select().count()
        list_med, list_min, rows = timed(lambda: risk_score.scores(TODAY))
        help_med, help_min, needing = timed(lambda: risk_score.students_needing_helper(TODAY))
        all_med, all_min, everyone = timed(lambda: risk_score.scores(TODAY, include_zero=True))
        counts = risk_score.level_counts(rows)
        folder.close()

    lines = [
        "# 易辍生预警速度（bench/bench_risk_score.py）",
        "",
        f"- 学校：演示学校，{args.students} 名学生，27 个班（建立用时 {built:.1f} s）",
        f"- 数据：本学期至 {TODAY:%Y-%m-%d} 的每日点名 {reports} 班次、缺勤记录 {absences} 条",
        f"- 机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，"
        f"{platform.system()}；开始时系统负载 {load:.2f}",
        "- 目标：排名列表 < 300 ms",
        f"- 每项运行 {RUNS} 次；机器同时有其他程序运行时中位数偏大，“最短”更接近空闲时的用时",
        "",
        "| 操作 | 中位数 (ms) | 最短 (ms) |",
        "| --- | ---: | ---: |",
        f"| 排名列表 scores(day)（{len(rows)} 名得分大于0） | {list_med:.1f} | {list_min:.1f} |",
        f"| 需要一帮一帮扶的学生 students_needing_helper(day)（{len(needing)} 人） "
        f"| {help_med:.1f} | {help_min:.1f} |",
        f"| 全部在籍学生含0分 scores(day, include_zero=True)（{len(everyone)} 人） "
        f"| {all_med:.1f} | {all_min:.1f} |",
        "",
        f"等级：高 {counts['高']} 人，中 {counts['中']} 人，低 {counts['低']} 人。",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
