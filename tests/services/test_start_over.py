"""清空数据，重新开始: everything goes, after a copy that brings it all back."""

from kongchuo_desktop.db import backup, store
from kongchuo_desktop.db.migrations import ALL_MODELS
from kongchuo_desktop.db.models import AuditLog, Student
from kongchuo_desktop.services import demo
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.services.start_over import start_over


def test_start_over_empties_every_table_after_a_safety_copy(folder, actor):
    demo.create_demo_school(actor, students=54)
    history = [(a.id, a.action, a.table) for a in AuditLog.select().order_by(AuditLog.id)]
    safety = start_over(folder, actor)

    assert the_school() is None  # the next start runs the first-run wizard
    assert {m.__name__ for m in ALL_MODELS if m.select().count()} == {"AuditLog"}
    # The history stays, and gets one line more.
    lines = list(AuditLog.select().order_by(AuditLog.id))
    assert [(a.id, a.action, a.table) for a in lines[:-1]] == history
    line = lines[-1]
    assert (line.actor, line.action, line.after) == (
        actor,
        "start_over",
        {"safety_copy": str(safety)},
    )
    # The copy holds the demo school, and restoring it brings every student back.
    check = backup.check_file(safety)
    assert check.ok and check.students == 54
    reopened, _ = store.restore(folder, safety)
    try:
        assert Student.select().count() == 54
        assert the_school() is not None
    finally:
        reopened.close()


def test_a_fresh_school_can_be_set_up_after_starting_over(folder, actor):
    demo.create_demo_school(actor, students=54)
    start_over(folder, actor)
    demo.create_demo_school(actor, students=27)
    assert Student.select().count() == 27
