"""Issue 18: the 摸底 lists hold children who are not ours — only 管理员/教务员/校长 see them in
full; an inspector (只读) sees the listed children on our roster, a 班主任 those of the own
class."""

from __future__ import annotations

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import access, census_check


def _actor(role, class_ids=()):
    return access.Actor("某老师", frozenset({role}), class_ids=frozenset(class_ids))


def test_only_the_office_the_principal_and_the_admin_see_the_census_in_full(demo):
    full = census_check.comparison()
    ours = [c for c in full.children if c.student_id is not None]
    not_ours = [c for c in full.children if c.student_id is None]
    assert ours and not_ours and full.unlisted
    for role in ("管理员", "教务员", "校长"):
        with access.acting_as(_actor(role)):
            assert len(census_check.comparison().children) == len(full.children)

    with access.acting_as(_actor("只读")):
        seen = census_check.comparison()
    assert {c.key for c in seen.children} == {c.key for c in ours}
    assert len(seen.unlisted) == len(full.unlisted)

    class_id = Student.get_by_id(ours[0].student_id).school_class_id
    with access.acting_as(_actor("班主任", [class_id])):
        seen = census_check.comparison()
    own = {s.id for s in Student.select().where(Student.school_class == class_id)}
    assert seen.children and all(c.student_id in own for c in seen.children)
    assert all(s.id in own for s in seen.unlisted)
    assert len(seen.unlisted) < len(full.unlisted)
