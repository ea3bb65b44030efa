"""The demo school's 送教上门: every child with that status gets a plan and this term's visits —
one child fully on plan this month, one behind — with drawn photos (shapes, no people).

Uses its own random generator (not the demo's shared one), so adding it changes nothing else the
demo makes."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from kongchuo_desktop.db.models import Student, Teacher
from kongchuo_desktop.domain.home_teaching import month_bounds
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import home_teaching

CONTENTS = (
    "认识颜色：红黄蓝，配对卡片",
    "数数1到10，用积木摆数",
    "识字：爸爸、妈妈、家，描红",
    "生活自理：扣纽扣、洗手",
    "康复训练：抓握与手指操",
    "听故事《小蝌蚪找妈妈》，说出主要人物",
)
SIGNERS = ("母亲", "父亲", "祖母", "祖父")


def _drawing(path: Path, rng: random.Random) -> Path:
    """A drawn picture of a lesson at a table: a window, a book, building blocks (no people)."""
    from PIL import Image, ImageDraw  # only the demo draws (start-up time)

    image = Image.new("RGB", (480, 360), (236, 228, 210))
    d = ImageDraw.Draw(image)
    d.rectangle((30, 30, 170, 150), fill=(170, 205, 235), outline=(120, 90, 60), width=6)
    d.line((100, 30, 100, 150), fill=(120, 90, 60), width=4)
    d.rectangle((0, 250, 480, 360), fill=(160, 120, 80))
    d.rectangle((200, 200, 330, 250), fill=(250, 250, 245), outline=(90, 90, 90), width=2)
    d.line((265, 200, 265, 250), fill=(90, 90, 90), width=2)
    for i in range(4):
        color = tuple(rng.randrange(60, 230) for _ in range(3))
        x = 350 + i * 28
        d.rectangle((x, 220 - (i % 2) * 26, x + 24, 246 - (i % 2) * 26), fill=color)
    image.save(path, "PNG")
    return path


def add_demo_home_teaching(actor: str, _rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    term_start = dt.date.fromisoformat(summary["term_start"])
    rng = random.Random(f"送教上门-{today}")
    # The children the demo placed in 送教上门 (about 3 in 1,200; a small demo may have none).
    kids = list(
        Student.select().where(Student.status == S.HOME_TEACHING.value).order_by(Student.id)
    )
    teachers = [t.id for t in Teacher.select().order_by(Teacher.id)]
    if not kids or len(teachers) < 2:
        return
    start = min(term_start, today)
    month_first, _ = month_bounds(today)
    with tempfile.TemporaryDirectory(prefix="kongchuo-demo-") as tmp:
        for n, child in enumerate(kids):
            pair = rng.sample(teachers[4:] or teachers, 2)
            home_teaching.save_plan(actor, child.id, pair, start_date=start, note="按送教协议执行")
            behind = n == 1  # the second child: one visit this month, too short to count
            days = _visit_days(start, month_first, today, behind)
            for k, day in enumerate(days):
                lessons = 1 if behind and day >= month_first else rng.choice((2, 2, 3))
                photo = _drawing(Path(tmp) / f"送教{n}-{k}.png", rng)
                home_teaching.record_visit(
                    actor,
                    child.id,
                    day,
                    pair,
                    lessons,
                    rng.choice(CONTENTS),
                    parent_signed=not (behind and day >= month_first),  # the short one
                    signed_by=rng.choice(SIGNERS),
                    photos=[photo] if k % 2 == 0 else [],
                    today=today,
                )
    summary["home_teaching"] = len(kids)


def _visit_days(
    start: dt.date, month_first: dt.date, today: dt.date, behind: bool
) -> list[dt.date]:
    """Two visits in each earlier month of the term; this month two (on plan) or one (behind)."""
    days = []
    first = start.replace(day=1)
    while first < month_first:
        for d in (8, 22):
            day = first.replace(day=d)
            if start <= day < today:
                days.append(day)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    this_month = [month_first + dt.timedelta(days=2)]
    if not behind:
        this_month.append(month_first + dt.timedelta(days=9))
    days += [d for d in this_month if d <= today]
    return days
