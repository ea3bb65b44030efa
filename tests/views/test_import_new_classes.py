"""An import naming a class the school does not have (a typo such as 七年级9班) creates nothing
until the clerk ticks the class in the preview; unticked, its rows are errors saying why."""

import pytest

from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.services.roster_import import make_import_plan, read_sheet
from kongchuo_desktop.views.import_dialog import ImportDialog
from tests import roster_files as rf
from tests.services.roster_helpers import small_school

SEVEN_9 = (7, 9)


@pytest.fixture(autouse=True)
def no_message_boxes(messages):
    return messages


def typo_file(tmp_path):
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    typo = list(rows[0])
    typo[7], typo[8] = "七年级", "9班"
    return rf.write_xlsx(tmp_path / "花名册.xlsx", [typo, *rows[1:]])


def seven_9_exists() -> bool:
    return SchoolClass.select().where(SchoolClass.grade == 7, SchoolClass.number == 9).exists()


def problem_texts(dialog) -> list[str]:
    m = dialog.problems_model
    return [m.data(m.index(r, 3)) for r in range(m.rowCount())]


def test_an_unticked_new_class_is_an_error_row_and_nothing_is_created(
    qtbot, tmp_path, folder, actor
):
    small_school(actor)
    sheet = read_sheet(typo_file(tmp_path))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    box = dialog.findChild(type(dialog.skip_invalid), "import_create_class_7_9")
    assert box is not None and box.text() == "七年级9班" and not box.isChecked()
    assert any("学校没有七年级9班" in t and "勾选" in t for t in problem_texts(dialog))
    assert not dialog.confirm.isEnabled()  # the file has an error row now
    dialog.skip_invalid.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.confirm.click()
    assert not seven_9_exists()
    assert not Student.select().where(Student.name == "张三").exists()
    assert Student.select().count() == len(rf.GOOD_ROWS) - 1


def test_a_ticked_new_class_is_created_with_its_students(qtbot, tmp_path, folder, actor):
    small_school(actor)
    sheet = read_sheet(typo_file(tmp_path))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    dialog.tick_class(SEVEN_9)
    assert not any("七年级9班" in t for t in problem_texts(dialog))
    assert "将新建班级：七年级9班" in dialog.info.text()
    assert dialog.confirm.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.confirm.click()
    assert seven_9_exists()
    assert Student.get(Student.name == "张三").school_class.name == "七年级9班"


def test_unticking_again_puts_the_rows_back_as_errors(qtbot, tmp_path, folder, actor):
    small_school(actor)
    sheet = read_sheet(typo_file(tmp_path))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    dialog.tick_class(SEVEN_9)
    dialog.tick_class(SEVEN_9, False)
    assert sum("学校没有七年级9班" in t for t in problem_texts(dialog)) == 1
    assert len(dialog.plan.new) == len(rf.GOOD_ROWS) - 1
