"""What every command gets and shares: its Context (arguments, the data folder opened on demand,
output), CommandError and the exit codes, and the argument helpers for dates and output files.

cli.py builds the parser from the command modules and runs them; the command modules import this
module, never cli.py, so the two do not import each other.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

OUT_RENAMED = "--out 已改名为 --log"


class CommandError(Exception):
    """Ends a command with a Chinese message and an exit code."""

    def __init__(self, message: str, code: int = EXIT_REFUSED, data: dict | None = None):
        super().__init__(message)
        self.code = code
        self.data = data or {}


@dataclass
class Context:
    """What a command gets: its arguments and, on demand, the opened data folder."""

    args: argparse.Namespace
    _folder: Any = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        from kongchuo_desktop.paths import resolve_data_dir

        return resolve_data_dir(self.args.data_dir)

    def folder(
        self,
        daily_backup: bool = True,
        writes: bool = True,
        integrity: bool = False,
        replacing_with: Path | None = None,
    ):
        """The data folder, opened on first use after a read-only look at the file.

        `writes=False`: the command only reads, so it also runs on a read-only folder (without
        the daily backup, with a notice). `integrity=True` (`check`): the full integrity check,
        and a damaged, foreign or too-new file is the command's result (exit 1, in the JSON)
        rather than a file error (exit 2). `replacing_with` (`restore FILE`): a damaged data
        file is set aside (renamed, never deleted) and FILE, once checked, put in its place.
        Notices go to stderr, so --json output stays JSON."""
        if self._folder is None and replacing_with is not None:
            self._replace_damaged(replacing_with)
        if self._folder is None:
            import sqlite3

            from kongchuo_desktop.db import health
            from kongchuo_desktop.db.migrations import SchemaError
            from kongchuo_desktop.db.store import open_data_folder
            from kongchuo_desktop.errors import UserError, user_text
            from kongchuo_desktop.paths import database_path

            code = EXIT_REFUSED if integrity else EXIT_USAGE
            where = {"database": str(database_path(self.data_dir))}
            try:
                self._folder = open_data_folder(
                    self.data_dir, daily_backup=daily_backup, writes=writes, full_check=integrity
                )
            except health.DamagedDataFile as exc:
                newest = exc.newest_backup
                problems = list(exc.diagnosis.problems)
                raise CommandError(
                    str(exc),
                    code,
                    {
                        **where,
                        "state": exc.diagnosis.state,
                        "integrity": "\n".join(problems),
                        "problems": problems,
                        "newest_good_backup": str(newest.path) if newest else None,
                    },
                ) from exc
            except SchemaError as exc:
                raise CommandError(
                    f"无法打开数据：{exc}", code, {**where, "problems": [str(exc)]}
                ) from exc
            except (health.ReadOnlyFolder, OSError, sqlite3.Error) as exc:
                raise CommandError(user_text(exc), EXIT_USAGE, where) from exc
            except UserError as exc:  # an upgrade refused, or a restore elsewhere too long
                raise CommandError(str(exc), EXIT_REFUSED, where) from exc
            for notice in self._folder.notices:
                print(f"注意：{notice}", file=sys.stderr)
        return self._folder

    def _replace_damaged(self, source: Path) -> None:
        from kongchuo_desktop.db import health
        from kongchuo_desktop.errors import UserError
        from kongchuo_desktop.paths import database_path

        database = database_path(self.data_dir)
        if not database.exists() or health.diagnose(database).state != health.DAMAGED:
            return
        try:
            replaced = health.restore_damaged(database, source)
        except UserError as exc:
            raise CommandError(str(exc), EXIT_REFUSED) from exc
        except OSError as exc:
            from kongchuo_desktop.errors import user_text

            raise CommandError(user_text(exc), EXIT_USAGE) from exc
        print(f"注意：损坏的数据文件已改名保留：{replaced.aside}", file=sys.stderr)

    def set_folder(self, folder) -> None:
        self._folder = folder

    @property
    def actor(self) -> str:
        from kongchuo_desktop.services.audit import cli_user

        return getattr(self.args, "actor", None) or cli_user()

    def emit(self, data: dict[str, Any], text: str | Sequence[str]) -> None:
        """Print `data` as JSON with --json, else the Chinese text."""
        if getattr(self.args, "json", False):
            print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        else:
            print(text if isinstance(text, str) else "\n".join(text))

    def close(self) -> None:
        if self._folder is not None:
            self._folder.close()


def iso_date(text: str):
    """argparse type for YYYY-MM-DD options; a bad date is a usage error (exit 2)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD（不是“{text}”）") from exc


def add_output_file(parser: argparse.ArgumentParser, what: str = "输出文件") -> None:
    """`--out FILE` and `--force` for a command that produces a file. The command reads
    `args.out_file` and `args.force`, and passes the file through `output_target`."""
    parser.add_argument("--out", dest="out_file", metavar="FILE", help=what)
    add_force(parser)
    parser.set_defaults(writes_file=True)


def add_encrypt(parser: argparse.ArgumentParser) -> None:
    """`--encrypt`: an export meant to leave the office, written as an AES-encrypted .zip with the
    password from KONGCHUO_EXPORT_PASSWORD (services/export_zip.py)."""
    parser.add_argument(
        "--encrypt",
        action="store_true",
        help="写成加密的 zip（AES-256，发往教育局）；密码取自环境变量 KONGCHUO_EXPORT_PASSWORD",
    )


def encrypt_password(ctx: Context) -> str | None:
    """The password of `--encrypt` (None without it); exit 2 when it is missing or too short."""
    if not getattr(ctx.args, "encrypt", False):
        return None
    from kongchuo_desktop.errors import UserError
    from kongchuo_desktop.services import export_zip

    try:
        return export_zip.password_from_env()
    except UserError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc


def encrypted_name(path: str | Path, password: str | None) -> Path:
    """花名册.xlsx → 花名册.zip when encrypting."""
    path = Path(path)
    if password and path.suffix.lower() != ".zip":
        return path.with_suffix(".zip")
    return path


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="目标文件已存在时替换它")


def output_target(ctx: Context, path: str | Path) -> Path:
    """Check a file the command is about to write: never the data folder's own files; an existing
    file only with --force. Raises CommandError (exit 1) with the reason."""
    from kongchuo_desktop import output_files

    try:
        return output_files.check_target(
            path, ctx.data_dir, overwrite=getattr(ctx.args, "force", False)
        )
    except output_files.TargetExistsError as exc:
        raise CommandError(
            f"文件已存在：{exc.path}。没有替换它；要替换，请加 --force。", EXIT_REFUSED
        ) from exc
