"""设置 → 教师考核规则: each rule of domain.assessment_rules with on/off, whom it touches, points,
the amount of performance pay and the veto, and how many 先进班主任 to propose a term. Saved
through settings_store.set_many (checked, audited, all or nothing). A term already locked keeps
the rules it was locked with; open terms and years follow the change at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import setting_specs as specs
from kongchuo_desktop import settings
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.services import access, settings_store
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.rule_table import defaults_and_save, padded, rule_table

HEADERS = ["启用", "规则", *ar.ROLES, "分值", "绩效（元）", "一票否决"]


class AssessmentRulesTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.on: dict[str, QCheckBox] = {}
        self.whom: dict[tuple[str, str], QCheckBox] = {}
        self.points: dict[str, QDoubleSpinBox] = {}
        self.amount: dict[str, QDoubleSpinBox] = {}
        self.veto: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        spec = specs.ASSESSMENT_ADVANCED_COUNT
        self.count = QSpinBox(objectName="assessment_advanced_count")
        self.count.setRange(int(spec.minimum), int(spec.maximum))
        self.count.setSuffix(" 名")
        self.count.setMaximumWidth(120)
        self.count.setToolTip(spec.help)
        form.addRow(spec.label, self.count)
        spec = specs.ASSESSMENT_STRUGGLING_PERCENT
        self.percent = QSpinBox(objectName="assessment_struggling_percent")
        self.percent.setRange(int(spec.minimum), int(spec.maximum))
        self.percent.setSuffix(" %")
        self.percent.setMaximumWidth(120)
        self.percent.setToolTip(spec.help)
        form.addRow(spec.label, self.percent)
        layout.addLayout(form)
        self.table = rule_table(len(ar.DEFAULT_RULES), HEADERS, "assessment_rules_table")
        for r, rule in enumerate(ar.DEFAULT_RULES):
            self._add_row(r, rule)
        layout.addWidget(self.table, 1)
        hint = QLabel(
            "勾选每条规则涉及的人员；分值和绩效金额为负数即扣分、扣绩效。辍学的负责人按缺勤开始"
            "那天（没有缺勤记录时按标为疑似辍学那天）的三包责任认定。已锁定的学期不受修改影响。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(defaults_and_save("assessment_rules", self.show_defaults, self.save))
        self.refresh()

    def _add_row(self, r: int, rule: ar.Rule) -> None:
        self.on[rule.key] = QCheckBox(objectName=f"assessment_on_{rule.key}")
        self.table.setCellWidget(r, 0, padded(self.on[rule.key]))
        label = QTableWidgetItem(rule.label)
        label.setToolTip(rule.help)
        self.table.setItem(r, 1, label)
        for c, role in enumerate(ar.ROLES, start=2):
            box = QCheckBox(objectName=f"assessment_whom_{rule.key}_{c - 2}")
            box.setToolTip(role)
            self.whom[(rule.key, role)] = box
            self.table.setCellWidget(r, c, padded(box))
        col = 2 + len(ar.ROLES)
        for store, limit, name in (
            (self.points, ar.MAX_POINTS, "points"),
            (self.amount, ar.MAX_AMOUNT, "amount"),
        ):
            edit = QDoubleSpinBox(objectName=f"assessment_{name}_{rule.key}")
            edit.setRange(-limit, limit)
            edit.setDecimals(2 if name == "points" else 0)
            store[rule.key] = edit
            self.table.setCellWidget(r, col, edit)
            col += 1
        self.veto[rule.key] = QCheckBox(objectName=f"assessment_veto_{rule.key}")
        self.table.setCellWidget(r, col, padded(self.veto[rule.key]))

    def _show(self, rules: tuple[ar.Rule, ...], count: int, percent: int) -> None:
        for rule in rules:
            self.on[rule.key].setChecked(rule.on)
            for role in ar.ROLES:
                self.whom[(rule.key, role)].setChecked(role in rule.whom)
            self.points[rule.key].setValue(rule.points)
            self.amount[rule.key].setValue(rule.amount)
            self.veto[rule.key].setChecked(rule.veto)
        self.count.setValue(count)
        self.percent.setValue(percent)

    def refresh(self) -> None:
        self._show(
            ar.rules_from_setting(settings.get(specs.ASSESSMENT_RULES.key)),
            settings.get(specs.ASSESSMENT_ADVANCED_COUNT.key),
            settings.get(specs.ASSESSMENT_STRUGGLING_PERCENT.key),
        )

    def show_defaults(self) -> None:
        self._show(
            ar.DEFAULT_RULES,
            specs.ASSESSMENT_ADVANCED_COUNT.default,
            specs.ASSESSMENT_STRUGGLING_PERCENT.default,
        )

    def values(self) -> dict:
        rules = {
            rule.key: {
                "on": self.on[rule.key].isChecked(),
                "points": self.points[rule.key].value(),
                "amount": self.amount[rule.key].value(),
                "veto": self.veto[rule.key].isChecked(),
                "whom": [r for r in ar.ROLES if self.whom[(rule.key, r)].isChecked()],
            }
            for rule in ar.DEFAULT_RULES
        }
        return {
            specs.ASSESSMENT_RULES.key: rules,
            specs.ASSESSMENT_ADVANCED_COUNT.key: self.count.value(),
            specs.ASSESSMENT_STRUGGLING_PERCENT.key: self.percent.value(),
        }

    def save(self) -> bool:
        """Save every changed value, or none (audited)."""
        changed = {k: v for k, v in self.values().items() if v != settings.get(k)}
        try:
            settings_store.set_many(changed, access.actor_name())
        except settings.SettingError as exc:
            messages.fail(self, "不能保存", exc, after="\n没有保存任何修改。")
            return False
        return True
