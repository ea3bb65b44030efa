"""一个个案 (一生一案): who, why, where the child is, who is responsible, the 四步法 stages, every
contact with its photos, and each 销号 and reopening. The notices feature adds its buttons to
`notice_bar` (a 限期复学通知书 issued moves the case to stage ② through services.cases.enter_stage).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, attachments, case_contacts, cases
from kongchuo_desktop.views import messages, notice_actions, role_marks
from kongchuo_desktop.views.case_forms import (
    CloseCaseDialog,
    ContactDialog,
    check_people,
    checked_ids,
    people_list,
)
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.row_table_model import RowTableModel

CONTACT_COLUMNS = [
    ("日期", lambda r: r.date),
    ("状态", lambda r: r.state),
    ("方式", lambda r: r.method),
    ("人员", lambda r: r.who),
    ("见到", lambda r: r.met_whom),
    ("态度", lambda r: r.attitude),
    ("约定", lambda r: r.agreed),
    ("结果", lambda r: r.outcome),
    (
        "下一步",
        lambda r: r.next_step + (f"（{r.next_step_date:%m-%d}前）" if r.next_step_date else ""),
    ),
    ("照片", lambda r: r.photos or ""),
]


class CaseDialog(QDialog):
    changed = Signal()
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("case_dialog")
        self.case_id = case_id
        self.resize(1000, 720)
        layout = QVBoxLayout(self)
        self.header = QLabel(objectName="case_header")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)

        details = QGroupBox("辍学原因、去向与劝返措施")
        grid = QGridLayout(details)
        self.reasons = people_list("case_reasons", list(enumerate(rules.REASONS)), set())
        self.reason_text = QLineEdit(objectName="case_reason_text")
        self.whereabouts = QComboBox(objectName="case_whereabouts")
        self.whereabouts.addItems(["", *rules.WHEREABOUTS])
        self.place = QLineEdit(objectName="case_place")
        self.place.setPlaceholderText("务工或随父母所在的地方")
        self.measures = QLineEdit(objectName="case_measures")
        self.save_details = QPushButton("保存", objectName="case_save_details")
        grid.addWidget(QLabel("原因"), 0, 0)
        grid.addWidget(self.reasons, 0, 1, 3, 1)
        grid.addWidget(QLabel("其他原因"), 0, 2)
        grid.addWidget(self.reason_text, 0, 3)
        grid.addWidget(QLabel("现在去向"), 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.whereabouts)
        row.addWidget(self.place, 1)
        grid.addLayout(row, 1, 3)
        grid.addWidget(QLabel("劝返措施"), 2, 2)
        grid.addWidget(self.measures, 2, 3)
        self.responsible = QLabel(objectName="case_responsible")
        self.edit_responsible = QPushButton("修改责任人…", objectName="case_edit_responsible")
        grid.addWidget(QLabel("责任人"), 3, 0)
        grid.addWidget(self.responsible, 3, 1, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_responsible)
        buttons.addWidget(self.save_details)
        grid.addLayout(buttons, 3, 3)
        layout.addWidget(details)

        stages = QGroupBox("依法控辍“四步法”")
        sl = QVBoxLayout(stages)
        self.stage_model = RowTableModel(
            [
                ("步骤", lambda r: r.label),
                ("开始", lambda r: r.started_on),
                ("期限", lambda r: r.deadline),
                ("说明", lambda r: r.note),
            ],
            self,
        )
        self.stage_view = table_view("case_stages", self.stage_model)
        self.stage_view.setMaximumHeight(110)
        sl.addWidget(self.stage_view)
        self.notice_bar = QHBoxLayout()  # the notices feature adds its buttons here
        self.next_stage = QPushButton(objectName="case_next_stage")
        self.notice_bar.addWidget(self.next_stage)
        self.notice_bar.addStretch(1)
        sl.addLayout(self.notice_bar)
        notice_actions.add_buttons(self)  # 发出通知书…, 打印家访记录表…
        steps_and_closings = QHBoxLayout()  # side by side: the contacts get the height
        steps_and_closings.addWidget(stages, 1)
        layout.addLayout(steps_and_closings)

        contacts = QGroupBox("家访与劝返记录")
        cl = QVBoxLayout(contacts)
        self.contact_model = RowTableModel(CONTACT_COLUMNS, self)
        self.contact_view = table_view("case_contacts", self.contact_model)
        self.contact_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        cl.addWidget(self.contact_view)
        row = QHBoxLayout()
        self.add_contact = QPushButton("记录家访/劝返…", objectName="case_add_contact")
        self.plan_contact = QPushButton("计划家访…", objectName="case_plan_contact")
        self.done_contact = QPushButton("记录计划的家访…", objectName="case_done_contact")
        self.add_photo = QPushButton("添加照片…", objectName="case_add_photo")
        for b in (self.add_contact, self.plan_contact, self.done_contact, self.add_photo):
            row.addWidget(b)
        row.addStretch(1)
        cl.addLayout(row)
        self.photos = QListWidget(objectName="case_photos")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(96, 96))
        self.photos.setMaximumHeight(118)
        cl.addWidget(self.photos)
        layout.addWidget(contacts, 1)

        history = QGroupBox("销号与重新立案")
        hl = QVBoxLayout(history)
        self.closing_model = RowTableModel(
            [
                ("销号日期", lambda r: r.closed_on),
                ("类别", lambda r: r.kind),
                ("安置方式", lambda r: r.placement),
                ("证明材料", lambda r: r.evidence),
                ("登记", lambda r: r.closed_by),
                ("重新立案", lambda r: r.reopened_on),
                ("原因", lambda r: r.reopen_reason),
            ],
            self,
        )
        self.closing_view = table_view("case_closings", self.closing_model)
        self.closing_view.setMaximumHeight(110)
        hl.addWidget(self.closing_view)
        steps_and_closings.addWidget(history, 1)
        for view in (self.stage_view, self.closing_view):
            view.horizontalHeader().setStretchLastSection(True)

        bottom = QHBoxLayout()
        self.close_case = QPushButton("销号…", objectName="case_close")
        self.reopen = QPushButton("重新立案…", objectName="case_reopen")
        self.open_student = QPushButton("学生档案", objectName="case_open_student")
        done = QPushButton("关闭", objectName="case_done")
        for b in (self.close_case, self.reopen, self.open_student):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(done)
        layout.addLayout(bottom)

        self.save_details.clicked.connect(self.save)
        self.edit_responsible.clicked.connect(self.choose_responsible)
        self.next_stage.clicked.connect(self.advance_stage)
        self.add_contact.clicked.connect(lambda: self.record_contact(planned=False))
        self.plan_contact.clicked.connect(lambda: self.record_contact(planned=True))
        self.done_contact.clicked.connect(self.record_planned)
        self.add_photo.clicked.connect(self.attach_photo)
        self.contact_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_photos())
        self.photos.itemDoubleClicked.connect(self.open_photo)
        self.close_case.clicked.connect(self.close_it)
        self.reopen.clicked.connect(self.reopen_it)
        self.open_student.clicked.connect(self._open_student)
        done.clicked.connect(self.accept)
        self.refresh()
        role_marks.apply_all(self)  # what the account may not do: disabled, why

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        d = self.detail = cases.case_detail(self.case_id, self.clock())
        state = "未销号" if d.is_open else f"已于{d.closed_on}销号"
        self.setWindowTitle(f"个案：{d.name}")
        self.header.setText(
            f"<b>{d.name}</b>　{d.class_name}　学籍：{d.status}　"
            f"{d.opened_on}立案（{d.origin_note or '手工立案'}）　<b>{state}</b>"
        )
        for i in range(self.reasons.count()):
            item = self.reasons.item(i)
            on = item.text() in d.reasons
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.reason_text.setText(d.reason_text)
        self.whereabouts.setCurrentText(d.whereabouts)
        self.place.setText(d.whereabouts_place)
        self.measures.setText(d.measures)
        self.responsible.setText("、".join(d.responsible) or "未指定")
        self.stage_model.set_rows(d.stages)
        nxt = rules.next_stage(d.stage)
        self.next_stage.setText(f"进入{rules.stage_label(nxt)}…" if nxt else "四步法已到最后一步")
        self.next_stage.setEnabled(d.is_open and nxt is not None)
        self.contact_model.set_rows(case_contacts.contact_rows(case_id=self.case_id))
        self.closing_model.set_rows(d.closings)
        self.close_case.setEnabled(d.is_open)
        self.reopen.setEnabled(not d.is_open)
        self.open_student.setEnabled(d.student_id is not None)
        self.show_photos()

    def selected_contact(self):
        index = self.contact_view.currentIndex()
        return self.contact_model.row(index) if index.isValid() else None

    def show_photos(self) -> None:
        self.photos.clear()
        row = self.selected_contact()
        if row is None:
            return
        for photo in case_contacts.photos(row.id):
            item = QListWidgetItem(photo.original_name)
            item.setData(Qt.ItemDataRole.UserRole, photo.sha256)
            if photo.is_image:
                try:
                    pixmap = QPixmap()
                    pixmap.loadFromData(attachments.thumbnail_png(photo.sha256, 96))
                    item.setIcon(QIcon(pixmap))
                except UserError:
                    item.setText(f"{photo.original_name}（文件不见了）")
            self.photos.addItem(item)

    # --- acting --------------------------------------------------------------------------------

    def _do(self, title: str, work) -> bool:
        try:
            work()
        except UserError as exc:
            messages.fail(self, title, exc)
            return False
        self.changed.emit()
        self.refresh()
        return True

    def save(self) -> None:
        self._do(
            "保存个案",
            lambda: cases.update_details(
                access.actor_name(),
                self.case_id,
                [rules.REASONS[i] for i in checked_ids(self.reasons)],
                self.reason_text.text(),
                self.whereabouts.currentText(),
                self.place.text(),
                self.measures.text(),
            ),
        )

    def choose_responsible(self) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("responsible_dialog")
        dialog.setWindowTitle("个案责任人")
        lay = QVBoxLayout(dialog)
        people = people_list("responsible_teachers", cases.teacher_choices(), set())
        check_people(people, set(self.detail.responsible))
        lay.addWidget(QLabel("勾选负责这个孩子劝返的教师（都不勾选：按三包责任）"))
        lay.addWidget(people)
        ok = QPushButton("确定", objectName="responsible_ok")
        ok.clicked.connect(dialog.accept)
        lay.addWidget(ok)
        if dialog.exec():
            self._do(
                "个案责任人",
                lambda: cases.set_responsibles(
                    access.actor_name(), self.case_id, checked_ids(people)
                ),
            )

    def advance_stage(self) -> None:
        stage = rules.next_stage(self.detail.stage)
        if stage is None:
            return
        note, ok = QInputDialog.getText(
            self, "四步法", f"进入{rules.stage_label(stage)}。说明（如：文书编号、送达情况）："
        )
        if ok:
            self._do(
                "四步法",
                lambda: cases.enter_stage(
                    access.actor_name(), self.case_id, stage, self.clock(), note
                ),
            )

    def record_contact(self, planned: bool) -> None:
        def save(values):
            return case_contacts.add_contact(
                access.actor_name(), values, case_id=self.case_id, today=self.clock()
            )

        form = ContactDialog(save, self.clock(), planned=planned, parent=self)
        if form.exec():
            self.changed.emit()
            self.refresh()

    def record_planned(self) -> None:
        row = self.selected_contact()
        if row is None or row.done:
            messages.info(self, "记录计划的家访", "请先选中一条“计划”的家访")
            return

        def save(values):
            return case_contacts.record_planned(access.actor_name(), row.id, values, self.clock())

        planned = set(case_contacts.teacher_ids(row.id, case_contacts.PLANNED))
        form = ContactDialog(save, min(row.date, self.clock()), checked=planned, parent=self)
        if form.exec():
            self.changed.emit()
            self.refresh()

    def attach_photo(self, path=None) -> None:
        row = self.selected_contact()
        if row is None:
            messages.info(self, "添加照片", "请先选中一条家访记录")
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "添加照片或扫描件",
                "",
                "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)",
            )
            if not path:
                return
        at = row.id
        if self._do("添加照片", lambda: case_contacts.add_photo(access.actor_name(), row.id, path)):
            self._select_contact(at)

    def _select_contact(self, contact_id: int) -> None:
        for i, r in enumerate(self.contact_model.rows):
            if r.id == contact_id:
                self.contact_view.selectRow(i)
                self.show_photos()

    def open_photo(self, item: QListWidgetItem) -> None:
        """Full size, in the computer's picture viewer."""
        try:
            path = attachments.open_path(item.data(Qt.ItemDataRole.UserRole))
        except UserError as exc:
            messages.fail(self, "打开照片", exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def close_it(self) -> None:
        def save(v):
            return cases.close_case(
                access.actor_name(),
                self.case_id,
                v["day"],
                v["kind"],
                v["placement"],
                v["evidence"],
                v["note"],
            )

        form = CloseCaseDialog(save, self.clock(), parent=self)
        if form.exec():
            self.changed.emit()
            self.refresh()

    def reopen_it(self) -> None:
        reason, ok = QInputDialog.getText(self, "重新立案", "重新立案的原因（如：又不来上学了）：")
        if ok:
            self._do(
                "重新立案",
                lambda: cases.reopen_case(access.actor_name(), self.case_id, self.clock(), reason),
            )

    def _open_student(self) -> None:
        window = self.parent().window() if self.parent() else None
        hook = getattr(window, "open_student", None)
        if callable(hook) and self.detail.student_id:
            hook(self.detail.student_id)
