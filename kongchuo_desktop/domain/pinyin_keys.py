"""Search keys for Chinese names: full pinyin and initials (张三 → zhangsan, zs)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), lowercase, without tones or spaces. Non-Chinese characters are
    kept as they are, lowercased, in both."""
    name = "".join(name.split())
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: list(s))
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials
