"""What a search box holds, folded the way the stored search keys are.

Kept apart from pinyin_keys (which loads pypinyin's dictionaries) so the head-count page, on the
start-up path, does not load them.
"""

from __future__ import annotations

import unicodedata


def fold_search_text(text: str) -> str:
    """Full-width to half-width (an input method in full-width mode types ｚｓ), lowercase, no
    spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())
