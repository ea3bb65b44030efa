"""人籍比对 on hand-made village lists: every kind of result, full-width ID numbers, a child matched
only by name and birth date, a child listed by two villages, a 5- and a 17-year-old; decisions
kept when a corrected list comes; a proof ends the wait for proof."""

import datetime as dt

import pytest

from kongchuo_desktop.db.census_models import CensusEntry, CensusList
from kongchuo_desktop.db.models import AuditLog, Student
from kongchuo_desktop.domain.census_match import NAME_BIRTH_MATCH, CensusResult
from kongchuo_desktop.services import audit, census_check, census_import
from tests import census_files as cf

R = CensusResult


@pytest.fixture
def census_school(school, actor):
    s = school["s"]
    audit.update(s["张三"], actor, id_number=cf.ID_ZHANGSAN)
    audit.update(s["李四"], actor, birth_date=cf.BIRTH_LISI)
    audit.update(s["陈红"], actor, birth_date=dt.date(2013, 9, 9))
    audit.create(
        Student,
        actor,
        name="杨随",
        id_number=cf.ID_INCLUSIVE,
        school_class=school["c2"],
        status="随班就读",
    )
    return school


@pytest.fixture
def imported(census_school, tmp_path, actor):
    plan = census_import.plan_files([cf.hongxing(tmp_path), cf.qingshan(tmp_path)])
    census_import.apply_plan(actor, plan)
    return plan


def by_name(comparison):
    return {c.name: c for c in comparison.children}


def test_every_child_on_the_lists_gets_a_result(imported):
    children = by_name(census_check.comparison())
    assert {name: c.result for name, c in children.items()} == {
        "张三": R.OURS,
        "李四": R.OURS,
        "王小明": R.ELSEWHERE,
        "赵未": R.NOT_ENROLLED,
        "钱缓": R.DEFERRED,
        "孙送": R.HOME_TEACHING,
        "周幼": R.UNDER_AGE,
        "吴大": R.OVER_AGE,
        "郑迁": R.MOVED_AWAY,
        "冯故": R.DECEASED,
        "杨随": R.INCLUSIVE,
        "陈红": R.OURS,
    }
    assert children["张三"].class_name == "七年级1班"
    assert children["张三"].where == "本校 七年级1班"
    assert children["杨随"].register_status == "随班就读"
    assert children["王小明"].school == "县实验中学 八年级"


def test_a_full_width_id_number_matches_the_register(imported):
    zhang = by_name(census_check.comparison())["张三"]
    assert zhang.id_number == cf.ID_ZHANGSAN
    assert zhang.match_note == ""


def test_a_child_without_an_id_number_is_matched_by_name_and_birth_date_and_flagged(imported):
    li = by_name(census_check.comparison())["李四"]
    assert li.student_id is not None
    assert li.match_note == NAME_BIRTH_MATCH == "按姓名和出生日期匹配，请核对"


def test_a_child_listed_by_two_villages_is_one_child_with_both_villages(imported):
    comparison = census_check.comparison()
    wang = [c for c in comparison.children if c.name == "王小明"]
    assert len(wang) == 1
    assert wang[0].villages == ("红星村", "青山村")
    assert comparison.counts()[R.ELSEWHERE] == 1
    per_village = comparison.village_counts()
    assert per_village["红星村"][R.ELSEWHERE] == 1
    assert per_village["青山村"][R.ELSEWHERE] == 1
    assert sum(comparison.counts().values()) == 12


def test_a_five_and_a_seventeen_year_old_are_outside_school_age(imported):
    children = by_name(census_check.comparison())
    assert (children["周幼"].age, children["周幼"].result) == (5, R.UNDER_AGE)
    assert (children["吴大"].age, children["吴大"].result) == (17, R.OVER_AGE)
    assert (children["赵未"].age, children["赵未"].result) == (13, R.NOT_ENROLLED)


def test_the_age_rule_is_the_schools_setting(imported, actor):
    from kongchuo_desktop.services import settings_store

    settings_store.set("census.last_age", 17, actor)
    assert by_name(census_check.comparison())["吴大"].result == R.NOT_ENROLLED


def test_our_students_on_no_village_list_are_listed(imported):
    unlisted = {s.name for s in census_check.comparison().unlisted}
    assert "王五" in unlisted and "张三" not in unlisted
    assert "休学生" not in unlisted  # not on the roll


def test_a_bad_row_is_reported_by_file_row_and_column_and_left_out(imported):
    hongxing = imported.files[0]
    errors = [p for p in hongxing.problems if p.is_error]
    assert [(p.row, p.column) for p in errors] == [(14, "公民身份号码")]
    assert "校验位错误" in errors[0].message
    assert "522401" not in errors[0].message  # the number is not repeated
    assert CensusEntry.select().where(CensusEntry.name == "错号").count() == 0


