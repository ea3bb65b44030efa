"""Saving the school's settings: checked against their declarations (settings.validate), all or
nothing, every change audited by key."""

from __future__ import annotations

from typing import Any

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Setting
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import audit, guards


def set(key: str, value: Any, actor: str) -> None:
    set_many({key: value}, actor)


def set_many(values: dict[str, Any], actor: str) -> None:
    """Save several settings in one transaction, after checking them all (settings.validate:
    SettingError and nothing saved when one is not allowed)."""
    guards.school(Action.EDIT_SETTINGS)
    clean = settings.validate(values)
    with current().atomic():
        for key, value in clean.items():
            audit.upsert_by_key(Setting, actor, key, value=value)
