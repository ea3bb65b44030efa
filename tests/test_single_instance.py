"""One window per data folder: a second launch hands over to the first (single_instance.py)."""

from __future__ import annotations

import os

from kongchuo_desktop.single_instance import (
    DisabledInstance,
    SingleInstance,
    guard_for,
    instance_key,
)


def test_key_is_stable_per_folder_and_differs_between_folders(tmp_path):
    a = tmp_path / "a"
    assert instance_key(a) == instance_key(tmp_path / "x" / ".." / "a")
    assert instance_key(a) != instance_key(tmp_path / "b")
    assert instance_key(a).startswith("kongchuo-")


def test_second_instance_is_refused_and_brings_first_forward(qtbot, tmp_path):
    key = instance_key(tmp_path / "data")
    first = SingleInstance(key, lock_dir=tmp_path)
    second = SingleInstance(key, lock_dir=tmp_path)
    try:
        assert first.acquire()
        assert first.is_primary
        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            assert not second.acquire(notify_timeout_ms=2000)
        assert not second.is_primary
    finally:
        second.release()
        first.release()


def test_folder_is_free_again_after_release(qtbot, tmp_path):
    key = instance_key(tmp_path / "data")
    first = SingleInstance(key, lock_dir=tmp_path)
    assert first.acquire()
    first.release()
    again = SingleInstance(key, lock_dir=tmp_path)
    try:
        assert again.acquire()
    finally:
        again.release()


def test_other_folder_is_independent(qtbot, tmp_path):
    one = SingleInstance(instance_key(tmp_path / "one"), lock_dir=tmp_path)
    two = SingleInstance(instance_key(tmp_path / "two"), lock_dir=tmp_path)
    try:
        assert one.acquire()
        assert two.acquire()
    finally:
        one.release()
        two.release()


def test_env_switch_disables_the_guard(monkeypatch, tmp_path):
    monkeypatch.setenv("KONGCHUO_NO_SINGLE_INSTANCE", "1")
    guard = guard_for(tmp_path)
    assert isinstance(guard, DisabledInstance)
    assert guard.acquire()


def test_gui_launch_on_a_folder_open_elsewhere_hands_over(qtbot, monkeypatch, tmp_path):
    from kongchuo_desktop.app import run_gui

    monkeypatch.delenv("KONGCHUO_NO_SINGLE_INSTANCE", raising=False)
    data = tmp_path / "data"
    running = SingleInstance.for_data_dir(data.resolve())
    try:
        assert running.acquire()
        with qtbot.waitSignal(running.activation_requested, timeout=5000):
            assert run_gui(str(data)) == 0
        assert not data.exists(), "the second launch must not open the database"
    finally:
        running.release()


def test_cli_commands_do_not_take_the_lock(qtbot, monkeypatch, tmp_path, capsys):
    from kongchuo_desktop.cli import main

    monkeypatch.delenv("KONGCHUO_NO_SINGLE_INSTANCE", raising=False)
    data = tmp_path / "data"
    running = SingleInstance.for_data_dir(data.resolve())
    try:
        assert running.acquire()
        assert main(["--data-dir", str(data), "check", "--json"]) == 0
        assert '"ok": true' in capsys.readouterr().out
    finally:
        running.release()


def test_gui_start_marks_shown_then_ready_and_quits(tmp_path):
    """What bench/startup_bench.py and the exe smoke test time: the window painted, then 首页
    filled, then a clean quit. In a child process: app.exec() ends the test process's event
    loops for good once it has quit."""
    import subprocess
    import sys

    data = tmp_path / "data"
    shown, ready = tmp_path / "shown.txt", tmp_path / "ready.txt"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KONGCHUO_STARTUP_MARKER": str(shown),
        "KONGCHUO_READY_MARKER": str(ready),
        "KONGCHUO_QUIT_AFTER_MS": "0",
        # The demo school's 管理员 signs in without the login screen (views/sign_in.py).
        "KONGCHUO_USER": "管理员",
        "KONGCHUO_PASSWORD": "demo1234",
    }
    app = [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data)]
    subprocess.run([*app, "demo", "--students", "54"], env=env, check=True, capture_output=True)
    done = subprocess.run(app, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shown.read_text(encoding="utf-8") == "shown\n"
    assert ready.read_text(encoding="utf-8") == "ready\n"
    assert shown.stat().st_mtime_ns <= ready.stat().st_mtime_ns
    # The day's automatic copy was made after the window showed (the demo's own start had an
    # empty database, which takes no daily copy).
    daily = list((data / "backups" / "daily").glob("*.sqlite"))
    assert len(daily) == 1
    assert daily[0].stat().st_mtime_ns >= shown.stat().st_mtime_ns


def test_gui_start_on_data_with_accounts_shows_the_login_screen_first(tmp_path):
    """Without KONGCHUO_USER the first window is the login screen: the markers say when it is
    painted and when the audit chain behind it is checked; nothing of the day's work (the daily
    backup) starts before someone signs in, and the timed quit closes it cleanly."""
    import subprocess
    import sys

    data = tmp_path / "data"
    shown, ready = tmp_path / "shown.txt", tmp_path / "ready.txt"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KONGCHUO_STARTUP_MARKER": str(shown),
        "KONGCHUO_READY_MARKER": str(ready),
        "KONGCHUO_QUIT_AFTER_MS": "0",
    }
    env.pop("KONGCHUO_USER", None)
    app = [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data)]
    subprocess.run([*app, "demo", "--students", "54"], env=env, check=True, capture_output=True)
    done = subprocess.run(app, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shown.read_text(encoding="utf-8") == "shown\n"
    assert ready.read_text(encoding="utf-8") == "login\n"  # the login screen, not 首页
    assert not list((data / "backups" / "daily").glob("*.sqlite"))
