"""Benchmark: the 三包 coverage check (services.coverage.coverage) for a 3,000-student school.

    .venv/bin/python bench/bench_coverage.py [--students 3000] [--runs 7]

Builds the demo school with that many students (its assignments, a teacher who left, gaps and
villages included) in a temporary folder, then times the whole check — every read and every gap
— several times and prints the median and the slowest wall time, and the median CPU time (the
work itself, without waiting on a shared machine). Target: under 300 ms (issue 13).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 28)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import coverage
    from kongchuo_desktop.services.demo import create_demo_school

    with tempfile.TemporaryDirectory() as where:
        folder = open_data_folder(Path(where), daily_backup=False)
        try:
            started = time.perf_counter()
            create_demo_school("bench", students=args.students, today=TODAY)
            print(
                f"demo school of {args.students} students built in "
                f"{time.perf_counter() - started:.1f} s"
            )
            times, cpu = [], []
            for _ in range(args.runs):
                t, c = time.perf_counter(), time.process_time()
                gaps = coverage.coverage(TODAY)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            kinds = Counter(g.kind.value for g in gaps)
            print(f"gaps: {len(gaps)} {dict(kinds)}")
            print(
                f"coverage check: median {statistics.median(times):.0f} ms, "
                f"slowest {max(times):.0f} ms over {args.runs} runs (target < 300 ms)"
            )
            print(
                f"CPU time: median {statistics.median(cpu):.0f} ms, most {max(cpu):.0f} ms "
                "(the work itself; wall time also waits for the processor on a busy machine)"
            )
        finally:
            folder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
