"""设置 → 通知书: the number prefix, seal line and contact (the 通知书 settings), and the wording
of each kind of notice, which the school can change (placeholders in braces, listed beside) or
set back to the default text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.notice_text import PLACEHOLDERS, NoticeKind
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, notices
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.rules_tab import RulesTab


class NoticeTemplatesTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.rules = RulesTab("通知书")
        self.rules.layout().setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rules)
        row = QHBoxLayout()
        row.addWidget(QLabel("通知书："))
        self.kind = QComboBox(objectName="notice_template_kind")
        self.kind.addItems([k.value for k in NoticeKind])
        row.addWidget(self.kind)
        self.state = QLabel(objectName="notice_template_state")
        self.state.setProperty("hint", True)
        row.addWidget(self.state, 1)
        layout.addLayout(row)
        self.title = QLineEdit(objectName="notice_template_title")
        layout.addWidget(self.title)
        self.body = QPlainTextEdit(objectName="notice_template_body")
        layout.addWidget(self.body, 1)
        hint = QLabel(
            "段落之间空一行。可用占位符："
            + "　".join(f"{{{name}}}" for name in PLACEHOLDERS)
            + "。落款、日期、联系人和回执由程序加上。"
        )
        hint.setWordWrap(True)
        hint.setProperty("hint", True)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.reset = QPushButton("恢复默认文字", objectName="notice_template_reset")
        self.save = QPushButton("保存文字", objectName="notice_template_save")
        buttons.addWidget(self.reset)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        self.kind.currentTextChanged.connect(lambda _: self.show_template())
        self.save.clicked.connect(self.save_template)
        self.reset.clicked.connect(self.reset_template)

    def current_kind(self) -> NoticeKind:
        return NoticeKind(self.kind.currentText())

    def refresh(self) -> None:
        self.rules.refresh()
        self.show_template()

    def show_template(self) -> None:
        kind = self.current_kind()
        template = notices.template_for(kind)
        self.title.setText(template.title)
        self.body.setPlainText(template.body)
        self.state.setText("学校修改过的文字" if notices.is_customised(kind) else "默认文字")

    def save_template(self) -> bool:
        try:
            notices.save_template(
                access.actor_name(), self.current_kind(), self.title.text(), self.body.toPlainText()
            )
        except UserError as exc:
            messages.fail(self, "不能保存通知书文字", exc)
            return False
        self.show_template()
        return True

    def reset_template(self) -> None:
        kind = self.current_kind()
        if messages.confirm(
            self, "恢复默认文字", f"把{kind.value}的文字恢复为默认？学校修改过的文字将不再使用。"
        ):
            notices.reset_template(access.actor_name(), kind)
            self.show_template()
