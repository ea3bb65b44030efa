"""Characters a person cannot see: control characters (NUL …), text-direction overrides (U+202E …),
zero-width spaces and joiners, the BOM. They come from copying out of web pages and chat programs,
or from a file made to mislead; in a name or an ID number they make two equal-looking values
differ (and a NUL cannot be written into an .xlsx at all).

Pure Python: `find_hidden(text)` lists them with a Chinese name each, `strip_hidden(text)` removes
them. Tab, line feed and carriage return are ordinary white space, not hidden characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# The ones worth naming; any other control (Cc) or format (Cf) character is hidden too.
_NAMES = {
    "\x00": "空字符NUL",
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽不换行符",
    "\ufeff": "字节顺序标记BOM",
    "\u00ad": "软连字符",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u061c": "阿拉伯文字方向标记",
    "\u202a": "从左到右嵌入符",
    "\u202b": "从右到左嵌入符",
    "\u202c": "方向格式结束符",
    "\u202d": "从左到右覆盖符",
    "\u202e": "从右到左覆盖符",
    "\u2066": "从左到右隔离符",
    "\u2067": "从右到左隔离符",
    "\u2068": "方向隔离符",
    "\u2069": "方向隔离结束符",
}
_WHITE_SPACE = frozenset("\t\n\r")
NAME_MAX_LENGTH = 30  # 姓名: longer than any real name, minority names with “·” included


@dataclass(frozen=True)
class Hidden:
    position: int  # 1-based, as a clerk counts characters
    char: str

    @property
    def label(self) -> str:
        """零宽空格（U+200B）"""
        code = f"U+{ord(self.char):04X}"
        name = _NAMES.get(self.char)
        if name is None:
            name = "控制字符" if unicodedata.category(self.char) == "Cc" else "不可见的格式字符"
        return f"{name}（{code}）"


def is_hidden(ch: str) -> bool:
    if ch in _WHITE_SPACE:
        return False
    return ch in _NAMES or unicodedata.category(ch) in ("Cc", "Cf")


def find_hidden(text: str) -> list[Hidden]:
    return [Hidden(i, ch) for i, ch in enumerate(text, start=1) if is_hidden(ch)]


def strip_hidden(text: str) -> str:
    return "".join(ch for ch in text if not is_hidden(ch))


def describe(found: list[Hidden], at_most: int = 3) -> str:
    """“从右到左覆盖符（U+202E），在第2个字符处” — the first few, with how many more."""
    parts = [f"{h.label}，在第{h.position}个字符处" for h in found[:at_most]]
    more = f"等{len(found)}处" if len(found) > at_most else ""
    return "；".join(parts) + more


def refuse_hidden(value: object, what: str) -> None:
    """ValueError when `value` (a cell) holds hidden characters: for names and ID numbers, which
    say who a child is and must match the register, nothing is removed silently."""
    if not isinstance(value, str):
        return
    found = find_hidden(value)
    if found:
        raise ValueError(
            f"{what}中有看不见的字符：{describe(found)}。{what}必须与学籍系统一致，不会自动删除；"
            "请在Excel中清空该单元格后重新输入"
        )
