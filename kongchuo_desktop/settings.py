"""Every setting of the school declared once, with its type, default and Chinese label.

Values live in the database (table `setting`) so that the school's rules travel with its data and
its backups. Domain modules declare their own settings here at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kongchuo_desktop.db.models import Setting
from kongchuo_desktop.services import audit


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str = "常规"
    help: str = ""


_SPECS: dict[str, SettingSpec] = {}


def declare(key: str, type_: type, default: Any, label: str, group: str = "常规", help: str = ""):
    if key in _SPECS:
        raise ValueError(f"setting {key!r} declared twice")
    spec = SettingSpec(key, type_, default, label, group, help)
    _SPECS[key] = spec
    return spec


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


def set(key: str, value: Any, actor: str) -> None:
    s = _SPECS[key]
    try:
        value = s.type(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"设置“{s.label}”的值无效：{value!r}") from exc
    audit.upsert_by_key(Setting, actor, key, value=value)
