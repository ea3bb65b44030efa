"""What a notice is filled with: the child, the guardian, the school's name, seal line and contact,
the case's dates, reasons and visits, or one contact's record (家访记录表). Read here, printed by
services.notices through the templates of domain.notice_text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import Case, CaseContact
from kongchuo_desktop.db.models import Guardian, School, Student, stored_day
from kongchuo_desktop.domain import cases as case_rules
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import case_contacts


class NoticeError(UserError, ValueError):
    pass


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    student_id: int | None
    person_name: str
    class_name: str
    closed_on: dt.date | None
    stage: int
    values: dict[str, str]


def school_values() -> dict[str, str]:
    school = School.select().first()
    name = school.name if school else ""
    seal = settings.get("notice.seal_line").strip() or name
    contact = settings.get("notice.contact").strip()
    if not contact and school is not None and school.phone:
        contact = f"{name} 联系电话：{school.phone}"
    return {
        "学校": name,
        "乡镇": school.township if school else "",
        "县": school.county if school else "",
        "落款": seal,
        "联系人": contact,
    }


def _guardian(student_id: int) -> tuple[str, str]:
    rows = list(
        Guardian.select()
        .where(Guardian.student == student_id)
        .order_by(Guardian.is_guardian.desc(), Guardian.sort_order, Guardian.id)
    )
    if not rows:
        return "", ""
    g = rows[0]
    return g.name, g.phone


def _child_values(case: Case) -> tuple[dict[str, str], int | None, str, str]:
    """(values, student id, name, class) of the child a case concerns."""
    if case.student_id:
        s = Student.get_by_id(case.student_id)
        guardian, phone = _guardian(s.id)
        class_name = s.school_class.name if s.school_class_id else "未分班"
        values = {
            "姓名": s.name,
            "性别": s.sex,
            "出生日期": chinese_date(stored_day(s.birth_date)) if s.birth_date else "",
            "班级": class_name,
            "学籍号": s.student_number or "",
            "住址": s.address or s.household_address,
            "监护人": guardian or f"{s.name}的家长",
            "监护人电话": phone or s.phone,
        }
        return values, s.id, s.name, class_name
    p = case.person
    values = {
        "姓名": p.name,
        "性别": p.sex,
        "出生日期": chinese_date(stored_day(p.birth_date)) if p.birth_date else "",
        "班级": "（未入学）",
        "学籍号": "",
        "住址": p.village,
        "监护人": p.guardian or f"{p.name}的家长",
        "监护人电话": p.phone,
    }
    return values, None, p.name, "未入学"


def _measures(case: Case, contacts: list[case_contacts.ContactRow]) -> str:
    if case.measures.strip():
        return case.measures.strip()
    done = [c for c in sorted(contacts, key=lambda c: c.date) if c.done]
    if not done:
        return "电话联系家长，班主任批评教育。"
    return "；".join(f"{c.date.month}月{c.date.day}日{c.method}（{c.who}）" for c in done) + "。"


def case_facts(case_id: int) -> CaseFacts:
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NoticeError(f"没有编号为 {case_id} 的个案（可用 kongchuo cases 查看个案编号）")
    values, student_id, name, class_name = _child_values(case)
    contacts = case_contacts.contact_rows(case_id=case.id)
    left = stored_day(case.chain_start or case.opened_on)
    values.update(school_values())
    values.update(
        {
            "离校日期": chinese_date(left),
            "辍学原因": case_rules.reasons_text(case.reasons, case.reason_text) or "待查明",
            "劝返次数": str(sum(1 for c in contacts if c.done)),
            "劝返措施": _measures(case, contacts),
        }
    )
    closed = stored_day(case.closed_on) if case.closed_on else None
    return CaseFacts(case.id, student_id, name, class_name, closed, case.stage, values)


def report_fields(facts: CaseFacts, case_id: int) -> list[tuple[str, str]]:
    """The rows of a 辍学报告单's form."""
    v = facts.values
    case = Case.get_by_id(case_id)
    where = case_rules.whereabouts_text(case.whereabouts, case.whereabouts_place) or "待查明"
    return [
        ("学生姓名", v["姓名"]),
        ("性别", v["性别"]),
        ("出生日期", v["出生日期"]),
        ("班级", v["班级"]),
        ("学籍号", v["学籍号"]),
        ("家庭住址", v["住址"]),
        ("监护人及电话", f"{v['监护人']}　{v['监护人电话']}".strip()),
        ("离校日期", v["离校日期"]),
        ("辍学原因", v["辍学原因"]),
        ("现在去向", where),
        ("劝返次数", f"{v['劝返次数']}次"),
    ]


@dataclass(frozen=True)
class ContactFacts:
    contact_id: int
    case_id: int | None
    student_id: int | None
    person_name: str
    day: dt.date
    values: dict[str, str]
    fields: list[tuple[str, str]]


def contact_facts(contact_id: int) -> ContactFacts:
    """A contact's 家访记录表: who went, whom they met, attitude, what was agreed, next step."""
    row = CaseContact.get_or_none(CaseContact.id == contact_id)
    if row is None:
        raise NoticeError(f"没有编号为 {contact_id} 的家访记录")
    contact = case_contacts.contact_rows(contact_ids=[contact_id])[0]
    if not contact.done:
        raise NoticeError(
            f"{contact.date:%Y-%m-%d} 的家访还只是计划：记下实际情况后再打印家访记录表"
        )
    if row.case_id:
        facts = case_facts(row.case_id)
        values, student_id, name = dict(facts.values), facts.student_id, facts.person_name
    else:
        s = Student.get_by_id(row.student_id)
        guardian, phone = _guardian(s.id)
        class_name = s.school_class.name if s.school_class_id else "未分班"
        values = {
            "姓名": s.name,
            "班级": class_name,
            "住址": s.address,
            "监护人": guardian,
            "监护人电话": phone,
        }
        values.update(school_values())
        student_id, name = s.id, s.name
    next_step = contact.next_step
    if contact.next_step_date:
        next_step += f"（{chinese_date(contact.next_step_date)}前）"
    fields = [
        ("学生姓名", values.get("姓名", "")),
        ("班级", values.get("班级", "")),
        ("家庭住址", values.get("住址", "")),
        ("监护人及电话", f"{values.get('监护人', '')}　{values.get('监护人电话', '')}".strip()),
        ("家访时间", chinese_date(contact.date)),
        ("家访方式", contact.method),
        ("家访人员", contact.who),
        ("接待人", contact.met_whom),
        ("家长态度", contact.attitude),
        ("商定事项", contact.agreed),
        ("家访结果", contact.outcome),
        ("下一步", next_step),
        ("备注", contact.note + (f"（附照片{contact.photos}张）" if contact.photos else "")),
    ]
    return ContactFacts(contact_id, row.case_id, student_id, name, contact.date, values, fields)
