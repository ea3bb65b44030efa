"""`kongchuo cases [--open] [--json]`: the demo school's ledger on the command line."""

import json

import pytest

from kongchuo_desktop.cli import main
from tests.demo_school import DEMO_TODAY, copy_demo_folder


@pytest.fixture
def demo_dir(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "demo")


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out


def test_cases_json_carries_each_case_id_and_open_keeps_the_open_ones(demo_dir, capsys):
    day = DEMO_TODAY.isoformat()
    code, out = run(capsys, "--data-dir", str(demo_dir), "cases", "--json", "--date", day)
    assert code == 0
    every = json.loads(out)["cases"]
    assert len(every) == 5 and all(isinstance(c["id"], int) for c in every)
    assert {c["status"] for c in every} == {"未销号", "已销号"}
    assert {"已复学", "转学"} <= {c["closed_as"] for c in every}
    code, out = run(capsys, "--data-dir", str(demo_dir), "cases", "--open", "--json", "--date", day)
    still = json.loads(out)["cases"]
    assert [c["id"] for c in still] == [c["id"] for c in every if c["closed"] is None]
    assert all(c["contacts"] >= 1 and c["last_contact"] for c in still)


def test_cases_in_chinese(demo_dir, capsys):
    code, out = run(capsys, "--data-dir", str(demo_dir), "cases", "--open")
    assert code == 0
    assert "未销号的劝返个案 3 个" in out and "田小花（不在花名册）" in out
