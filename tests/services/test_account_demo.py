"""The demo school has one account per role, sharing the password its login screen shows; the
班主任 account covers 七年级1班, the 教师 account the children its teacher is 包保 for."""

from kongchuo_desktop.db.account_models import Account
from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES
from kongchuo_desktop.services import access, accounts
from kongchuo_desktop.services.account_demo import DEMO_PASSWORD
from tests.demo_school import DEMO_TODAY


def test_every_role_has_a_demo_account_that_signs_in_with_the_shown_password(demo):
    assert accounts.names() == list(ACCOUNT_ROLES)
    for name in ACCOUNT_ROLES:
        assert accounts.verify(name, DEMO_PASSWORD).name == name


def test_the_demo_class_head_and_teacher_see_their_own_children(demo):
    head = accounts.to_actor(Account.get(Account.name == "班主任"))
    seven_one = SchoolClass.get(
        grade=7, number=1, school_year=SchoolClass.select().first().school_year
    )
    assert seven_one.id in head.class_ids
    teacher = accounts.to_actor(Account.get(Account.name == "教师"))
    assert teacher.teacher_id is not None
    ids = [s.id for s in Student.select(Student.id)]
    with access.acting_as(teacher):
        seen = access.visible_student_ids(ids, DEMO_TODAY)
    assert 0 < len(seen) < 50
