"""Who may have the data folder to himself: an operating-system lock on <data>/kongchuo.lock.

Ordinary work shares the folder. The window and every command (`kongchuo import-roster`, the
office's scripts) hold a *shared* lock while they have the database open — SQLite itself lets
them write one after another (db/connection.py: BEGIN IMMEDIATE and a busy timeout).

Three things replace or reshape the whole file and need the folder to themselves: `restore`,
清空数据 (services/start_over.py) and a schema migration (db/store.open_data_folder). Each takes
the *exclusive* lock and is refused at once — "请先关闭程序窗口…" — while any other process holds
the folder: a restore under an open window would leave the window writing into the replaced file,
its saves reported as done and silently gone. An ordinary opener that finds one of them under way
waits for it (up to WAIT_SECONDS) instead of reading a file that is being swapped.

Decisions:
- The check is about other processes. Within one process, holds are counted in a registry and
  share one OS lock, which is converted between shared and exclusive: 清空数据 started from the
  window itself goes ahead although the window holds the folder, and a restore's reopen (or the
  migration of a restored old file) inside the restore's own exclusive hold needs no second lock.
- The lock is the operating system's, never a file's mere existence or a process id written in it:
  when a process dies (crash, kill, power cut) its locks go with it, so a crash never locks the
  school out and there is nothing stale to clean up. The lock file stays (empty) in the folder.
- POSIX: `fcntl.lockf` record locks (F_SETLK). They belong to the process, not the file descriptor,
  so a process never conflicts with itself; converting a held lock is atomic, and a refused
  conversion leaves the lock that was held. One descriptor per folder is kept open, and nothing
  else in the program may open kongchuo.lock (a folder copy or zip must skip it): closing any
  descriptor of the file drops all of the process's locks on it.
- Windows: `LockFileEx` on byte 0 (shared without LOCKFILE_EXCLUSIVE_LOCK), through ctypes;
  msvcrt.locking knows only exclusive locks. Windows locks belong to the handle: one handle per
  folder; going up from shared releases and retakes (taking the shared lock back if refused);
  going down takes the shared lock before releasing the exclusive one, as Windows allows on one
  handle.
- A folder where the lock file cannot be created (read-only) is shared without a lock: nothing
  there can be written, so nothing can be replaced either.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from kongchuo_desktop.errors import UserError

LOCK_FILE_NAME = "kongchuo.lock"
WAIT_SECONDS = 30.0  # an ordinary opener waits this long for a restore, 清空 or upgrade to finish
POLL_SECONDS = 0.05

log = logging.getLogger("kongchuo.folder_lock")

SHARED = "shared"
EXCLUSIVE = "exclusive"


class FolderInUse(UserError):
    """Another process has the data folder open (refusal of restore, 清空数据, an upgrade)."""


class FolderBusy(UserError):
    """A restore, 清空数据 or upgrade in another process did not finish in time."""


def lock_file(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOCK_FILE_NAME


# --- The operating system's lock on one open file ---------------------------------------------

if sys.platform == "win32":
    import ctypes
    import msvcrt
    from ctypes import wintypes

    _LOCKFILE_FAIL_IMMEDIATELY = 0x1
    _LOCKFILE_EXCLUSIVE_LOCK = 0x2

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.LockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.LockFileEx.restype = wintypes.BOOL
    _kernel32.UnlockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.UnlockFileEx.restype = wintypes.BOOL

    def _win_lock(fd: int, exclusive: bool) -> bool:
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (_LOCKFILE_EXCLUSIVE_LOCK if exclusive else 0)
        handle = msvcrt.get_osfhandle(fd)
        return bool(_kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())))

    def _win_unlock(fd: int) -> None:
        handle = msvcrt.get_osfhandle(fd)
        _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped()))

    def _os_set(fd: int, held: str | None, wanted: str | None) -> bool:
        """Move this handle's lock from `held` to `wanted`; False if another process is in the way
        (the lock held before is kept)."""
        if held == wanted:
            return True
        if wanted is None:
            _win_unlock(fd)
            return True
        if held is None:
            return _win_lock(fd, wanted == EXCLUSIVE)
        if wanted == SHARED:  # down: a shared lock may overlap this handle's exclusive one
            if not _win_lock(fd, False):
                return False
            _win_unlock(fd)  # the first unlock removes the exclusive lock
            return True
        _win_unlock(fd)  # up: Windows cannot convert
        if _win_lock(fd, True):
            return True
        if not _win_lock(fd, False):  # someone took it exclusively in between
            log.warning("共享锁未能重新取得：%s", fd)
        return False

else:
    import fcntl

    def _os_set(fd: int, held: str | None, wanted: str | None) -> bool:
        """Move the process's lock from `held` to `wanted`; False if another process is in the way
        (the lock held before is kept: a refused F_SETLK changes nothing)."""
        if held == wanted:
            return True
        if wanted is None:
            fcntl.lockf(fd, fcntl.LOCK_UN)
            return True
        kind = fcntl.LOCK_EX if wanted == EXCLUSIVE else fcntl.LOCK_SH
        try:
            fcntl.lockf(fd, kind | fcntl.LOCK_NB)
        except OSError:  # EAGAIN / EACCES: held by another process
            return False
        return True


# --- Holds counted per process ----------------------------------------------------------------


class _FolderLock:
    """This process's one OS lock on a folder, and how many shared/exclusive holds want it."""

    def __init__(self, path: Path, fd: int | None):
        self.path = path
        self.fd = fd  # None: no lock file could be made (read-only folder)
        self.shared = 0
        self.exclusive = 0
        self.held: str | None = None

    def wanted(self) -> str | None:
        if self.exclusive:
            return EXCLUSIVE
        return SHARED if self.shared else None

    def move_to(self, wanted: str | None) -> bool:
        if self.fd is None:
            return True
        if _os_set(self.fd, self.held, wanted):
            self.held = wanted
            return True
        return False


