"""At start-up, when the data file is damaged: say so, and offer 从备份恢复 from the newest
good backup or another one the clerk picks. The dialog only asks; app.py sets the damaged file
aside (renamed, never deleted) and restores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import APP_NAME


@dataclass(frozen=True)
class BackupChoice:
    path: Path
    label: str


class DamagedFileDialog(QDialog):
    def __init__(
        self,
        message: str,
        choices: list[BackupChoice],
        preselect: int = 0,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("damaged_file_dialog")
        self.setWindowTitle(f"{APP_NAME} — 数据文件已损坏")
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setObjectName("damaged_message")
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(
            QLabel("选择一份备份恢复。损坏的文件会改名保留在数据文件夹里（不会删除）。")
        )
        row = QHBoxLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("backup_choice")
        for c in choices:
            self.choice.addItem(c.label, str(c.path))
        if choices:
            self.choice.setCurrentIndex(max(0, min(preselect, len(choices) - 1)))
        row.addWidget(self.choice, 1)
        other = QPushButton("选择其他备份文件…")
        other.setObjectName("choose_other_backup")
        other.clicked.connect(self.choose_other)
        row.addWidget(other)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            "从备份恢复", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_from_backup")
        quit_button = buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit_program")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def choose_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", "", "数据文件 (*.sqlite *.kcenc);;所有文件 (*)"
        )
        if name:
            self.add_choice(BackupChoice(Path(name), f"其他文件：{name}"))

    def add_choice(self, choice: BackupChoice) -> None:
        self.choice.addItem(choice.label, str(choice.path))
        self.choice.setCurrentIndex(self.choice.count() - 1)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.choice.count() > 0)

    def chosen(self) -> Path | None:
        data = self.choice.currentData()
        return Path(data) if data else None
