"""送教上门: a plan from the settings' defaults, visits with photos, who is behind plan this month,
the term's figures in the .xlsx, each visit on the child's timeline."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.domain import home_teaching as rules
from kongchuo_desktop.services import attachments, audit, home_teaching, settings_store
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.home_teaching import HomeTeachingError
from kongchuo_desktop.services.student_status import change_status
from kongchuo_desktop.services.timeline import timeline
from tests.services.test_attachments import photo

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def home(school, actor):
    """赵六 taught at home from 1 September; a second teacher besides 王老师."""
    child = school["s"]["赵六"]
    change_status(
        actor, child, "送教上门", dt.date(2026, 9, 1), reason="重度残疾，评估后安置", today=TODAY
    )
    other = audit.create(Teacher, actor, name="李老师")
    return {"child": child, "teachers": [school["head"].id, other.id]}


def test_a_new_plan_takes_two_visits_of_two_lessons_from_the_settings(home, actor):
    plan = home_teaching.save_plan(
        actor, home["child"].id, home["teachers"], start_date=dt.date(2026, 9, 1)
    )
    assert (plan.visits_per_month, plan.min_lessons) == (2, 2)
    assert plan.teachers == "王老师、李老师"
    settings_store.set("home_teaching.visits_per_month", 4, actor)
    other = home_teaching.save_plan(
        actor, home["child"].id, home["teachers"][:1], start_date=dt.date(2026, 9, 1)
    )
    assert other.visits_per_month == 4  # changed in place: one plan per child
    assert home_teaching.plan_for(home["child"].id).teachers == "王老师"


def test_a_child_not_taught_at_home_gets_no_plan(school, actor):
    with pytest.raises(HomeTeachingError, match="不是“送教上门”"):
        home_teaching.save_plan(
            actor, school["s"]["张三"].id, [school["head"].id], start_date=TODAY
        )


def test_behind_plan_until_two_visits_of_enough_lessons_this_month(home, actor):
    sid, teachers = home["child"].id, home["teachers"]
    home_teaching.save_plan(actor, sid, teachers, start_date=dt.date(2026, 9, 1))
    home_teaching.record_visit(actor, sid, dt.date(2026, 10, 20), teachers, 2, "识字", today=TODAY)
    assert [r.name for r in home_teaching.behind_plan(TODAY)] == ["赵六"]
    home_teaching.record_visit(
        actor, sid, dt.date(2026, 11, 3), teachers, 2, "识字卡片", today=TODAY
    )
    home_teaching.record_visit(
        actor, sid, dt.date(2026, 11, 10), teachers, 1, "康复训练", today=TODAY
    )
    row = home_teaching.behind_plan(TODAY)[0]
    assert row.month.text == "本月1/2次（另有1次课时或教师不足）"  # 1 lesson does not count
    home_teaching.record_visit(actor, sid, dt.date(2026, 11, 17), teachers, 3, "数数", today=TODAY)
    assert home_teaching.behind_plan(TODAY) == []
    row = home_teaching.rows(TODAY)[0]
    assert (row.term_visits, row.term_lessons, row.last_visit) == (4, 8, dt.date(2026, 11, 17))


def test_a_visit_with_photos_keeps_them_and_a_bad_photo_saves_nothing(home, actor, tmp_path):
    sid, teachers = home["child"].id, home["teachers"]
    good = photo(tmp_path / "送教.jpg")
    visit = home_teaching.record_visit(
        actor,
        sid,
        TODAY,
        teachers,
        2,
        "认识颜色",
        parent_signed=True,
        signed_by="母亲",
        photos=[good],
    )
    assert visit.photos == 1 and visit.parent_signed
    assert attachments.list_for("home_teaching_visit", visit.id)[0].kind == "送教照片"
    bad = tmp_path / "坏.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(Exception, match="不是能打开的图片"):
        home_teaching.record_visit(actor, sid, TODAY, teachers, 2, "再去", photos=[bad])
    assert len(home_teaching.visits(sid)) == 1


def test_a_visit_still_to_come_or_without_teachers_is_refused(home, actor):
    with pytest.raises(HomeTeachingError, match=r"还没到.*至少选择一名"):
        home_teaching.record_visit(
            actor, home["child"].id, TODAY + dt.timedelta(days=3), [], 2, "", today=TODAY
        )


def test_each_visit_is_an_event_on_the_timeline_with_its_teachers(home, actor):
    sid, teachers = home["child"].id, home["teachers"]
    home_teaching.record_visit(
        actor, sid, dt.date(2026, 11, 3), teachers, 2, "识字卡片", today=TODAY
    )
    events = events_between(None, None, kinds=[EventKind.HOME_TEACHING_VISIT], today=TODAY)
    assert [(e.date, e.text) for e in events] == [(dt.date(2026, 11, 3), "送教上门2课时：识字卡片")]
    assert {t.name for t in events[0].teachers} >= {"王老师", "李老师"}
    assert any(e.kind == "送教上门" and "识字卡片" in e.text for e in timeline(sid))


def test_the_list_exports_with_this_terms_visits_and_lessons(home, actor, tmp_path):
    sid, teachers = home["child"].id, home["teachers"]
    home_teaching.save_plan(actor, sid, teachers, start_date=dt.date(2026, 9, 1))
    home_teaching.record_visit(actor, sid, dt.date(2026, 11, 3), teachers, 3, "识字", today=TODAY)
    out = home_teaching.export_xlsx(tmp_path / "送教.xlsx", "测试学校", TODAY)
    ws = load_workbook(out).active
    header = [c.value for c in ws[3]]
    row = dict(zip(header, [c.value for c in ws[4]], strict=True))
    assert row["姓名"] == "赵六" and row["送教教师"] == "王老师、李老师"
    assert (row["本学期送教次数"], row["本学期送教课时"], row["本月应送教次数"]) == (1, 3, 2)


def test_a_plan_begun_late_in_the_month_asks_for_its_share():
    progress = rules.month_progress([], dt.date(2026, 11, 25), 2, 2, 1, dt.date(2026, 11, 20))
    assert progress.required == 1


def test_a_missing_visit_photo_is_reported_with_its_child_and_day(home, actor, tmp_path):
    sid, teachers = home["child"].id, home["teachers"]
    visit = home_teaching.record_visit(
        actor, sid, TODAY, teachers, 2, "认识颜色", photos=[photo(tmp_path / "p.jpg")]
    )
    stored = attachments.open_path(attachments.list_for("home_teaching_visit", visit.id)[0].sha256)
    stored.unlink()
    report = attachments.verify()
    assert [p.text.split("：")[0] for p in report.problems] == [
        "学生 赵六 的送教记录（2026-11-20） 的附件“p.jpg”（送教照片）"
    ]
