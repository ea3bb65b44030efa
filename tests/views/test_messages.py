"""views/messages.py: what the clerk is told, and the answers tests give instead of a click."""

from __future__ import annotations

import re
from pathlib import Path

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.views import messages


def test_a_refusal_reads_as_written_and_a_crash_points_to_the_log(messages, qtbot):
    from kongchuo_desktop.views import messages as m

    m.fail(None, "不能保存", UserError("第2行：姓名为空"))
    m.fail(None, "导出失败", RuntimeError("boom"))
    assert messages[0] == ("warning", "不能保存", "第2行：姓名为空")
    assert messages[1][2].startswith("程序出错") and "boom" not in messages[1][2]


def test_confirm_and_ask_save_take_the_test_answers(monkeypatch, qtbot):
    seen = []
    monkeypatch.setattr(messages, "answerer", lambda s: seen.append(s) or False)
    assert messages.confirm(None, "清空", "确定吗？") is False
    monkeypatch.setattr(messages, "answerer", lambda s: messages.DISCARD)
    assert messages.ask_save(None, "未保存", "保存吗？") == messages.DISCARD
    assert seen[0].kind == "confirm" and seen[0].text == "确定吗？"


def test_only_the_messages_module_opens_message_boxes():
    """Every box goes through views/messages.py, so tests answer them through one seam."""
    views = Path(messages.__file__).parent
    call = re.compile(r"\bQMessageBox\s*\.\s*(information|warning|critical|question|about)\b")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(views.rglob("*.py"))
        if path.name != "messages.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if call.search(line) or re.search(r"\bQMessageBox\s*\(", line)
    ]
    assert offenders == []
