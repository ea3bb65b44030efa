"""三包 responsibility in plain Python: the roles, the kinds of gap the coverage check finds, the
duties a 责任书 lists, which village an address names, and which teachers carry too many students.

"校长包全校, 班主任包班级, 教师包学生" (DOMAIN.md); 校领导包年级 is optional; the government line
(乡镇干部包村, 村干部包组) is plain names. Every student in school resolves to one 包保 teacher,
one class head and the principal; anything less is a gap to fix.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PRINCIPAL = "校长"  # the whole school
    GRADE_LEADER = "校领导"  # a grade
    CLASS_HEAD = "班主任"  # a class: the class head history (ClassHead), not an assignment row
    GUARANTOR = "包保教师"  # a student
    HELPER = "帮扶教师"  # 一帮一: a teacher for an at-risk student
    STUDENT_HELPER = "帮扶学生"  # 一帮一: optionally a classmate too
    TOWNSHIP_CADRE = "乡镇干部"  # a village
    VILLAGE_CADRE = "村干部"  # a group of a village
    OFFICE = "教务处"  # named by the escalation settings: the teacher who is 教务主任


# Who an escalation step names (settings escalation.role_*): the roles one may choose.
STEP_ROLE_CHOICES = (
    Role.GUARANTOR.value,
    Role.CLASS_HEAD.value,
    Role.OFFICE.value,
    Role.GRADE_LEADER.value,
    Role.PRINCIPAL.value,
)
OFFICE_TEACHER_ROLE = "教务主任"  # domain.roles: the teacher who stands for 教务处


def step_role_problem(label: str, value: str) -> str | None:
    if value in STEP_ROLE_CHOICES:
        return None
    return f"“{label}”只能填：{'、'.join(STEP_ROLE_CHOICES)}（填的是“{value}”）"


class GapKind(StrEnum):
    """A problem the coverage check shows, with the action that fixes it (`action`)."""

    NO_PRINCIPAL = "未指定校长"
    NO_GRADE_LEADER = "年级无校领导"
    NO_CLASS_HEAD = "班级无班主任"
    UNCONFIRMED = "未确认包保"
    CARRIED_OVER = "延续待确认"
    TEACHER_LEFT = "包保教师已离校"
    NO_HELPER = "易辍生无帮扶教师"
    LETTER_UNSIGNED = "责任书未签"
    OVERLOADED = "包保人数过多"
    NO_VILLAGE = "住址未匹配村组"

    @property
    def action(self) -> str:
        return _ACTIONS[self]


_ACTIONS = {
    GapKind.NO_PRINCIPAL: "指定校长",
    GapKind.NO_GRADE_LEADER: "指定校领导",
    GapKind.NO_CLASS_HEAD: "在“花名册 → 班级”设置班主任",
    GapKind.UNCONFIRMED: "确认本班包保（或改派）",
    GapKind.CARRIED_OVER: "确认本班包保（或改派）",
    GapKind.TEACHER_LEFT: "改派包保教师",
    GapKind.NO_HELPER: "指定帮扶教师",
    GapKind.LETTER_UNSIGNED: "登记责任书签订",
    GapKind.OVERLOADED: "把部分学生改派给其他教师",
    GapKind.NO_VILLAGE: "选择所属村组",
}

# What a 包保 teacher signs for (方案2, 方案13, 方案18), printed on the 责任书.
GUARANTOR_DUTIES = (
    "每天掌握所包保学生的到校情况，学生无故缺席当天联系家长，了解原因并及时报告学校。",
    "每学期至少家访一次所包保的学生，了解家庭情况和学习困难，做好记录。",
    "对学习困难、厌学或家庭困难的学生开展一帮一帮扶，帮助其树立信心，防止辍学。",
    "学生出现辍学倾向时，配合学校和村组干部做好劝返工作，直至学生返校。",
    "所包保学生辍学的，按学校控辍保学考核办法追究包保责任。",
)


def village_for(address: str, villages: Sequence[tuple[int, str, str]]) -> int | None:
    """The village or group (id) an address names: of `villages` (id, 村, 组), the one whose
    村 and 组 both appear in the address, else the 村 as a whole (组 ""), else None. Of two
    matching villages, the longer name wins (大坪村 over 坪村)."""
    text = (address or "").replace(" ", "")
    best: tuple[int, int, int] | None = None  # (name length, group matched, id)
    for vid, name, group in villages:
        if not name or name not in text:
            continue
        if group and group not in text.split(name, 1)[1]:
            continue
        key = (len(name), 1 if group else 0, vid)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


@dataclass(frozen=True)
class Load:
    teacher_id: int
    students: int
    median: float


def overloaded(counts: Mapping[int, int], factor: float) -> list[Load]:
    """Teachers holding more than `factor` × the median number of students (of teachers holding
    any), most loaded first. No median with fewer than three teachers: nothing to compare."""
    values = [n for n in counts.values() if n > 0]
    if len(values) < 3:
        return []
    median = statistics.median(values)
    out = [Load(t, n, median) for t, n in counts.items() if n > median * factor]
    return sorted(out, key=lambda x: (-x.students, x.teacher_id))


def names(values: Iterable[str]) -> str:
    return "、".join(v for v in values if v)
