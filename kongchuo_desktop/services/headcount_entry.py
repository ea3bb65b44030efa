"""每日点名's entry state for one class, without a window: the children marked absent, whether
they are saved, the day's figures (实到), and what saving sends. views/headcount_entry_tab shows it
and forwards clicks; tests drive it directly."""

from __future__ import annotations

from collections.abc import Iterable

from kongchuo_desktop.domain.attendance import HeadCount, Period, head_count
from kongchuo_desktop.services.attendance import AbsenceInput


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
        """A class's children and its recorded absences (saved, or prefilled from approved leave) (the first per child; children no
        longer in the class are left out). `dirty`: prefilled leave that is not saved yet."""
        self.names = dict(names)
        self.entries = {}
        self.just_marked = None
        for a in marked:
            if a.student_id in self.names and a.student_id not in self.entries:
                self.entries[a.student_id] = self._row(a.student_id, a.reason, a.period, a.note)
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
        """Mark the child absent with these values, or unmark him; True when now marked."""
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
        just marked (if still marked)."""
        if selected is not None:
            return selected
        return self.just_marked if self.just_marked in self.entries else None

    def describe(self, student_id: int) -> str:
        """“张三：病假（上午）” for the message line."""
        entry = self.entries[student_id]
        period = "" if entry["period"] == Period.FULL.value else f"（{entry['period']}）"
        return f"{entry['name']}：{entry['reason']}{period}"

    def absent_map(self) -> dict[int, str]:
        """Marked children → reason (the roster colours them)."""
        return {sid: e["reason"] for sid, e in self.entries.items()}

    def rows(self) -> list[dict]:
        return list(self.entries.values())

    def count(self) -> HeadCount:
        """应到, 缺勤, 迟到/早退 and 实到 of the class as marked."""
        return head_count(len(self.names), (e["reason"] for e in self.entries.values()))

    def summary(self) -> str:
        """The line under the absence table."""
        c = self.count()
        extra = f"，迟到/早退 {c.late} 人" if c.late else ""
        mark = "　（未保存）" if self.dirty else ""
        return f"应到 {c.expected}　实到 {c.present}　缺勤 {c.absent}{extra}{mark}"

    def inputs(self) -> list[AbsenceInput]:
        """What saving sends: one AbsenceInput per marked child."""
        return [
            AbsenceInput(e["id"], e["reason"], e["period"], e["note"])
            for e in self.entries.values()
        ]

    def saved(self) -> None:
        self.dirty = False
