"""关于: version, data folder and where the backups are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from kongchuo_desktop import APP_NAME, __version__
from kongchuo_desktop.services.demo import demo_marker
from kongchuo_desktop.services.session import data_schema_version


class AboutDialog(QDialog):
    def __init__(self, folder, parent=None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"关于{APP_NAME}")
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{APP_NAME}</h2>")
        layout.addWidget(title)
        form = QFormLayout()
        for label, value, name in (
            ("版本", __version__, "about_version"),
            ("数据文件夹", str(folder.path), "about_data_dir"),
            ("备份文件夹", str(folder.backups), "about_backup_dir"),
            ("数据结构版本", str(data_schema_version(folder)), "about_schema"),
        ):
            field = QLabel(value)
            field.setObjectName(name)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label + "：", field)
        marker = demo_marker()
        if marker is not None:
            field = QLabel(
                f"是，{marker.get('created', '')[:10]} 建立的演示学校"
                "（设置 → 备份与恢复 → 清空数据，重新开始）"
            )
            field.setObjectName("about_demo")
            field.setWordWrap(True)
            form.addRow("演示数据：", field)
        layout.addLayout(form)
        note = QLabel("数据只保存在本机，每天第一次打开程序时自动备份。")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
