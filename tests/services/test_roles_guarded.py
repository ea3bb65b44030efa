"""Every service that writes checks the acting account first (issue 17 item 2).

GUARDED is the one table of the guarded service functions and the Action each requires. The
first test walks the services package: a public function whose first parameter is the acting
user (`actor`) must be in GUARDED, carry its own access.require, or be in EXEMPT with the
reason — so a new writing service that forgets its check is noticed here. The second reads each
guarded function's source and checks it asks for the Action the table names. The third signs in
a 只读 account and calls every one of them: each refuses in Chinese and the data file is
byte-for-byte the same afterwards.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from kongchuo_desktop import services
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access

A = Action
GUARDED: dict[str, Action] = {
    # head-count, leave, escalation
    "attendance.headcount.save_class": A.SAVE_HEADCOUNT,
    "attendance.paste.save_parsed": A.SAVE_HEADCOUNT,
    "attendance.leave.request_leave": A.APPROVE_LEAVE,
    "attendance.leave.approve_leave": A.APPROVE_LEAVE,  # the 校长 step: APPROVE_LEAVE_BEYOND_OFFICE
    "attendance.leave.reject_leave": A.APPROVE_LEAVE,
    "attendance.leave.return_from_leave": A.APPROVE_LEAVE,
    "attendance.leave.cancel_leave": A.APPROVE_LEAVE,
    "attendance.escalation_ledger.mark_done": A.EDIT_CASES,
    # cases, contacts, notices, 送教, 学困生
    "case_opening.open_case": A.EDIT_CASES,
    "case_opening.ensure_open_case": A.EDIT_CASES,
    "cases.open_for_student": A.EDIT_CASES,
    "cases.open_for_person": A.EDIT_CASES,
    "cases.open_from_escalation": A.EDIT_CASES,
    "cases.mark_step_done": A.EDIT_CASES,
    "cases.update_details": A.EDIT_CASES,
    "cases.set_responsibles": A.EDIT_CASES,
    "cases.enter_stage": A.EDIT_CASES,
    "cases.close_case": A.EDIT_CASES,
    "cases.reopen_case": A.EDIT_CASES,
    "case_contacts.add_contact": A.ADD_CONTACTS,
    "case_contacts.record_planned": A.ADD_CONTACTS,
    "case_contacts.add_photo": A.ADD_CONTACTS,
    "notices.issue_for_case": A.EDIT_CASES,
    "notices.visit_record": A.ADD_CONTACTS,
    "notices.save_template": A.EDIT_SETTINGS,
    "notices.reset_template": A.EDIT_SETTINGS,
    "home_teaching.save_plan": A.EDIT_CASES,
    "home_teaching.record_visit": A.ADD_CONTACTS,
    "struggling.name_struggling": A.EDIT_CASES,
    "struggling.mark_progress": A.EDIT_CASES,
    "assessment_report.add_adjustment": A.EDIT_ASSESSMENT,
    "assessment_report.lock": A.LOCK_ASSESSMENT,
    "assessment_report.unlock": A.LOCK_ASSESSMENT,
    # roster, status, imports, census
    "roster_import.apply_plan": A.EDIT_ROSTER,
    "roster_import.move_to_class": A.EDIT_ROSTER,
    "roster_queries.add_class": A.EDIT_ROSTER,
    "roster_queries.set_risk_flag": A.EDIT_ROSTER,
    "roster_queries.add_student": A.EDIT_ROSTER,
    "new_student.add_first_guardian": A.EDIT_ROSTER,
    "student_edit.save_student_edit": A.EDIT_ROSTER,
    "student_edit.delete_student": A.EDIT_ROSTER,
    "student_merge.merge_students": A.EDIT_ROSTER,
    "student_status.change_status": A.EDIT_ROSTER,
    "student_status.undo_status_change": A.EDIT_ROSTER,
    "transfer_procedure.start": A.EDIT_ROSTER,
    "transfer_procedure.save_step": A.EDIT_ROSTER,
    "transfer_procedure.abandon": A.EDIT_ROSTER,
    "class_change.move_to_class": A.EDIT_ROSTER,
    "classes.rename_class": A.EDIT_ROSTER,
    "classes.merge_classes": A.EDIT_ROSTER,
    "classes.remove_class": A.EDIT_ROSTER,
    "school_year_rollover.apply_rollover": A.EDIT_ROSTER,
    "villages.pick_village": A.EDIT_ROSTER,
    "census_import.apply_plan": A.EDIT_ROSTER,
    "census_import.add_to_village_list": A.EDIT_ROSTER,
    "census_check.decide": A.EDIT_ROSTER,
    "census_check.link_case": A.EDIT_ROSTER,
    "census_check.attach_proof": A.EDIT_ROSTER,
    # the school: calendar, teachers, 三包, villages
    "school_setup.set_up_school": A.EDIT_SCHOOL,
    "school_setup.update_school": A.EDIT_SCHOOL,
    "calendar_service.save_term": A.EDIT_SCHOOL,
    "calendar_service.set_day": A.EDIT_SCHOOL,
    "calendar_service.set_range": A.EDIT_SCHOOL,
    "calendar_service.load_national_holidays": A.EDIT_SCHOOL,
    "roster_queries.set_head_teacher": A.EDIT_SCHOOL,
    "roster_queries.add_teacher": A.EDIT_SCHOOL,
    "teachers.edit_teacher": A.EDIT_SCHOOL,
    "teachers.mark_left": A.EDIT_SCHOOL,
    "teachers.mark_back": A.EDIT_SCHOOL,
    "sanbao.hold": A.EDIT_SCHOOL,
    "sanbao.assign_students": A.EDIT_SCHOOL,
    "sanbao.confirm_class": A.EDIT_SCHOOL,
    "sanbao.set_principal": A.EDIT_SCHOOL,
    "sanbao.set_grade_leader": A.EDIT_SCHOOL,
    "sanbao.set_helper": A.EDIT_SCHOOL,
    "sanbao.end_helpers": A.EDIT_SCHOOL,
    "sanbao.sign_letter": A.EDIT_SCHOOL,
    "villages.add_village": A.EDIT_SCHOOL,
    "villages.set_cadre": A.EDIT_SCHOOL,
    # the month report's template mapping (preparing it; signing and filing are elsewhere)
    "report_mappings.remember": A.PREPARE_REPORT,
    # 管理员: settings, backups, start over
    "settings_store.set_many": A.EDIT_SETTINGS,
    "backups.copy_encrypted": A.MANAGE_BACKUPS,
    "backups.restore": A.MANAGE_BACKUPS,
    "start_over.start_over": A.MANAGE_BACKUPS,
    # exports
    "roster_export.export_roster": A.EXPORT,
    "case_ledger_export.export_ledger": A.EXPORT,
    "table_export.export_table": A.EXPORT,
}

EXEMPT: dict[str, str] = {
    "audit.record": "the audit trail itself: every guarded write passes through it",
    "attachments.add_file": "the file store: its callers (contact photos, 就读证明, 责任书, 送教 "
    "photos) check the account first",
    "attachments.remove": "the file store's own primitive, as add_file",
    "membership.place": "called only by guarded services (imports, 调班, 学年升级); a check here "
    "would make access → membership an import cycle",
    "responsibility.set_class_head": "called only by guarded services (set_head_teacher, "
    "mark_left, 学年升级); a check here would be an import cycle like membership.place",
    "responsibility.person_for_step": "reads: who should act on an escalation step",
    "access.sign_in": "who is acting, not a write",
    "access.acting_as": "who is acting, not a write",
    "struggling_import.apply": "writes only through struggling.name_struggling, which checks "
    "each class",
    "export_record.record": "the record of an export, written after the exporting service's "
    "own check",
    "export_record.record_report": "the record of a saved month report, as record",
    "export_record.write_export": "wraps a writer whose content was read through the narrowed "
    "or guarded services (export_table, export_roster, printouts); it adds the record and the zip",
}


def _service_modules():
    for info in pkgutil.walk_packages(services.__path__, "kongchuo_desktop.services."):
        short = info.name.removeprefix("kongchuo_desktop.services.")
        if short.endswith("_demo") or short == "demo":
            continue  # the demo builder acts as the system user on an empty folder
        yield short, importlib.import_module(info.name)


def _calls(func) -> list[ast.Call]:
    """The calls in the function as written in its module's file (not the live object, which a
    test may have wrapped)."""
    tree = ast.parse(Path(inspect.getfile(inspect.getmodule(func))).read_text(encoding="utf-8"))
    (node,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == func.__name__]
    return [n for n in ast.walk(node) if isinstance(n, ast.Call)]


def _checks(func) -> set[str]:
    """The Actions the function's own body asks for (guards.* or access.require)."""
    out = set()
    for call in _calls(func):
        f = call.func
        if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)):
            continue
        if f.value.id == "guards" and f.attr == "for_leave":
            out.add(Action.APPROVE_LEAVE.name)
        elif (
            ((f.value.id, f.attr) == ("access", "require") or f.value.id == "guards")
            and call.args
            and isinstance(call.args[0], ast.Attribute)
        ):
            out.add(call.args[0].attr)
    return out


