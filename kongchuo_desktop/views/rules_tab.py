"""A settings tab that edits every setting of one group with a generic form (int, float, text).

Meant for the settings page: `RulesTab("点名与上报")` shows the head-count, leave and escalation
thresholds with their defaults; saving goes through settings_store.set_many (checked, audited,
all or nothing). Every setting is declared in setting_specs.py, editor ranges included."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access, settings_store
from kongchuo_desktop.views import messages, role_marks


class RulesTab(QWidget):
    def __init__(self, group: str = "点名与上报", parent=None):
        super().__init__(parent)
        self.group = group
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for spec in settings.specs(group):
            editor = self._editor(spec)
            editor.setObjectName(f"rule_{spec.key.replace('.', '_')}")
            tip = f"默认：{spec.default}" + (f"。{spec.help}" if spec.help else "")
            editor.setToolTip(tip)
            self.editors[spec.key] = editor
            form.addRow(spec.label, editor)
        layout.addLayout(form)
        hint = QLabel("各地规定不同，以上数值都可以修改；鼠标停在输入框上可看到默认值和出处。")
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.addStretch(1)
        defaults = QPushButton("恢复默认值", objectName="rules_defaults")
        save = QPushButton("保存", objectName="rules_save")
        row.addWidget(defaults)
        row.addWidget(save)
        role_marks.needs(defaults, Action.EDIT_SETTINGS)
        role_marks.needs(save, Action.EDIT_SETTINGS)
        layout.addLayout(row)
        layout.addStretch(1)
        defaults.clicked.connect(self.show_defaults)
        save.clicked.connect(self.save)
        self.refresh()

    @staticmethod
    def _editor(spec) -> QWidget:
        low = 0 if spec.minimum is None else spec.minimum
        high = 999 if spec.maximum is None else spec.maximum
        if spec.type is int:
            box = QSpinBox()
            box.setRange(int(low), int(high))
            return box
        if spec.type is float:
            box = QDoubleSpinBox()
            box.setRange(low, high)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            return box
        return QLineEdit()

    def _set(self, editor: QWidget, value) -> None:
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(value)
        else:
            editor.setText(str(value))

    def _get(self, editor: QWidget):
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return editor.value()
        return editor.text().strip()

    def refresh(self) -> None:
        for key, editor in self.editors.items():
            self._set(editor, settings.get(key))

    def show_defaults(self) -> None:
        for key, editor in self.editors.items():
            self._set(editor, settings.spec(key).default)

    def save(self) -> bool:
        """Save every changed value, or none: a value the rules do not allow is shown."""
        changed = {}
        for key, editor in self.editors.items():
            value = self._get(editor)
            if value != settings.get(key):
                changed[key] = value
        try:
            settings_store.set_many(changed, access.actor_name())
        except settings.SettingError as exc:
            messages.fail(self, "不能保存", exc, after="\n没有保存任何修改。")
            return False
        return True
