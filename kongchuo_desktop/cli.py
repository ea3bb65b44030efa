"""`kongchuo [--data-dir D] COMMAND …` — the command line; no command starts the window.

Exit codes: 0 success; 1 refused or validation problems (nothing written); 2 usage or file errors,
and any unexpected failure. Messages are Chinese; `--json` prints one JSON object on stdout instead.
No traceback reaches the clerk: `main` turns every failure into a sentence (errors.user_text) and
writes the details to the log file; `--debug` prints them too.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kongchuo_desktop import APP_NAME, __version__, logs
from kongchuo_desktop.commands.context import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    OUT_RENAMED,
    CommandError,
    Context,
)
from kongchuo_desktop.errors import UserError, user_text

# argparse's own phrases, as a clerk should read them.
_ARGPARSE_PHRASES = (
    ("the following arguments are required", "缺少必填参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "需要一个值"),
    ("not allowed with argument", "不能与此参数同时使用"),
    ("one of the arguments", "以下参数必须给出一个"),
    ("is required", ""),
    ("invalid int value", "不是整数"),
    ("argument ", "参数 "),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, as argparse does, in Chinese
        for english, chinese in _ARGPARSE_PHRASES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：参数错误：{message}\n")


class _RenamedOut(argparse.Action):
    """`--out` on a command that writes no file: it used to copy the output, now --log does."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs="?", help=argparse.SUPPRESS)

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(OUT_RENAMED)


def build_parser() -> argparse.ArgumentParser:
    from kongchuo_desktop.commands import COMMAND_MODULES

    parser = ChineseArgumentParser(
        prog="kongchuo",
        description=f"{APP_NAME} {__version__}。不带命令时打开程序窗口。",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认：本机用户数据文件夹）")
    parser.add_argument("--debug", action="store_true", help="出错时显示技术细节（供维护人员）")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="以JSON格式输出")
    common.add_argument("--log", metavar="FILE", help="输出同时追加到此文件（UTF-8，供脚本读取）")
    # Also after the command; SUPPRESS keeps a --debug given before it.
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="出错时显示技术细节（供维护人员）",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ChineseArgumentParser
    )
    for module in COMMAND_MODULES:
        module.register(sub, common)
    seen: set[int] = set()
    for command in sub.choices.values():
        if id(command) not in seen and not command.get_default("writes_file"):
            command.add_argument("--out", action=_RenamedOut)
        seen.add(id(command))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line's entry point, and its one handler for failures: whatever a command
    raises ends as a Chinese sentence and an exit code, never a traceback (unless --debug)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        from kongchuo_desktop import windows_compat
        from kongchuo_desktop.console import attach_parent_console

        windows_compat.install()
        if argv:  # windowed exe: a command line (even --help) prints to the console it came from
            attach_parent_console()
        args = build_parser().parse_args(argv)
    except Exception as exc:
        return report_failure(exc, debug=debug, as_json="--json" in argv)
    if args.command is None:
        from kongchuo_desktop.app import run_gui

        return run_gui(args.data_dir)
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run the command: the log file started in its data folder, what it prints copied to --log."""
    from kongchuo_desktop.console import tee_to

    ctx = Context(args)
    debug = getattr(args, "debug", False)
    as_json = getattr(args, "json", False)
    try:
        with tee_to(getattr(args, "log", None), protect=ctx.data_dir):
            try:
                return args.handler(ctx) or EXIT_OK
            except BaseException as exc:  # said inside the tee, so --log has it too
                if not isinstance(exc, Exception | KeyboardInterrupt):
                    raise
                return report_failure(exc, debug=debug, as_json=as_json, log_to=ctx.data_dir)
            finally:
                ctx.close()
    except Exception as exc:  # --log could not be opened, or the folder could not be found
        return report_failure(exc, debug=debug, as_json=as_json, log_to=ctx.data_dir)
    finally:
        logs.stop_logging()


def report_failure(
    exc: BaseException,
    *,
    debug: bool = False,
    as_json: bool = False,
    log_to: Path | None = None,
) -> int:
    """Say why the command ended and return its exit code: a CommandError or UserError says its
    own text (exit 1, or the CommandError's code); anything else is logged with its traceback (in
    `log_to`/logs, started only now: a command that goes well leaves no trace in a folder, which
    may be read-only or not ours) and the clerk reads errors.user_text (exit 2); --debug prints
    the traceback too."""
    data: dict[str, Any] = {}
    if isinstance(exc, CommandError):
        message, code, data = str(exc), exc.code, exc.data
    elif isinstance(exc, UserError):
        message, code = str(exc), EXIT_REFUSED
    elif isinstance(exc, KeyboardInterrupt):
        message, code = "已中断（Ctrl+C）。", EXIT_INTERRUPTED
    else:
        if logs.log_file() is None and log_to is not None:
            logs.start_logging(log_to)  # None for a folder that cannot be written: go on
        if logs.log_file() is not None:
            logs.logger.error("命令出错：%r", exc, exc_info=exc)
        message, code = user_text(exc, logs.log_file()), EXIT_USAGE
        if logs.log_file() is None and message.startswith("程序出错"):
            message = "程序出错。日志文件无法写入，加 --debug 可显示详细信息。"
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "error": message, **data}, ensure_ascii=False))
    else:
        print(f"错误：{message}", file=sys.stderr)
    return code
