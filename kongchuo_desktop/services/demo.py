"""The demo school: a realistic 九年一贯制 school with generated, fictitious people.

27 classes (3 per grade), about 1,200 students, teachers with roles, this term's calendar,
guardians and at-risk flags. Names are generated; ID numbers pass the checksum and are fictitious.
Later features add their own demo data through `DEMO_EXTENDERS`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Enrollment,
    Guardian,
    RiskFlag,
    SchoolClass,
    Setting,
    StatusChange,
    Student,
    Teacher,
)
from kongchuo_desktop.domain import id_number
from kongchuo_desktop.domain.risk_flags import RISK_FLAGS
from kongchuo_desktop.domain.school_year import likely_term, school_year_of
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, audit
from kongchuo_desktop.services.membership import enrolment_row
from kongchuo_desktop.services.responsibility import set_class_head
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school, the_school

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
BOY_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳晨博文轩睿泽宇航子豪一鸣天佑思远嘉俊梓轩"
GIRL_CHARS = "芳娜敏静丽艳娟霞秀玲桂英红梅琳雪婷慧颖佳欣怡悦琪萱涵梦瑶雨诗雅思彤晓楠紫欣可馨若汐"
VILLAGES = ("石门村", "河坝村", "新寨村", "青山村", "凉水井村", "大坪村", "沙坝村", "岩脚村")
SUBJECTS = (
    "语文",
    "数学",
    "英语",
    "道德与法治",
    "科学",
    "物理",
    "化学",
    "历史",
    "地理",
    "生物",
    "体育",
    "音乐",
    "美术",
    "信息技术",
)
AREA_CODE = "520999"  # not a real county code: the demo's numbers are fictitious by design

DEMO_SCHOOL_NAME = "青山镇九年一贯制学校（演示）"


class DemoError(UserError, ValueError):
    pass


# Functions (actor, rng, summary) that add later features' demo data (head-counts, visits …).
DEMO_EXTENDERS: list[Callable[[str, random.Random, dict], None]] = []


def _name(rng: random.Random, sex: str) -> str:
    chars = BOY_CHARS if sex == "男" else GIRL_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "150", "151", "158", "182", "187", "135"])
        + f"{rng.randrange(10**8):08d}"
    )


# The demo is marked as such, without a schema change: a row in the `setting` table (not a
# setting a clerk edits: no spec declares it; 清空数据 removes it with the demo) that the 关于
# dialog and `check` report, and every audit line of the demo names its actor as DEMO_ACTOR, so
# the history kept after 清空数据 never passes the demo's invented people off as the school's.
DEMO_MARKER_KEY = "demo_school"
DEMO_ACTOR = "演示数据（{actor}）"


def demo_marker() -> dict | None:
    """{"created": …, "by": …, "students": …} when the data is the demo school's, else None."""
    row = Setting.get_or_none(Setting.key == DEMO_MARKER_KEY)
    return row.value if row is not None and isinstance(row.value, dict) else None


def create_demo_school(
    actor: str, students: int = 1200, seed: int = 2026, today: dt.date | None = None
) -> dict:
    rng = random.Random(seed)
    today = today or dt.date.today()
    by, actor = actor, DEMO_ACTOR.format(actor=actor)
    start, end, semester = likely_term(today)
    # An empty folder only: the demo builder writes as the system user whoever has signed in.
    with current().atomic(), access.acting_as(access.system_actor()):
        # Asked inside the (IMMEDIATE) transaction: two `kongchuo demo` started together must not
        # both find the folder empty and build two schools.
        if the_school() is not None:
            raise DemoError("这个数据文件夹里已经有学校了；演示学校只能建在空的数据文件夹里")
        set_up_school(
            SchoolSetup(
                name=DEMO_SCHOOL_NAME,
                county="青山县",
                township="青山镇",
                school_type="九年一贯制",
                classes_per_grade={g: 3 for g in range(1, 10)},
                term_start=start,
                term_end=end,
                semester=semester,
            ),
            actor,
        )
        classes = list(SchoolClass.select().order_by(SchoolClass.grade, SchoolClass.number))
        teachers = _make_teachers(actor, rng, classes)
        made = _make_students(actor, rng, classes, students, start)
        summary = {
            "school": DEMO_SCHOOL_NAME,
            "classes": len(classes),
            "students": made,
            "teachers": teachers,
            "term_start": start.isoformat(),
            "term_end": end.isoformat(),
            "today": today.isoformat(),
        }
        for extend in DEMO_EXTENDERS:
            extend(actor, rng, summary)
        marker = {"created": dt.datetime.now().isoformat(timespec="seconds"), "by": by}
        audit.upsert_by_key(Setting, actor, DEMO_MARKER_KEY, value={**marker, "students": made})
    return summary


