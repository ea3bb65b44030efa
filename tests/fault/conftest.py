"""The fault-injection suite: what a power cut, a killed process, a damaged file or a full disk
does to the school's data.

    test_kill_nine          kill -9 during import, head-count, restore, backup, upgrade, demo
    test_damaged_data_file  corrupt, truncated, random-bytes, foreign and empty data files
    test_read_only_and_full_disk   a read-only data folder; ENOSPC during backups and restore
    test_two_writers        parallel commands, a waiting writer, restore beside the window
    test_output_targets     exports and backups onto the database, backups/, existing files
    test_hostile_sheets     workbooks that lie about their size, encrypted, mislabelled, NULs Each test is one fault tried (a kill -9 test counts each of its runs);
the totals are printed at the end of the run (tried / handled / failed) so a session can quote
them.

KONGCHUO_FAULT_RUNS=N runs each kill -9 scenario N times (CI: 1, a handful in all).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

TALLY: Counter[str] = Counter()
RUNS = max(1, int(os.environ.get("KONGCHUO_FAULT_RUNS", "1")))


def count(handled: bool) -> None:
    TALLY["tried"] += 1
    TALLY["handled" if handled else "failed"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if TALLY["tried"]:
        terminalreporter.write_line(
            f"fault injection: tried {TALLY['tried']}, handled {TALLY['handled']}, "
            f"failed {TALLY['failed']} (KONGCHUO_FAULT_RUNS={RUNS})"
        )


@pytest.fixture
def tally():
    """For a test that tries a fault several times (kill -9 runs): count each try."""
    return count


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Every other test here is one fault tried: handled when it passed."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and "tally" not in item.fixturenames and not report.skipped:
        count(report.passed)
