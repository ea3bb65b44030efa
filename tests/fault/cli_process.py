"""Running the real command line in a child process, and killing it with SIGKILL mid-way."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "KONGCHUO_NO_SINGLE_INSTANCE": "1"}


def run(data: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=timeout,
    )


def start(data: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL `proc` after `seconds` (no chance to clean up, like a power cut for the process).
    Returns True when it was killed, False when it had already finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return True


def timed(data: Path, *args: str) -> float:
    """How long the command takes when left alone (the window in which to kill it)."""
    t = time.monotonic()
    proc = start(data, *args)
    proc.wait(timeout=300)
    return time.monotonic() - t


def check(data: Path) -> dict:
    """`check --json` as a script would read it, after the fault."""
    done = run(data, "check", "--json")
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return json.loads(done.stdout)


def scalar(db_file: Path, sql: str, *params):
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()
