"""Search keys for Chinese names: full pinyin and initials (张三 → zhangsan, zs).

The surname (姓) is read with its surname reading, which for some characters is not the everyday
one that pypinyin gives: 曾晓 → zengxiao, not cengxiao; 覃 → qin, not tan. pypinyin (0.55) has no
surname mode, so the differing readings are kept in the tables below. The given name (名) is read
on its own, with pypinyin's everyday readings: in 李曾 the 曾 stays "ceng".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Single-character surnames whose surname reading differs from pypinyin's default reading (each
# checked against pypinyin 0.55). Left out on purpose: 乐 (Yuè and Lè are both common), 尉 (alone
# it is Wèi, the default; Yù only in 尉迟), and readings that dictionaries do not agree on.
SURNAME_READINGS: dict[str, str] = {
    "秘": "bi",
    "薄": "bo",
    "卜": "bu",
    "种": "chong",
    "重": "chong",
    "都": "du",
    "盖": "ge",
    "句": "gou",
    "炅": "gui",
    "角": "jue",
    "阚": "kan",
    "缪": "miao",
    "佴": "nai",
    "粘": "nian",
    "乜": "nie",
    "区": "ou",
    "蕃": "pi",
    "朴": "piao",
    "繁": "po",
    "覃": "qin",
    "仇": "qiu",
    "单": "shan",
    "召": "shao",
    "折": "she",
    "隗": "wei",
    "洗": "xian",
    "解": "xie",
    "蔚": "yu",
    "员": "yun",
    "曾": "zeng",
    "查": "zha",
    "祭": "zhai",
    "翟": "zhai",
}

# Two-character surnames (复姓), one syllable per character.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "令狐": ("ling", "hu"),
    "澹台": ("tan", "tai"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "皇甫": ("huang", "fu"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "宇文": ("yu", "wen"),
    "单于": ("chan", "yu"),
    "司徒": ("si", "tu"),
    "端木": ("duan", "mu"),
    "南宫": ("nan", "gong"),
}

# The dot between the parts of a transliterated name (阿卜杜·热合曼): such a name has no 姓 to
# read specially.
_NAME_DOTS = frozenset("·•・‧")


def _is_dropped(ch: str) -> bool:
    """Spaces, dots and other punctuation take no part in a search key."""
    category = unicodedata.category(ch)
    # Not "C" as a whole: a rare character may sit in the private use area (Co) or be newer than
    # this Python's Unicode tables (Cn), and must stay.
    return ch.isspace() or category[0] in "PZ" or category in ("Cc", "Cf")


def _syllables(text: str) -> list[str]:
    # Non-Chinese characters come back one by one, as they are.
    return lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s)) if text else []


def _surname_syllables(name: str) -> tuple[list[str], str]:
    """The syllables of the surname, and the rest of the name."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return list(COMPOUND_SURNAMES[name[:2]]), name[2:]
    first, rest = name[:1], name[1:]
    if first in SURNAME_READINGS:
        return [SURNAME_READINGS[first]], rest
    return _syllables(first), rest


@lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), lowercase, without tones, spaces or punctuation; the surname is
    read as a surname. Non-Chinese characters are kept as they are, lowercased, in both."""
    name = unicodedata.normalize("NFKC", name)
    transliterated = any(ch in _NAME_DOTS for ch in name)
    name = "".join(ch for ch in name if not _is_dropped(ch))
    if transliterated:
        syllables = _syllables(name)
    else:
        syllables, given = _surname_syllables(name)
        syllables += _syllables(given)
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials
