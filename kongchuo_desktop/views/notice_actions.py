"""Issuing notices from the window: the buttons on a case dialog's 四步法 bar (发出通知书, 家访记录表)
and what they do — ask before a second notice of a kind for the case, ask where to save, then
record the notice and write its PDF together (a PDF that cannot be written records nothing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from kongchuo_desktop.domain.notice_text import CASE_KINDS, NoticeKind
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, notices
from kongchuo_desktop.services.notice_values import chinese_date
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.notice_printing import write_notice_pdf
from kongchuo_desktop.views.save_dialog import PDF_FILTER, ask_save_path


def _ask_path(parent: QWidget | None, suggested: str) -> Path | None:
    return ask_save_path(parent, "保存通知书PDF", f"{suggested}.pdf", PDF_FILTER, ".pdf")


def issue_case_notice(
    parent: QWidget | None,
    case_id: int,
    kind: NoticeKind,
    day: dt.date,
    *,
    path: Path | None = None,
    actor: str | None = None,
) -> notices.Printed | None:
    """Issue `kind` for the case on `day` and save its PDF (at `path`, else where the clerk
    says). A second one of the kind is issued only after the clerk confirms. None: not issued."""
    earlier = notices.issued_for_case(case_id, kind)
    if earlier:
        first = earlier[0]
        if not messages.confirm(
            parent,
            "再发一份通知书？",
            f"{first.person_name}的{kind.value}已于{chinese_date(first.issued_on)}发出"
            f"（{first.number}）。\n\n同一份通知书一般只发一次。确实要再发一份（新编号）吗？",
            yes="再发一份",
            no="不发",
        ):
            return None
    if path is None:
        path = _ask_path(parent, f"{kind.value}-个案{case_id}")
        if path is None:
            return None
    try:
        printed = notices.issue_for_case(
            actor or access.actor_name(),
            case_id,
            kind,
            day,
            again=bool(earlier),
            write=lambda doc: write_notice_pdf(doc, path, overwrite=True),
        )
    except (UserError, OSError) as exc:
        messages.fail(parent, f"不能发出{kind.value}", exc, after="\n没有登记这份通知书。")
        return None
    due = (
        f"\n返校期限：{chinese_date(printed.notice.deadline)}（过期仍未返校，首页显示已逾期）"
        if printed.notice.deadline
        else ""
    )
    messages.info(
        parent, "已发出", f"{kind.value}（{printed.notice.number}）已保存到：\n{path}{due}"
    )
    return printed


def print_visit_record(
    parent: QWidget | None,
    contact_id: int,
    day: dt.date,
    *,
    path: Path | None = None,
    actor: str | None = None,
) -> notices.Printed | None:
    """The 家访记录表 of a contact as a PDF (its number kept when printed again)."""
    try:
        if path is None:
            path = _ask_path(parent, f"家访记录表-{contact_id}")
            if path is None:
                return None
        printed = notices.visit_record(
            actor or access.actor_name(),
            contact_id,
            day,
            write=lambda doc: write_notice_pdf(doc, path, overwrite=True),
        )
    except (UserError, OSError) as exc:
        messages.fail(parent, "不能打印家访记录表", exc)
        return None
    messages.info(parent, "家访记录表", f"已保存到：\n{path}")
    return printed


def add_buttons(dialog) -> None:
    """发出通知书 (a menu of the case's kinds) and 家访记录表 (of the selected contact) on a case
    dialog's `notice_bar`; the dialog refreshes after a notice moved its 四步法 stage."""
    issue = QPushButton("发出通知书…", objectName="case_issue_notice")
    menu = QMenu(issue)
    for kind in CASE_KINDS:
        action = menu.addAction(kind.value)
        action.setObjectName(f"notice_{kind.name.lower()}")
        action.triggered.connect(lambda _=False, k=kind: _issue_from(dialog, k))
    issue.setMenu(menu)
    record = QPushButton("打印家访记录表…", objectName="case_visit_record")
    record.clicked.connect(lambda: _record_from(dialog))
    dialog.notice_bar.insertWidget(1, issue)
    dialog.notice_bar.insertWidget(2, record)
    dialog.notice_menu = menu


def _issue_from(dialog, kind: NoticeKind) -> None:
    if issue_case_notice(dialog, dialog.case_id, kind, dialog.clock()) is not None:
        dialog.changed.emit()
        dialog.refresh()


def _record_from(dialog) -> None:
    row = dialog.selected_contact()
    if row is None:
        messages.info(dialog, "家访记录表", "请先在“家访与劝返记录”中选中一次家访")
        return
    print_visit_record(dialog, row.id, dialog.clock())
