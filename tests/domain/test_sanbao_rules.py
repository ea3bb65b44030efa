"""三包 rules in plain Python: which village an address names, who carries too many students."""

from kongchuo_desktop.domain.sanbao import GapKind, overloaded, village_for

VILLAGES = [(1, "石门村", ""), (2, "石门村", "三组"), (3, "坪村", ""), (4, "大坪村", "")]


def test_an_address_names_the_group_when_it_says_one_else_the_village():
    assert village_for("青山镇石门村三组12号", VILLAGES) == 2
    assert village_for("青山镇石门村五组", VILLAGES) == 1
    assert village_for("青山镇 石门村 三组", VILLAGES) == 2  # spaces typed in the register


def test_the_longer_village_name_wins_and_no_match_is_none():
    assert village_for("大坪村一组", VILLAGES) == 4
    assert village_for("县城新区", VILLAGES) is None
    assert village_for("", VILLAGES) is None


def test_overload_is_measured_against_the_median_of_teachers_who_hold_students():
    loads = overloaded({1: 10, 2: 4, 3: 4, 4: 5, 5: 0}, 1.5)
    assert [(x.teacher_id, x.students, x.median) for x in loads] == [(1, 10, 4.5)]
    assert overloaded({1: 50, 2: 1}, 1.5) == []  # two teachers: nothing to compare


def test_every_gap_names_its_fixing_action():
    assert all(kind.action for kind in GapKind)
