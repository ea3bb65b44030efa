"""首页's lines for notices and 送教上门 (services.followups): the deadline each notice set until it
is met — 已逾期 in red with the next 四步法 step once passed — and the 送教上门 children behind plan
this month. Two labels under the steps to do; hidden when there is nothing to say."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from kongchuo_desktop.domain.home_teaching import NAME
from kongchuo_desktop.services.followups import followups
from kongchuo_desktop.views.elided_label import ElidedLabel


def followup_labels() -> tuple[QLabel, QLabel]:
    notices = ElidedLabel(objectName="home_notice_deadlines")  # one line; all in the tooltip
    home_teaching = ElidedLabel(objectName="home_teaching_behind")
    for label in (notices, home_teaching):
        label.setVisible(False)
    home_teaching.setProperty("tone", "warn")
    return notices, home_teaching


def _restyle(label: QLabel, tone: str) -> None:
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)


def show_followups(labels: tuple[QLabel, QLabel], today: dt.date) -> None:
    notices_label, teaching_label = labels
    items = followups(today)
    deadlines = [f for f in items if f.kind != NAME]
    behind = [f for f in items if f.kind == NAME]
    overdue = [f for f in deadlines if f.overdue]
    if deadlines:
        parts = [f"{f.student_name}（{f.class_name}）{f.kind}{f.text}" for f in deadlines]
        head = f"通知书期限（{len(deadlines)}项，其中已逾期{len(overdue)}项）："
        notices_label.setText(head + "；".join(parts))
    _restyle(notices_label, "error" if overdue else "warn")
    notices_label.setVisible(bool(deadlines))
    if behind:
        teaching_label.setText(
            f"{NAME}未完成{today.month}月计划（{len(behind)}人）："
            + "；".join(f"{f.student_name}（{f.class_name}）{f.text}" for f in behind)
        )
    teaching_label.setVisible(bool(behind))
