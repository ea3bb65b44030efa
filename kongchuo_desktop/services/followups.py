"""What 首页 lists beside the head-count's steps: 送教上门 children behind plan this month, and the
deadlines set by notices issued (until met; once passed, 已逾期 with the next 四步法 step)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.domain.home_teaching import NAME as HOME_TEACHING
from kongchuo_desktop.services import home_teaching, notices, visibility


@dataclass(frozen=True)
class FollowUp:
    kind: str  # domain.home_teaching.NAME / the notice's kind
    student_id: int | None
    student_name: str
    class_name: str
    text: str
    due: dt.date | None
    overdue: bool
    notice_id: int | None = None

    @property
    def state(self) -> str:
        return "已逾期" if self.overdue else "未到期"


def followups(today: dt.date) -> list[FollowUp]:
    """Overdue first, then by due day; only the children the acting account may read."""
    out = [
        FollowUp(
            HOME_TEACHING,
            r.student_id,
            r.name,
            r.class_name,
            f"{r.month.text}，还差{r.month.missing}次（{r.plan_text}）",
            None,
            False,
        )
        for r in home_teaching.behind_plan(today)
    ]
    for d in notices.open_deadlines(today):
        out.append(
            FollowUp(
                d.kind,
                d.student_id,
                d.person_name,
                d.class_name,
                d.text,
                d.deadline,
                d.overdue,
                d.notice_id,
            )
        )
    out = visibility.students(out, lambda f: f.student_id, today)
    return sorted(out, key=lambda f: (not f.overdue, f.due or dt.date.max, f.student_name))
