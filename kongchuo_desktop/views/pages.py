"""The pages of the left navigation bar, in order. A feature replaces its placeholder here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kongchuo_desktop.domain.home_teaching import NAME as HOME_TEACHING
from kongchuo_desktop.views.placeholder_page import PlaceholderPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    factory: Callable[[object], QWidget]  # (DataFolder) -> page


def _placeholder(title: str, text: str) -> Callable[[object], QWidget]:
    def factory(folder):
        return PlaceholderPage(title, text)

    factory.placeholder = True  # views/page_state: shown as 建设中 until a feature replaces it
    return factory


def _home(folder):
    from kongchuo_desktop.views.home_page import HomePage

    return HomePage(folder)


def _assessment(folder):
    from kongchuo_desktop.views.assessment_page import AssessmentPage

    return AssessmentPage(folder)


def _headcount(folder):
    from kongchuo_desktop.views.headcount_page import HeadcountPage

    return HeadcountPage(folder)


def _roster(folder):
    from kongchuo_desktop.views.roster_page import RosterPage

    return RosterPage(folder)


def _report(folder):
    from kongchuo_desktop.views.report_page import ReportPage

    return ReportPage(folder, months=True)


def _review(folder):
    from kongchuo_desktop.views.review_page import ReviewPage

    return ReviewPage(folder)


def _risk(folder):
    from kongchuo_desktop.views.risk_page import RiskPage

    return RiskPage(folder)


def _coverage(folder):
    from kongchuo_desktop.views.coverage_page import CoveragePage

    return CoveragePage(folder)


def _visits(folder):
    from kongchuo_desktop.views.visits_page import VisitsPage

    return VisitsPage(folder)


def _home_teaching(folder):
    from kongchuo_desktop.views.home_teaching_page import HomeTeachingPage

    return HomeTeachingPage(folder)


def _audit(folder):
    from kongchuo_desktop.views.audit_page import AuditPage

    return AuditPage(folder)


def _census(folder):
    from kongchuo_desktop.views.census_page import CensusPage

    return CensusPage(folder)


def _settings(folder):
    from kongchuo_desktop.views.settings_page import SettingsPage

    return SettingsPage(folder)


PAGES: list[PageSpec] = [
    PageSpec("home", "首页", "home", _home),
    PageSpec("roster", "花名册", "roster", _roster),
    PageSpec("headcount", "每日点名", "headcount", _headcount),
    PageSpec("visits", "家访与劝返", "visits", _visits),
    PageSpec("home_teaching", HOME_TEACHING, "home_teaching", _home_teaching),
    PageSpec("census", "人籍比对", "census", _census),
    PageSpec("responsibility", "三包责任", "responsibility", _coverage),
    PageSpec("risk", "易辍生预警", "risk", _risk),
    PageSpec("assessment", "教师考核", "assessment", _assessment),
    PageSpec("report", "月报", "report", _report),
    PageSpec("review", "校长审阅", "review", _review),
    PageSpec("audit", "审计日志", "audit", _audit),
    PageSpec("settings", "设置", "settings", _settings),
]
