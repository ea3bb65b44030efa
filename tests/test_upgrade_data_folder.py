"""Upgrade safety: the current program opens a data folder made by version 0.1 (schema 1),
backs it up first, migrates it and keeps every row — run through the CLI as a user would."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kongchuo_desktop.db.migrations import LATEST_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "data_folder_v0_1"


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, keyed by table, each row as its v1 columns."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        conn.close()


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    finally:
        conn.close()


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kongchuo_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.fixture
def old_folder(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_fixture_is_an_old_version():
    conn = sqlite3.connect(f"file:{FIXTURE / 'kongchuo.sqlite'}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1 < LATEST_VERSION
    finally:
        conn.close()


def test_old_folder_is_backed_up_then_migrated_keeping_every_row(old_folder):
    db_file = old_folder / "kongchuo.sqlite"
    before = _tables(db_file)
    assert before["student"], "the fixture should hold students"

    result = _run_cli("--data-dir", str(old_folder), "check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["schema_version"] == LATEST_VERSION
    assert report["students"] == len(before["student"])

    # The backup was written before migrating: it is still schema 1, with every original row.
    events = old_folder / "backups" / "events"
    backups = sorted(events.glob("kongchuo-*-before-migrate-v1.sqlite"))
    assert len(backups) == 1
    conn = sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()
    assert _tables(backups[0]) == before

    # Every original row survives migration unchanged in its original columns.
    after_conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        for table, rows in before.items():
            old_cols = _columns(backups[0], table)
            cols = ", ".join(f'"{c}"' for c in old_cols)
            got = after_conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY rowid').fetchall()
            assert got == rows, table
        pinyin = dict(after_conn.execute("SELECT name, name_initials FROM student").fetchall())
    finally:
        after_conn.close()
    assert pinyin["张三"] == "zs"


def test_second_open_does_not_migrate_or_back_up_again(old_folder):
    assert _run_cli("--data-dir", str(old_folder), "check", "--json").returncode == 0
    assert _run_cli("--data-dir", str(old_folder), "check", "--json").returncode == 0
    events = list((old_folder / "backups" / "events").glob("*.sqlite"))
    assert len(events) == 1
