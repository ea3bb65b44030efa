"""The start-up check of the audit chain on a year of use: 200,000 audit lines.

    python bench/bench_audit_chain.py [--rows 200000] [--runs 5]

Builds a data folder with that many lines (typical sizes: an update of two fields, an insert of
a student's snapshot), then times audit_chain.verify: the full check (every line rehashed, head file
compared; `kongchuo check`) and the start-up check (only the lines added since the last
verified point, after a day's work of 500 lines), as the window runs it once on screen. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kongchuo_desktop.db import audit_chain
from kongchuo_desktop.db.store import open_data_folder

SNAPSHOT = (
    '{"id": 1234, "name": "张小明", "gender": "男", "id_number": "520123201001011234",'
    ' "birth_date": "2010-01-01", "school_class": 7, "status": "在读", "address":'
    ' "某某镇某某村某某组", "note": ""}'
)


def build(folder, rows: int) -> None:
    batch = []
    for i in range(rows):
        if i % 5 == 0:
            line = (
                "2026-03-01 08:00:00",
                "命令行:clerk",
                "student",
                i,
                "",
                "insert",
                None,
                SNAPSHOT,
            )
        else:
            line = (
                "2026-03-01 08:00:00",
                "clerk",
                "attendance_report",
                i,
                "",
                "update",
                '{"present": 41, "note": ""}',
                '{"present": 42, "note": "病假1人"}',
            )
        batch.append(line)
        if len(batch) == 5000:
            audit_chain.append(folder.db, batch)
            batch = []
    audit_chain.append(folder.db, batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = open_data_folder(Path(tmp), daily_backup=False)
        build(folder, args.rows)
        size = folder.database_file.stat().st_size / 1024 / 1024
        full, quick = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            verdict = audit_chain.verify(folder.db.execute_sql, folder.database_file)
            full.append(time.perf_counter() - start)
            assert verdict.ok, verdict
            build(folder, 500)  # a day's work since the last start
            start = time.perf_counter()
            verdict = audit_chain.verify(folder.db.execute_sql, folder.database_file, full=False)
            quick.append(time.perf_counter() - start)
            assert verdict.ok and verdict.rows == 501, verdict
        # The upgrade to schema v16 chains every line already there, once.
        folder.db.execute_sql("UPDATE audit_log SET chain_seq = NULL, chain_hash = NULL")
        start = time.perf_counter()
        with folder.db.atomic():
            audit_chain.seal_unchained(folder.db.connection())
        upgrade = time.perf_counter() - start
        folder.close()
    print(f"{args.rows} audit lines ({size:.0f} MiB file), {args.runs} runs:")
    print(f"  upgrade to v16, chaining every line once: {upgrade * 1000:.0f} ms")
    for name, times in (
        ("full check (kongchuo check)", full),
        ("start-up check, 500 new lines", quick),
    ):
        print(
            f"  {name}: median {statistics.median(times) * 1000:.1f} ms,"
            f" best {min(times) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
