"""How the words of a bureau's template are understood: a column title as a list field, a row or
column label as a figure, a cell as a 学段, a sheet as a list, a cell as a title or a footer, and
`{{…}}` placeholders. Plain Python over strings; services/report_template.py reads the workbook.

The rule throughout: when in doubt, not understood. A column left empty is a small chore for the
clerk; a wrong value sent to the bureau is a mistake nobody sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kongchuo_desktop.domain.report_names import (
    FIELDS,
    FIGURE_BY_NAME,
    FIGURES,
    FOOTER_WORDS,
    LISTS,
    NEVER_FILLED_WORDS,
    SERIAL_FIELD,
    STAGE_SYNONYMS,
    TITLES,
)

_BRACKETS = re.compile(r"[（(【\[〔][^）)】\]〕]*[）)】\]〕]")
_NOISE = re.compile(r"[\s\u3000:：,，、。.;；/\\|\-—_＿~～*＊#＃]+")
# Parenthesised notes that only give a unit or a hint ("（人）", "（%）", "（是/否）").
_UNIT_NOTE = re.compile(r"[（(](人|人数|个|次|%|％|元|是/否|是或否|填是或否|年月日|\s*)[）)]")

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def normalise(text: object) -> str:
    """A title as compared: no spaces, line breaks, colons or punctuation, full-width letters
    folded; brackets kept (their content may matter: "监护人（父亲）")."""
    if text is None:
        return ""
    s = str(text)
    s = "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" and c not in "（）：" else c for c in s
    )
    s = _UNIT_NOTE.sub("", s)
    return _NOISE.sub("", s)


def without_brackets(text: str) -> str:
    return _BRACKETS.sub("", text)


def bare(text: str) -> str:
    """Brackets dropped as characters, their content kept: "辍学（疑似辍学）时间" → "辍学疑似辍学时间"."""
    return re.sub(r"[（()）【】\[\]〔〕]", "", text)


_FIELD_LOOKUP: dict[str, str] = {}
for _name, _words in FIELDS.items():
    for _word in _words:
        _FIELD_LOOKUP.setdefault(normalise(_word), _name)


def _field_of(text: str) -> str | None:
    if not text:
        return None
    for form in (bare(text), without_brackets(text)):
        if form in _FIELD_LOOKUP:
            return _FIELD_LOOKUP[form]
        for prefix in ("学生", "本人"):
            if form.startswith(prefix) and form[len(prefix) :] in _FIELD_LOOKUP:
                return _FIELD_LOOKUP[form[len(prefix) :]]
    return None


_PERSONAL = ("姓名", "身份证号", "性别", "出生日期", "民族", "联系电话")
_GUARDIAN_WORDS = ("监护人", "家长", "父亲", "母亲", "父母")
_OTHER_PEOPLE = ("教师", "老师", "责任人", "包保", "干部", "帮扶", "送教")


@dataclass(frozen=True)
class FieldMatch:
    field: str | None
    exact: bool  # matched on the whole title, not on its last header row alone


def match_field(parts: list[str]) -> FieldMatch:
    """The field of a column whose header rows read `parts` (top to bottom, merged cells repeated):
    the whole title first ("监护人" over "姓名" is the guardian's name), then the lowest row alone
    ("学生基本信息" over "姓名" is the child's)."""
    texts = [normalise(p) for p in parts if normalise(p)]
    texts = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
    if not texts:
        return FieldMatch(None, False)
    whole = "".join(texts)
    if any(word in whole for word in NEVER_FILLED_WORDS):
        return FieldMatch(None, False)
    found = _field_of(whole)
    if found:
        return FieldMatch(found, True)
    if len(texts) > 1:
        parent = "".join(texts[:-1])
        found = _field_of(texts[-1])
        if found in _PERSONAL:
            # A name or phone column under a person group is that person's, never the child's.
            if any(w in parent for w in _OTHER_PEOPLE):
                return FieldMatch(None, False)
            if any(w in parent for w in _GUARDIAN_WORDS):
                found = {"姓名": "监护人", "联系电话": "联系电话"}.get(found)
        if found:
            return FieldMatch(found, False)
    return FieldMatch(None, False)


def match_stage(text: object) -> str | None:
    label = without_brackets(normalise(text))
    for stage, words in STAGE_SYNONYMS.items():
        if label in words:
            return stage
    return None


def match_figure(parts: list[str]) -> str | None:
    """The figure a row or column label names (parts: the label's cells, outer to inner), or None
    when none or more than one figure fits."""
    texts = [normalise(p) for p in parts if normalise(p)]
    label = "".join(t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1])
    if not label:
        return None
    scored: list[tuple[int, str]] = []
    for figure in FIGURES:
        if any(word in label for word in figure.excludes):
            continue
        best = max(
            (sum(map(len, p)) for p in figure.patterns if all(w in label for w in p)), default=0
        )
        if best:
            scored.append((best, figure.name))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def is_rate(figure: str) -> bool:
    return FIGURE_BY_NAME[figure].is_rate


def match_list(*texts: str) -> str | None:
    """The list a sheet holds, from its name and title: the list with the longest word found, or
    None when none fits or two fit equally."""
    label = "".join(normalise(t) for t in texts if t)
    scored: list[tuple[int, str]] = []
    for item in LISTS:
        if any(word in label for word in item.excludes):
            continue
        best = max((len(w) for w in item.words if w in label), default=0)
        if best:
            scored.append((best, item.name))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


_TITLE_WORD_NAME = {normalise(w): name for name, words in TITLES.items() for w in words}
_TITLE_LABEL = re.compile(
    r"(?:^|(?<=[\s\u3000，,;；|]))("
    + "|".join(re.escape(w) for w in sorted(_TITLE_WORD_NAME, key=len, reverse=True))
    + r")\s*(?:[（(][^）)]*[）)])?\s*[:：]"
)
_BLANK_VALUE = re.compile(r"[\s\u3000_＿年月日]*")


def title_segments(text: str) -> list[tuple[str, int, int]]:
    """The title labels in a cell ("填报单位（盖章）：        报告月份：    年    月") as (title,
    start, end) of the text after each label's colon, up to the next label."""
    found = list(_TITLE_LABEL.finditer(text))
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        out.append((_TITLE_WORD_NAME[m.group(1)], m.end(), end))
    return out


def titles_in(text: object) -> list[str]:
    return [name for name, _s, _e in title_segments(text)] if isinstance(text, str) else []


def match_title(text: object) -> str | None:
    """The first title a cell labels ("填报单位（盖章）：" → 填报单位), or None."""
    names = titles_in(text)
    return names[0] if names else None


def fill_titles(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """`text` with each title's blank part ("    年    月") replaced by its value; a part that
    already holds something is kept. Returns the new text and the titles filled."""
    result, filled = text, []
    segments = title_segments(text)
    for name, start, end in reversed(segments):
        value = values.get(name)
        if value is None or not _BLANK_VALUE.fullmatch(text[start:end]):
            continue
        gap = "    " if end < len(text) else ""  # keep the next label apart
        result = result[:start] + value + gap + result[end:]
        filled.append(name)
    return result, filled[::-1]


def is_footer(text: object) -> bool:
    label = normalise(text)
    return bool(label) and any(normalise(w) in label for w in FOOTER_WORDS)


def serial_field() -> str:
    return SERIAL_FIELD


def placeholders(text: object) -> list[str]:
    """The names inside `{{…}}` in a cell, in order."""
    if not isinstance(text, str):
        return []
    return [m.strip() for m in PLACEHOLDER.findall(text)]


def fingerprint_text(sheets: list[tuple[str, list[str]]]) -> str:
    """The text a template's fingerprint is taken of: each sheet's name and its header labels,
    normalised, so a re-saved copy or new blank rows keep the fingerprint, a changed column not."""
    lines = []
    for name, labels in sheets:
        lines.append(normalise(name) + "|" + "|".join(normalise(label) for label in labels))
    return "\n".join(lines)
