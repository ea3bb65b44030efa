"""Pruning the shared backup store never takes a photo another program is copying in."""

from __future__ import annotations

import os

from kongchuo_desktop.db import attachments


def test_pruning_keeps_a_copy_in_progress_and_removes_what_nothing_needs(tmp_path):
    store = tmp_path / "attachments"
    (store / "ab").mkdir(parents=True)
    kept = store / "ab" / f"ab{'1' * 62}.jpg"
    unused = store / "ab" / f"ab{'2' * 62}.jpg"
    in_progress = store / "ab" / f"ab{'3' * 62}.jpg.{os.getpid()}-0a1b2c3d.part"
    for f in (kept, unused, in_progress):
        f.write_bytes(b"photo")
    removed = attachments.remove_unreferenced(store, {f"ab/{kept.name}"})
    assert removed == [f"ab/{unused.name}"]
    assert kept.exists() and in_progress.exists()  # a second daily backup may be writing it
