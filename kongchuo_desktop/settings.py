"""Every setting of the school declared once, with its type, default and Chinese label.

Values live in the database (table `setting`) so that the school's rules travel with its data and
its backups. Domain modules declare their own settings here at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Setting
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit


class SettingError(UserError, ValueError):
    """A value a setting does not allow; the message names the setting and what is allowed."""


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str = "常规"
    help: str = ""
    minimum: float | None = None  # numbers: the smallest value allowed
    maximum: float | None = None
    check: Callable[[Any], str | None] | None = None  # a value → why it is not allowed, or None

    def problem(self, value: Any) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return f"“{self.label}”不能小于{self.minimum:g}（填的是{value:g}）"
        if self.maximum is not None and value > self.maximum:
            return f"“{self.label}”不能大于{self.maximum:g}（填的是{value:g}）"
        return self.check(value) if self.check else None


_SPECS: dict[str, SettingSpec] = {}
# Rules between settings (e.g. one limit not above another): the keys it reads, and
# read → why not allowed, or None.
_RULES: list[tuple[frozenset[str], Callable[[Callable[[str], Any]], str | None]]] = []


def declare(
    key: str,
    type_: type,
    default: Any,
    label: str,
    group: str = "常规",
    help: str = "",
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    check: Callable[[Any], str | None] | None = None,
):
    if key in _SPECS:
        raise ValueError(f"setting {key!r} declared twice")
    spec = SettingSpec(key, type_, default, label, group, help, minimum, maximum, check)
    _SPECS[key] = spec
    return spec


def declare_rule(keys: Iterable[str], rule: Callable[[Callable[[str], Any]], str | None]) -> None:
    """A rule between settings, checked when one of `keys` is saved, with the values as they
    would be after saving."""
    _RULES.append((frozenset(keys), rule))


def specs(group: str | None = None) -> list[SettingSpec]:
    return [s for s in _SPECS.values() if group is None or s.group == group]


def spec(key: str) -> SettingSpec:
    return _SPECS[key]


def get(key: str) -> Any:
    s = _SPECS[key]
    row = Setting.get_or_none(Setting.key == key)
    if row is None or row.value is None:
        return s.default
    return s.type(row.value)


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """`values` converted to their types; SettingError (nothing saved) when one is not allowed,
    alone or with the other settings as they would be after saving."""
    clean = {}
    for key, value in values.items():
        s = _SPECS[key]
        try:
            clean[key] = s.type(value)
        except (TypeError, ValueError) as exc:
            raise SettingError(f"设置“{s.label}”的值无效：{value!r}") from exc
        why = s.problem(clean[key])
        if why:
            raise SettingError(why)
    for keys, rule in _RULES:
        if not keys & clean.keys():
            continue
        why = rule(lambda k: clean[k] if k in clean else get(k))
        if why:
            raise SettingError(why)
    return clean


def set(key: str, value: Any, actor: str) -> None:
    set_many({key: value}, actor)


def set_many(values: dict[str, Any], actor: str) -> None:
    """Save several settings in one transaction, after checking them all (validate)."""
    clean = validate(values)
    with current().atomic():
        for key, value in clean.items():
            audit.upsert_by_key(Setting, actor, key, value=value)
