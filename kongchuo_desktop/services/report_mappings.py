"""Hand corrections to a month-report template, remembered by the template's fingerprint: the
next month (or another file of the same layout) is understood the same way without asking again.
Each change is audited."""

from __future__ import annotations

import datetime as dt
import json

from kongchuo_desktop.db import connection
from kongchuo_desktop.db.models import ReportTemplateMapping
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.report_plan import Corrections
from kongchuo_desktop.services import audit, guards


def corrections_for(fingerprint: str) -> Corrections:
    row = ReportTemplateMapping.get_or_none(ReportTemplateMapping.fingerprint == fingerprint)
    if row is None:
        return Corrections()
    try:
        return Corrections.from_json(json.loads(row.corrections))
    except ValueError:
        return Corrections()  # a damaged entry is as good as none: the template is read afresh


def remember(actor: str, fingerprint: str, template_name: str, corrections: Corrections) -> None:
    """Keep `corrections` for the template; empty corrections forget it."""
    guards.school(Action.PREPARE_REPORT)
    text = json.dumps(corrections.to_json(), ensure_ascii=False, sort_keys=True)
    with connection.current().atomic():
        row = ReportTemplateMapping.get_or_none(ReportTemplateMapping.fingerprint == fingerprint)
        if not corrections.to_json():
            if row is not None:
                audit.delete(row, actor)
            return
        now = dt.datetime.now().replace(microsecond=0)
        if row is None:
            audit.create(
                ReportTemplateMapping,
                actor,
                fingerprint=fingerprint,
                template_name=template_name,
                corrections=text,
                updated_at=now,
                updated_by=actor,
            )
        elif row.corrections != text or row.template_name != template_name:
            audit.update(
                row,
                actor,
                corrections=text,
                template_name=template_name,
                updated_at=now,
                updated_by=actor,
            )
