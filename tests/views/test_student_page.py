"""The student page opens for every child, whatever the timeline holds."""

import datetime as dt

from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

D = dt.date


def test_the_student_page_opens_after_a_step_was_marked_done_for_a_truant_child(
    qtbot, school, actor
):
    child = school["s"]["王五"]
    for day in (D(2026, 11, 23), D(2026, 11, 24)):
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(child.id, "旷课")], today=day)
    contact = att.escalation_items(D(2026, 11, 24))[0]
    att.mark_done(actor, contact, "电话联系了爷爷", day=D(2026, 11, 24))

    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)

    rows = [
        [page.timeline.item(r, c).text() for c in range(3)] for r in range(page.timeline.rowCount())
    ]
    kinds = [kind for _, kind, _ in rows]
    assert "缺勤" in kinds and "缺勤上报" in kinds
    done = next(r for r in rows if r[1] == "缺勤上报")
    assert done[0] == dt.date.today().isoformat()  # the day it was recorded, no time of day
    assert "电话联系了爷爷" in done[2]
