"""The student page's 三包责任 box: who is responsible for the child today — 包保教师 (and whether
confirmed), 一帮一 helpers, 班主任, grade leader, principal, village and its cadres — as
services.responsibility answers every other part of the program."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from kongchuo_desktop.services.responsibility import Responsibility, responsible_for


def responsibility_lines(who: Responsibility) -> list[str]:
    """The lines shown, in the order of 三包: 教师包学生 first, then the class, the grade, the
    school and the government line."""
    if who.guarantor is None:
        head = f"（建议由班主任{who.class_head.name}包保）" if who.class_head else ""
        lines = [f"包保教师：未确认{head}"]
    else:
        state = "" if who.guarantor_confirmed else "（待确认）"
        lines = [f"包保教师：{who.guarantor.name}{state}"]
    helpers = [h.name for h in who.helpers] + [f"{n}（同学）" for n in who.helper_students]
    if helpers:
        lines.append("一帮一：" + "、".join(helpers))
    lines.append(f"班主任：{who.class_head.name if who.class_head else '未设置'}")
    if who.grade_leader:
        lines.append(f"包年级：{who.grade_leader.name}")
    if who.principal:
        lines.append(f"校长：{who.principal.name}")
    if who.village:
        cadres = "、".join(c for c in (who.township_cadre, who.village_cadre) if c)
        lines.append(f"村组：{who.village}" + (f"（{cadres}）" if cadres else ""))
    return lines


class ResponsibilityPanel(QGroupBox):
    def __init__(self, parent=None, *, today: dt.date | None = None):
        super().__init__("三包责任", parent)
        self.setObjectName("student_responsibility")
        self.today = today  # None: the real today (tests pass a fixed day)
        layout = QVBoxLayout(self)
        self.lines = QLabel(objectName="student_responsibility_lines", wordWrap=True)
        layout.addWidget(self.lines)

    def show_student(self, student_id: int) -> None:
        day = self.today or dt.date.today()
        who = responsible_for([student_id], day).get(student_id)
        self.lines.setText("\n".join(responsibility_lines(who)) if who else "不在籍")
