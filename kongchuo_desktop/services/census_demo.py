"""The demo school's 人籍比对: two villages' 摸底 lists (石门村, 青山村) holding our students who live
there — two without an ID number (matched by name and birth date) — and the children who are not ours: at other schools (some with their 就读证明 in), not in
school, deferred, taught at home, in a class elsewhere, too young, too old, moved away, died, and
one child on both villages' lists. Written through the census import and decisions like a
clerk's, with its own random generator so the rest of the demo is unchanged."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from kongchuo_desktop.db.case_models import Case, CasePerson
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.domain import id_number
from kongchuo_desktop.domain.census_match import CensusResult
from kongchuo_desktop.domain.census_rows import CensusParse, CensusRecord
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import census_check, census_import

DEMO_VILLAGES = ("石门村", "青山村")
AREA_CODE = "520999"  # the demo's fictitious county code

# name, sex, age on the cut-off day, school column, village note; in 石门村 unless said.
OTHERS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("石门村", "罗天佑", "男", 12, "青山县第一中学 七年级", ""),
    ("石门村", "田雨萱", "女", 9, "青山县实验小学 三年级", ""),
    ("青山村", "韦子豪", "男", 11, "广东省东莞市长安镇中心小学", "随父母务工"),
    ("青山村", "潘诗雅", "女", 14, "青山县民族中学", ""),
    ("石门村", "龙一鸣", "男", 13, "", "在家帮忙务农"),
    ("青山村", "杨梦瑶", "女", 15, "无", "外出务工"),
    ("石门村", "吴思远", "男", 6, "", "延缓入学（体弱，医院证明）"),
    ("青山村", "石晓楠", "女", 10, "", "送教上门（重度残疾）"),
    ("石门村", "冯浩", "男", 8, "青山县特殊教育学校", S.INCLUSIVE.value),
    ("石门村", "陆梓轩", "男", 5, "镇中心幼儿园", ""),
    ("青山村", "蒋可馨", "女", 4, "", ""),
    ("青山村", "蔡俊", "男", 17, "", "外出务工"),
    ("石门村", "谭红", "女", 12, "", "2025年户口已迁出到贵阳"),
    ("青山村", "白明", "男", 9, "", "2026年3月病故"),
    ("青山村", "田小花", "女", 8, "", "未入学"),
)
# 田小花 is the child the demo's ledger already has a case for (services.case_demo): the census
# shows her confirmed, with that case.
LEDGER_CHILD = ("田小花", "三组")
TWICE = ("青山村", "罗天佑")  # his grandparents' household is listed by 青山村 too


def _born(rng: random.Random, year0: int, age: int) -> dt.date:
    """Born so that on 31 Aug of `year0` the child is `age` full years old."""
    first = dt.date(year0 - age - 1, 9, 1)
    return first + dt.timedelta(days=rng.randrange(365))


def add_demo_census(actor: str, _rng: random.Random, summary: dict) -> None:
    rng = random.Random(18)
    year = school_year_of(dt.date.fromisoformat(summary["term_start"]))
    year0 = int(year[:4])
    records: dict[str, list[CensusRecord]] = {v: [] for v in DEMO_VILLAGES}
    for village in DEMO_VILLAGES:
        ours = (
            Student.select().where(Student.household_address.endswith(village)).order_by(Student.id)
        )
        for n, s in enumerate(ours):
            number = s.id_number or ""
            if n in (3, 55):
                number = ""  # the village has no ID number for the child
            records[village].append(
                CensusRecord(
                    row=0,
                    village=village,
                    group=s.address.removeprefix(f"青山镇{village}") or "1组",
                    householder=f"{s.name[0]}某某",
                    name=s.name,
                    id_number=number,
                    birth_date=s.birth_date,
                    sex=s.sex,
                    school="本校",
                )
            )
    made: dict[str, CensusRecord] = {}
    for village, name, sex, age, school, note in OTHERS:
        born = _born(rng, year0, age)
        in_ledger = name == LEDGER_CHILD[0]
        rec = CensusRecord(
            row=0,
            village=village,
            group=LEDGER_CHILD[1] if in_ledger else f"{rng.randrange(1, 9)}组",
            householder="田大山" if in_ledger else f"{name[0]}某某",
            name=name,
            id_number="" if in_ledger else id_number.make(AREA_CODE, born, sex, rng),
            birth_date=born,
            sex=sex,
            school=school,
            note=note,
        )
        records[village].append(rec)
        made[name] = rec
    again = made[TWICE[1]]
    records[TWICE[0]].append(
        CensusRecord(
            0,
            TWICE[0],
            "2组",
            "罗某某",
            again.name,
            again.id_number,
            again.birth_date,
            again.sex,
            again.school,
            "随祖父母登记",
        )
    )
    plan = census_import.CensusPlan(year)
    for village, recs in records.items():
        for row, rec in enumerate(recs, start=3):
            rec.row = row
        plan.files.append(
            census_import.CensusFile(
                Path(f"{village}适龄儿童摸底表.xlsx"),
                sheet_name="摸底",
                header_row=2,
                parse=CensusParse(recs, [], []),
            )
        )
    census_import.apply_plan(actor, plan)
    _decide(actor, year)
    summary["census_children"] = sum(len(r) for r in records.values())


def _decide(actor: str, year: str) -> None:
    children = {c.name: c for c in census_check.comparison(year).children}
    proven = dt.date(2026, 9, 18)
    census_check.decide(actor, year, children["罗天佑"], proof_received=True, proof_date=proven)
    census_check.decide(
        actor,
        year,
        children["潘诗雅"],
        proof_received=True,
        proof_date=proven,
        note="家长已交就读证明",
    )
    census_check.decide(actor, year, children["韦子豪"], note="已电话联系家长，证明正在办理")
    census_check.decide(
        actor, year, children["龙一鸣"], note="9月20日家访：家长称孩子不愿上学，待村里核实"
    )
    ledger = (
        Case.select(Case.id).join(CasePerson).where(CasePerson.name == LEDGER_CHILD[0]).scalar()
    )
    if ledger is not None:
        census_check.link_case(actor, year, children[LEDGER_CHILD[0]], ledger, "已在台账中立案")
    census_check.decide(
        actor, year, children["冯浩"], result=CensusResult.INCLUSIVE, note="县特校随班就读"
    )
