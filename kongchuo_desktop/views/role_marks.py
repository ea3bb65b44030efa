"""Buttons an account may not use: disabled, with a tooltip saying which right is missing and
which roles have it. The services refuse anyway (services/guards.py); this only spares the user
a click that cannot succeed.

A page marks a button once with `needs(button, Action.X)`. The mark sticks: a page that enables
the button again later (a row selected, the form changed) leaves it disabled while the account
lacks the right. `apply_all(widget)` re-reads the acting account for every marked button under
`widget` — the window calls it each time a page is shown, and after 切换用户.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from kongchuo_desktop.domain.permissions import Action, roles_allowing
from kongchuo_desktop.services import access

_ACTION = "role_action"  # the Action's name the button needs
_DENIED = "role_denied"  # True while the acting account lacks it
_TIP = "role_tip_before"  # the button's own tooltip, put back when the right returns


def why_not(action: Action) -> str:
    roles = "、".join(roles_allowing(action))
    return f"当前账号“{access.current().name}”没有“{action.value}”的权限（需要：{roles}）"


class _KeepDisabled(QObject):
    """Undoes a page's setEnabled(True) on a button whose account lacks the right."""

    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and watched.property(_DENIED)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)
        return False


_keeper: _KeepDisabled | None = None


def _filter() -> _KeepDisabled:
    global _keeper
    if _keeper is None:
        _keeper = _KeepDisabled()
    return _keeper


def needs(widget: QWidget, action: Action) -> QWidget:
    """Mark `widget` as needing `action` and apply it for the acting account now."""
    widget.setProperty(_ACTION, action.name)
    widget.installEventFilter(_filter())
    _apply(widget)
    return widget


def apply_all(root: QWidget) -> None:
    """Apply every mark under `root` (and on it) for the account acting now."""
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.property(_ACTION):
            _apply(widget)


def _apply(widget: QWidget) -> None:
    action = Action[widget.property(_ACTION)]
    if access.current().can(action):
        if widget.property(_DENIED):
            widget.setProperty(_DENIED, False)
            widget.setToolTip(widget.property(_TIP) or "")
            widget.setEnabled(True)
        return
    if not widget.property(_DENIED):
        widget.setProperty(_TIP, widget.toolTip())
    widget.setProperty(_DENIED, True)
    widget.setEnabled(False)
    widget.setToolTip(why_not(action))
