"""每日点名's entry state for one class, without a window: the children marked absent, whether
they are saved, the day's figures (实到), and what saving sends. views/headcount_entry_tab shows it
and forwards clicks; tests drive it directly.

A child is marked first and given a reason after (Ctrl+1…6 right after Enter): until then his
reason is NO_REASON, the table row asks for one, and the class cannot be saved. Nothing chosen
for one child carries over to the next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.domain.attendance import AbsenceReason, HeadCount, Period, head_count
from kongchuo_desktop.services.attendance import AbsenceInput, AttendanceError

NO_REASON = ""  # marked absent, reason not chosen yet
REASON_PROMPT = "请选择原因"  # what the table and the message line show for NO_REASON
REASON_KEYS = "Ctrl+1…6（病假、事假、旷课、迟到、早退、其他）"
_REASONS = {r.value for r in AbsenceReason}
_PERIODS = {p.value for p in Period}


# A class read from a pasted message but not saved: class id, day, and the children understood
# as (student_id, reason or None, period or None). The entry tab opens it filled in.
PastedClass = tuple[int, dt.date, list[tuple[int, str | None, str | None]]]


def pasted_marks(absentees: Iterable[tuple[int, str | None, str | None]]) -> list[AbsenceInput]:
    """The children a message named, as marks: a reason not given is NO_REASON (asked for), a
    period not given is 全天."""
    return [
        AbsenceInput(sid, reason or NO_REASON, period or Period.FULL.value)
        for sid, reason, period in absentees
    ]


class ReasonMissing(AttendanceError):
    """Saving a class where a child marked absent has no reason yet."""


class EntryState:
    """The class being entered. `entries` maps a student id to its row of the absence table
    (a dict the table edits in place: id, name, reason, period, note), in marking order."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}  # every child on the roll: id → name
        self.entries: dict[int, dict] = {}
        self.dirty = False
        # The child just marked absent: a reason or period shortcut right after applies to him.
        self.just_marked: int | None = None

    def load(self, names: dict[int, str], marked: Iterable[AbsenceInput], *, dirty: bool) -> None:
        """A class's children and its recorded absences (saved, prefilled from approved leave,
        or read from a pasted message) (the first per child; children no longer in the class are
        left out; a reason or period this program does not know becomes NO_REASON / 全天, for
        the clerk to choose). `dirty`: marks that are not saved yet."""
        self.names = dict(names)
        self.entries = {}
        self.just_marked = None
        for a in marked:
            if a.student_id in self.names and a.student_id not in self.entries:
                reason = a.reason if a.reason in _REASONS else NO_REASON
                period = a.period if a.period in _PERIODS else Period.FULL.value
                self.entries[a.student_id] = self._row(a.student_id, reason, period, a.note or "")
        self.dirty = dirty

    def _row(self, student_id: int, reason: str, period: str, note: str) -> dict:
        return {
            "id": student_id,
            "name": self.names[student_id],
            "reason": reason,
            "period": period,
            "note": note,
        }

    def toggle(self, student_id: int, reason: str, period: str, note: str = "") -> bool:
        """Mark the child absent with these values (reason may be NO_REASON: chosen after), or
        unmark him; True when now marked."""
        self.dirty = True
        if student_id in self.entries:
            del self.entries[student_id]
            if self.just_marked == student_id:
                self.just_marked = None
            return False
        self.entries[student_id] = self._row(student_id, reason, period, note.strip())
        self.just_marked = student_id
        return True

    def remove(self, student_id: int) -> None:
        self.entries.pop(student_id, None)
        self.dirty = True

    def set_value(self, student_id: int, key: str, value: str) -> bool:
        """Change the reason or period of a marked child; True when it changed."""
        entry = self.entries[student_id]
        if entry[key] == value:
            return False
        entry[key] = value
        self.dirty = True
        return True

    def shortcut_target(self, selected: int | None) -> int | None:
        """Whom a reason/period shortcut applies to: the absence row selected, else the child
        just marked (if still marked). None: the shortcut is for the child being typed."""
        if selected is not None:
            return selected
        return self.just_marked if self.just_marked in self.entries else None

    def describe(self, student_id: int) -> str:
        """“张三：病假（上午）” for the message line; “张三：请选择原因…” before a reason."""
        entry = self.entries[student_id]
        period = "" if entry["period"] == Period.FULL.value else f"（{entry['period']}）"
        if entry["reason"] == NO_REASON:
            return f"{entry['name']}{period}：{REASON_PROMPT}，按 {REASON_KEYS}"
        return f"{entry['name']}：{entry['reason']}{period}"

    def absent_map(self) -> dict[int, str]:
        """Marked children → reason (NO_REASON before one is chosen; the roster colours them)."""
        return {sid: e["reason"] for sid, e in self.entries.items()}

    def rows(self) -> list[dict]:
        return list(self.entries.values())

    def without_reason(self) -> list[int]:
        """The children marked absent whose reason is not chosen yet, in marking order."""
        return [sid for sid, e in self.entries.items() if e["reason"] == NO_REASON]

    def count(self) -> HeadCount:
        """应到, 缺勤, 迟到/早退 and 实到 of the class as marked (a child without a reason yet
        counts as absent)."""
        return head_count(len(self.names), (e["reason"] for e in self.entries.values()))

    def summary(self) -> str:
        """The line under the absence table."""
        c = self.count()
        extra = f"，迟到/早退 {c.late} 人" if c.late else ""
        missing = len(self.without_reason())
        if missing:
            extra += f"，{missing} 人未选原因"
        mark = "　（未保存）" if self.dirty else ""
        return f"应到 {c.expected}　实到 {c.present}　缺勤 {c.absent}{extra}{mark}"

    def inputs(self) -> list[AbsenceInput]:
        """What saving sends: one AbsenceInput per marked child. Raises ReasonMissing, naming
        the children, while one of them has no reason."""
        if missing := self.without_reason():
            names = "、".join(self.names[sid] for sid in missing)
            raise ReasonMissing(
                f"{names} 还没有选择缺勤原因。请在缺勤学生表中选中后按 {REASON_KEYS}，再保存。"
            )
        return [
            AbsenceInput(e["id"], e["reason"], e["period"], e["note"])
            for e in self.entries.values()
        ]

    def saved(self) -> None:
        self.dirty = False
