"""Understanding a head teacher's WeChat head-count message, in plain Python.

    七年级2班 应到45 实到43 张三病假 李四 事假（家里有事）
    八(1)班：全到
    三年级一班应到38人，实到37人，王五无故未到

The message is cut at every class mention; each part is read token by token: counts
(应到, 实到, 缺勤), "all present" (全到, 全勤 …), absentees (a name with a reason, perhaps
上午/下午) and notes in brackets. Names are matched to the class roster exactly, never by
similarity, and the counts are checked against the roster and the listed absentees. Whatever is
not understood is reported with its text as a problem: nothing is guessed, nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import re

from kongchuo_desktop.domain.attendance import AbsenceReason, Period
from kongchuo_desktop.domain.headcount_dates import date_problems, leftover, take_dates
from kongchuo_desktop.domain.headcount_parsed import (
    ParsedAbsentee,
    ParsedClassReport,
    ParsedMessage,
    Roster,
    RosterClass,
    SavedReport,
)
from kongchuo_desktop.domain.headcount_words import (
    ALL_RE,
    CLASS_RE,
    COUNT_RE,
    FILLER_PREFIX_RE,
    LIST_COLON_RE,
    LIST_WORD_RE,
    NAME_SPLIT_RE,
    NOISE_RE,
    NOTE_RE,
    PERIOD_WORDS,
    REASON_COLON_RE,
    REASON_WORDS,
    SEP_RE,
    STANDALONE_RE,
    WORD_RE,
    cn_number,
    normalise,
)
from kongchuo_desktop.domain.pending_leave import PENDING_FORM_NOTE
from kongchuo_desktop.domain.wechat_copy import IgnoredLine, clean_copy

__all__ = [  # the result and roster types are imported from here by the services and tests
    "ParsedAbsentee",
    "ParsedClassReport",
    "ParsedMessage",
    "Roster",
    "RosterClass",
    "SavedReport",
    "check_against_roster",
    "cn_number",
    "parse_message",
]

# --- parsing --------------------------------------------------------------------------------------


def parse_message(
    text: str,
    roster: Roster | None = None,
    day: dt.date | None = None,
    today: dt.date | None = None,
) -> ParsedMessage:
    """Read a pasted message; with `day` (the head-count date) a date written in the message
    that is another day flags the classes it is written for (all of them, if before the first).
    WeChat's sender/time lines, pictures and chatter are left out first (`today`: the day the
    messages were copied, for "昨天 07:52"; default `day`)."""
    names = roster.all_names() if roster else frozenset()
    copy = clean_copy(normalise(text), day, today or day, names)
    text = copy.text
    mentions = list(CLASS_RE.finditer(text))
    problems: list[str] = []
    if not mentions:
        if text.strip():
            problems.append(f"没有找到班级名称（如“七年级2班”“八(1)班”）：“{_short(text)}”")
        return ParsedMessage([], problems, copy.ignored, copy.other_days)
    preamble = text[: mentions[0].start()]
    if leftover(preamble):
        problems.append(f"没看懂：“{_short(preamble.strip())}”")
    preamble_dates = take_dates(preamble, in_notes=True)[0]
    reports: list[ParsedClassReport] = []
    for i, m in enumerate(mentions):
        end = mentions[i + 1].start() if i + 1 < len(mentions) else len(text)
        found, body = take_dates(text[m.end() : end])
        report = _parse_class(m, body, text[m.end() : end], roster, copy.ignored)
        if day is not None:
            report.problems += date_problems(preamble_dates + found, day)
        reports.append(report)
    seen: dict[tuple[int | None, int | None], int] = {}
    for r in reports:
        key = (r.grade, r.number)
        seen[key] = seen.get(key, 0) + 1
    for r in reports:
        if seen[(r.grade, r.number)] > 1:
            r.problems.append("这次粘贴里出现了不止一次，请只保留一条")
    if roster is not None:
        for r in reports:
            check_against_roster(r, roster)
    return ParsedMessage(reports, problems, copy.ignored, copy.other_days)


def _short(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _class_of(m: re.Match) -> tuple[int | None, int | None]:
    if m.group("dg"):
        return int(m.group("dg")), int(m.group("dn"))
    g = m.group("g") or m.group("b")
    grade = cn_number(g) if g else None
    if m.group("j"):
        grade = 6 + (cn_number(m.group("j")) or 0)
    return grade, cn_number(m.group("n"))


def _parse_class(
    m: re.Match,
    body: str,
    written: str,
    roster: Roster | None = None,
    ignored: list[IgnoredLine] | None = None,
) -> ParsedClassReport:
    """`body`: the class's part of the message without its dates; `written`: as written."""
    grade, number = _class_of(m)
    report = ParsedClassReport(fragment=(m.group(0) + written).strip(), grade=grade, number=number)
    if grade is None or not 1 <= grade <= 9:
        report.problems.append(f"看不懂年级：“{m.group(0)}”")
    if number is None or number < 1:
        report.problems.append(f"看不懂班号：“{m.group(0)}”")
    teachers: frozenset[str] = frozenset()
    if roster is not None:
        rc = roster.classes.get((grade, number)) if grade and number else None
        teachers = roster.teachers - set(rc.students if rc else ())
    for name in teachers:  # "钟远阳老师": the teacher's name, not 钟远 and "阳老师"
        body = body.replace(f"{name}老师", f" {name} ")
    reader = _Reader(report, NOISE_RE.sub(" ", body), teachers)
    reader.read()
    if ignored is not None:
        for name in reader.teachers_seen:
            ignored.append(IgnoredLine(name, f"本校老师的姓名（{report.class_name}），不当作学生"))
    _check_statement(report)
    return report