_registry: dict[str, _FolderLock] = {}
_registry_lock = threading.RLock()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _open_lock_file(path: Path) -> int | None:
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            return os.open(path, flags | getattr(os, "O_BINARY", 0), 0o600)
        except OSError:
            continue
    log.info("无法创建文件夹锁 %s：按只读文件夹处理", path)
    return None


def _entry(data_dir: Path | str) -> _FolderLock:
    path = lock_file(data_dir)
    key = _key(path)
    entry = _registry.get(key)
    if entry is None:
        entry = _FolderLock(path, _open_lock_file(path))
        _registry[key] = entry
    return entry


def _forget_if_unused(entry: _FolderLock) -> None:
    if entry.wanted() is None:
        entry.move_to(None)
        if entry.fd is not None:
            os.close(entry.fd)
        _registry.pop(_key(entry.path), None)


class Hold:
    """One hold on a folder; `release()` (or the end of a `with` block) gives it back."""

    def __init__(self, entry: _FolderLock, kind: str):
        self._entry: _FolderLock | None = entry
        self.kind = kind

    def release(self) -> None:
        with _registry_lock:
            entry, self._entry = self._entry, None
            if entry is None:
                return
            if self.kind == EXCLUSIVE:
                entry.exclusive -= 1
            else:
                entry.shared -= 1
            wanted = entry.wanted()
            if wanted is not None and not entry.move_to(wanted):
                log.warning("文件夹锁未能降为共享：%s", entry.path)
            _forget_if_unused(entry)

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def shared(data_dir: Path | str, wait: float = WAIT_SECONDS) -> Hold:
    """Hold the folder alongside others (the window, commands). Waits up to `wait` seconds while
    another process has it to itself, then raises FolderBusy."""
    deadline = time.monotonic() + wait
    while True:
        with _registry_lock:
            entry = _entry(data_dir)
            entry.shared += 1
            if entry.move_to(entry.wanted()):
                return Hold(entry, SHARED)
            entry.shared -= 1
            _forget_if_unused(entry)
        if time.monotonic() >= deadline:
            raise FolderBusy(
                f"数据文件夹 {data_dir} 正在恢复、清空或升级，请等它完成后再试"
                f"（已等待 {wait:.0f} 秒）。"
            )
        time.sleep(POLL_SECONDS)


def exclusive(data_dir: Path | str, what: str, wait: float = 0.0) -> Hold:
    """Have the folder to this process alone, for `what` (恢复数据, 清空数据, 升级数据). Raises
    FolderInUse when another process holds it (after waiting up to `wait` seconds)."""
    deadline = time.monotonic() + wait
    while True:
        with _registry_lock:
            entry = _entry(data_dir)
            entry.exclusive += 1
            if entry.move_to(EXCLUSIVE):
                return Hold(entry, EXCLUSIVE)
            entry.exclusive -= 1
            _forget_if_unused(entry)
        if time.monotonic() >= deadline:
            raise FolderInUse(
                f"不能{what}：数据文件夹正被另一个程序使用（程序窗口，或正在运行的命令）。"
                "请先关闭程序窗口，等其他命令运行完后再试。当前数据没有任何改动。"
            )
        time.sleep(POLL_SECONDS)
