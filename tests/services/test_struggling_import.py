"""学困生 from an Excel of scores: each class's bottom 20% by its score (names matched to the
roster, a title row above the header skipped); a file with any bad cell is refused whole with the
file, row and column of each problem, and nothing changes; a valid one changes every class in one
go (the roster's 学困生 flag), and a tie at the cut is said, not guessed."""

import datetime as dt

import openpyxl
import pytest

from kongchuo_desktop.db.models import RiskFlag
from kongchuo_desktop.domain import struggling_scores as sc
from kongchuo_desktop.services import struggling_import as si
from kongchuo_desktop.services.struggling import StrugglingError
from tests.services.conftest import NAMES_7_1

DAY = dt.date(2026, 9, 10)
SCORES_7_1 = [512, 388, 601, 455, 290, 530, 470, 610, 300, 575]  # 孙丽 290, 冯雪 300 lowest
SCORES_7_2 = {"刘洋": 480, "马兰": 350, "黄磊": 500, "何静": 420, "林峰": 610}


def score_file(path, rows, header=("班级", "姓名", "语文", "数学", "总分")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["七年级期初考试成绩"])  # a title row
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _rows():
    out = [("七年级1班", n, 0, 0, s) for n, s in zip(NAMES_7_1, SCORES_7_1, strict=True)]
    out += [("七(2)班", n, 0, 0, s) for n, s in SCORES_7_2.items()]
    return out


def _flagged():
    return {f.student.name for f in RiskFlag.select().where(RiskFlag.flag == "学困生")}


def test_the_bottom_fifth_of_each_class_is_previewed_then_named_in_one_go(school, actor, tmp_path):
    path = score_file(tmp_path / "成绩.xlsx", _rows())
    plan = si.read_scores(path, DAY)
    assert plan.score_header == "总分" and not _flagged()  # a preview writes nothing
    c1, c2 = plan.classes
    assert (c1.class_name, c1.on_roll, c1.in_file) == ("七年级1班", 10, 10)
    assert [p.name for p in c1.chosen] == ["孙丽", "冯雪"]  # 20% of 10, lowest first
    assert c1.names == "孙丽（290）、冯雪（300）"
    assert [p.name for p in c2.chosen] == ["马兰"]  # 20% of 5
    assert si.apply(actor, plan, DAY) == 3
    assert _flagged() == {"孙丽", "冯雪", "马兰"}


def test_a_bad_file_is_refused_whole_naming_file_row_and_column(school, actor, tmp_path):
    rows = _rows()
    rows[2] = ("七年级1班", "王五", 0, 0, "缺考")  # Excel row 5
    rows[3] = ("七年级1班", "赵小六", 0, 0, 455)  # not on the roster, row 6
    rows[11] = ("九年级1班", "马兰", 0, 0, 350)  # no such class, row 14
    path = score_file(tmp_path / "期初成绩.xlsx", rows)
    with pytest.raises(StrugglingError) as err:
        si.read_scores(path, DAY)
    text = str(err.value)
    assert text.startswith("期初成绩.xlsx 有3处需要改正")
    assert "第5行E列（总分）“缺考”不是分数" in text
    assert "第6行B列（姓名）：七年级1班的在校学生中没有“赵小六”" in text
    assert "第14行A列（班级）：2026-2027学年没有九年级1班" in text
    assert not _flagged()


def test_a_sheet_without_class_or_score_column_is_refused(school, tmp_path):
    path = score_file(tmp_path / "a.xlsx", [("张三", 500)], header=("姓名", "总分"))
    with pytest.raises(StrugglingError, match="第2行（表头）：表头中需要有“班级”列"):
        si.read_scores(path, DAY)
    path = score_file(tmp_path / "b.xlsx", [("七年级1班", "张三")], header=("班级", "姓名"))
    with pytest.raises(StrugglingError, match="没有找到成绩表的表头"):
        si.read_scores(path, DAY)


def test_a_tie_at_the_cut_is_reported_and_a_child_without_a_score_is_named(school, actor, tmp_path):
    scores = dict(zip(NAMES_7_1, SCORES_7_1, strict=True))
    scores["陈红"] = 300  # ties with 冯雪 at the cut
    del scores["吴敏"]
    rows = [("七年级1班", n, 0, 0, s) for n, s in scores.items()]
    plan = si.read_scores(score_file(tmp_path / "c.xlsx", rows), DAY)
    (c1,) = plan.classes
    assert [p.name for p in c1.chosen] == ["孙丽", "冯雪"] and c1.tie == ("陈红",)
    assert "成绩表中没有：吴敏" in c1.note and "与最后一名同分未列入：陈红" in c1.note


def test_most_named_and_column_letters():
    assert [sc.most_named(n) for n in (0, 1, 5, 10, 11, 45)] == [0, 1, 1, 2, 3, 9]
    assert [sc.column_letter(i) for i in (0, 4, 25, 26)] == ["A", "E", "Z", "AA"]


def test_the_share_named_is_the_schools_setting(folder, actor):
    """方案8 says 20%; a school that tracks its bottom 10% sets it, and the office's limit and
    the score import follow."""
    from kongchuo_desktop.services import settings_store, struggling

    assert struggling.most_named(45) == 9
    settings_store.set_many({"assessment.struggling_percent": 10}, actor)
    assert struggling.share_percent() == 10 and struggling.most_named(45) == 5
    assert sc.most_named(45, 10) == 5
