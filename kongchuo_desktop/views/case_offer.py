"""What 首页 adds for 劝返 cases: asking whether to 立案 when the written report step is marked
done, and the line of 家访 next steps whose day has come."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import case_contacts
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.elided_label import ElidedLabel


def asks_case(parent: QWidget, item) -> bool:
    """Whether marking `item` done also opens a case: the written report step asks; 疑似辍学
    always opens one (a child marked away always has a case)."""
    if item.step is Step.SUSPECTED_DROPOUT:
        return True
    if item.step is not Step.WRITTEN_REPORT:
        return False
    return messages.confirm(
        parent,
        "立案",
        f"已书面报告 {item.student_name}（{item.class_name}）的缺勤。"
        "同时为他建立劝返个案（一生一案），记入台账吗？",
        yes="立案",
        no="暂不立案",
    )


def next_steps_label() -> QLabel:
    label = ElidedLabel(objectName="home_next_steps")  # one line; all in the tooltip
    label.setProperty("tone", "warn")
    label.setVisible(False)
    return label


def show_next_steps(label: QLabel, today: dt.date) -> None:
    due = case_contacts.next_steps_due(today)
    label.setText(
        f"家访的下一步到期（{len(due)}项）："
        + "；".join(f"{r.student_name}：{r.next_step}（{r.due:%m月%d日}）" for r in due)
        if due
        else ""
    )
    label.setVisible(bool(due))
