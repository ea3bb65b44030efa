"""Where the data folder is and where bundled resources are, from source or frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kongchuo_desktop import APP_NAME

DATABASE_FILE_NAME = "kongchuo.sqlite"
PORTABLE_DIR_NAME = "data"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def executable_dir() -> Path:
    """The folder holding the .exe (frozen) or the package (from source)."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under resources/, both from source and inside the PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", executable_dir()))
    return base.joinpath("resources", *parts)


def user_data_dir() -> Path:
    """The per-user application data folder (on Windows %LOCALAPPDATA%\\控辍保学工作台)."""
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(root) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    root = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(root) / APP_NAME


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins; then portable mode (a `data` folder next to the exe); then the user folder."""
    if override:
        return Path(override).expanduser().resolve()
    portable = executable_dir() / PORTABLE_DIR_NAME
    if is_frozen() and portable.is_dir():
        return portable
    return user_data_dir()


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE_NAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"
