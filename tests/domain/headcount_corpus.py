"""The head-count corpus (tests/fixtures/headcount_corpus.txt): messages as class heads write
them, each with its expected reading, and the school they are read against. Read by the corpus
test and by bench/bench_headcount_corpus.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.headcount_message import Roster, RosterClass, parse_message

CORPUS = Path(__file__).parent.parent / "fixtures" / "headcount_corpus.txt"
DAY = dt.date(2026, 11, 27)  # a Friday
TEACHERS = frozenset({"潘艳颖", "钟远阳", "廖欣"})
FLAG = "FLAG"

CLASSES = {  # (grade, number): (应到, the children the corpus names)
    (7, 1): (42, ["周杰", "吴敏", "郑强", "冯雪", "陈红", "欧阳子轩", "马小龙", "林一"]),
    (7, 2): (45, ["张三", "李四", "王小明", "赵六", "孙丽"]),
    (8, 1): (40, ["刘洋", "何静", "林峰", "黄磊", "谭杰浩"]),
    (8, 3): (44, ["沈睿旭", "钟紫雨", "石勇"]),
    (3, 1): (38, ["王五", "任华一", "谢思婷", "夏宇俊"]),
    (1, 1): (45, ["龚红馨", "邓涵婷"]),
    (9, 2): (43, ["苏航健", "卢华轩", "潘明"]),
    (6, 3): (44, ["戴斌俊", "徐子泽"]),
}
LEAVE = {"王小明": ("病假", Period.FULL), "谭杰浩": ("事假", Period.MORNING)}


def corpus_roster() -> Roster:
    classes = {}
    for cid, ((grade, number), (size, named)) in enumerate(CLASSES.items(), start=1):
        names = named + [f"同学{chr(0x4E00 + cid * 60 + i)}" for i in range(size - len(named))]
        students = {n: (cid * 100 + i,) for i, n in enumerate(names)}
        on_leave = {students[n][0]: LEAVE[n] for n in named if n in LEAVE}
        classes[(grade, number)] = RosterClass(
            cid,
            grade,
            number,
            size,
            students,
            {i: kind for i, (kind, _) in on_leave.items()},
            leave_periods={i: half for i, (_, half) in on_leave.items()},
        )
    return Roster(classes, TEACHERS, pending_form_days=1)  # the setting's default


@dataclass(frozen=True)
class Entry:
    text: str
    expected: tuple[tuple[str, object], ...]  # (class, FLAG or sorted ((name, reason, period)…))


def load_corpus(path: Path = CORPUS) -> list[Entry]:
    entries, lines, expected = [], [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") and not lines:
            continue
        if raw == "---":
            entries.append(Entry("\n".join(lines), tuple(expected)))
            lines, expected = [], []
        elif raw.startswith("=> "):
            expected.append(_expectation(raw[3:]))
        else:
            lines.append(raw)
    if lines:
        entries.append(Entry("\n".join(lines), tuple(expected)))
    return entries


def _expectation(text: str) -> tuple[str, object]:
    if text == "NONE":
        return ("NONE", ())
    if text.endswith(" " + FLAG):
        return (text[: -len(FLAG) - 1], FLAG)
    cls, _, rest = text.partition(" |")
    children = []
    for part in filter(None, (p.strip() for p in rest.split(","))):
        name, reason, *period = part.split()
        children.append((name, reason, period[0] if period else "全天"))
    return (cls, tuple(sorted(children)))


@dataclass(frozen=True)
class Verdict:
    entry: Entry
    cls: str
    outcome: str  # "exact", "flagged" (safe but not understood), "misread"
    got: object


def judge(entry: Entry, roster: Roster | None = None) -> list[Verdict]:
    """Each expected class: read exactly (saved as the message says, or flagged when it should
    be), flagged (not saved although it is clear), or misread (would be saved otherwise)."""
    parsed = parse_message(entry.text, roster or corpus_roster(), DAY, today=DAY)
    got: dict[str, list] = {}
    for r in parsed.reports:
        reading = (
            tuple(
                sorted(
                    (a.name, "待补请假单" if a.pending_form else str(a.reason), str(a.period))
                    for a in r.absentees
                )
            )
            if r.ok
            else FLAG
        )
        got.setdefault(r.class_name, []).append(reading)
    out = []
    expected_classes = set()
    for cls, want in entry.expected:
        if cls == "NONE":
            outcome = "exact" if all(v == FLAG for vs in got.values() for v in vs) else "misread"
            out.append(Verdict(entry, cls, outcome, got))
            continue
        expected_classes.add(cls)
        readings = got.get(cls, [])
        reading = readings.pop(0) if readings else FLAG  # a class not found is not saved
        if reading == want:
            outcome = "exact"
        elif reading == FLAG:
            outcome = "flagged"
        else:
            outcome = "misread"
        out.append(Verdict(entry, cls, outcome, reading))
    none_expected = any(c == "NONE" for c, _ in entry.expected)
    for cls, readings in got.items():  # a class saved that the message does not report
        saved = any(v != FLAG for v in readings)
        if cls not in expected_classes and saved and not none_expected:
            out.append(Verdict(entry, cls, "misread", readings))
    return out