def _function(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(f"kongchuo_desktop.services.{module}"), name)


def test_every_service_taking_the_acting_user_checks_the_account_or_says_why_not():
    unchecked = []
    for short, module in _service_modules():
        for name, func in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(func):
                continue
            if func.__module__ != module.__name__:
                continue
            params = list(inspect.signature(func).parameters)
            if not params or params[0] != "actor":
                continue
            key = f"{short}.{name}"
            if key in GUARDED or key in EXEMPT or _checks(func):
                continue
            unchecked.append(key)
    assert unchecked == [], (
        "these services take the acting user but never check the account "
        "(add guards.… / access.require, then list them in GUARDED): " + ", ".join(unchecked)
    )


def test_each_guarded_service_asks_for_the_action_the_table_names():
    wrong = {}
    for key, action in GUARDED.items():
        asked = _checks(_function(key))
        if action.name not in asked:
            wrong[key] = (action.name, sorted(asked))
    assert wrong == {}
    assert not set(GUARDED) & set(EXEMPT)


def _data_fingerprint() -> str:
    """Every row of every table, hashed: the same value means nothing was written."""
    db = current()
    digest = hashlib.sha256()
    tables = [
        r[0]
        for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        ).fetchall()
    ]
    for table in tables:
        digest.update(table.encode())
        for row in db.execute_sql(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _calls_for_read_only(tmp: Path) -> dict[str, dict]:
    """How to call each guarded service on the demo school: real ids where the check looks
    the record up, placeholders where nothing is read before the check."""
    from kongchuo_desktop.db.case_models import Case, CaseContact
    from kongchuo_desktop.db.models import LeaveRequest, SchoolClass, Student
    from kongchuo_desktop.services.case_contacts import ContactInput

    student = Student.select().first().id
    cls = SchoolClass.select().first().id
    case = Case.select().where(Case.student.is_null(False)).first().id
    contact = CaseContact.select().first().id
    leave = LeaveRequest.select().where(LeaveRequest.state == "待审批").first().id
    day = dt.date(2026, 11, 27)
    item = SimpleNamespace(student_id=student)
    parsed = SimpleNamespace(reports=[SimpleNamespace(class_id=cls)])
    contact_in = ContactInput(day=day)
    photo = tmp / "photo.png"
    x = None
    # by parameter name; every other required parameter gets the id below or a placeholder
    special = {
        "attendance.paste.save_parsed": {"parsed": parsed},
        "attendance.leave.request_leave": {"start": day, "end": day, "kind": "病假"},
        "attendance.leave.approve_leave": {"role": "班主任"},
        "attendance.leave.reject_leave": {"role": "班主任"},
        "attendance.escalation_ledger.mark_done": {"item": item},
        "cases.open_from_escalation": {"item": item},
        "cases.mark_step_done": {"item": item},
        "case_contacts.add_contact": {"c": contact_in},
        "struggling.name_struggling": {"student_ids": [student]},
        "settings_store.set_many": {"values": {"cases.no_contact_days": 9}},
        "backups.copy_encrypted": {"path": tmp / "b.sqlite", "dest": tmp / "copy.enc"},
        "backups.restore": {"source": tmp / "b.sqlite"},
        "roster_export.export_roster": {"path": tmp / "roster.xlsx"},
        "case_ledger_export.export_ledger": {"path": tmp / "ledger.xlsx"},
        "table_export.export_table": {"path": tmp / "table.xlsx"},
        "case_contacts.add_photo": {"path": photo},
    }
    ids = {
        "actor": "a",
        "case_id": case,
        "contact_id": contact,
        "class_id": cls,
        "student_id": student,
        "leave_id": leave,
        "day": day,
    }
    out = {}
    for key in GUARDED:
        given = {**ids, **special.get(key, {})}
        params = inspect.signature(_function(key)).parameters.values()
        out[key] = {
            p.name: given.get(p.name, x)
            for p in params
            if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }
    return out


def test_a_read_only_account_writes_nothing_through_any_guarded_service(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    calls = _calls_for_read_only(out)
    before = _data_fingerprint()
    inspector = access.Actor("督导", frozenset({"只读"}))
    # Exports are the inspector's one allowed write, and only of a file of its own with masked
    # ID numbers (tests/services/test_export_privacy.py); everything else refuses.
    calls = {k: a for k, a in calls.items() if not inspector.can(GUARDED[k])}
    refused = {}
    with access.acting_as(inspector):
        for key, args in calls.items():
            with pytest.raises(UserError) as err:
                _function(key)(**args)
            refused[key] = str(err.value)
    assert set(refused) == {k for k in GUARDED if GUARDED[k] is not Action.EXPORT}
    for key, text in refused.items():
        assert "督导" in text and "权限" in text, (key, text)
        assert GUARDED[key].value in text or "审批" in text, (key, text)
    assert _data_fingerprint() == before
    assert list(out.iterdir()) == []  # no copy or backup written
