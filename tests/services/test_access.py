"""Roles as the services see them: who may do what, and the refusal a user reads."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES, GRANTS, Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access


def test_every_role_has_grants_and_only_the_principal_signs_and_locks():
    assert set(GRANTS) == set(ACCOUNT_ROLES)
    signers = [r for r in ACCOUNT_ROLES if Action.SIGN_REPORT in GRANTS[r]]
    lockers = [r for r in ACCOUNT_ROLES if Action.LOCK_ASSESSMENT in GRANTS[r]]
    assert signers == ["校长"] and lockers == ["校长"]


def test_read_only_writes_nothing_and_exports_without_full_ids():
    # Exports write a file of the inspector's, never the data; their ID numbers come out masked.
    writes = [a for a in Action if a not in (Action.READ, Action.EXPORT)]
    assert [a for a in writes if a in GRANTS["只读"]] == []
    assert Action.EXPORT_FULL_IDS not in GRANTS["只读"]


def test_nobody_signed_in_acts_as_the_system_user_who_may_do_everything():
    actor = access.current()
    assert actor.system and access.require(Action.MANAGE_USERS).system


def test_refusal_names_the_account_the_action_and_who_may():
    clerk = access.Actor("王老师", frozenset({"教务员"}))
    with access.acting_as(clerk), pytest.raises(UserError) as err:
        access.require(Action.SIGN_REPORT)
    text = str(err.value)
    assert "王老师" in text and "月报签字" in text and "校长" in text
    assert access.current().system  # the block ended: back to the system user


def test_class_head_is_limited_to_own_classes():
    head = access.Actor("李老师", frozenset({"班主任"}), class_ids=frozenset({3}))
    with access.acting_as(head):
        assert access.require(Action.SAVE_HEADCOUNT, class_id=3) is head
        with pytest.raises(UserError, match="本人所带班级"):
            access.require(Action.SAVE_HEADCOUNT, class_id=4)
        assert access.visible_class_ids() == frozenset({3})


def test_several_roles_give_the_widest_scope():
    both = access.Actor("张老师", frozenset({"班主任", "教务员"}), class_ids=frozenset({3}))
    with access.acting_as(both):
        access.require(Action.SAVE_HEADCOUNT, class_id=9)
        assert access.visible_class_ids() is None


def test_many_students_at_once_are_held_to_the_same_scope(folder, actor):
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services import demo, membership

    demo.create_demo_school(actor, students=60, seed=2)
    today = dt.date.today()
    ids = [s.id for s in Student.select()]
    classes = membership.classes_on(ids, today)
    own = next(c for c in classes.values() if c is not None)
    mine = [sid for sid, c in classes.items() if c == own]
    head = access.Actor("李老师", frozenset({"班主任"}), class_ids=frozenset({own}))
    with access.acting_as(head):
        assert access.require_all(Action.SAVE_HEADCOUNT, mine, today) is head
        with pytest.raises(UserError, match="本人所带班级"):
            access.require_all(Action.SAVE_HEADCOUNT, ids, today)
