import datetime as dt
import json

import pytest

from kongchuo_desktop import cli
from kongchuo_desktop.db.models import StatusChange, Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.student_status import StatusChangeError, change_status, history
from tests.services.roster_helpers import small_school

D = dt.date(2026, 10, 8)


@pytest.fixture
def child(folder, actor):
    small_school(actor)
    return audit.create(Student, actor, name="张三", id_number="110101201301011234")


def test_resuming_a_child_in_school_is_refused(child, actor):
    with pytest.raises(StatusChangeError, match="只有休学的学生才能复学"):
        change_status(actor, child, "复学", D, "回来了")


def test_the_current_status_derives_from_history(child, actor):
    change_status(actor, child, "休学", D, "住院", details={"书面申请": "有", "医疗证明": "县医院"})
    later = D + dt.timedelta(days=60)
    change_status(actor, child, "复学", later, "康复", today=later)
    assert [c.status for c in history(child)] == ["休学", "复学"]
    assert Student.get_by_id(child.id).status == "复学"
    first = StatusChange.get(StatusChange.status == "休学")
    assert first.details == {"书面申请": "有", "医疗证明": "县医院"}


def test_transfer_out_needs_its_chain_and_then_cannot_repeat(child, actor):
    with pytest.raises(StatusChangeError, match="班主任意见"):
        change_status(actor, child, "转出", D, "随父母", details={"书面申请": "有"})
    change_status(
        actor,
        child,
        "转出",
        D,
        "随父母",
        details={
            "书面申请": "有",
            "班主任意见": "同意",
            "接收学校": "县一中",
            "分管校长审批": "李副校长",
        },
    )
    assert StatusChange.get(StatusChange.status == "转出").approved_by == "李副校长"
    with pytest.raises(StatusChangeError, match="已“转出”"):
        change_status(actor, child, "转出", D, "again", details={"书面申请": "有"})


def test_a_child_who_transferred_out_comes_back_by_transfer_in(child, actor):
    out = {"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某中学", "分管校长审批": "李"}
    change_status(actor, child, "转出", D, "随父母外出务工", details=out)
    change_status(actor, child, "转入", D + dt.timedelta(days=30), "随父母返乡")
    assert [c.status for c in history(child)] == ["转出", "转入"]
    assert Student.get_by_id(child.id).status == "转入"


def test_a_graduate_cannot_transfer_in_again(child, actor):
    change_status(actor, child, "毕业", D, "毕业")
    with pytest.raises(StatusChangeError, match="已“毕业”，不能再办理“转入”"):
        change_status(actor, child, "转入", D + dt.timedelta(days=30), "回来")


def test_a_change_dated_after_today_is_refused_and_does_not_lock_the_child(child, actor):
    today = dt.date(2026, 11, 28)
    with pytest.raises(StatusChangeError, match="变动日期 2030-01-01 晚于今天（2026-11-28）"):
        change_status(actor, child, "疑似辍学", dt.date(2030, 1, 1), "未返校", today=today)
    assert history(child) == [] and Student.get_by_id(child.id).status == "在校"
    change_status(actor, child, "疑似辍学", today, "连续5天无故缺席", today=today)
    assert Student.get_by_id(child.id).status == "疑似辍学"


def test_a_change_dated_before_the_child_was_born_is_refused(child, actor):
    audit.update(child, actor, birth_date=dt.date(2013, 1, 1))
    with pytest.raises(StatusChangeError, match="早于出生日期（2013-01-01）"):
        change_status(actor, child, "疑似辍学", dt.date(2012, 9, 1), "未返校")
    assert history(child) == []


def test_deferral_longer_than_a_year_is_refused(child, actor):
    with pytest.raises(StatusChangeError, match="最长一年"):
        change_status(
            actor,
            child,
            "延缓入学",
            D,
            "身体原因",
            details={"书面申请": "有"},
            until=D + dt.timedelta(days=500),
        )
    change_status(
        actor,
        child,
        "延缓入学",
        D,
        "身体原因",
        details={"书面申请": "有"},
        until=D + dt.timedelta(days=300),
    )


def test_the_headcount_calls_keep_working(child, actor):
    change_status(actor, child, "疑似辍学", D, "连续5天无故缺席")
    change_status(actor, child, "辍学", D + dt.timedelta(days=31), "一个月未返校")
    change_status(actor, child, "劝返复学", D + dt.timedelta(days=40), "家访劝返")
    assert Student.get_by_id(child.id).status == "劝返复学"


def test_cli_student_status_uses_the_same_rules(tmp_path, capsys, actor):
    data = tmp_path / "d"
    f = open_data_folder(data, daily_backup=False)
    small_school(actor)
    audit.create(
        Student,
        actor,
        name="李四",
        id_number="110101201301011234",
        student_number="G110101201301011234",
    )
    f.close()
    base = ["--data-dir", str(data), "student-status", "--id", "110101201301011234"]
    code = cli.main([*base, "--set", "复学", "--date", "2026-10-08", "--reason", "x"])
    assert code == 1
    assert "只有休学的学生才能复学" in capsys.readouterr().err
    code = cli.main(
        [
            *base,
            "--set",
            "休学",
            "--date",
            "2026-10-08",
            "--reason",
            "住院",
            "--detail",
            "书面申请=家长申请",
            "--detail",
            "医疗证明=县医院",
            "--json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["to"] == "休学"
    code = cli.main(
        [
            "--data-dir",
            str(data),
            "student-status",
            "--id",
            "G110101201301011234",
            "--set",
            "复学",
            "--date",
            "2026-11-01",
            "--reason",
            "康复",
        ]
    )
    assert code == 0


def test_cli_lets_a_child_who_transferred_out_transfer_back_in(tmp_path, capsys, actor):
    data = tmp_path / "d"
    f = open_data_folder(data, daily_backup=False)
    small_school(actor)
    s = audit.create(Student, actor, name="王五", id_number="110101201301011234")
    out = {"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某中学", "分管校长审批": "李"}
    change_status(actor, s, "转出", D, "随父母外出", details=out)
    f.close()
    base = ["--data-dir", str(data), "student-status", "--id", "110101201301011234"]
    code = cli.main([*base, "--set", "转入", "--date", "2026-11-02", "--reason", "返乡", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["to"] == "转入"


def test_a_county_with_a_shorter_deferral_limit_sets_it_in_settings(child, actor):
    from kongchuo_desktop.services import settings_store
    from kongchuo_desktop.services.student_status import DEFERRAL_SETTING

    settings_store.set(DEFERRAL_SETTING, 6, actor)
    with pytest.raises(StatusChangeError, match="最长6个月"):
        change_status(
            actor,
            child,
            "延缓入学",
            D,
            "身体原因",
            details={"书面申请": "有"},
            until=D + dt.timedelta(days=200),
        )
