"""One child of the villages' lists: where the lists put the child, what the comparison found,
and what the clerk decides — the result, the school elsewhere, the 就读证明 (received, its date,
a photo or scan of it copied into the data folder), a note, and a 未入学 confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from kongchuo_desktop.domain.census_match import CensusChild, CensusResult
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attachments, census_check
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit

PHOTO_FILTER = "照片或扫描件 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.pdf)"


class CensusChildDialog(QDialog):
    saved = Signal()

    def __init__(self, actor: str, school_year: str, child: CensusChild, parent=None):
        super().__init__(parent)
        self.setObjectName("census_child_dialog")
        self.setWindowTitle(f"人籍比对：{child.name}")
        self.actor, self.school_year, self.child = actor, school_year, child
        layout = QVBoxLayout(self)
        facts = QLabel(self._facts(child), objectName="census_child_facts")
        facts.setWordWrap(True)
        layout.addWidget(facts)
        form = QFormLayout()
        self.result = QComboBox(objectName="census_child_result")
        for r in CensusResult:
            label = f"{r.value}（比对结果）" if r is child.computed else r.value
            self.result.addItem(label, r)
        self.result.setCurrentIndex(self.result.findData(child.result))
        form.addRow("结果", self.result)
        self.school = QLineEdit(child.school, objectName="census_child_school")
        self.school.setPlaceholderText("外校就读时填写学校名称")
        form.addRow("就读学校", self.school)
        proof_row = QHBoxLayout()
        self.proof = QCheckBox("已收到就读证明", objectName="census_child_proof")
        self.proof.setChecked(child.decision.proof_received)
        self.proof_date = date_edit(
            child.decision.proof_date or dt.date.today(), "census_child_proof_date"
        )
        proof_row.addWidget(self.proof)
        proof_row.addWidget(QLabel("日期"))
        proof_row.addWidget(self.proof_date)
        proof_row.addStretch(1)
        form.addRow("就读证明", proof_row)
        files_row = QHBoxLayout()
        self.files = QListWidget(objectName="census_child_files")
        self.files.setMaximumHeight(70)
        self.attach = QPushButton("添加照片/扫描件…", objectName="census_child_attach")
        files_row.addWidget(self.files, 1)
        files_row.addWidget(self.attach)
        form.addRow("证明材料", files_row)
        self.confirmed = QCheckBox(
            "已核实：适龄未入学（失学/辍学）", objectName="census_child_confirmed"
        )
        self.confirmed.setChecked(child.decision.confirmed)
        form.addRow("", self.confirmed)
        self.note = QPlainTextEdit(child.decision.note, objectName="census_child_note")
        self.note.setMaximumHeight(80)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("census_child_save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.attach.clicked.connect(self.pick_file)
        self.files.itemDoubleClicked.connect(self._open_file)
        self.result.currentIndexChanged.connect(self._result_changed)
        self.proof.toggled.connect(self.proof_date.setEnabled)
        self.proof_date.setEnabled(self.proof.isChecked())
        self._result_changed()
        self._fill_files()

    @staticmethod
    def _facts(c: CensusChild) -> str:
        where = "；".join(
            f"{x.village}{x.group} 户主{x.householder or '—'}（{x.file_name} 第{x.row}行）"
            for x in c.listings
        )
        born = f"{c.birth_date:%Y-%m-%d}，{c.age}周岁" if c.birth_date else "出生日期不详"
        lines = [f"{c.name}　{c.sex or ''}　{born}", f"名单：{where}"]
        said = "；".join(dict.fromkeys(x.note for x in c.listings if x.note))
        if said:
            lines.append(f"村里备注：{said}")
        if c.student_id is not None:
            lines.append(f"学籍：本校 {c.class_name or '未分班'}，学籍状态 {c.register_status}")
        if c.match_note:
            lines.append(f"⚠ {c.match_note}")
        return "\n".join(lines)

    def _result_changed(self) -> None:
        chosen = self.result.currentData()
        self.confirmed.setEnabled(chosen == CensusResult.NOT_ENROLLED)

    def _fill_files(self) -> None:
        self.files.clear()
        for a in census_check.proofs(self.school_year, self.child):
            item = QListWidgetItem(f"{a.original_name}（{a.added_at:%Y-%m-%d}）")
            item.setData(256, a.sha256)
            self.files.addItem(item)

    def pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择就读证明的照片或扫描件", "", PHOTO_FILTER)
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> None:
        try:
            census_check.attach_proof(self.actor, self.school_year, self.child, path)
        except UserError as exc:
            messages.fail(self, "添加证明材料", exc)
            return
        self.proof.setChecked(True)
        self._fill_files()
        self.saved.emit()

    def _open_file(self, item: QListWidgetItem) -> None:
        try:
            path = attachments.open_path(item.data(256))
        except UserError as exc:
            messages.fail(self, "打开证明材料", exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save(self) -> None:
        had_case = self.child.decision.case_id is not None
        try:
            self.child = census_check.decide(
                self.actor,
                self.school_year,
                self.child,
                result=self.result.currentData(),
                school=self.school.text(),
                proof_received=self.proof.isChecked(),
                proof_date=self.proof_date.date().toPython() if self.proof.isChecked() else None,
                note=self.note.toPlainText(),
                confirmed=self.confirmed.isChecked() and self.confirmed.isEnabled(),
            )
        except UserError as exc:
            messages.fail(self, "保存", exc)
            return
        if self.child.decision.case_id is not None and not had_case:
            messages.info(
                self,
                "已立案",
                f"已为{self.child.name}在“家访与劝返”台账中立案（不在本校花名册上的孩子），"
                "请安排家访劝返。",
            )
        self.saved.emit()
        self.accept()
