"""The shared read-only table: the import preview's problem list is one of its users."""

from PySide6.QtCore import Qt

from kongchuo_desktop.views.simple_table_model import SimpleTableModel


def test_problem_list_shows_row_numbers_text_and_colour(qtmodeltester):
    model = SimpleTableModel(["行号", "列", "问题"])
    model.set_rows([[7, "身份证件号", "校验位错误"], [9, "姓名", None]], colors=["#c0392b", None])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "校验位错误"
    assert model.data(model.index(1, 2)) == ""  # a missing value shows empty, not "None"
    assert model.data(model.index(0, 0)) == "7"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole).name() == "#c0392b"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
