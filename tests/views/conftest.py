import pytest
from PySide6.QtWidgets import QMessageBox

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
    return seen
