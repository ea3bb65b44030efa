"""Who is acting, and whether they may: roles enforced in the service layer (issue 17 item 2).

The window signs an account in (`sign_in`) after its login; until then — and always on the
command line, whose commands act as the system user (whoever can run them can read the file
anyway) — the acting party is `SYSTEM`, which may do everything, named after the OS account.
Tests and the window's own steps can act as someone for a moment with `acting_as`.

A service that writes calls `require(Action.X, class_id=… / student_id=…)` before it validates;
one that lists students narrows what it returns with `visible_class_ids()` /
`visible_student_ids(day)`. The rules themselves (which role may do what, over which scope) are
plain data in domain/permissions.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kongchuo_desktop.domain.permissions import Action, Scope, roles_allowing, scope_for
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit


@dataclass(frozen=True)
class Actor:
    """The account acting now: its name (written into the audit trail), its roles, the classes
    it holds as 班主任 and the teacher record it is linked to (for 包保 students)."""

    name: str
    roles: frozenset[str]
    class_ids: frozenset[int] = field(default_factory=frozenset)
    teacher_id: int | None = None
    account_id: int | None = None
    system: bool = False  # the command line / no accounts yet: may do everything

    def scope(self, action: Action) -> Scope | None:
        if self.system:
            return Scope.SCHOOL
        return scope_for(self.roles, action)

    def can(self, action: Action) -> bool:
        """May do the action at all (over some scope)."""
        return self.scope(action) is not None


def system_actor() -> Actor:
    return Actor(name=audit.os_user(), roles=frozenset(), system=True)


_signed_in: Actor | None = None


def current() -> Actor:
    """The acting account: the signed-in one, else the system user."""
    return _signed_in if _signed_in is not None else system_actor()


def actor_name() -> str:
    """The name the audit trail records for what the window does now."""
    return current().name


def sign_in(actor: Actor) -> None:
    global _signed_in
    _signed_in = actor


def sign_out() -> None:
    global _signed_in
    _signed_in = None


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Act as `actor` inside the block (tests; a 校长 signing on the clerk's open window)."""
    global _signed_in
    before = _signed_in
    _signed_in = actor
    try:
        yield actor
    finally:
        _signed_in = before


def refusal(action: Action, actor: Actor, where: str = "") -> UserError:
    allowed = "、".join(roles_allowing(action)) or "任何角色"
    tail = f"（{where}）" if where else ""
    return UserError(
        f"账号“{actor.name}”没有“{action.value}”的权限{tail}。"
        f"此操作需要以下角色之一：{allowed}。请换用有权限的账号（切换用户）。"
    )


def _class_of(student_id: int, day: dt.date) -> int | None:
    from kongchuo_desktop.services import membership

    return membership.class_on(student_id, day)


def _guaranteed_by(teacher_id: int | None, student_ids: Iterable[int], day: dt.date) -> set[int]:
    """Of `student_ids`, those whose 包保 teacher (or 一帮一 helper teacher) on `day` is the
    account's teacher."""
    if teacher_id is None:
        return set()
    from kongchuo_desktop.services.responsibility import responsible_for

    out = set()
    for sid, r in responsible_for(student_ids, day).items():
        people = [r.guarantor, *r.helpers]
        if any(t is not None and t.id == teacher_id for t in people):
            out.add(sid)
    return out


def require(
    action: Action,
    *,
    class_id: int | None = None,
    student_id: int | None = None,
    day: dt.date | None = None,
    where: str = "",
) -> Actor:
    """Refuse (UserError, in Chinese) unless the acting account may do `action` — on that class,
    or that student as of `day` (today by default). Without a class or student, the action must
    be allowed school-wide. Returns the actor, whose name the caller records."""
    actor = current()
    scope = actor.scope(action)
    if scope is None:
        raise refusal(action, actor, where)
    if scope is Scope.SCHOOL:
        return actor
    day = day or dt.date.today()
    if scope is Scope.OWN_CLASSES:
        if class_id is None and student_id is not None:
            class_id = _class_of(student_id, day)
        if class_id is not None and class_id in actor.class_ids:
            return actor
    # The 包保 students count for every scope that reaches them: a 班主任 who is also a 教师 is
    # 包保 for a child of another class (Scope.OWN_CLASSES is the wider, not the only, grant).
    if student_id is not None and student_id in _guaranteed_by(actor.teacher_id, [student_id], day):
        return actor
    raise refusal(action, actor, where or _narrow_where(scope))


def require_all(
    action: Action, student_ids: Iterable[int], day: dt.date | None = None, where: str = ""
) -> Actor:
    """`require` for many students at once, with one read of their classes and one of their
    包保 teachers (a 班主任 exporting his class's list asks for fifty children)."""
    actor = current()
    scope = actor.scope(action)
    if scope is None:
        raise refusal(action, actor, where)
    ids = set(student_ids)
    if scope is Scope.SCHOOL or not ids:  # nobody's data is touched by an empty list
        return actor
    day = day or dt.date.today()
    left = set(ids)
    if scope is Scope.OWN_CLASSES:
        from kongchuo_desktop.services import membership

        classes = membership.classes_on(left, day)
        left = {sid for sid in left if classes.get(sid) not in actor.class_ids}
    if left:
        left -= _guaranteed_by(actor.teacher_id, left, day)
    if left:
        raise refusal(action, actor, where or _narrow_where(scope))
    return actor


def _narrow_where(scope: Scope) -> str:
    if scope is Scope.OWN_CLASSES:
        return "只能处理本人所带班级的学生"
    return "只能处理本人包保的学生"


def visible_class_ids() -> frozenset[int] | None:
    """The classes the acting account may read; None means every class."""
    actor = current()
    scope = actor.scope(Action.READ)
    if scope is Scope.SCHOOL:
        return None
    if scope is Scope.OWN_CLASSES:
        return actor.class_ids
    return frozenset()


def visible_student_ids(candidates: Iterable[int], day: dt.date | None = None) -> set[int]:
    """Of `candidates`, the students the acting account may read on `day`."""
    ids = list(candidates)
    actor = current()
    scope = actor.scope(Action.READ)
    if scope is Scope.SCHOOL:
        return set(ids)
    if scope is None:
        return set()
    day = day or dt.date.today()
    out: set[int] = set()
    if Scope.OWN_CLASSES.value <= scope.value:
        from kongchuo_desktop.services import membership

        out |= {
            sid for sid, cid in membership.classes_on(ids, day).items() if cid in actor.class_ids
        }
    out |= _guaranteed_by(actor.teacher_id, [i for i in ids if i not in out], day)
    return out
