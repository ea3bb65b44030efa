"""One window per data folder: a second launch hands over to the first (single_instance.py)."""

from __future__ import annotations

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
