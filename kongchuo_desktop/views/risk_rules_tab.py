"""设置 → 易辍生预警规则: each rule of the at-risk score with on/off, threshold and points, the two
level lines (高/中) and the levels that need a 一帮一 helper. Saved through settings_store.set_many
(checked, audited, all or nothing); the ranked list follows at its next showing.

The chronic-absence rule's threshold is the existing setting attendance.chronic_absence_percent:
shown here (read again each time the tab is shown), edited on 点名与上报规则 only, so that two
tabs never hold two versions of one setting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import setting_specs as specs
from kongchuo_desktop import settings
from kongchuo_desktop.domain import risk_rules as rr
from kongchuo_desktop.services import access, risk_score, settings_store
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.rule_table import defaults_and_save, padded, rule_table

HEADERS = ["启用", "规则", "阈值", "分值"]


def _name(key: str) -> str:
    return key.replace(":", "_").replace("/", "_")


class RiskRulesTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.on: dict[str, QCheckBox] = {}
        self.threshold: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self.points: dict[str, QSpinBox] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.high = QSpinBox(objectName="risk_high_score")
        self.medium = QSpinBox(objectName="risk_medium_score")
        for box, spec in (
            (self.high, specs.RISK_HIGH_SCORE),
            (self.medium, specs.RISK_MEDIUM_SCORE),
        ):
            box.setRange(int(spec.minimum), int(spec.maximum))
            box.setSuffix(" 分")
            box.setMaximumWidth(120)
            box.setToolTip(f"默认：{spec.default}")
            form.addRow(spec.label, box)
        levels = QHBoxLayout()
        self.helper_levels: dict[str, QCheckBox] = {}
        for word in rr.LEVEL_WORDS:
            box = QCheckBox(word, objectName=f"risk_helper_{rr.Level(word).name.lower()}")
            self.helper_levels[word] = box
            levels.addWidget(box)
        levels.addStretch(1)
        form.addRow("需要一帮一帮扶的预警等级", levels)
        layout.addLayout(form)

        self.table = rule_table(len(rr.CRITERIA), HEADERS, "risk_rules_table")
        for r, c in enumerate(rr.CRITERIA):
            self._add_row(r, c)
        layout.addWidget(self.table, 1)
        hint = QLabel(
            "学生符合一条规则就加上它的分值，相加为预警得分；阈值为“达到即计入”。"
            "长期缺勤的预警线就是“点名与上报规则”中的长期缺勤预警线。鼠标停在规则上可看到说明。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(defaults_and_save("risk_rules", self.show_defaults, self.save))
        self.refresh()

    def _add_row(self, r: int, c: rr.Criterion) -> None:
        on = QCheckBox(objectName=f"risk_on_{_name(c.key)}")
        self.table.setCellWidget(r, 0, padded(on))
        self.on[c.key] = on
        label = QTableWidgetItem(
            c.label if c.default_threshold or c.unit else f"重点学生：{c.label}"
        )
        label.setToolTip(c.help or c.label)
        self.table.setItem(r, 1, label)
        edit: QSpinBox | QDoubleSpinBox | None
        if c.key == rr.CHRONIC_ABSENCE:
            self.chronic = QLabel(objectName="risk_threshold_chronic_absence")
            self.chronic.setToolTip(
                f"即“{specs.CHRONIC_ABSENCE_PERCENT.label}”，在“点名与上报规则”中修改"
            )
            self.table.setCellWidget(r, 2, self.chronic)
            edit = None
        elif c.default_threshold is None:
            edit = None
        elif c.decimals:
            edit = QDoubleSpinBox()
            edit.setRange(c.minimum, c.maximum)
            edit.setDecimals(c.decimals)
            edit.setSingleStep(0.5)
        else:
            edit = QSpinBox()
            edit.setRange(int(c.minimum), int(c.maximum))
        if edit is None and c.key != rr.CHRONIC_ABSENCE:
            dash = QTableWidgetItem("—")
            dash.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(r, 2, dash)
        elif edit is not None:
            edit.setObjectName(f"risk_threshold_{_name(c.key)}")
            edit.setSuffix(f" {c.unit}")
            self.threshold[c.key] = edit
            self.table.setCellWidget(r, 2, edit)
        points = QSpinBox(objectName=f"risk_points_{_name(c.key)}")
        points.setRange(0, rr.MAX_POINTS)
        points.setPrefix("+")
        self.points[c.key] = points
        self.table.setCellWidget(r, 3, points)

    def showEvent(self, event) -> None:
        self._show_chronic()  # it may have just been changed on 点名与上报规则
        super().showEvent(event)

    def _show_chronic(self) -> None:
        value = settings.get(specs.CHRONIC_ABSENCE_PERCENT.key)
        self.chronic.setText(f" {value:g} %（在“点名与上报规则”中修改）")

    def _show(self, value: dict, high: int, medium: int, levels: str) -> None:
        for key, entry in value.items():
            c = rr.BY_KEY[key]
            self.on[key].setChecked(bool(entry.get("on", True)))
            self.points[key].setValue(int(entry.get("points", c.default_points)))
            if key in self.threshold:
                self.threshold[key].setValue(entry.get("threshold", c.default_threshold))
        self._show_chronic()
        self.high.setValue(high)
        self.medium.setValue(medium)
        chosen = {level.value for level in rr.levels_from_text(levels)}
        for word, box in self.helper_levels.items():
            box.setChecked(word in chosen)

    def refresh(self) -> None:
        self._show(
            risk_score.rules_setting(),
            settings.get(specs.RISK_HIGH_SCORE.key),
            settings.get(specs.RISK_MEDIUM_SCORE.key),
            settings.get(specs.RISK_HELPER_LEVELS.key),
        )

    def show_defaults(self) -> None:
        self._show(
            rr.default_rule_setting(),
            specs.RISK_HIGH_SCORE.default,
            specs.RISK_MEDIUM_SCORE.default,
            specs.RISK_HELPER_LEVELS.default,
        )

    def values(self) -> dict:
        """The settings as the form shows them, by key."""
        rules = {}
        for c in rr.CRITERIA:
            entry: dict = {"on": self.on[c.key].isChecked(), "points": self.points[c.key].value()}
            if c.key in self.threshold:
                entry["threshold"] = self.threshold[c.key].value()
            rules[c.key] = entry
        return {
            specs.RISK_RULES.key: rules,
            specs.RISK_HIGH_SCORE.key: self.high.value(),
            specs.RISK_MEDIUM_SCORE.key: self.medium.value(),
            specs.RISK_HELPER_LEVELS.key: ",".join(
                w for w, box in self.helper_levels.items() if box.isChecked()
            ),
        }

    def save(self) -> bool:
        """Save every changed value, or none: a value the rules do not allow is shown."""
        saved = {specs.RISK_RULES.key: risk_score.rules_setting()}
        changed = {k: v for k, v in self.values().items() if v != saved.get(k, settings.get(k))}
        try:
            settings_store.set_many(changed, access.actor_name())
        except settings.SettingError as exc:
            messages.fail(self, "不能保存", exc, after="\n没有保存任何修改。")
            return False
        return True
