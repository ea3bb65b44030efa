"""The program's own log file: <data>/logs/kongchuo.log, rotated, never holding a child's ID.

The exe has no console, so a traceback a clerk cannot see must still be somewhere a helper can
read it; it must not leak 身份证号 or 学籍号 when the file is sent around in a WeChat group.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from kongchuo_desktop import private_files

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "kongchuo.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

logger = logging.getLogger("kongchuo")

# 18-character ID numbers (last may be X) and 学籍号 (G/J/L + ID): masked to the first 6 digits.
_ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])([GJLgjl]?\d{6})\d{11}[\dXx](?![0-9A-Za-z])")


def mask_ids(text: str) -> str:
    return _ID_PATTERN.sub(lambda m: m.group(1) + "************", text)


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_ids(super().format(record))


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """The log is readable by this user only, the files rotation starts anew included."""

    def doRollover(self) -> None:
        super().doRollover()
        private_files.make_private(Path(self.baseFilename))


_handler: logging.Handler | None = None
_file: Path | None = None


def log_file() -> Path | None:
    """The log file in use, or None before start_logging (or when the folder is not writable)."""
    return _file


def start_logging(data_dir: Path) -> Path | None:
    """Log to <data_dir>/logs/kongchuo.log; returns the file, or None when it cannot be written
    (a read-only folder must not stop the program)."""
    global _handler, _file
    stop_logging()
    folder = Path(data_dir) / LOG_DIR_NAME
    try:
        private_files.make_dir(folder)
        private_files.create_file(folder / LOG_FILE_NAME)
        handler = _PrivateRotatingHandler(
            folder / LOG_FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _handler, _file = handler, folder / LOG_FILE_NAME
    return _file


def stop_logging() -> None:
    global _handler, _file
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    _handler = _file = None
