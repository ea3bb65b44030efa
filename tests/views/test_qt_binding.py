"""The Qt binding itself must not crash a window left open all day. PySide6 6.12.0 on Python 3.11
lost a reference to None on every Qt call that returns None; after a few thousand calls (an
afternoon of clicking) Python aborted with "none_dealloc". Run in a child process: the failure
is an abort, not an exception."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QSortFilterProxyModel, QStringListModel
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
model = QStringListModel(["甲", "乙"])
proxy = QSortFilterProxyModel()
proxy.setSourceModel(model)
before = sys.getrefcount(None)
for _ in range(5000):
    label.setText("点名")  # returns None
    proxy.data(proxy.index(5, 0))  # an invalid index: returns None
print(sys.getrefcount(None) - before)
"""


def test_thousands_of_qt_calls_keep_none_alive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.split()[-1])) < 100, done.stdout  # 10,000 calls, no drift
