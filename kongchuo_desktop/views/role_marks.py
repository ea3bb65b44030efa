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

_S, _R, _C, _A = Action.EDIT_SCHOOL, Action.EDIT_ROSTER, Action.EDIT_CASES, Action.ADD_CONTACTS
# Buttons marked by their objectName when `apply_all` first meets them (pages and dialogs that
# do not call `needs` themselves). The services check the same rights (services/guards.py).
BY_OBJECT_NAME: dict[str, Action] = {
    **dict.fromkeys(("teachers_add", "teachers_edit", "teachers_left", "teachers_back"), _S),
    **dict.fromkeys(("classes_set_head", "school_save"), _S),
    **dict.fromkeys(("classes_rename", "classes_merge", "classes_remove", "classes_add"), _R),
    **dict.fromkeys(("notice_template_reset", "notice_template_save"), Action.EDIT_SETTINGS),
    **dict.fromkeys(("sanbao_confirm_class", "sanbao_helper", "sanbao_sign"), _S),
    **dict.fromkeys(("sanbao_reassign", "sanbao_add_village"), _S),
    **dict.fromkeys(("sanbao_township_cadre", "sanbao_village_cadre"), _S),
    "home_action_done": _C,  # 首页: an escalation step done (the service checks the child)
    "home_teaching_plan": _C,
    "home_teaching_record": Action.ADD_CONTACTS,
    **dict.fromkeys(("case_save_details", "case_edit_responsible", "case_next_stage"), _C),
    **dict.fromkeys(("case_close", "case_reopen"), _C),
    **dict.fromkeys(("case_add_contact", "case_plan_contact", "case_done_contact"), _A),
    "case_add_photo": _A,
    **dict.fromkeys(
        ("sanbao_export", "home_teaching_export", "risk_export", "risk_pdf"), Action.EXPORT
    ),
}


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
        elif widget.objectName() in BY_OBJECT_NAME:
            needs(widget, BY_OBJECT_NAME[widget.objectName()])


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
