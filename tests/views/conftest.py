import pytest
from PySide6.QtWidgets import QMessageBox

from kongchuo_desktop.views import messages as ui_messages
from tests.services.conftest import demo, school  # noqa: F401 - shared fixtures


@pytest.fixture
def messages(monkeypatch):
    """Modal message boxes recorded instead of shown; `question` answers Yes."""
    seen: list[tuple[str, str, str]] = []

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            seen.append((kind, title, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    # views/messages.py: recorded the same way; confirm answers yes, ask_save answers save.
    kinds = {"info": "information", "warn": "warning", "error": "warning", "confirm": "question"}

    def answer(shown):
        seen.append((kinds.get(shown.kind, shown.kind), shown.title, shown.text))
        return {"confirm": True, "ask_save": ui_messages.SAVE}.get(shown.kind)

    monkeypatch.setattr(ui_messages, "answerer", answer)
    return seen