def _make_teachers(actor: str, rng: random.Random, classes: list[SchoolClass]) -> int:
    def teacher(roles: str, subject: str = "") -> Teacher:
        sex = rng.choice(["男", "女"])
        return audit.create(
            Teacher,
            actor,
            name=_name(rng, sex),
            sex=sex,
            phone=_phone(rng),
            roles=roles,
            subject=subject,
        )

    count = 0
    teacher("校长")
    teacher("副校长,科任教师", "数学")
    teacher("副校长,科任教师", "语文")
    teacher("教务主任,科任教师", "英语")
    count += 4
    for cls in classes:
        roles = "班主任,科任教师"
        if cls.number == 1:
            roles = "年级组长,班主任,科任教师"
        head = teacher(roles, rng.choice(SUBJECTS[:4]))
        set_class_head(actor, cls, head)
        count += 1
    for _ in range(30):
        teacher("科任教师", rng.choice(SUBJECTS))
        count += 1
    return count


def _make_students(
    actor: str, rng: random.Random, classes: list[SchoolClass], total: int, term_start: dt.date
) -> int:
    per_class = [total // len(classes)] * len(classes)
    for i in range(total - sum(per_class)):
        per_class[i] += 1
    year0 = int(school_year_of(term_start)[:4])
    made = 0
    for cls, n in zip(classes, per_class, strict=True):
        for _ in range(n):
            sex = rng.choice(["男", "女"])
            # Grade g in the year starting year0: born Sep (year0-6-g) … Aug (year0-5-g).
            born = dt.date(year0 - 6 - cls.grade, 9, 1) + dt.timedelta(days=rng.randrange(365))
            if rng.random() < 0.04:  # held back a year
                born -= dt.timedelta(days=365)
            idn = id_number.make(AREA_CODE, born, sex, rng)
            if Student.get_or_none(Student.id_number == idn):
                continue
            no_id = rng.random() < 0.01  # a few children still without an ID: L-number only
            village = rng.choice(VILLAGES)
            student = audit.create(
                Student,
                actor,
                name=_name(rng, sex),
                sex=sex,
                birth_date=born,
                id_number=None if no_id else idn,
                student_number=(f"L{idn[:17]}" if no_id else f"G{idn}"),
                ethnicity=rng.choice(["汉族"] * 7 + ["苗族", "布依族", "彝族"]),
                native_place="青山县",
                household_address=f"青山县青山镇{village}",
                household_type=rng.choice(["农业户口"] * 4 + ["非农业户口"]),
                health="健康或良好",
                enrolled_on=f"{year0 - cls.grade + 1}-09",
                study_mode="住校" if cls.grade >= 7 and rng.random() < 0.5 else "走读",
                address=f"青山镇{village}{rng.randrange(1, 12)}组",
                phone=_phone(rng),
                is_only_child=rng.random() < 0.2,
                school_class=cls,
            )
            audit.create(Enrollment, actor, **enrolment_row(student.id, cls))
            made += 1
            _make_family(actor, rng, student, sex)
            _maybe_flags_and_status(actor, rng, student, term_start)
    return made


def _make_family(actor: str, rng: random.Random, student: Student, sex: str) -> None:
    surname = student.name[0]
    away = rng.random() < 0.35  # parents working away: left-behind children are common
    audit.create(
        Guardian,
        actor,
        student=student,
        name=surname + rng.choice(BOY_CHARS) + rng.choice(BOY_CHARS),
        relation="父亲",
        phone=_phone(rng),
        is_guardian=not away,
        works_away=away,
        sort_order=1,
    )
    audit.create(
        Guardian,
        actor,
        student=student,
        name=rng.choice(SURNAMES) + rng.choice(GIRL_CHARS),
        relation="母亲",
        phone=_phone(rng),
        is_guardian=not away,
        works_away=away,
        sort_order=2,
    )
    if away:
        audit.create(
            Guardian,
            actor,
            student=student,
            name=surname + rng.choice(BOY_CHARS),
            relation="祖父",
            phone=_phone(rng),
            is_guardian=True,
            works_away=False,
            sort_order=3,
        )
        audit.create(RiskFlag, actor, student=student, flag="留守儿童", note="父母均外出务工")


def _maybe_flags_and_status(actor: str, rng: random.Random, student: Student, term_start) -> None:
    roll = rng.random()
    others = [f for f in RISK_FLAGS if f not in ("留守儿童", "双困生", "残疾")]
    if roll < 0.10:
        flag = rng.choice(others)
        audit.create(RiskFlag, actor, student=student, flag=flag, note="开学摸排登记")
    elif roll < 0.11:
        audit.create(RiskFlag, actor, student=student, flag="残疾", note="肢体残疾二级")
        status = S.INCLUSIVE.value if rng.random() < 0.7 else S.HOME_TEACHING.value
        audit.create(
            StatusChange,
            actor,
            student=student,
            status=status,
            date=term_start,
            reason="残疾评估后安置",
            documents="随班就读协议书" if status == S.INCLUSIVE else "送教上门协议",
            approved_by="校长",
        )
        audit.update(student, actor, status=status)
    elif roll < 0.115:
        audit.create(
            StatusChange,
            actor,
            student=student,
            status=S.SUSPENDED.value,
            date=term_start + dt.timedelta(days=20),
            reason="因病住院治疗",
            documents="书面申请、县医院诊断证明",
            approved_by="校长",
        )
        audit.update(student, actor, status=S.SUSPENDED.value)


def _demo_headcounts(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.attendance_demo import add_demo_headcounts

    add_demo_headcounts(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_headcounts)


def _demo_risk(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.risk_demo import add_demo_risk

    add_demo_risk(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_risk)


def _demo_assignments(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.sanbao_demo import add_demo_assignments

    add_demo_assignments(actor, rng, summary, VILLAGES)


DEMO_EXTENDERS.append(_demo_assignments)


# After the 三包 assignments: the departed class head leaves children who need someone new.
def _demo_people(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.people_demo import add_demo_people

    add_demo_people(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_people)


def _demo_cases(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.case_demo import add_demo_cases

    add_demo_cases(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_cases)


def _demo_home_teaching(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.home_teaching_demo import add_demo_home_teaching

    add_demo_home_teaching(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_home_teaching)


def _demo_notices(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.notice_demo import add_demo_notices

    add_demo_notices(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_notices)


def _demo_census(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.census_demo import add_demo_census

    add_demo_census(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_census)


def _demo_assessment(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.assessment_demo import add_demo_assessment

    add_demo_assessment(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_assessment)


def _demo_reports(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.report_demo import add_demo_filings

    add_demo_filings(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_reports)


def _demo_exports(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.export_demo import add_demo_exports

    add_demo_exports(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_exports)


def _demo_accounts(actor: str, rng: random.Random, summary: dict) -> None:
    from kongchuo_desktop.services.account_demo import add_demo_accounts

    add_demo_accounts(actor, rng, summary)


DEMO_EXTENDERS.append(_demo_accounts)  # last: its accounts link teachers the others assigned
