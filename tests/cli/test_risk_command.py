"""`kongchuo risk`: the ranked list from a script — student, class, score, level, reasons."""

import json

import pytest

from kongchuo_desktop.cli import main
from tests.demo_school import DEMO_TODAY, copy_demo_folder


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "demo")


def risk(capsys, demo_dir, *args):
    return run(capsys, "--data-dir", str(demo_dir), "risk", "--date", DEMO_TODAY.isoformat(), *args)


def test_json_lists_the_top_students_with_reasons_and_points(demo_dir, capsys):
    code, out, _ = risk(capsys, demo_dir, "--top", "3", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"]
    students = data["students"]
    assert len(students) == 3
    assert [s["rank"] for s in students] == [1, 2, 3]
    assert students[0]["score"] >= students[1]["score"] >= students[2]["score"]
    first = students[0]
    assert set(first) >= {"student", "class", "score", "level", "reasons"}
    assert first["level"] == "高"
    assert {"text": "目前已连续无故缺勤 4 天", "points": 25} in first["reasons"]
    assert sum(r["points"] for r in first["reasons"]) == first["score"]


def test_one_class_in_words(demo_dir, capsys):
    code, out, _ = risk(capsys, demo_dir, "--class", "八年级2班")
    assert code == 0
    lines = out.splitlines()
    assert "八年级2班 易辍生预警" in lines[0]
    assert all("八年级2班" in line for line in lines[1:])
    assert "目前已连续无故缺勤 4 天 +25" in lines[1]


def test_an_unknown_class_is_named(demo_dir, capsys):
    code, _, err = risk(capsys, demo_dir, "--class", "十年级1班")
    assert code == 2
    assert "没有“十年级1班”这个班级" in err
