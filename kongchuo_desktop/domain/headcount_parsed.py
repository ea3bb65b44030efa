"""What the head-count parser reads against (the school's roster that day) and what it
returns (classes, absentees, problems, what it left out), in plain Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from kongchuo_desktop.domain.attendance import PRESENT_REASONS, AbsenceReason, Period
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.wechat_copy import IgnoredLine, OtherDay

# --- the school's roster, as the parser needs it --------------------------------------------------


@dataclass(frozen=True)
class SavedReport:
    """A class's head-count already saved for the day (pasting again would replace it)."""

    expected: int
    present: int
    absentees: tuple[str, ...] = ()  # as shown: "张三病假", "李四迟到（上午）"

    def describe(self) -> str:
        absent = f"缺勤：{'、'.join(self.absentees)}" if self.absentees else "无缺勤"
        return f"应到{self.expected} 实到{self.present} {absent}"


@dataclass(frozen=True)
class RosterClass:
    class_id: int
    grade: int
    number: int
    expected: int  # 应到 from the roster (students on the roll)
    students: dict[str, tuple[int, ...]]  # name → student ids (two ids: same name twice)
    leave_kinds: dict[int, str] = field(default_factory=dict)  # on approved leave: id → 病假/事假
    saved: SavedReport | None = None  # the head-count already saved that day, if any
    leave_text: dict[int, str] = field(default_factory=dict)  # id → "病假（11月30日至12月2日）"
    leave_periods: dict[int, Period] = field(default_factory=dict)  # id → the leave's 上午/全天…

    @property
    def name(self) -> str:
        return class_name(self.grade, self.number)


@dataclass(frozen=True)
class Roster:
    classes: dict[tuple[int, int], RosterClass]
    teachers: frozenset[str] = frozenset()  # the school's teachers: never read as a child
    pending_form_days: int = 0  # > 0: a bare 请假 without leave on file is 待补请假单

    def all_names(self) -> frozenset[str]:
        return frozenset(n for c in self.classes.values() for n in c.students)

    def classes_of(self, name: str) -> list[str]:
        return [c.name for c in self.classes.values() if name in c.students]


# --- results --------------------------------------------------------------------------------------


@dataclass
class ParsedAbsentee:
    name: str
    reason: AbsenceReason | None
    period: Period = Period.FULL
    note: str = ""
    student_id: int | None = None
    half_day_unclear: bool = False
    on_leave: bool = False  # not in the message: the approved leave on file explains the absence
    pending_form: bool = False  # 请假 with no approved leave yet: 待补请假单 (saved as 其他)

    @property
    def counts_absent(self) -> bool:
        return self.reason not in PRESENT_REASONS


@dataclass
class ParsedClassReport:
    fragment: str  # the text of the message this report was read from
    grade: int | None
    number: int | None
    class_id: int | None = None
    expected_stated: int | None = None
    present_stated: int | None = None
    absent_stated: int | None = None
    all_present: bool = False  # 全到: nobody absent
    rest_present: bool = False  # 其余全到: the others are present
    absentees: list[ParsedAbsentee] = field(default_factory=list)
    reason_counts: dict[AbsenceReason, int] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    roster_expected: int | None = None
    problems: list[str] = field(default_factory=list)
    saved: SavedReport | None = None  # already reported that day: saving replaces it

    @property
    def overwrite_text(self) -> str:
        """ "" when the class has not been reported that day, else what saving would replace."""
        if self.saved is None:
            return ""
        return f"已上报，保存将覆盖（原：{self.saved.describe()}）"

    @property
    def class_name(self) -> str:
        if self.grade is None or self.number is None:
            return "（未识别班级）"
        try:
            return class_name(self.grade, self.number)
        except KeyError:
            return f"{self.grade}年级{self.number}班"

    @property
    def ok(self) -> bool:
        return not self.problems and self.class_id is not None

    @property
    def absent_count(self) -> int:
        return sum(1 for a in self.absentees if a.counts_absent)

    @property
    def present(self) -> int | None:
        """实到 as it will be saved: the roster's 应到 minus the absentees."""
        if self.roster_expected is None:
            return None
        return self.roster_expected - self.absent_count


@dataclass
class ParsedMessage:
    reports: list[ParsedClassReport]
    problems: list[str]  # not tied to one class: text before the first class, no class found
    ignored: list[IgnoredLine] = field(default_factory=list)  # 已忽略: WeChat lines, chatter
    other_days: list[OtherDay] = field(default_factory=list)  # 其他日期: shown, never saved

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.ok for r in self.reports)

    def all_problems(self) -> list[str]:
        out = list(self.problems)
        for r in self.reports:
            out += [f"{r.class_name}：{p}" for p in r.problems]
        return out
