import pytest

from kongchuo_desktop.views import messages as ui_messages
from tests.services.conftest import demo, school  # noqa: F401 - shared fixtures

KINDS = {
    "info": "information",
    "warn": "warning",
    "error": "warning",
    "confirm": "question",
    "ask_save": "question",
}


class Shown(list):
    """What views/messages.py was asked to show, as (kind, title, text) with the kinds named as
    before (information, warning, question); `answers` says what confirm and ask_save answer."""

    def __init__(self):
        super().__init__()
        self.answers = {"confirm": True, "ask_save": ui_messages.SAVE}

    def __call__(self, shown):
        self.append((KINDS.get(shown.kind, shown.kind), shown.title, shown.text))
        return self.answers.get(shown.kind)


@pytest.fixture
def messages(monkeypatch):
    """Message boxes recorded instead of shown; confirm answers yes, ask_save answers save
    (set `messages.answers["confirm"] = False` or `["ask_save"] = ui_messages.CANCEL`)."""
    seen = Shown()
    monkeypatch.setattr(ui_messages, "answerer", seen)
    return seen