def test_id_numbers_stay_out_of_the_audit_trail(imported):
    text = " ".join(f"{a.before} {a.after}" for a in AuditLog.select())
    assert cf.ID_ELSEWHERE not in text and cf.ID_NOT_ENROLLED not in text


def test_proof_received_ends_the_wait_for_proof(imported, actor):
    year = census_check.default_year()
    wang = by_name(census_check.comparison())["王小明"]
    assert wang.awaiting_proof and wang.needs_follow_up
    census_check.decide(actor, year, wang, proof_received=True, proof_date=dt.date(2026, 9, 20))
    wang = by_name(census_check.comparison())["王小明"]
    assert not wang.awaiting_proof and not wang.needs_follow_up
    assert wang.decision.proof_date == dt.date(2026, 9, 20)


def test_a_proof_photo_is_kept_in_the_data_folder(imported, actor, tmp_path):
    from PIL import Image

    photo = tmp_path / "证明.jpg"
    Image.new("RGB", (40, 30), "white").save(photo)
    year = census_check.default_year()
    wang = by_name(census_check.comparison())["王小明"]
    census_check.attach_proof(actor, year, wang, photo)
    wang = by_name(census_check.comparison())["王小明"]
    assert not wang.awaiting_proof
    assert [p.original_name for p in census_check.proofs(year, wang)] == ["证明.jpg"]


def test_a_corrected_list_replaces_the_village_list_and_keeps_the_notes(imported, actor, tmp_path):
    year = census_check.default_year()
    zhao = by_name(census_check.comparison())["赵未"]
    census_check.decide(actor, year, zhao, note="已电话联系家长")
    corrected = [r for r in cf.hongxing_rows() if r[3] not in ("错号", "冯故")]
    plan = census_import.plan_files([cf.hongxing(tmp_path / "new", corrected)])
    assert plan.replaced == ["红星村"]
    census_import.apply_plan(actor, plan)
    assert CensusList.select().count() == 2
    children = by_name(census_check.comparison())
    assert "冯故" not in children
    assert children["赵未"].decision.note == "已电话联系家长"


def test_a_result_set_by_hand_wins_over_the_comparison(imported, actor):
    year = census_check.default_year()
    zhao = by_name(census_check.comparison())["赵未"]
    census_check.decide(actor, year, zhao, result=R.ELSEWHERE, school="邻县一中")
    zhao = by_name(census_check.comparison())["赵未"]
    assert (zhao.result, zhao.computed, zhao.school) == (R.ELSEWHERE, R.NOT_ENROLLED, "邻县一中")


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(census_school, tmp_path):
    fake = tmp_path / "白云村.xls"
    fake.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    plan = census_import.plan_files([fake])
    assert "不是真正的Excel文件" in plan.files[0].failure
    with pytest.raises(census_import.CensusImportError):
        census_import.apply_plan("x", plan)


def test_the_villages_and_groups_go_into_the_schools_village_list(imported):
    from kongchuo_desktop.db.models import Village

    listed = {(v.name, v.group_name) for v in Village.select()}
    assert {("红星村", ""), ("红星村", "一组"), ("红星村", "三组"), ("青山村", "五组")} <= listed
    assert ("红星村", "一组") in listed and len(listed) == 6


def test_a_confirmed_not_enrolled_child_has_a_case_in_the_ledger(imported, actor):
    from kongchuo_desktop.db.case_models import Case, CasePerson

    year = census_check.default_year()
    zhao = by_name(census_check.comparison())["赵未"]
    zhao = census_check.decide(actor, year, zhao, confirmed=True, note="9月家访，在家务农")
    case = Case.get_by_id(zhao.decision.case_id)
    person = CasePerson.get_by_id(case.person_id)
    assert case.student_id is None and case.closed_on is None
    assert (person.name, person.id_number, person.village) == (
        "赵未",
        cf.ID_NOT_ENROLLED,
        "红星村二组",
    )
    assert "人籍比对核实：适龄未入学" in case.origin_note and "9月家访" in case.origin_note
    census_check.decide(actor, year, zhao, note="再次核实")  # still confirmed: no second case
    assert Case.select().count() == 1


def test_only_a_not_enrolled_child_can_be_confirmed(imported, actor):
    from kongchuo_desktop.db.case_models import Case

    year = census_check.default_year()
    wang = by_name(census_check.comparison())["王小明"]
    wang = census_check.decide(actor, year, wang, confirmed=True)
    assert not wang.decision.confirmed and Case.select().count() == 0