class _Reader:
    """Reads one class's part of the message token by token."""

    def __init__(self, report: ParsedClassReport, body: str, teachers: frozenset[str]):
        self.r = report
        self.body = body
        self.teachers = teachers  # the school's teachers who are not children of this class
        self.teachers_seen: list[str] = []
        self.context: AbsenceReason | str | None = "none"  # "none": no prefix reason in force
        self.context_word = ""
        self.context_period: str | None = None  # "下午事假：王五": the half goes with the reason
        self.context_named = 0  # names the prefix reason was given to
        self.context_checked = True  # a count (病假2人) is checked against the names elsewhere
        self.context_after: tuple[str, str] | None = None  # right after (name, its reason word)
        self.last_from_context = False  # self.last got its reason from the prefix
        self.last_end = 0
        self.pending: list[ParsedAbsentee] = []  # named without a reason yet
        self.last: ParsedAbsentee | None = None  # the one a following （note） belongs to
        self.last_group: list[ParsedAbsentee] = []

    def read(self) -> None:
        pos, body = 0, self.body
        while pos < len(body):
            m = SEP_RE.match(body, pos)
            if m:
                if "\n" in m.group(0):
                    # "周杰\n吴敏病假": a reason shares only names on its own line; a name
                    # alone on the line before keeps no reason and is asked about.
                    self.pending = []
                pos = m.end()
                continue
            for handler in (self._note, self._count, self._all, self._reason_colon, self._word):
                end = handler(body, pos)
                if end is not None:
                    pos = end
                    break
            else:
                nxt = SEP_RE.search(body, pos)
                stop = nxt.start() if nxt else len(body)
                # Do not swallow a following note or word: stop at the next bracket too.
                bracket = NOTE_RE.search(body, pos + 1)
                if bracket and bracket.start() < stop:
                    stop = bracket.start()
                self.r.unparsed.append(body[pos : max(stop, pos + 1)])
                pos = max(stop, pos + 1)
                self.last = None
        self._close_context()

    def _set_context(
        self, reason, word: str, checked: bool = False, period: str | None = None
    ) -> None:
        """A reason written before the names it belongs to ("病假：张三、李四", "下午事假：王五")."""
        self._close_context()
        self.context, self.context_word, self.context_period = reason, word, period
        self.context_named, self.context_checked, self.context_after = 0, checked, None

    def _close_context(self) -> None:
        # "全到 病假", "张三病假 事假": a reason word given to nobody is not dropped silently.
        if self.context != "none" and not self.context_checked and not self.context_named:
            word = self.context_word
            if self.context_after:
                name, before = self.context_after
                self.r.problems.append(f"“{word}”写在{name}后面，看不出{name}是{before}还是{word}")
            else:
                self.r.problems.append(f"“{word}”没有对应的学生姓名")
        self.context, self.context_checked = "none", True

    # each handler returns the new position, or None when it does not apply here

    def _note(self, body: str, pos: int) -> int | None:
        m = NOTE_RE.match(body, pos)
        if not m:
            return None
        note = m.group(1).strip()
        targets = self.last_group or ([self.last] if self.last else [])
        if targets and note:
            # "张三（旷课） 李四病假": a name with its own bracket does not share a later reason.
            if note not in PERIOD_WORDS:  # "张三（上午）病假" still takes the reason after it
                self.pending = [a for a in self.pending if a not in targets]
            for a in targets:
                if a.reason is None and note in REASON_WORDS and REASON_WORDS[note] is None:
                    a.note = note  # "张三（请假）": asked, or taken from the leave on file
                elif a.reason is None and note in REASON_WORDS:
                    a.reason = REASON_WORDS[note]
                elif REASON_WORDS.get(note) not in (None, a.reason):
                    # "病假：张三（事假）": two reasons for one child; which one is not guessed.
                    self.r.problems.append(f"{a.name}：记为{a.reason}，后面又写了（{note}）")
                elif note in PERIOD_WORDS:
                    a.period = PERIOD_WORDS[note]
                elif note == "半天":
                    a.half_day_unclear = True
                else:
                    a.note = f"{a.note}；{note}" if a.note else note
        elif note:
            self.r.notes.append(note)
        return m.end()

    def _count(self, body: str, pos: int) -> int | None:
        m = COUNT_RE.match(body, pos)
        if not m:
            return None
        what, k = m.group("what"), int(m.group("k"))
        if what in ("应到", "全班"):
            self._set_once("expected_stated", k, "应到")
        elif what in ("实到", "到校"):
            self._set_once("present_stated", k, "实到")
        elif what in ("缺勤", "缺席", "共缺", "缺"):
            self._set_once("absent_stated", k, "缺勤")
        else:
            reason = REASON_WORDS.get(what)
            if reason is not None:
                self.r.reason_counts[reason] = k
            self._set_context(reason, what, checked=True)
            self.pending = []
        if what not in ("病假", "事假", "旷课", "迟到", "早退", "请假"):
            self._close_context()
        self.last = None
        self.last_group = []
        return m.end()

    def _set_once(self, attr: str, value: int, label: str) -> None:
        old = getattr(self.r, attr)
        if old is not None and old != value:
            self.r.problems.append(f"{label}人数写了两个不同的数（{old}、{value}）")
        setattr(self.r, attr, value)

    def _all(self, body: str, pos: int) -> int | None:
        m = ALL_RE.match(body, pos)
        if not m:
            return None
        if m.group("rest"):
            self.r.rest_present = True
        else:
            self.r.all_present = True
        self.last = None
        self.last_group = []
        return m.end()

    def _reason_colon(self, body: str, pos: int) -> int | None:
        m = LIST_COLON_RE.match(body, pos)
        if m:  # "缺：张三病假", "缺勤名单：": a list follows, each name with its own reason
            self._close_context()
            self.pending, self.last, self.last_group = [], None, []
            return m.end()
        m = REASON_COLON_RE.match(body, pos)
        if not m:
            return None
        period = m.group("p") or m.group("p2")
        self._set_context(REASON_WORDS[m.group("r")], m.group("r"), period=period)
        self.pending = []
        self.last = None
        self.last_group = []
        return m.end()

    def _word(self, body: str, pos: int) -> int | None:
        m = WORD_RE.match(body, pos)
        if not m:
            return None
        word = FILLER_PREFIX_RE.sub("", m.group(0))
        if not word:
            return m.end()
        if word in PERIOD_WORDS and self.last_group and _ends_line(body, m.end()):
            for a in self.last_group:  # "周杰 病假 上午": the half belongs to the child before
                self._apply_period(a, word)
            return m.end()
        alone = STANDALONE_RE.fullmatch(word)
        if alone:
            self._standalone_reason(alone, body[self.last_end : pos])
            self.last_from_context = False
            self.last_end = m.end()
            return m.end()
        if word in self.teachers:  # "七年级2班 潘艳颖：全到": who writes, not who is absent
            self.teachers_seen.append(word)
            self.last, self.last_group = None, []
            return m.end()
        if LIST_WORD_RE.fullmatch(word):  # "缺 张三病假": the names that follow are absent
            self._close_context()
            self.last, self.last_group = None, []
            return m.end()
        parts = NAME_SPLIT_RE.fullmatch(word)
        assert parts is not None  # `.+?` with optional tails always matches a non-empty word
        a = ParsedAbsentee(name=parts.group("name"), reason=None)
        self._apply_period(a, parts.group("p1") or parts.group("p2"))
        r = parts.group("r")
        self.last_from_context = False
        if r:
            a.reason = REASON_WORDS[r]
            r2 = parts.group("r2")
            if r2:  # "感冒请病假", "发烧请假": one says which leave, the other agrees or is vague
                second = REASON_WORDS[r2]
                if a.reason is None or (second is not None and second != a.reason):
                    if a.reason is not None:
                        self.r.problems.append(f"{a.name}：写了“{r}{r2}”，看不出是哪一种")
                    a.reason, r = second, r2
            if self.context != "none" and a.reason == self.context:
                self.context_named += 1  # "病假：张三发烧"
                if not (parts.group("p1") or parts.group("p2")):
                    self._apply_period(a, self.context_period)
            if a.reason is None:
                a.note = r
            elif r not in (a.reason.value, "请病假", "请事假") and r not in (
                "无故未到",
                "无故缺席",
            ):
                a.note = r  # 发烧, 感冒 … kept as said
            self._resolve_pending(a.reason, a.note)
            self.pending = []
        elif self.context != "none":
            a.reason = self.context  # type: ignore[assignment]
            if not (parts.group("p1") or parts.group("p2")):
                self._apply_period(a, self.context_period)
            if a.reason is None:
                a.note = self.context_word
            self.context_named += 1
            self.last_from_context = True
        else:
            self.pending.append(a)
        self.r.absentees.append(a)
        self.last = a
        self.last_group = [a]
        self.last_end = m.end()
        return m.end()

    def _standalone_reason(self, m: re.Match, gap: str) -> None:
        """`gap`: the text between the previous word and this one."""
        reason = REASON_WORDS[m.group("r")]
        period = m.group("p1") or m.group("p2")
        if self.pending:
            # "李四 事假": the reason follows the name(s) it belongs to.
            for a in self.pending:
                a.reason = reason
                if reason is None:
                    a.note = m.group("r")
                self._apply_period(a, period)
            self.last_group = list(self.pending)
            self.pending = []
        elif (
            self.last
            and self.last_from_context
            and not gap.strip()
            and reason == self.context
            and not period
        ):
            self.last_group = [self.last]  # "病假：范刚，张轩 病假": said twice, same reading
        else:
            last, before = self.last, self.context_word
            # "事假 王五、赵六", "下午事假 王五": the reason (and its half) comes first
            self._set_context(reason, m.group("r"), period=period)
            self.last_group = []
            # "病假：范刚，张轩 事假" with no name after it: 张轩 got 病假 from the prefix, yet
            # 事假 follows the name as in "张轩 事假". Which one is meant is not guessed.
            if last and self.last_from_context and not gap.strip() and reason != last.reason:
                self.context_after = (last.name, before)

    def _resolve_pending(self, reason, note) -> None:
        # "张三、李四病假": names listed before a reason share it.
        for a in self.pending:
            a.reason = reason
            if reason is None:
                a.note = note

    @staticmethod
    def _apply_period(a: ParsedAbsentee, word: str | None) -> None:
        if not word:
            return
        if word == "半天":
            a.half_day_unclear = True
        else:
            a.period = PERIOD_WORDS[word]


