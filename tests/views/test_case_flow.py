"""One 劝返 case followed end to end through the window: opened from the escalation on 首页 →
two visits, one with a photo → the 四步法's notice stage → the child comes back → 销号 as 已复学;
the student's timeline shows every step and the status history shows 劝返复学."""

import datetime as dt
import os

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QInputDialog, QTableWidget

from kongchuo_desktop.db.models import EscalationAction
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import case_contacts
from kongchuo_desktop.services.student_status import history
from kongchuo_desktop.views.case_dialog import CaseDialog
from kongchuo_desktop.views.case_forms import CloseCaseDialog, ContactDialog, check_people
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog
from kongchuo_desktop.views.visits_page import VisitsPage

D = dt.date
AWAY = [D(2026, 11, d) for d in (16, 17, 18, 19, 20, 23)]  # six school days of 旷课
BACK = D(2026, 11, 25)


def _on(monkeypatch, day):
    for cls in (HomePage, VisitsPage, CaseDialog):
        monkeypatch.setattr(cls, "clock", staticmethod(lambda d=day: d))


def _form(monkeypatch, cls, fill):
    """The form `cls`, when opened, is filled by `fill` and its OK pressed."""

    def exec_(self):
        fill(self)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(cls, "exec", exec_)


def _done_on_home(home, step):
    rows = home.action_model.rows
    row = next(i for i, r in enumerate(rows) if r.step is step)
    home.action_view.setCurrentIndex(
        home.action_proxy.mapFromSource(home.action_model.index(row, 0))
    )
    home.action_done.click()


@pytest.fixture
def wang(school, actor):
    sid = school["s"]["王五"].id
    for day in AWAY:
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(sid, "旷课")], today=day)
    return sid


def test_a_case_from_the_escalation_to_its_closing_as_returned(
    qtbot, school, wang, monkeypatch, messages, tmp_path
):
    # 首页 on the sixth day away: the written report offers 立案; 疑似辍学 keeps the same case.
    _on(monkeypatch, D(2026, 11, 23))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("已办理", True))
    home = HomePage(None)
    qtbot.addWidget(home)
    home.refresh()
    _done_on_home(home, Step.WRITTEN_REPORT)
    assert any(title == "立案" for _, title, _ in messages)
    _done_on_home(home, Step.SUSPECTED_DROPOUT)

    # The ledger lists the case, open.
    _on(monkeypatch, D(2026, 11, 24))
    page = VisitsPage(None)
    qtbot.addWidget(page)
    page.refresh()
    assert [(r.name, r.state) for r in page.ledger_model.rows] == [("王五", "未销号")]
    page.ledger_view.selectRow(0)
    dialog = CaseDialog(page.selected_case(), page)
    qtbot.addWidget(dialog)
    dialog.refresh()
    assert "王老师" in dialog.responsible.text()  # 三包's answer: the class head

    # Two visits; a photo on the second (and a file that is not an image refused, said clearly).
    def first(form):
        check_people(form.teachers, {"王老师"})
        form.met.setText("爷爷")
        form.outcome.setCurrentText("考虑中")

    _form(monkeypatch, ContactDialog, first)
    dialog.add_contact.click()

    _on(monkeypatch, D(2026, 11, 24))

    def second(form):
        check_people(form.teachers, {"王老师"})
        form.cadres.setText("村主任 赵大")
        form.method.setCurrentText("入户")
        form.outcome.setCurrentText("同意返校")
        form.next_step.setText("明天早上到家接孩子")
        form.has_next.setChecked(True)

    _form(monkeypatch, ContactDialog, second)
    dialog.add_contact.click()
    assert dialog.contact_model.rowCount() == 2
    dialog.contact_view.selectRow(0)
    fake = tmp_path / "扫描件.jpg"
    fake.write_text("not a picture")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(fake), ""))
    dialog.add_photo.click()
    assert "“扫描件.jpg”不是能打开的图片" in messages[-1][2]
    photo = tmp_path / "家访.png"
    Image.frombytes("RGB", (64, 48), os.urandom(64 * 48 * 3)).save(photo)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    dialog.add_photo.click()
    assert dialog.contact_model.rows[0].photos == 1
    assert dialog.photos.count() == 1 and not dialog.photos.item(0).icon().isNull()

    # 四步法 ① by the stage button, then ② by issuing the 限期复学通知书 (saved as a PDF, numbered;
    # the notice moves the case to stage ② with the stage's deadline).
    dialog.next_stage.click()
    notice_pdf = tmp_path / "限期复学通知书.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(notice_pdf), ""))
    next(a for a in dialog.notice_menu.actions() if a.text() == "限期复学通知书").trigger()
    assert notice_pdf.read_bytes().startswith(b"%PDF")
    assert [s.stage for s in dialog.stage_model.rows] == [1, 2]
    assert dialog.stage_model.rows[1].deadline == D(2026, 11, 24) + dt.timedelta(days=7)
    assert dialog.stage_model.rows[1].note == "发出限期复学通知书（复〔2026〕1号）"

    # The child comes back; 销号 as 已复学 in the case.
    att.save_class("班主任", school["c1"].id, BACK, [], today=BACK)
    _on(monkeypatch, BACK)

    def returned(form):
        form.kind.setCurrentText("已复学")
        form.placement.setCurrentText("原年级")

    _form(monkeypatch, CloseCaseDialog, returned)
    dialog.close_case.click()
    assert not dialog.close_case.isEnabled() and dialog.reopen.isEnabled()
    assert [c.kind for c in dialog.closing_model.rows] == ["已复学"]

    # The status history shows 劝返复学 once; the escalation's return step is done too.
    assert [c.status for c in history(wang)] == ["疑似辍学", "劝返复学"]
    assert EscalationAction.get(step=Step.RETURN.value, student=wang).done_at is not None
    assert case_contacts.next_steps_due(BACK + dt.timedelta(days=5)) == []  # the case is closed

    # The student's page: every step in the timeline, newest first.
    student = StudentDetailDialog(wang)
    qtbot.addWidget(student)
    table = student.findChild(QTableWidget, "student_timeline")
    lines = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    texts = [t for _, t in lines]
    assert ("劝返个案", "销号：已复学（原年级）") in lines
    assert any(t.startswith("立案（缺勤上报立案）") for t in texts)
    assert sum(1 for k, _ in lines if k == "家访") == 2
    assert "入户（王老师、村主任 赵大）：同意返校" in texts
    assert any("②限期复学通知书" in t for t in texts)
    assert ("通知书", "发出限期复学通知书（复〔2026〕1号），限12月01日前返校") in lines
    assert ("学籍变动", "劝返复学：经劝返已返校") in lines
    assert ("学籍变动", "疑似辍学：" + history(wang)[0].reason) in lines
    assert texts.index("销号：已复学（原年级）") < texts.index(
        "入户（王老师、村主任 赵大）：同意返校"
    )
