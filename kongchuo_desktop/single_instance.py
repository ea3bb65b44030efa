"""One window per data folder: a second launch asks the running window to come forward.

Two processes writing one SQLite file from two windows would confuse the office (and each other),
and an impatient double double-click is common while the onefile exe unpacks. The first launch
holds a lock file and listens on a local socket (a named pipe on Windows) whose name is a hash of
the data folder; a later launch finds the lock taken, sends "activate" and exits.

The lock file (QLockFile) decides who is first, not `listen()`: on Windows two servers may share
a pipe name, and on Unix a socket left by a crashed run looks like a live one. QLockFile treats a
lock whose process has died as stale, so a crash never locks the school out.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

DISABLE_ENV = "KONGCHUO_NO_SINGLE_INSTANCE"
ACTIVATE = b"activate\n"


def instance_key(data_dir: str | os.PathLike[str]) -> str:
    """A short name for the data folder, the same however the path is spelled."""
    normalized = os.path.normcase(os.path.abspath(os.fspath(data_dir)))
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:20]
    return f"kongchuo-{digest}"


class SingleInstance(QObject):
    """`acquire()` → True: this process owns the data folder and hears later launches through
    `activation_requested`; False: another process owns it and has been asked to come forward."""

    activation_requested = Signal()

    def __init__(self, key: str, lock_dir: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.key = key
        lock_dir = Path(lock_dir) if lock_dir is not None else Path(tempfile.gettempdir())
        self._lock = QLockFile(str(lock_dir / f"{key}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None

    @classmethod
    def for_data_dir(cls, data_dir: str | os.PathLike[str]) -> SingleInstance:
        return cls(instance_key(data_dir))

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def acquire(self, notify_timeout_ms: int = 5000) -> bool:
        if self._lock.tryLock(0):
            self._listen()
            return True
        self.notify_running(notify_timeout_ms)
        return False

    def _listen(self) -> None:
        server = QLocalServer(self)
        # Only the current user may connect (the pipe/socket is per-user anyway on Windows).
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.key)  # a socket file left by a crash (Unix only)
        if not server.listen(self.key):
            # Still the owner (we hold the lock); we just cannot be called forward.
            print(f"single instance: listen failed: {server.errorString()}", file=sys.stderr)
        server.newConnection.connect(self._on_connection)
        self._server = server

    def _on_connection(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            # The socket stays a child of the server (freed with it): a launch is rare, and
            # deleting it from its own signal races with Qt's cleanup.
            sock.readyRead.connect(self._on_message)
            if sock.bytesAvailable():
                self._read(sock)

    def _on_message(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if ACTIVATE.strip() in bytes(sock.readAll().data()):
            self.activation_requested.emit()

    def notify_running(self, timeout_ms: int = 5000) -> bool:
        """Ask the owner to come forward. It may still be starting (not listening yet): retry."""
        allow_foreground_window()
        waited = 0
        while True:
            sock = QLocalSocket()
            sock.connectToServer(self.key)
            if sock.waitForConnected(500):
                sock.write(ACTIVATE)
                sent = sock.waitForBytesWritten(1000)
                sock.disconnectFromServer()
                return sent
            waited += 500
            if waited >= timeout_ms:
                return False
            QThread.msleep(100)
            waited += 100

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()


class DisabledInstance(QObject):
    """Stand-in when KONGCHUO_NO_SINGLE_INSTANCE=1 (tests, benchmarks): always the owner."""

    activation_requested = Signal()
    is_primary = True

    def acquire(self, notify_timeout_ms: int = 0) -> bool:
        return True

    def release(self) -> None:
        pass


def guard_for(data_dir: str | os.PathLike[str]) -> SingleInstance | DisabledInstance:
    if os.environ.get(DISABLE_ENV) == "1":
        return DisabledInstance()
    return SingleInstance.for_data_dir(data_dir)


def allow_foreground_window() -> None:
    """Windows lets only the foreground process raise another window: grant it to the owner."""
    if sys.platform == "win32":
        import ctypes

        ASFW_ANY = -1
        ctypes.windll.user32.AllowSetForegroundWindow(ASFW_ANY)


def bring_to_front(window) -> None:
    """Restore a minimised window and put it on top."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