def _ends_line(body: str, pos: int) -> bool:
    rest = body[pos:].split("\n", 1)[0]
    return not SEP_RE.sub("", rest)


def _check_statement(r: ParsedClassReport) -> None:
    """Problems visible without the roster."""
    for frag in r.unparsed:
        r.problems.append(f"没看懂：“{frag}”")
    names: dict[str, int] = {}
    for a in r.absentees:
        names[a.name] = names.get(a.name, 0) + 1
        if a.reason is None:
            said = f"（写的是“{a.note}”）" if a.note else ""
            r.problems.append(f"{a.name}：没有说明是病假、事假还是无故缺席{said}")
        if a.half_day_unclear:
            r.problems.append(f"{a.name}：“半天”没有说明是上午还是下午")
    for name, k in names.items():
        if k > 1:
            r.problems.append(f"{name}：写了{k}次")
    listed = r.absent_count
    if r.all_present and listed:
        r.problems.append(f"写了全到，却又列了{listed}名缺勤学生")
    if r.absent_stated is not None and r.absent_stated != listed:
        r.problems.append(f"写的缺勤{r.absent_stated}人，但列出的缺勤学生是{listed}人")
    for reason, k in r.reason_counts.items():
        named = sum(1 for a in r.absentees if a.reason is reason)
        if named != k:
            r.problems.append(f"写的{reason}{k}人，但列出的{reason}学生是{named}人")
    says_something = (
        r.all_present or r.rest_present or r.absentees or r.present_stated is not None
    ) or r.absent_stated is not None
    if not says_something:
        if r.expected_stated is not None:
            r.problems.append("只写了应到人数，没有写实到人数或缺勤名单")
        elif not r.unparsed:
            r.problems.append("没有写这个班的出勤情况")


