"""`kongchuo report --month YYYY-MM [--template FILE] --out OUT.xlsx [--json]`: the month report
written from a script, saying what was filled and what was not understood."""

import json

import openpyxl
import pytest

from kongchuo_desktop.cli import main
from tests.demo_school import copy_demo_folder
from tests.report_templates import SAMPLE, other_county


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "demo")


def test_json_says_what_was_filled_into_the_sample(demo_dir, capsys, tmp_path):
    out = tmp_path / "十一月月报.xlsx"
    code, text, _ = run(
        capsys, "--data-dir", str(demo_dir), "report", "--month", "2026-11",
        "--template", str(SAMPLE), "--out", str(out), "--json",
    )  # fmt: skip
    data = json.loads(text)
    assert code == 0 and data["ok"] and data["month"] == "2026-11"
    assert data["period"] == {"first": "2026-10-21", "last": "2026-11-20"}
    assert "月报表：48 个数字；填报单位、报告月份、填报日期" in data["filled"]
    assert data["not_understood"] == []
    assert data["figures"]["随班就读"]["合计"] == 7
    wb = openpyxl.load_workbook(out)
    assert wb["月报表"]["O7"].value == 7 and "说明" in wb.sheetnames


def test_in_words_a_template_with_a_column_nobody_can_fill(demo_dir, capsys, tmp_path):
    template = other_county(tmp_path / "某县模板.xlsx")
    out = tmp_path / "月报.xlsx"
    code, text, _ = run(
        capsys, "--data-dir", str(demo_dir), "report", "--month", "2026-11",
        "--template", str(template), "--out", str(out),
    )  # fmt: skip
    assert code == 0
    assert "2026年11月月报已写入" in text and "已填写：" in text
    assert "没有认出" in text and "学生体重" in text


def test_a_month_that_is_not_one_is_refused(demo_dir, capsys, tmp_path):
    code, _, err = run(
        capsys, "--data-dir", str(demo_dir), "report", "--month", "2026-13",
        "--out", str(tmp_path / "x.xlsx"),
    )  # fmt: skip
    assert code == 2 and "YYYY-MM" in err


def test_an_existing_file_is_kept_without_force(demo_dir, capsys, tmp_path):
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"mine")
    code, _, err = run(
        capsys, "--data-dir", str(demo_dir), "report", "--month", "2026-11", "--out", str(out)
    )
    assert code == 1 and "--force" in err and out.read_bytes() == b"mine"
