"""The demo school's notices, issued on its open 劝返 cases as the cases' story goes: the case at
stage ① got a 劝返通知书 whose deadline is still running; the case at stage ② a 辍学报告单 and the
限期复学通知书 whose deadline has passed (首页 shows it 已逾期 with the next step); one visit's
家访记录表 printed. Numbers start with the demo's prefix."""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.case_models import Case, CaseContact, CaseStage
from kongchuo_desktop.db.models import stored_day
from kongchuo_desktop.domain.notice_text import NoticeKind
from kongchuo_desktop.services import notices, settings_store

DEMO_PREFIX = "青山九校"


def _stage_day(case_id: int, stage: int) -> dt.date | None:
    row = (
        CaseStage.select()
        .where((CaseStage.case == case_id) & (CaseStage.stage == stage))
        .order_by(CaseStage.started_on)
        .first()
    )
    return stored_day(row.started_on) if row else None


def add_demo_notices(actor: str, _rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    settings_store.set_many(
        {"notice.number_prefix": DEMO_PREFIX, "notice.contact": "教务处 0851-8123456"}, actor
    )
    issued = 0
    for case in Case.select().where(Case.closed_on.is_null()).order_by(Case.id):
        if case.stage == 1 and (started := _stage_day(case.id, 1)):
            day = min(today, started + dt.timedelta(days=10))
            notices.issue_for_case(actor, case.id, NoticeKind.PERSUADE, day)
            issued += 1
            visit = (
                CaseContact.select()
                .where((CaseContact.case == case.id) & (CaseContact.done == True))  # noqa: E712
                .order_by(CaseContact.date)
                .first()
            )
            if visit is not None:
                notices.visit_record(actor, visit.id, stored_day(visit.date))
                issued += 1
        elif case.stage == 2 and (started := _stage_day(case.id, 2)):
            report_day = max(stored_day(case.opened_on), started - dt.timedelta(days=5))
            notices.issue_for_case(actor, case.id, NoticeKind.DROPOUT_REPORT, report_day)
            notices.issue_for_case(actor, case.id, NoticeKind.DEADLINE, started)
            issued += 2
    summary["notices"] = issued
