"""The school's settings: what each one is (declared once, in setting_specs.py) and its value.

Values live in the database (table `setting`) so that the school's rules travel with its data and
its backups. This module reads and checks them; saving a change is audited, so it is a service
(services/settings_store.py). No service is imported here: settings sit below the services.
"""

from __future__ import annotations

from typing import Any

from kongchuo_desktop import setting_specs
from kongchuo_desktop.db.models import Setting
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.setting_specs import SettingRule, SettingSpec


class SettingError(UserError, ValueError):
    """A value a setting does not allow; the message names the setting and what is allowed."""


def _by_key(declared: tuple[SettingSpec, ...]) -> dict[str, SettingSpec]:
    out: dict[str, SettingSpec] = {}
    for s in declared:
        if s.key in out:
            raise ValueError(f"setting {s.key!r} declared twice")
        out[s.key] = s
    return out


_SPECS: dict[str, SettingSpec] = _by_key(setting_specs.SPECS)
_RULES: tuple[SettingRule, ...] = setting_specs.RULES


def specs(group: str | None = None) -> list[SettingSpec]:
    return [s for s in _SPECS.values() if group is None or s.group == group]


def spec(key: str) -> SettingSpec:
    return _SPECS[key]


# One fixed statement, not a peewee query built anew each time: a report reads a handful of
# settings, and building the query took longer than answering it.
_GET_SQL = 'SELECT "value" FROM "setting" WHERE "key" = ?'


def get(key: str) -> Any:
    s = _SPECS[key]
    row = Setting._meta.database.execute_sql(_GET_SQL, (key,)).fetchone()
    value = Setting.value.python_value(row[0]) if row is not None else None
    if value is None:
        return s.default
    return s.type(value)


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
    for rule in _RULES:
        if not rule.keys & clean.keys():
            continue
        why = rule.check(lambda k: clean[k] if k in clean else get(k))
        if why:
            raise SettingError(why)
    return clean
