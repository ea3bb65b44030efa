"""The two lists of the 点名 tab built apart from its behaviour: the grid of names to click (every
name readable) and the table of absences with a choice editor for the reason and period."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QListView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from kongchuo_desktop.services.headcount_entry import REASON_PROMPT
from kongchuo_desktop.views.page_layout import table_view


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for the reason and period columns (a reason not chosen yet opens
    with nothing selected, and stays unchosen unless the clerk picks one)."""

    def __init__(self, choices: list[str], parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(self.choices)
        box.setPlaceholderText(REASON_PROMPT)
        return box

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.UserRole)
        editor.setCurrentIndex(self.choices.index(value) if value in self.choices else -1)

    def setModelData(self, editor, model, index):
        if editor.currentIndex() >= 0:
            model.setData(index, editor.currentText())


def name_grid(proxy, model) -> QListView:
    """The class's names as a grid. Every name gets room for four characters on a line (a longer
    one wraps to a second line), measured in the view's font: a 3-character name is never cut."""
    view = QListView(objectName="headcount_roster")
    view.setModel(proxy)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    metrics = view.fontMetrics()
    item = QSize(metrics.horizontalAdvance("四个汉字") + 12, metrics.lineSpacing() * 2 + 6)
    model.item_size = item
    view.setGridSize(QSize(max(78, item.width() + 8), max(44, item.height() + 8)))
    view.setUniformItemSizes(True)
    view.setWordWrap(True)
    view.setSpacing(2)
    return view


def absence_table(model, reasons: list[str], periods: list[str], parent: QWidget) -> QTableView:
    """The absences; reason and period edited in place by choosing, the note by typing."""
    view = table_view("headcount_absences", model)
    view.setItemDelegateForColumn(1, ChoiceDelegate(reasons, parent))
    view.setItemDelegateForColumn(2, ChoiceDelegate(periods, parent))
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    return view
