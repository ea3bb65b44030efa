"""Log files and error messages never hold a full ID number: the import of a roster with bad rows
(a duplicate ID, a wrong check digit) names the rows without the numbers, and a crash in the
middle of it leaves a log with the numbers masked."""

from __future__ import annotations

import logging
import re

import pytest

from kongchuo_desktop import cli, logs
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import roster_import as ri
from tests import roster_files as rf
from tests.services.roster_helpers import small_school

# An 18-character ID number (or a 15-digit one), full-width digits folded first.
FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")


def ids_of(rows) -> set[str]:
    out = set()
    for row in rows:
        cell = str(row[5]).translate(str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")).upper()
        if FULL_ID.fullmatch(cell):
            out.add(cell)
    return out


@pytest.fixture
def school_dir(tmp_path, actor):
    path = tmp_path / "school"
    open_data_folder(path, daily_backup=False)
    small_school(actor)
    return path


def test_the_import_of_a_roster_with_bad_rows_names_no_full_id(tmp_path, school_dir, capsys):
    book = rf.write_xlsx(tmp_path / "花名册.xlsx")
    ids = ids_of(rf.messy_rows())
    code = cli.main(["--data-dir", str(school_dir), "import-roster", str(book)])
    out = capsys.readouterr()
    assert code == 1 and "重复" in out.out + out.err  # the duplicate row is still named
    for text in (out.out, out.err):
        assert not any(i in text for i in ids)
        assert not FULL_ID.search(text)


def test_a_crash_while_importing_leaves_a_log_and_a_message_without_the_id(
    tmp_path, school_dir, capsys, monkeypatch, caplog
):
    book = rf.write_xlsx(tmp_path / "花名册.xlsx")
    bad = sorted(ids_of(rf.messy_rows()))[0]

    def broken(*a, **k):
        raise ValueError(f"第10行 身份证件号{bad} 学籍号G{bad} 无法处理")

    monkeypatch.setattr(ri, "make_import_plan", broken)
    code = cli.main(["--data-dir", str(school_dir), "import-roster", str(book)])
    text = (school_dir / "logs" / "kongchuo.log").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert code == 2 and "程序出错" in err and bad not in err
    assert "Traceback" in text and "无法处理" in text
    assert bad not in text and not FULL_ID.search(text)
    assert f"{bad[:4]}**********{bad[-4:]}" in text
    # Every handler the program's logging reached saw the masked record, the test's own too.
    assert not any(bad in r.getMessage() or bad in (r.exc_text or "") for r in caplog.records)


def test_a_librarys_log_record_is_masked_too(tmp_path, caplog):
    logs.start_logging(tmp_path)
    try:
        logging.getLogger("openpyxl.reader").warning("单元格内容 %s 无效", "520902201101014345")
    finally:
        logs.stop_logging()
    assert [r.getMessage() for r in caplog.records] == ["单元格内容 5209**********4345 无效"]


def test_a_user_error_naming_an_id_is_shown_masked():
    from kongchuo_desktop.errors import UserError, user_text

    assert user_text(UserError("身份证号520902201101014345已登记")) == (
        "身份证号5209**********4345已登记"
    )
