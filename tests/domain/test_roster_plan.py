"""The import plan on its own: checked rows against students given by hand, no database."""

from kongchuo_desktop.domain.roster_columns import guess_mapping
from kongchuo_desktop.domain.roster_plan import Existing, make_plan, match_members
from kongchuo_desktop.domain.roster_rows import WARNING, parse_rows
from tests import roster_files as rf

HEADER = ["姓名", "身份证号", "学籍号", "班级", "学籍状态"]


def parse(rows):
    return parse_rows([["标题"], HEADER, *rows], 1, guess_mapping(HEADER))


def existing(sid, name, id_number="", student_number="", class_key=(3, 1), status="在校"):
    return Existing(
        id=sid,
        name=name,
        id_number=id_number,
        student_number=student_number,
        fields={"name": name, "id_number": id_number, "student_number": student_number},
        class_key=class_key,
        status=status,
        flags=set(),
        members=[],
    )


def test_rows_are_sorted_into_new_updated_unchanged_and_missing():
    parsed = parse(
        [
            ["张三", rf.ID_ZHANG, "", "三年级1班", ""],
            ["李四", rf.ID_LI, "", "三年级2班", ""],
            ["王五", rf.ID_WANG, "", "三年级1班", ""],
        ]
    )
    school = [
        existing(1, "张三", rf.ID_ZHANG),
        existing(2, "李四", rf.ID_LI),
        existing(3, "赵六", rf.ID_ZHENG),
    ]
    for stored, row in zip(school, parsed.records, strict=False):
        stored.fields.update(row.fields)  # same name, ID, birth date and sex as in the file
    plan = make_plan(parsed, school, {(3, 1)})
    assert [c.existing.name for c in plan.unchanged] == ["张三"]
    assert [(c.existing.name, c.changes) for c in plan.updated] == [
        ("李四", [("班级", "三年级1班", "三年级2班")])
    ]
    assert [r.name for r in plan.new] == ["王五"]
    assert [e.name for e in plan.missing] == ["赵六"]
    assert plan.new_classes == [(3, 2)]
    assert not plan.refused


def test_two_rows_matching_one_student_are_both_refused():
    parsed = parse(
        [
            ["张三", rf.ID_ZHANG, "", "三年级1班", ""],
            ["张三", "", "G123", "三年级1班", ""],
        ]
    )
    plan = make_plan(parsed, [existing(1, "张三", rf.ID_ZHANG, "G123")], {(3, 1)})
    assert plan.bad_rows == [3, 4]
    assert plan.new == [] and plan.updated == [] and plan.unchanged == []
    assert plan.missing == []  # bad rows still count as in the file


def test_a_grade_the_school_does_not_have_is_a_bad_row():
    plan = make_plan(parse([["张三", rf.ID_ZHANG, "", "八年级1班", ""]]), [], set(), range(1, 7))
    assert [(p.row, p.message) for p in plan.errors] == [(3, "本校没有八年级")]
    assert plan.new == []


def test_a_different_status_in_the_file_is_only_a_warning():
    parsed = parse([["张三", rf.ID_ZHANG, "", "三年级1班", "休学"]])
    plan = make_plan(parsed, [existing(1, "张三", rf.ID_ZHANG)], {(3, 1)})
    assert [(p.column, p.severity) for p in plan.problems] == [("学籍状态", WARNING)]
    assert not plan.refused


def test_family_members_pair_by_name_then_relation_then_place():
    stored = [{"name": "张父", "relation": "父亲"}, {"name": "张母", "relation": "母亲"}]
    in_file = [{"name": "张母"}, {"name": "张爸", "relation": "父亲"}, {"name": "爷爷"}]
    assert [i for _, i in match_members(in_file, stored)] == [1, 0, None]


def test_a_class_the_school_lacks_is_made_only_when_confirmed():
    from kongchuo_desktop.domain.roster_plan import confirm_classes

    parsed = parse(
        [
            ["张三", rf.ID_ZHANG, "", "三年级1班", ""],
            ["王五", rf.ID_WANG, "", "三年级9班", ""],
        ]
    )
    plan = make_plan(parsed, [], {(3, 1)})
    asked = confirm_classes(plan, [], "请确认")
    assert asked.new_classes == [] and asked.unconfirmed_classes == [(3, 9)]
    assert [r.name for r in asked.new] == ["张三"]
    assert [(p.row, p.column, p.message) for p in asked.errors] == [
        (4, "班级", "学校没有三年级9班；请确认")
    ]
    made = confirm_classes(asked, [(3, 9)], "请确认")  # asked again: from the original plan
    assert made.new_classes == [(3, 9)] and not made.refused
    assert [r.name for r in made.new] == ["张三", "王五"]
