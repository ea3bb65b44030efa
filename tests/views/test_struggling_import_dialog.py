"""从成绩表导入… in the 学困生 dialog: a bad file shows the row and column to fix and changes
nothing; a good one is previewed class by class (names with scores) and saved only on 保存."""

import datetime as dt

from kongchuo_desktop.db.models import RiskFlag
from kongchuo_desktop.views.struggling_dialog import StrugglingDialog
from kongchuo_desktop.views.struggling_import_dialog import ScorePreviewDialog
from tests.services.test_struggling_import import _rows, score_file

DAY = dt.date(2026, 9, 10)


def _flagged():
    return {f.student.name for f in RiskFlag.select().where(RiskFlag.flag == "学困生")}


def test_scores_are_previewed_then_saved_and_a_bad_file_names_the_cell(
    school, actor, qtbot, messages, monkeypatch, tmp_path, qtmodeltester
):
    dialog = StrugglingDialog("2026-2027-1", DAY)
    qtbot.addWidget(dialog)
    bad = _rows()
    bad[0] = ("七年级1班", "张三", 0, 0, "")
    monkeypatch.setattr(
        dialog, "choose_score_file", lambda: str(score_file(tmp_path / "坏.xlsx", bad))
    )
    dialog.import_scores()
    assert "坏.xlsx" in messages[-1][2] and "第3行E列（总分）“空”不是分数" in messages[-1][2]
    assert not _flagged()

    shown = []

    def look_then(answer):
        def exec_(preview):
            qtmodeltester.check(preview.model)
            shown.append([preview.model.row(i).names for i in range(preview.model.rowCount())])
            return answer

        return exec_

    good = str(score_file(tmp_path / "期初成绩.xlsx", _rows()))
    monkeypatch.setattr(dialog, "choose_score_file", lambda: good)
    monkeypatch.setattr(
        ScorePreviewDialog, "exec", look_then(ScorePreviewDialog.DialogCode.Rejected)
    )
    dialog.import_scores()
    assert shown[-1] == ["孙丽（290）、冯雪（300）", "马兰（350）"] and not _flagged()
    monkeypatch.setattr(
        ScorePreviewDialog, "exec", look_then(ScorePreviewDialog.DialogCode.Accepted)
    )
    dialog.import_scores()
    assert _flagged() == {"孙丽", "冯雪", "马兰"}
    assert "2个班共3名学困生已保存" in messages[-1][2]
    ticked = [
        dialog.named.item(i).text()
        for i in range(dialog.named.count())
        if dialog.named.item(i).checkState().value == 2
    ]
    assert ticked == ["孙丽", "冯雪"]  # 七年级1班 shown, its list refreshed
