"""What WeChat adds when the clerk copies several messages out of the group, in plain Python.

    潘艳颖 07:50                 ← who sent the next message, and when
    七年级2班：全到
    [图片] 👍 收到               ← pictures, stickers, emoji, chatter
    @所有人 请各班主任8点前上报   ← the clerk's own reminder
    2026年11月26日 07:52          ← a date header: the messages under it are of another day

Such lines are taken out of the text before it is read as head-counts, and each one is kept
with the reason (shown as “已忽略”); a line with a class or a child's name in it is marked, so
the clerk sees it was not read as a head-count. Messages under a date header that is not the
head-count's date are kept apart as “其他日期”: shown, never saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kongchuo_desktop.domain.headcount_words import CLASS_RE, REASON_WORDS

TIME = r"(?:上午|下午|早上|中午|晚上)?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
DAY_WORDS = {"今天": 0, "昨天": -1, "前天": -2}
# 2026年11月27日 07:52 · 11月27日 07:52 · 2026-11-27 07:52 · 2026/11/27 7:52:10 · 昨天 07:52
DATE_HEADER_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<ny>\d{4})\s*[-/.]\s*(?P<nm>\d{1,2})\s*[-/.]\s*(?P<nd>\d{1,2})"
    r"|(?P<rel>今天|昨天|前天)"
)
WEEKDAY = r"(?:\s*(?:星期|周)[一二三四五六日天])?"
# A header line: an optional sender, an optional date, and a time (a date alone is the teacher's).
HEADER_RE = re.compile(
    rf"^(?P<who>[^\d\s:：][^:：]{{0,19}}?)?\s*"
    rf"(?P<date>{DATE_HEADER_RE.pattern}){WEEKDAY}?\s*(?P<time>{TIME})$"
    rf"|^(?P<who2>[^\d\s:：][^:：]{{0,19}}?)?\s*(?P<time2>{TIME})$"
)
SENDER_ALONE_RE = re.compile(r"^(?P<who>[^\d\s:：,，。、]{1,16})\s*[:：]$")
# "潘艳颖：七年级2班全到": a name (2–4 characters, or "…老师") before the class is who wrote it.
SENDER_PREFIX_RE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff·A-Za-z]{1,8}(?:老师|班主任))\s*[:：]\s*"
)
# [图片] [表情] [强] [OK] …: WeChat's own codes; 【七年级2班】 and [七年级2班] are class mentions.
CODE_RE = re.compile(r"\[(?P<code>[^\[\]\s]{1,8})\]")
EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d\u20e3]+"
)
CHATTER_RE = re.compile(
    r"(?:@\S+\s*)*(?:收到|好的|好滴|好|嗯+|哦+|ok|OK|Ok|谢谢(?:老师|领导|大家)?|辛苦(?:了|啦)?"
    r"|明白|知道了|已报|已发|已上报|\+1|1|老师好|早上好|早安|大家早|早)+"
    r"[\s,，。.!！~～]*"
)
REMINDER_RE = re.compile(
    r"@所有人|请.{0,20}(?:上报|报送|报一下|发一下|汇报|报告|及时报|统计)"
    r"|还(?:没|未)有?(?:上?报|发)|未上报|没上报|尽快(?:上)?报|抓紧(?:上)?报"
)
HEAD_COUNT_WORD_RE = re.compile(r"应到|实到|全到|全勤|到齐|缺|假|旷课|迟到|早退|未到|没来")
# 「潘艳颖：七年级2班 全到」 and the dashes under it: a quoted message, read where it was sent.
QUOTE_RE = re.compile(r"^「.*」?$|^.*」$|^[-－—–\s]{5,}$")
SYSTEM_RE = re.compile(r"撤回了一条消息|加入了群聊|拍了拍|移出了群聊|修改群名为")
TRAILING_TIME_RE = re.compile(r"\s+\d{1,2}:\d{2}$")
READ_AS_NOTE = set(REASON_WORDS) | {"上午", "下午", "全天", "半天"}


@dataclass(frozen=True)
class IgnoredLine:
    """A line (or a piece of one) that is not a head-count, and why it was left out."""

    text: str
    why: str
    notable: bool = False  # it names a class or a child: the clerk should look at it


@dataclass(frozen=True)
class OtherDay:
    """Messages under a date header that is not the head-count's date."""

    header: str
    date: dt.date | None
    text: str


@dataclass
class WechatCopy:
    text: str  # what is left to read as head-counts, one line per line of the paste
    ignored: list[IgnoredLine] = field(default_factory=list)
    other_days: list[OtherDay] = field(default_factory=list)


