"""Output for subcommands of the windowed exe.

The exe is built with console=False (no black window behind the app), so on Windows it starts
with sys.stdout/sys.stderr set to None. Run from cmd.exe or PowerShell, `kongchuo.exe selftest`
should still print: attach to the parent's console when there is one. `--log FILE` also appends
everything to FILE, which scripts (and Wine, whose pipes are unreliable) can read back.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from kongchuo_desktop import output_files
from kongchuo_desktop.errors import UserError


def attach_parent_console() -> None:
    """Give a windowed exe working stdout/stderr: the parent's console, else a sink. Output
    redirected to a pipe or file uses the ANSI code page, which may lack Chinese: replace what it
    cannot show rather than fail the command (--log FILE is always UTF-8)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream = None
    if sys.platform == "win32":
        import ctypes

        ATTACH_PARENT_PROCESS = -1
        if ctypes.windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
            # "CONOUT$" opens as a console stream writing Unicode: Chinese shows on any code page.
            with contextlib.suppress(OSError):
                stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    if stream is None:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


class _Tee(io.TextIOBase):
    """Writes to each stream in turn: the --log file first, so it is complete whatever happens."""

    def __init__(self, *streams):
        self._streams = streams

    def write(self, text: str) -> int:
        for s in self._streams:
            s.write(text)
            s.flush()
        return len(text)

    def flush(self) -> None:
        for s in self._streams:
            s.flush()


@contextlib.contextmanager
def tee_to(path: str | None, protect: Path | None = None) -> Iterator[None]:
    """While the command runs, also append stdout and stderr to `path` (UTF-8). Never one of the
    data folder `protect`'s own files (a UserError says so); the file's folder must exist."""
    if not path:
        yield
        return
    target = Path(path)
    if protect is not None and output_files.is_data_folder_file(target, protect):
        raise UserError(
            f"--log 不能写到 {target}：这是数据文件夹自己的文件（数据、备份或日志）。请换一个位置。"
        )
    if target.is_dir():
        raise UserError(f"--log 应为文件，{target} 是一个文件夹。")
    if not target.parent.is_dir():
        raise UserError(f"--log 的文件夹不存在：{target.parent}")
    with (
        open(target, "a", encoding="utf-8") as fh,
        contextlib.redirect_stdout(_Tee(fh, sys.stdout)),
        contextlib.redirect_stderr(_Tee(fh, sys.stderr)),
    ):
        yield
