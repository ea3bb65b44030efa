"""What a setting is (SettingSpec) and a rule between settings (SettingRule): apart from
setting_specs so that the feature groups (feature_setting_specs) declare theirs without an
import cycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A value → why it is not allowed (Chinese, naming the setting), or None.
Check = Callable[[Any], str | None]
# Reads any setting as it would be after saving → why not allowed, or None.
Rule = Callable[[Callable[[str], Any]], str | None]


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str = "常规"
    help: str = ""
    minimum: float | None = None  # numbers: the smallest value allowed (also the editor's range)
    maximum: float | None = None
    check: Check | None = None

    def problem(self, value: Any) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return f"“{self.label}”不能小于{self.minimum:g}（填的是{value:g}）"
        if self.maximum is not None and value > self.maximum:
            return f"“{self.label}”不能大于{self.maximum:g}（填的是{value:g}）"
        return self.check(value) if self.check else None


@dataclass(frozen=True)
class SettingRule:
    """A rule between settings, checked when one of `keys` is saved."""

    keys: frozenset[str]
    check: Rule
