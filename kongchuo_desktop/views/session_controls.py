"""Who is working in the window, and the window's lock (issue 17).

The navigation bar shows the signed-in account with 锁定 and 切换用户. After the set idle minutes
(setting accounts.idle_lock_minutes) — or at 锁定 — the window's content is hidden under a lock
screen until the account's password is typed again. Nothing is closed or reloaded: a half-filled
head-count is still there, unsaved, after unlocking. Open dialogs are covered and their widgets
disabled too; a modal one (which would block the lock screen) takes the password on its cover.
切换用户 asks the pages about unsaved work first (as closing does), then signs the next account in
and rebuilds the pages for it, without closing the program.

With nobody signed in (the system user: tests, or a window opened before accounts existed) there
is nothing to lock and the controls stay hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.account_setting_specs import IDLE_LOCK_MINUTES
from kongchuo_desktop.services import access, accounts
from kongchuo_desktop.views import messages

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class IdleWatch(QObject):
    """Calls `on_idle` after `minutes` without a key, click, mouse move or wheel anywhere in the
    program."""

    def __init__(self, on_idle, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(on_idle)

    def start(self, minutes: float) -> None:
        self.timer.setInterval(int(minutes * 60_000))
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class LockScreen(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lock_screen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setFixedWidth(440)
        layout = QVBoxLayout(box)
        self.title = QLabel("窗口已锁定", objectName="lock_title")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.who = QLabel(objectName="lock_who")
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        self.password = QLineEdit(objectName="lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        layout.addWidget(self.password)
        self.note = QLabel(objectName="lock_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.switch_button = QPushButton("切换用户…", objectName="lock_switch_user")
        self.unlock_button = QPushButton("解锁", objectName="lock_unlock")
        self.unlock_button.setDefault(True)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)


class _Cover(QWidget):
    """Laid over an open dialog while the window is locked; its own widgets are disabled (their
    contents kept). Over the dialog that holds the input (a modal one blocks the window's lock
    screen), the cover takes the password itself."""

    def __init__(self, dialog: QWidget, unlock=None):
        super().__init__(dialog)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.disabled = [
            child
            for child in dialog.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child is not self and child.isEnabled()
        ]
        for child in self.disabled:
            child.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("窗口已锁定", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.password = self.note = None
        if unlock is not None:
            self.password = QLineEdit(objectName="lock_cover_password")
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.password.setPlaceholderText("输入密码解锁")
            self.note = QLabel(objectName="lock_cover_note")
            self.note.setWordWrap(True)
            button = QPushButton("解锁", objectName="lock_cover_unlock")
            layout.addWidget(self.password)
            layout.addWidget(self.note)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            button.clicked.connect(lambda: unlock(self))
            self.password.returnPressed.connect(lambda: unlock(self))
        layout.addStretch(1)
        self.setGeometry(dialog.rect())
        self.show()
        self.raise_()
        if self.password is not None:
            self.password.setFocus()

    def remove(self) -> None:
        for child in self.disabled:
            child.setEnabled(True)
        self.hide()
        self.deleteLater()


class SessionControls(QObject):
    """Put in the window by MainWindow: it wraps the window's content with the lock screen and
    adds the account line and its buttons to the navigation panel."""

    def __init__(self, window, content: QWidget, panel_layout: QVBoxLayout):
        super().__init__(window)
        self.window = window
        self.frame = QStackedWidget()
        self.frame.setObjectName("window_frame")
        self.frame.addWidget(content)
        self.lock_screen = LockScreen()
        self.frame.addWidget(self.lock_screen)
        window.setCentralWidget(self.frame)
        self.covers: list[tuple[QWidget, _Cover]] = []

        self.user_label = QLabel(objectName="session_user")
        self.user_label.setWordWrap(True)
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lock_button = QPushButton("锁定", objectName="session_lock")
        self.switch_button = QPushButton("切换用户", objectName="session_switch_user")
        for button in (self.lock_button, self.switch_button):
            button.setFlat(True)
        panel_layout.addWidget(self.user_label)
        panel_layout.addWidget(self.lock_button)
        panel_layout.addWidget(self.switch_button)

        self.idle = IdleWatch(self.lock, self)
        self.lock_button.clicked.connect(self.lock)
        self.switch_button.clicked.connect(self.switch_user)
        self.lock_screen.unlock_button.clicked.connect(lambda: self.try_unlock())
        self.lock_screen.password.returnPressed.connect(lambda: self.try_unlock())
        self.lock_screen.switch_button.clicked.connect(self.switch_user)
        self.show_actor()

    # --- who ----------------------------------------------------------------------------------

    def signed_in(self) -> bool:
        return not access.current().system

    def show_actor(self) -> None:
        """The account line and buttons for the signed-in account; the idle timer (re)started."""
        signed = self.signed_in()
        actor = access.current()
        roles = "、".join(sorted(actor.roles, key=_role_order))
        self.user_label.setText(f"{actor.name}\n{roles}" if signed else "")
        for widget in (self.user_label, self.lock_button, self.switch_button):
            widget.setVisible(signed)
        if signed:
            self.idle.start(settings.get(IDLE_LOCK_MINUTES.key))
        else:
            self.idle.stop()

    # --- lock ---------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.frame.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if not self.signed_in() or self.is_locked():
            return
        self.idle.stop()
        name = access.current().name
        self.lock_screen.who.setText(f"当前账号：{name}。请输入密码解锁；没保存的内容都还在。")
        self.lock_screen.password.clear()
        messages.inline(self.lock_screen.note, "")
        self.frame.setCurrentWidget(self.lock_screen)
        self._cover_dialogs()
        self.lock_screen.password.setFocus()

    def _cover_dialogs(self) -> None:
        modal = QApplication.activeModalWidget()
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not widget.isWindow():
                continue
            if widget.windowType() not in (Qt.WindowType.Dialog, Qt.WindowType.Sheet):
                continue
            unlock = self._unlock_from_cover if widget is modal else None
            self.covers.append((widget, _Cover(widget, unlock)))

    def _uncover(self) -> None:
        for _widget, cover in self.covers:
            cover.remove()
        self.covers = []

    def _unlock_from_cover(self, cover: _Cover) -> None:
        self.try_unlock(cover.password.text(), cover.note)

    def unlock(self) -> None:
        self._uncover()
        self.frame.setCurrentIndex(0)
        self.show_actor()

    def try_unlock(self, password: str | None = None, note: QLabel | None = None) -> bool:
        """The signed-in account's password (typed on the lock screen, or on the cover of a
        modal dialog) unlocks; a wrong one counts as at the login."""
        if password is None:
            password = self.lock_screen.password.text()
        try:
            accounts.verify(access.current().name, password)
        except accounts.AccountError as exc:
            messages.inline(note or self.lock_screen.note, str(exc), "error")
            self.lock_screen.password.selectAll()
            return False
        self.unlock()
        return True

    def data_replaced(self) -> bool:
        """After a restore or 清空数据: the same account goes on if the data now open has it (read
        again: its roles may differ there); else the content is hidden until an account of this
        data signs in (its first 管理员, if it has none). False when nobody did: the window
        closes."""
        from kongchuo_desktop.views.sign_in import sign_in_for_window, still_signed_in

        if still_signed_in():
            self.show_actor()
            return True
        access.sign_out()
        self.idle.stop()
        self.frame.setCurrentWidget(self.lock_screen)
        self.lock_screen.who.setText("这份数据有自己的账号，请用其中的账号登录。")
        if not sign_in_for_window(self.window, upgraded=True):
            messages.info(self.window, "没有登录", "没有账号登录，程序将关闭。")
            self.window.close()
            return False
        self.unlock()
        return True

    # --- 切换用户 ---------------------------------------------------------------------------

    def switch_user(self) -> bool:
        """Another account (or the same) signs in without closing the program."""
        from kongchuo_desktop.views.sign_in import ask_account

        if not self.window.pages_may_close():
            return False
        was_locked = self.is_locked()
        self.lock()
        account = ask_account(self.window, title="切换用户")
        if account is None:
            if not was_locked:
                self.unlock()
            return False
        access.sign_in(accounts.to_actor(account))
        self.unlock()
        self.window.replace_folder(self.window.folder)
        return True


def _role_order(role: str) -> int:
    from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES

    return ACCOUNT_ROLES.index(role) if role in ACCOUNT_ROLES else len(ACCOUNT_ROLES)
