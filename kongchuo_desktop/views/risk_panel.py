"""The student page's 易辍生预警 box: the child's score, level and each reason with its points, by
the rules in 设置 (services.risk_score.score_for)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from kongchuo_desktop.services import risk_score
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.risk_models import LEVEL_TONES


class RiskPanel(QGroupBox):
    def __init__(self, parent=None, *, today: dt.date | None = None):
        super().__init__("易辍生预警", parent)
        self.setObjectName("student_risk")
        self.today = today  # None: the real today (tests pass a fixed day)
        layout = QVBoxLayout(self)
        self.headline = QLabel(objectName="student_risk_score")
        self.reasons = QLabel(objectName="student_risk_reasons", wordWrap=True)
        hint = QLabel("规则和分值在“设置 → 易辍生预警规则”中修改。")
        hint.setProperty("hint", True)
        for widget in (self.headline, self.reasons, hint):
            layout.addWidget(widget)

    def show_student(self, student_id: int) -> None:
        row = risk_score.score_for(student_id, self.today or dt.date.today())
        if row is None:
            messages.inline(self.headline, "不在籍，不计算预警得分")
            self.reasons.setText("")
            return
        text = f"{row.score} 分　等级：{row.level}"
        if row.needs_helper:
            text += "　需要一帮一帮扶"
        messages.inline(self.headline, text, LEVEL_TONES.get(row.level, ""))
        lines = [f"• {r.text}　+{r.points}" for r in row.reasons]
        self.reasons.setText("\n".join(lines) or "没有符合预警规则的情况。")
