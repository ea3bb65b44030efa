"""The demo school shows a 班主任 who left (a gap to fix) and a 转出 under way."""

from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.services import teachers, transfer_procedure
from kongchuo_desktop.views.home_people_notes import people_note_text


def test_the_demo_school_has_a_head_who_left_and_a_transfer_in_progress(demo):
    gone = list(Teacher.select().where(Teacher.active == False))  # noqa: E712
    # 八年级3班's head, and a subject teacher who left still holding 包保 children (三包 demo)
    assert len(gone) == 2 and all(t.left_on is not None for t in gone)
    assert [g.class_name for g in teachers.head_gaps()] == ["八年级3班"]
    [p] = transfer_procedure.in_progress()
    assert p.class_name == "七年级2班" and p.next_step == "接收学校"
    text = people_note_text()
    assert (
        "八年级3班：班主任已离校" in text
        and f"{p.student_name}（七年级2班，下一步：接收学校）" in text
    )
