"""设置: school information, the school calendar, and backup & restore."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access
from kongchuo_desktop.setting_specs import HOME_TEACHING
from kongchuo_desktop.views.accounts_tab import AccountsTab
from kongchuo_desktop.views.assessment_rules_tab import AssessmentRulesTab
from kongchuo_desktop.views.backup_tab import BackupTab
from kongchuo_desktop.views.calendar_tab import CalendarTab
from kongchuo_desktop.views.notice_templates_tab import NoticeTemplatesTab
from kongchuo_desktop.views.page_layout import titled_page
from kongchuo_desktop.views.risk_rules_tab import RiskRulesTab
from kongchuo_desktop.views.rules_tab import RulesTab
from kongchuo_desktop.views.school_info_tab import SchoolInfoTab


class SettingsPage(QWidget):
    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = titled_page(self, "设置")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.school_tab = SchoolInfoTab()
        self.calendar_tab = CalendarTab()
        self.rules_tab = RulesTab("点名与上报")
        self.status_rules_tab = RulesTab("学籍")
        self.risk_tab = RiskRulesTab()
        self.report_rules_tab = RulesTab("月报")
        self.sanbao_rules_tab = RulesTab("三包责任")
        self.cases_tab = RulesTab("劝返与家访")
        self.home_teaching_tab = RulesTab(HOME_TEACHING)
        self.notice_tab = NoticeTemplatesTab()
        self.assessment_tab = AssessmentRulesTab()
        self.backup_tab = BackupTab(folder)
        self._tabs = [
            (self.school_tab, "学校信息"),
            (self.calendar_tab, "校历"),
            (self.rules_tab, "点名与上报规则"),
            (self.status_rules_tab, "学籍规则"),
            (self.risk_tab, "易辍生预警规则"),
            (self.sanbao_rules_tab, "三包责任"),
            (self.cases_tab, "劝返与家访"),
            (self.home_teaching_tab, HOME_TEACHING),
            (self.notice_tab, "通知书"),
            (self.assessment_tab, "教师考核规则"),
            (self.report_rules_tab, "月报规则"),
            (self.backup_tab, "备份与恢复"),
        ]
        if access.current().can(Action.MANAGE_USERS):  # 账号: for a 管理员 only (issue 17)
            self.accounts_tab = AccountsTab()
            self._tabs.append((self.accounts_tab, "账号"))
        for tab, title in self._tabs:
            self.tabs.addTab(tab, title)
        self.tabs.setUsesScrollButtons(True)  # ten tabs: arrows rather than a window too wide
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        for tab, _title in self._tabs:
            tab.refresh()
