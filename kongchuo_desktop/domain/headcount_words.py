"""The words of a head-count message: class mentions, counts, reasons and periods, dates,
greetings and other noise, as regular expressions and tables (read by domain.headcount_message).
Plain Python; a new way teachers write a thing is added here."""

from __future__ import annotations

import re

from kongchuo_desktop.domain.attendance import AbsenceReason, Period

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """1–99 from Arabic digits or Chinese numerals (一, 十, 十二, 二十三)."""
    if text.isdigit():
        return int(text)
    if text in CN_DIGITS:
        return CN_DIGITS[text]
    m = re.fullmatch(r"([一二三四五六七八九])?十([一二三四五六七八九])?", text)
    if m:
        tens = CN_DIGITS[m.group(1)] if m.group(1) else 1
        return tens * 10 + (CN_DIGITS[m.group(2)] if m.group(2) else 0)
    return None


GRADE_CH = "一二三四五六七八九1-9"
NUM = r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})"
CLASS_RE = re.compile(
    rf"(?:(?P<g>[{GRADE_CH}])\s*年级|初\s*(?P<j>[一二三1-3])|(?P<b>[{GRADE_CH}])(?=\s*[（(]))"
    rf"\s*[（(]?\s*{NUM}\s*[）)]?\s*班"
    rf"|(?<![\d.])(?P<dg>[1-9])\s*[.．\-－]\s*(?P<dn>\d{{1,2}})\s*班"
)

# reason words → (reason or None when it needs a human, note to keep)
REASON_WORDS: dict[str, AbsenceReason | None] = {
    "无故未到": AbsenceReason.TRUANT,
    "无故缺席": AbsenceReason.TRUANT,
    "无故缺勤": AbsenceReason.TRUANT,
    "无故旷课": AbsenceReason.TRUANT,
    "无故不到": AbsenceReason.TRUANT,
    "旷课": AbsenceReason.TRUANT,
    "请病假": AbsenceReason.SICK,
    "请事假": AbsenceReason.PERSONAL,
    "病假": AbsenceReason.SICK,
    "事假": AbsenceReason.PERSONAL,
    "生病": AbsenceReason.SICK,
    "发烧": AbsenceReason.SICK,
    "感冒": AbsenceReason.SICK,
    "迟到": AbsenceReason.LATE,
    "早退": AbsenceReason.LEFT_EARLY,
    "其他": AbsenceReason.OTHER,
    "其它": AbsenceReason.OTHER,
    "请假": None,  # 病假 or 事假? asked, not guessed
    "未到": None,
    "缺席": None,
    "缺勤": None,
    "没来": None,
    "未到校": None,
}
REASON_ALT = "|".join(sorted(map(re.escape, REASON_WORDS), key=len, reverse=True))
PERIOD_ALT = "上午|下午|全天|一天|半天"
PERIOD_WORDS = {"上午": Period.MORNING, "下午": Period.AFTERNOON, "全天": Period.FULL}
PERIOD_WORDS["一天"] = Period.FULL

SEP_RE = re.compile(r"[\s,，、;；。.．!！:：/|【】〔〕\[\]]+")
NOTE_RE = re.compile(r"[（(]([^（()）]*)[）)]")
COUNT_RE = re.compile(
    r"(?P<what>应到|实到|到校|全班|缺勤|缺席|共缺|缺|病假|事假|旷课|迟到|早退|请假)(?:人数)?"
    r"\s*[:：]?\s*(?P<k>\d{1,3})\s*(?:人|名|个)?"
)
ALL_RE = re.compile(
    r"(?P<rest>其余|其他|其它|其他人|其余同学|其他同学)?(?:学生|同学)?"
    r"(?:全到|全勤|均到|都到|全员到齐|全员到校|全员到|全部到齐|全部到校|到齐|满勤|正常|无缺勤|无缺席|无人缺勤|无请假|无人请假)"
)
REASON_COLON_RE = re.compile(
    rf"(?P<p>{PERIOD_ALT})?(?P<r>{REASON_ALT})(?P<p2>{PERIOD_ALT})?\s*[:：]"
)
# "缺：", "缺勤名单：", "未到学生：": the names that follow are absent, each with its own reason.
LIST_ALT = r"(?:缺勤|缺席|未到校?|没来|缺)(?:学生|同学|名单|人员|情况)?"
LIST_COLON_RE = re.compile(rf"{LIST_ALT}\s*[:：]")
LIST_WORD_RE = re.compile(r"缺|缺勤名单|缺勤学生|未到学生|缺席学生")
WORD_RE = re.compile(r"[\u4e00-\u9fff·]+")
NAME_SPLIT_RE = re.compile(
    rf"(?P<name>.+?)(?P<p1>{PERIOD_ALT})?(?P<r>{REASON_ALT})?(?P<r2>{REASON_ALT})?"
    rf"(?P<p2>{PERIOD_ALT})?"
)
STANDALONE_RE = re.compile(rf"(?P<p1>{PERIOD_ALT})?(?P<r>{REASON_ALT})(?P<p2>{PERIOD_ALT})?")
FILLER_PREFIX_RE = re.compile(r"^(?:其中|另外|还有|以及|另有|另)")

# A date or weekday written in the message: checked against the head-count date, never dropped.
# 周一…周日 is a weekday only when no name goes on (周一鸣 is a child) or right after a date.
CN_NUM = "[一二三四五六七八九十]{1,3}"
DATE_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"
    rf"|(?P<cm>{CN_NUM})\s*月\s*(?P<cd>{CN_NUM})\s*[日号]"
    r"|(?<![\d.．])(?:(?P<ny>\d{4})[.．/／\-－])?(?P<nm>\d{1,2})\s*[.．/／\-－]\s*(?P<nd>\d{1,2})"
    r"(?![\d.．]|\s*(?:班|年级|人|名|个|天|%))"
    r"|(?:星期|礼拜)(?P<w>[一二三四五六日天])"
    r"|(?<=[日号])周(?P<w2>[一二三四五六日天])"
    r"|周(?P<w3>[一二三四五六日天])(?![\u4e00-\u9fff·])"
)
WEEKDAYS = "一二三四五六日"

# Words that carry no head-count information (greetings, a bare year, who is writing).
NOISE_RE = re.compile(
    r"\d{4}\s*年"
    r"|班主任(?:[\u4e00-\u9fff]{1,3}老师)?|[\u4e00-\u9fff]老师|各位领导|各位|领导|您好|你们好|大家好"
    r"|今日|今天|晨检|考勤|点名|出勤情况|出勤|情况如下|情况|汇报|报告|上报|如下|收到|好的"
    r"|谢谢(?:老师|领导)?|辛苦了"
)


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII; keep Chinese brackets (the regexes accept both)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
