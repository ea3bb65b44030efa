"""The demo school says it is the demo: in `check` (and 关于, tests/views), and in every audit line it wrote,
which stay in the history after 清空数据."""

import json

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.services import demo
from kongchuo_desktop.services.start_over import start_over


def test_the_demo_is_marked_and_its_audit_lines_say_so(folder, actor):
    demo.create_demo_school(actor, students=54)
    marker = demo.demo_marker()
    assert marker["by"] == actor and marker["students"] == 54
    assert {a.actor for a in AuditLog.select()} == {f"演示数据（{actor}）"}


def test_check_reports_demo_data(folder, actor, capsys):
    demo.create_demo_school(actor, students=54)
    assert main(["--data-dir", str(folder.path), "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["demo"]["students"] == 54
    assert main(["--data-dir", str(folder.path), "check"]) == 0
    assert "演示数据：是" in capsys.readouterr().out


def test_after_start_over_the_data_is_no_longer_demo_but_its_history_stays_marked(folder, actor):
    demo.create_demo_school(actor, students=54)
    demo_lines = AuditLog.select().count()
    start_over(folder, "教务处小王")
    assert demo.demo_marker() is None
    assert AuditLog.select().where(AuditLog.actor == f"演示数据（{actor}）").count() == demo_lines
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert (last.actor, last.action) == ("教务处小王", "start_over")
