"""备份与恢复 settings tab: the automatic copies, a backup now, restore, copy to a USB stick, and
清空数据，重新开始 (after the demo school)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.icons import icon
from kongchuo_desktop.services import access, backups
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.password_dialog import ask_password
from kongchuo_desktop.views.task_runner import run_and_wait

KIND_NAMES = {"daily": "每日自动", "monthly": "每月自动", "events": "操作前"}


class BackupTab(QWidget):
    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = QVBoxLayout(self)
        info = QLabel(
            "程序每天第一次打开时自动备份，保留最近30天的每日备份和12个月的每月备份；"
            "升级、导入和恢复之前也会先备份。建议每周把最新的备份复制到U盘："
            "复制到U盘的备份是加密的，要用密码才能打开。"
        )
        info.setWordWrap(True)
        layout.addWidget(info)
        self.location = QLabel(objectName="backup_location")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.location)
        buttons = QHBoxLayout()
        self.backup_now = QPushButton(icon("backup"), "立即备份", objectName="backup_now")
        self.to_usb = QPushButton(
            icon("usb"), "加密复制选中的备份到U盘…", objectName="backup_to_usb"
        )
        self.restore_button = QPushButton(
            icon("restore"), "从备份恢复…", objectName="backup_restore"
        )
        self.start_over_button = QPushButton(
            icon("delete"), "清空数据，重新开始…", objectName="backup_start_over"
        )
        self.start_over_button.setToolTip(
            "试用演示学校之后，清空全部数据，重新填写本校信息（清空前自动备份）"
        )
        for b in (self.backup_now, self.to_usb, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.start_over_button)
        for b in (self.backup_now, self.to_usb, self.restore_button, self.start_over_button):
            role_marks.needs(b, Action.MANAGE_BACKUPS)
        layout.addLayout(buttons)
        self.table = QTableWidget(0, 4, objectName="backup_table")
        self.table.setHorizontalHeaderLabels(["备份文件", "类型", "时间", "大小"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.backup_now.clicked.connect(self.make_backup)
        self.to_usb.clicked.connect(self.copy_to_usb)
        self.restore_button.clicked.connect(self.restore_from_file)
        self.start_over_button.clicked.connect(self.ask_start_over)
        self._files: list[Path] = []
        self.refresh()

    def refresh(self) -> None:
        self.location.setText(f"备份文件夹：{self.folder.backups}")
        files = backups.backup_files(self.folder.backups)
        self._files = [f.path for f in files]
        self.table.setRowCount(len(files))
        for row, file in enumerate(files):
            values = (
                file.path.name,
                KIND_NAMES.get(file.kind, file.kind),
                file.modified.strftime("%Y-%m-%d %H:%M"),
                f"{file.size / 1024 / 1024:.1f} MB",
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def selected_file(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self._files[rows[0].row()] if rows else None

    def make_backup(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = self.folder.event_backup("manual")
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        messages.info(self, "备份完成", f"已备份到：\n{path}")

    def copy_to_usb(self) -> None:
        path = self.selected_file() or (self._files[0] if self._files else None)
        if path is None:
            messages.info(self, "没有备份", "还没有备份文件，请先点“立即备份”。")
            return
        target = QFileDialog.getExistingDirectory(self, "选择U盘或文件夹")
        if target:
            self.copy_encrypted(path, Path(target))

    def copy_encrypted(self, path: Path, target: Path) -> Path | None:
        """The backup `path` encrypted into folder `target`, after the password (twice)."""
        dest = backups.encrypted_copy_path(path, target)
        if dest.exists() and not messages.confirm(
            self, "文件已存在", f"{dest} 已经存在。要用这次的备份替换它吗？"
        ):
            return None
        password = ask_password(
            self,
            "U盘容易丢失，复制过去的备份会用密码加密：没有密码，谁也打不开。\n"
            "请设一个密码并另外记好（例如写在恢复单上锁进抽屉）：忘了密码，这份备份就无法恢复。",
            twice=True,
        )
        if password is None:
            return None
        # Off the UI thread (scrypt, compressing and encrypting, reading the copy back: seconds
        # on an old PC); the work touches files only, no database connection.
        try:
            written = run_and_wait(
                self,
                "正在加密复制到U盘…",
                lambda: backups.copy_encrypted(self.folder, path, dest, password),
            )
        except (UserError, OSError) as exc:
            messages.fail(self, "复制失败", exc)
            return None
        messages.info(self, "复制完成", f"已加密复制并校验：\n{written}")
        return written

    def restore_from_file(self) -> None:
        start = str(self.selected_file() or self.folder.backups)
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "选择要恢复的备份文件",
            start,
            f"备份文件 (*.sqlite *{backups.ENCRYPTED_SUFFIX});;所有文件 (*)",
        )
        if chosen:
            self.restore(Path(chosen))

    def restore(self, source: Path, confirm: bool = True) -> bool:
        if not backups.is_encrypted(source):
            return self._restore(source, source, confirm)
        password = ask_password(
            self, f"{source.name} 是加密的备份，请输入复制时设的密码：", twice=False
        )
        if password is None:
            return False
        try:
            with backups.opened_copy(self.folder, source, password) as database:
                return self._restore(database, source, confirm)
        except (backups.WrongPassword, backups.DamagedCopy) as exc:
            messages.warn(self, "不能恢复", str(exc))
            return False

    def _restore(self, source: Path, shown_as: Path, confirm: bool) -> bool:
        check = backups.check_file(source)
        if not check.ok:
            messages.warn(
                self, "不能恢复", f"{shown_as.name}：{check.message}\n当前数据没有任何改动。"
            )
            return False
        if confirm and not messages.confirm(
            self,
            "确认恢复",
            f"将用 {shown_as.name}（学生 {check.students} 人）替换当前的全部数据。\n"
            "当前数据会先另存一份备份。确定要恢复吗？",
        ):
            return False
        try:
            new_folder, safety = backups.restore(
                self.folder, source, access.actor_name(), shown_as=shown_as
            )
        except UserError as exc:  # a bad file, or another program has the folder open
            messages.fail(self, "不能恢复", exc)
            return False
        self.folder = new_folder
        window = self.window()
        if hasattr(window, "replace_folder"):
            window.replace_folder(new_folder)
        else:
            self.refresh()
        notices = "".join(f"\n\n{n}" for n in new_folder.notices)
        messages.info(self, "恢复完成", f"数据已恢复。恢复前的数据另存在：\n{safety}{notices}")
        return True

    def ask_start_over(self) -> bool:
        """Empty the data after the clerk types 清空, then ask for the school again."""
        from kongchuo_desktop.services.start_over import CONFIRM_WORD, start_over

        typed, ok = QInputDialog.getText(
            self,
            "清空数据，重新开始",
            "将清空本程序中的全部数据：学校、班级、教师、学生、点名、请假、校历和设置。\n"
            "清空前会自动另存一份备份，需要时可以在这里“从备份恢复”。\n\n"
            f"确定要清空，请输入“{CONFIRM_WORD}”两个字：",
        )
        if not ok:
            return False
        if typed.strip() != CONFIRM_WORD:
            messages.info(self, "没有清空", f"输入的不是“{CONFIRM_WORD}”，数据没有任何改动。")
            return False
        try:
            safety = start_over(self.folder, access.actor_name())
        except UserError as exc:  # another program has the folder open
            messages.fail(self, "没有清空", exc)
            return False
        messages.info(
            self,
            "已清空",
            f"数据已清空。原来的数据另存在：\n{safety}\n\n下面重新填写本校信息。",
        )
        self.ask_for_the_school()
        return True

    def ask_for_the_school(self) -> None:
        """The first-run wizard again; without a school the window cannot go on, so it closes
        (the next start asks again)."""
        from kongchuo_desktop.services.school_setup import the_school
        from kongchuo_desktop.views.first_run_wizard import FirstRunWizard

        window = self.window()
        wizard = FirstRunWizard(window if window is not self else None)
        wizard.exec()
        if the_school() is None:
            messages.info(
                self, "没有学校", "还没有填写学校信息，程序将关闭；下次打开时会再次询问。"
            )
            window.close()
            return
        if hasattr(window, "replace_folder"):
            window.replace_folder(self.folder)
        else:
            self.refresh()
