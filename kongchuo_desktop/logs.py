"""The program's own log file: <data>/logs/kongchuo.log, rotated, never holding a child's ID.

The exe has no console, so a traceback a clerk cannot see must still be somewhere a helper can
read it; it must not leak 身份证号 or 学籍号 when the file is sent around in a WeChat group.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kongchuo_desktop import private_files
from kongchuo_desktop.domain.masking import mask_ids_in_text

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "kongchuo.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

logger = logging.getLogger("kongchuo")


def mask_ids(text: str) -> str:
    """15- and 18-character ID numbers and 学籍号 masked (5209**********4345)."""
    return mask_ids_in_text(text)


class IdMaskingFilter(logging.Filter):
    """Masks the ID numbers in every record before any handler sees it: the message with its
    arguments merged in, and a traceback's text. On the log file's handler, and on the root
    logger's handlers by `install_filter` (records of libraries and of `logging.warning` too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_ids(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_ids(record.exc_text)
        return True


MASKING_FILTER = IdMaskingFilter()


def install_filter(handler: logging.Handler) -> None:
    if MASKING_FILTER not in handler.filters:
        handler.addFilter(MASKING_FILTER)


class _MaskingFormatter(logging.Formatter):
    # The filter has masked message and traceback already; the formatter masks again what it adds
    # itself (a stack_info), so nothing the file gets holds a full ID.
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
    install_filter(handler)
    for other in logging.getLogger().handlers:
        install_filter(other)
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
