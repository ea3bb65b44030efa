"""学困生 from an Excel of scores (学困生转化… → 从成绩表导入…): the file is read and checked by
services.struggling_import; this dialog shows the plan — each class's bottom 20% with their
scores, who had no score, a tie at the cut — and saves it only when the user says so."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.services.struggling_import import ScorePlan
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.row_table_model import RowTableModel


class ScorePreviewDialog(QDialog):
    """What importing the score file would name; 保存 accepts, nothing is written here."""

    def __init__(self, plan: ScorePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"从成绩表导入学困生：{plan.path.name}")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"工作表“{plan.sheet}”，按“{plan.score_header}”从低到高，每班取在册人数的后{plan.percent}%："
            f"{len(plan.classes)}个班共{plan.total}人。保存后，这些班的学困生名单改为下表"
            "（原名单中不在下表的学生取消学困生标记）；成绩表中没有的班级不变。",
            objectName="score_preview_summary",
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.model = RowTableModel(
            [
                ("班级", lambda c: c.class_name),
                ("在册", lambda c: c.on_roll),
                ("有成绩", lambda c: c.in_file),
                (f"学困生（后{plan.percent}%，分数）", lambda c: c.names),
                ("说明", lambda c: c.note),
            ],
            self,
        )
        self.model.set_rows(plan.classes)
        self.view = table_view("score_preview_table", self.model)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        header.sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(objectName="score_preview_buttons")
        self.save_button = buttons.addButton(
            "保存学困生名单", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("score_preview_save")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.view.resizeRowsToContents()  # the wrapped names need the final column widths