def header_date(m: re.Match, day: dt.date, today: dt.date) -> dt.date | None:
    """The date a header line names; None when it names none (a time alone)."""
    if not m.group("date"):
        return None
    rel = m.group("rel")
    if rel:
        return today + dt.timedelta(days=DAY_WORDS[rel])
    year = m.group("y") or m.group("ny")
    month = m.group("m") or m.group("nm")
    dd = m.group("d") or m.group("nd")
    try:
        return dt.date(int(year) if year else day.year, int(month), int(dd))
    except ValueError:
        return None


def clean_copy(
    text: str,
    day: dt.date | None = None,
    today: dt.date | None = None,
    names: frozenset[str] = frozenset(),
) -> WechatCopy:
    """Take WeChat's sender/time lines, pictures, emoji, chatter and reminders out of `text`.
    `names`: the children's names of the school, to mark a left-out line that names one."""
    out = WechatCopy("")
    kept: list[str] = []
    other: OtherDay | None = None
    other_lines: list[str] = []

    def close_other() -> None:
        nonlocal other
        if other is not None:
            out.other_days.append(OtherDay(other.header, other.date, "\n".join(other_lines)))
        other = None
        other_lines.clear()

    def ignore(line: str, why: str) -> None:
        mention = CLASS_RE.search(line)
        named = [n for n in names if len(n) >= 2 and n in line]
        notable = bool(mention or named)
        if mention:
            why += f"（含班级“{mention.group(0)}”，未当作点名）"
        elif named:
            why += f"（含学生姓名“{named[0]}”，未当作点名）"
        out.ignored.append(IgnoredLine(line, why, notable))

    for raw in text.split("\n"):
        line = raw.strip()
        header = HEADER_RE.match(line) if line else None
        if header and not _is_head_count(line):
            when = header_date(header, day, today or day) if day else None
            if when is not None and when != day:
                close_other()
                other = OtherDay(line, when, "")
                kept.append("")
                continue
            if when is not None:
                close_other()
            ignore(
                line, "发消息的人和时间" if header.group("who") or header.group("who2") else "时间"
            )
            kept.append("")
            continue
        if other is not None:
            other_lines.append(raw)
            kept.append("")
            continue
        if not line:
            kept.append("")
            continue
        if QUOTE_RE.match(line):
            ignore(line, "引用的消息（原消息在别处）")
            kept.append("")
            continue
        if SYSTEM_RE.search(line):
            ignore(line, "微信系统消息")
            kept.append("")
            continue
        line = _strip_codes(line, out)
        alone = SENDER_ALONE_RE.match(line)
        if alone and not CLASS_RE.search(line) and alone.group("who") not in READ_AS_NOTE:
            ignore(line, "发消息的人")
            kept.append("")
            continue
        prefix = SENDER_PREFIX_RE.match(line)
        if prefix and CLASS_RE.match(line, prefix.end()) and not CLASS_RE.search(prefix.group(0)):
            out.ignored.append(IgnoredLine(prefix.group(0).strip(), "发消息的人"))
            line = line[prefix.end() :]
        if not line:
            kept.append("")
            continue
        if CHATTER_RE.fullmatch(line):
            ignore(line, "聊天（不是点名）")
            kept.append("")
            continue
        if REMINDER_RE.search(line) and not _is_head_count(line):
            ignore(line, "提醒或催报（不是点名）")
            kept.append("")
            continue
        timed = TRAILING_TIME_RE.search(line)
        if timed and _is_head_count(line):  # "七年级2班 全到 7:50": the time it was sent
            out.ignored.append(IgnoredLine(timed.group(0).strip(), "发送时间"))
            line = line[: timed.start()]
        kept.append(line)
    close_other()
    out.text = "\n".join(kept)
    return out


def _is_head_count(line: str) -> bool:
    """A head-count that ends with a time ("七年级2班 全到 7:50") is read, not left out."""
    return bool(CLASS_RE.search(line) and HEAD_COUNT_WORD_RE.search(line))


def _strip_codes(line: str, out: WechatCopy) -> str:
    """[图片], [强], emoji: out of the line, kept as ignored. [病假], [上午] become notes."""
    removed: list[str] = []

    def code(m: re.Match) -> str:
        inner = m.group("code")
        if CLASS_RE.fullmatch(inner):
            return m.group(0)
        if inner in READ_AS_NOTE:
            return f"（{inner}）"
        removed.append(m.group(0))
        return " "

    line = CODE_RE.sub(code, line)
    emoji = EMOJI_RE.findall(line)
    if emoji:
        removed += emoji
        line = EMOJI_RE.sub(" ", line)
    if removed:
        out.ignored.append(IgnoredLine("".join(removed), "微信图片、表情"))
    return line.strip()