def check_against_roster(r: ParsedClassReport, roster: Roster) -> None:
    """Match the class and the names exactly, and check the counts against the roster."""
    rc = roster.classes.get((r.grade, r.number)) if r.grade and r.number else None
    if rc is None:
        if r.grade and r.number:
            r.problems.append("本校本学年没有这个班")
        return
    r.class_id = rc.class_id
    r.roster_expected = rc.expected
    r.saved = rc.saved
    for a in r.absentees:
        ids = rc.students.get(a.name, ())
        if len(ids) == 1:
            a.student_id = ids[0]
            if a.reason is None and a.note == "请假" and ids[0] in rc.leave_kinds:
                a.reason = AbsenceReason(rc.leave_kinds[ids[0]])
                a.note = "已批准的请假"
                if a.period is Period.FULL:
                    a.period = rc.leave_periods.get(ids[0], Period.FULL)
                r.problems[:] = [p for p in r.problems if not p.startswith(f"{a.name}：没有说明")]
            elif a.reason is None and a.note == "请假" and roster.pending_form_days > 0:
                a.reason, a.note, a.pending_form = AbsenceReason.OTHER, PENDING_FORM_NOTE, True
                r.problems[:] = [p for p in r.problems if not p.startswith(f"{a.name}：没有说明")]
        elif len(ids) > 1:
            r.problems.append(f"{a.name}：本班有{len(ids)}个同名学生，请在点名页面点选")
        else:
            elsewhere = roster.classes_of(a.name)
            where = f"（在{'、'.join(elsewhere)}）" if elsewhere else ""
            teacher = "（是本校老师的姓名）" if a.name in roster.teachers else ""
            r.problems.append(f"“{a.name}”不在{rc.name}的名单上{where}{teacher}")
    base = r.expected_stated if r.expected_stated is not None else rc.expected
    listed_before = r.absent_count
    left_out = _add_leave(r, rc)
    if r.expected_stated is not None and r.expected_stated != rc.expected:
        r.problems.append(f"应到人数不符：消息写{r.expected_stated}人，名册上是{rc.expected}人")
    listed = r.absent_count
    if r.present_stated is None or r.present_stated == base - listed:
        return
    if left_out and r.present_stated == base - listed_before:
        # 实到 counts the child on leave as present: back early, or the leave is wrong?
        r.problems.append(
            f"{'、'.join(left_out)}有已批准的请假，消息写的实到{r.present_stated}人却把"
            f"{'他们' if len(left_out) > 1 else '这名学生'}算作到校；请核对后写明，或在点名页面录入"
        )
        return
    r.problems.append(
        f"实到人数对不上：写的实到{r.present_stated}人，应到{base}人减去缺勤{listed}人"
        f"是{base - listed}人"
    )


def _add_leave(r: ParsedClassReport, rc: RosterClass) -> list[str]:
    """A child on approved leave that the message leaves out (全到, or not named) is absent as
    the leave says, as the entry page pre-marks it; returns their names."""
    listed = {a.student_id for a in r.absentees}
    names = {i: n for n, ids in rc.students.items() for i in ids}
    out = []
    for sid, kind in rc.leave_kinds.items():
        if sid in listed or sid not in names:
            continue
        period = rc.leave_periods.get(sid, Period.FULL)
        r.absentees.append(
            ParsedAbsentee(
                names[sid], AbsenceReason(kind), period, "已批准的请假", sid, on_leave=True
            )
        )
        out.append(names[sid])
    return out
