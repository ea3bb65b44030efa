"""The demo school's recorded exports: the roster sent to the 教育局 as an encrypted zip and the
risk list saved for a class-head meeting, so the 审计日志 page shows from the first launch what
an export's line says (who, what, how many children, where, full IDs or not, encrypted or not).
Added after the other demo data (services.demo's DEMO_EXTENDERS), through export_record.record,
as every exporter does; no file is written."""

from __future__ import annotations

import random

from kongchuo_desktop.services import export_record


def add_demo_exports(actor: str, rng: random.Random, summary: dict) -> None:
    month = summary["today"][:7].replace("-", "年", 1) + "月"
    export_record.record(
        actor,
        "学生花名册",
        int(summary["students"]),
        rf"D:\控辍保学\发往教育局\{month}学生花名册.zip",
        full=True,
        encrypted=True,
    )
    export_record.record(
        actor,
        "易辍生预警名单",
        rng.randrange(20, 40),
        rf"D:\控辍保学\班主任会\{month}易辍生预警名单.xlsx",
        full=False,
    )
