"""Demo 劝返 cases, so that a newcomer sees the ledger alive: a child 疑似辍学 with visits and a
next step due, a child working away at stage ② of the 四步法 with a planned visit, a case
closed as 已复学 (now 劝返复学), one closed as 转学, a child not on the roster, and routine visits to
a few at-risk children. The visit photos are drawn here (a house, a path, people as simple
shapes): no real person is pictured."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from kongchuo_desktop.db.models import Absence, RiskFlag, SchoolClass, StatusChange, Student
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import audit, case_contacts, cases
from kongchuo_desktop.services.case_contacts import ContactInput
from kongchuo_desktop.services.responsibility import responsible_for
from kongchuo_desktop.services.student_status import change_status


def draw_visit_photo(path: Path, rng: random.Random, label: str) -> Path:
    """A drawn picture of a home visit: sky, a farmhouse, a path, three figures, the date."""
    # Pillow is imported here: only building the demo draws pictures (start-up time).
    from PIL import Image, ImageDraw

    w, h = 640, 480
    image = Image.new("RGB", (w, h), (150 + rng.randrange(60), 200, 235))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 300, w, h), fill=(110 + rng.randrange(40), 160, 90))
    d.ellipse((520, 30, 590, 100), fill=(250, 220, 90))
    x = 80 + rng.randrange(120)
    d.rectangle((x, 170, x + 260, 320), fill=(225, 215, 195), outline=(120, 100, 80), width=3)
    d.polygon([(x - 20, 175), (x + 130, 90), (x + 280, 175)], fill=(150, 70, 60))
    d.rectangle((x + 110, 240, x + 160, 320), fill=(120, 80, 50))
    d.rectangle((x + 30, 200, x + 80, 240), fill=(180, 210, 230), outline=(90, 90, 90))
    d.polygon(
        [(x + 120, 320), (x + 150, 320), (w // 2 + 80, h), (w // 2 - 40, h)], fill=(200, 180, 140)
    )
    for i, colour in enumerate(((40, 80, 160), (200, 60, 60), (60, 140, 80))):
        px = 380 + i * 60 + rng.randrange(10)
        d.ellipse((px, 300, px + 30, 330), fill=(240, 200, 170))
        d.rectangle((px - 2, 330, px + 32, 400), fill=colour)
        d.rectangle((px + 2, 400, px + 12, 440), fill=(60, 60, 60))
        d.rectangle((px + 18, 400, px + 28, 440), fill=(60, 60, 60))
    d.rectangle((10, h - 34, 200, h - 8), fill=(0, 0, 0))
    d.text((18, h - 28), label, fill=(255, 220, 0))
    image.save(path, "JPEG", quality=85)
    return path


def _quiet_students(rng: random.Random, n: int) -> list[Student]:
    """In-school children of the upper grades with no absence and no 学籍变动 (the demo's other
    stories stay as they are)."""
    busy = Absence.select(Absence.student)
    changed = StatusChange.select(StatusChange.student)
    rows: list[Student] = []
    for lowest in (6, 1):  # a small demo school (tests) may have too few in the upper grades
        rows = list(
            Student.select()
            .join(SchoolClass, on=(Student.school_class == SchoolClass.id))
            .where(
                (SchoolClass.grade >= lowest)
                & (Student.status == S.IN_SCHOOL.value)
                & Student.id.not_in(busy)
                & Student.id.not_in(changed)
            )
            .order_by(Student.id)
        )
        if len(rows) >= n:
            return rng.sample(rows, n)
    return []


def add_demo_cases(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    start = dt.date.fromisoformat(summary["term_start"])

    def ago(days: int) -> dt.date:
        return max(start, today - dt.timedelta(days=days))

    chosen = _quiet_students(rng, 7)
    if not chosen:
        return
    a, b, c, d, *visited = chosen
    heads = responsible_for([s.id for s in (a, b, c, d, *visited)], today)

    def went(student, *extra: int) -> tuple[int, ...]:
        head = heads[student.id].responsible
        return tuple(t for t in ((head.id,) if head else ()) + extra)

    others = [tid for tid, _ in cases.teacher_choices()][-6:]
    photos = Path(tempfile.mkdtemp(prefix="kongchuo-demo-photos-"))

    def visit(case_id, student, day, photo=False, **fields):
        if "went" not in fields:
            fields["went"] = went(student, rng.choice(others))
        row = case_contacts.add_contact(
            actor, ContactInput(day, **fields), case_id=case_id, today=today
        )
        if photo:
            path = draw_visit_photo(photos / f"家访{row.id}.jpg", rng, f"{day:%Y-%m-%d}")
            case_contacts.add_photo(actor, row.id, path)
        return row

    # A: 疑似辍学 three weeks ago (the mark opens the case), at stage ①, the next visit due yesterday.
    change_status(actor, a, S.SUSPECTED_DROPOUT, ago(20), "连续无故缺课超过5个上学日", today=today)
    ca = cases.cases_of_student(a.id)[0]
    cases.update_details(
        actor, ca, ["厌学", "学业困难"], "", "在家", "", "班主任与包保教师轮流家访"
    )
    visit(
        ca,
        a,
        ago(19),
        True,
        method="入户",
        cadres="村委会主任 王德",
        met_whom="母亲、奶奶",
        attitude="配合",
        agreed="家长答应周一送孩子到校",
        outcome="考虑中",
    )
    cases.enter_stage(actor, ca, 1, ago(15), "班主任、校长与家长谈话，责令限期改正")
    visit(
        ca,
        a,
        ago(12),
        method="电话",
        met_whom="父亲（在外务工）",
        attitude="犹豫",
        outcome="考虑中",
    )
    visit(
        ca,
        a,
        ago(6),
        True,
        method="入户",
        met_whom="孩子本人、母亲",
        attitude="支持",
        agreed="孩子同意先回校试读一周",
        outcome="同意返校",
        next_step="到家接孩子返校",
        next_step_date=today - dt.timedelta(days=1),
    )

    # B: 疑似辍学 for weeks, working away, at stage ② (限期复学通知书) past its deadline; a visit
    # planned. Not marked 辍学: the demo's head-counts and in-school figures stay as made.
    change_status(actor, b, S.SUSPECTED_DROPOUT, ago(45), "连续无故缺课超过5个上学日", today=today)
    cb = cases.cases_of_student(b.id)[0]
    cases.update_details(actor, cb, ["外出务工"], "", "外出务工", "广东省东莞市", "")
    visit(
        cb, b, ago(44), True, method="入户", met_whom="爷爷", attitude="不配合", outcome="未见到人"
    )
    cases.enter_stage(actor, cb, 1, ago(40), "镇政府、村委会与家长谈话")
    visit(cb, b, ago(30), method="微信", met_whom="父亲", attitude="拒绝", outcome="拒绝返校")
    cases.enter_stage(actor, cb, 2, ago(10), "镇政府发出限期复学通知书")
    visit(cb, b, ago(9), method="发函", went=went(b), outcome="其他", note="寄送限期复学通知书")
    visit(
        cb,
        b,
        today + dt.timedelta(days=3),
        done=False,
        went=(),
        planned=went(b, *others[:2]),
        method="入户",
    )

    # C: closed as 已复学 (the child is 劝返复学 now).
    change_status(actor, c, S.SUSPECTED_DROPOUT, ago(60), "连续无故缺课超过5个上学日", today=today)
    cc = cases.cases_of_student(c.id)[0]
    cases.update_details(actor, cc, ["家庭经济困难"], "", "在家", "", "落实资助，减免住宿费")
    visit(cc, c, ago(58), True, method="入户", met_whom="父母", attitude="犹豫", outcome="考虑中")
    visit(
        cc,
        c,
        ago(50),
        True,
        method="来校面谈",
        met_whom="父亲",
        attitude="支持",
        agreed="申请困难补助后返校",
        outcome="同意返校",
    )
    cases.close_case(actor, cc, ago(45), "已复学", "原年级", note="已返校上课")

    # D: 辍学倾向 reported by the teacher, closed as 转学 with its proof.
    cd = cases.open_for_student(
        actor, d.id, ago(50), "班主任报告有辍学倾向", ["随父母外出"], "", "随父母外地", "广州"
    ).id
    visit(
        cd,
        d,
        ago(49),
        method="电话",
        met_whom="母亲",
        attitude="配合",
        outcome="其他",
        note="家长说已联系外地学校",
    )
    cases.close_case(actor, cd, ago(35), "转学", evidence="广州市某小学接收证明（复印件存档）")

    # E: a child of the village not on our roster (never enrolled).
    ce = cases.open_for_person(
        actor, ago(25), "田小花", "", "青山村三组", "入学摸排发现未入学", "田大山"
    )
    visit(
        ce.id,
        None,
        ago(24),
        True,
        went=(others[0],),
        method="入户",
        cadres="村支书 李强",
        met_whom="父亲",
        attitude="犹豫",
        outcome="考虑中",
    )
    cases.set_responsibles(actor, ce.id, [others[0]], [("李强", "村支书")])
    cases.update_details(actor, ce.id, ["疾病/残疾"], "", "在家", "", "联系特教老师评估")

    # Routine visits (no case) to three at-risk children: the visit plan lists the others.
    for s in visited[:3]:
        if not RiskFlag.select().where(RiskFlag.student == s).exists():
            audit.create(
                RiskFlag, actor, student=s, flag="留守儿童", note="父母在外务工", since=start
            )
        case_contacts.add_contact(
            actor,
            ContactInput(
                ago(rng.randrange(5, 30)),
                method="入户",
                went=went(s),
                met_whom="奶奶",
                attitude="支持",
                outcome="其他",
                note="学期家访，了解学习与生活情况",
            ),
            student_id=s.id,
            today=today,
        )
    summary["cases"] = 5
