"""New students arriving by import as 转出 or 休学 are listed in the preview to tick; unticked,
their rows are errors and they are not created; ticked, they arrive in that status."""

import pytest
from openpyxl import Workbook

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services.roster_import import make_import_plan, read_sheet
from kongchuo_desktop.views.import_dialog import ImportDialog
from tests import roster_files as rf
from tests.services.roster_helpers import small_school


@pytest.fixture(autouse=True)
def no_message_boxes(messages):
    return messages


def status_file(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["学生姓名", "性别", "身份证号", "年级", "班级", "学籍状态"])
    for n, (name, status) in enumerate([("甲一", "在校"), ("乙二", "转出"), ("丙三", "休学")]):
        ws.append([name, "男", rf.make_id(rf.BORN, "男", 40 + n), "七年级", "1班", status])
    wb.save(tmp_path / "状态.xlsx")
    return tmp_path / "状态.xlsx"


def _problems(dialog):
    m = dialog.problems_model
    return [m.data(m.index(r, 3)) for r in range(m.rowCount())]


def test_new_students_in_a_status_other_than_at_school_wait_for_a_tick(
    qtbot, tmp_path, folder, actor
):
    small_school(actor)
    sheet = read_sheet(status_file(tmp_path))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    rows = dialog.status_rows
    assert dialog.status_box.isVisibleTo(dialog)
    assert [rows.item(i).text() for i in range(rows.count())] == [
        "第3行 乙二（七年级1班）：转出",
        "第4行 丙三（七年级1班）：休学",
    ]
    assert "新学生的学籍状态为“转出”，导入后直接是这个状态；确认无误请在上方勾选这一行" in (
        _problems(dialog)
    )
    assert not dialog.confirm.isEnabled()
    dialog.tick_status_row(3)  # 乙二 confirmed; 丙三 still an error row
    assert len(dialog.plan.new) == 2 and dialog.plan.bad_rows == [4]
    dialog.skip_invalid.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.confirm.click()
    assert Student.get(Student.name == "乙二").status == "转出"
    assert not Student.select().where(Student.name == "丙三").exists()
    assert Student.get(Student.name == "甲一").status == "在校"
