"""Output for subcommands of the windowed exe.

The exe is built with console=False (no black window behind the app), so on Windows it starts
with sys.stdout/sys.stderr set to None. Run from cmd.exe or PowerShell, `kongchuo.exe selftest`
should still print: attach to the parent's console when there is one. `--out FILE` also writes
everything to FILE, which scripts (and Wine, whose pipes are unreliable) can read back.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path


def attach_parent_console() -> None:
    """Give a windowed exe working stdout/stderr: the parent's console, else a sink. Output
    redirected to a pipe or file uses the ANSI code page, which may lack Chinese: replace what it
    cannot show rather than fail the command (--out FILE is always UTF-8)."""
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
    """Writes to each stream in turn: the --out file first, so it is complete whatever happens."""

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
def tee_to(path: str | None) -> Iterator[None]:
    """While the command runs, also write stdout and stderr to `path` (UTF-8)."""
    if not path:
        yield
        return
    with (
        open(Path(path), "w", encoding="utf-8") as fh,
        contextlib.redirect_stdout(_Tee(fh, sys.stdout)),
        contextlib.redirect_stderr(_Tee(fh, sys.stderr)),
    ):
        yield
