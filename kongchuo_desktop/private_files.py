"""Folders and files only the current user can read: the data folder, its backups and logs hold
children's ID numbers. On Linux (and macOS) what the program creates gets 0700 / 0600; on Windows
the user's own profile folder already keeps other users out, so nothing is done there.
A folder or file that already exists keeps its permissions: a folder the school chose to share
stays shared."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = os.name == "posix"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def make_dir(path: Path) -> Path:
    """Create `path` and any missing parents, each readable only by the current user."""
    path = Path(path)
    missing = []
    for p in (path, *path.parents):
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        try:
            p.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made meanwhile by another process
            continue
        if PRIVATE:
            os.chmod(p, FOLDER_MODE)  # mkdir's mode is masked by the umask
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)  # raises the OS's own error (e.g. a file there)
    return path


def create_file(path: Path) -> bool:
    """Create `path` empty and private unless it exists; True if it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    if PRIVATE:
        os.chmod(path, FILE_MODE)
    return True


def make_private(path: Path) -> None:
    """Restrict a file the program has just written."""
    if PRIVATE:
        os.chmod(path, FILE_MODE)
