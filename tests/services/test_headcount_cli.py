import datetime as dt
import json

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.models import Absence, AttendanceReport


def run(capsys, folder, *args):
    code = main(["--data-dir", str(folder.path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_headcount_saves_only_when_clean(school, folder, capsys):
    code, out, err = run(
        capsys,
        folder,
        "headcount",
        "--date",
        "2026-11-27",
        "--text",
        "七年级1班 应到10 实到9 张山病假",
    )
    assert code == 1 and "“张山”不在七年级1班的名单上" in err
    assert AttendanceReport.select().count() == 0
    code, out, _ = run(
        capsys,
        folder,
        "headcount",
        "--date",
        "2026-11-27",
        "--dry-run",
        "--json",
        "--text",
        "七年级1班 应到10 实到9 张三病假",
    )
    data = json.loads(out)
    assert code == 0 and data["saved"] == [] and data["reports"][0]["present"] == 9
    assert AttendanceReport.select().count() == 0
    code, out, _ = run(
        capsys,
        folder,
        "headcount",
        "--date",
        "2026-11-27",
        "--text",
        "七年级1班 应到10 实到9 张三病假 七(2)班全到",
    )
    assert code == 0 and "已保存 2 个班" in out
    assert Absence.select().count() == 1


def test_headcount_from_file_and_alerts(school, folder, capsys, tmp_path):
    for day in ("2026-11-26", "2026-11-27"):
        msg = tmp_path / f"{day}.txt"
        msg.write_text("七年级1班：李四无故缺席\n七年级2班：全到\n", encoding="utf-8")
        code, _, err = run(capsys, folder, "headcount", "--date", day, "--file", str(msg))
        assert code == 0, err
    code, out, _ = run(capsys, folder, "alerts", "--date", "2026-11-27", "--json")
    data = json.loads(out)
    assert code == 0
    got = [
        (a["student"], a["class"], a["step"], a["due_date"], a["state"]) for a in data["actions"]
    ]
    assert got == [
        ("李四", "七年级1班", "contact", "2026-11-26", "已逾期"),
        ("李四", "七年级1班", "report", "2026-11-27", "今日办理"),
    ]
    code, out, _ = run(capsys, folder, "alerts", "--date", "2026-11-27")
    assert "联系家长" in out and "王老师" in out


def test_headcount_usage_errors(school, folder, capsys):
    with pytest.raises(SystemExit) as exc:
        run(capsys, folder, "headcount", "--date", "27/11", "--text", "x")
    assert exc.value.code == 2
    assert "日期格式应为 YYYY-MM-DD" in capsys.readouterr().err
    code, _, err = run(capsys, folder, "headcount", "--file", "/nonexistent.txt")
    assert code == 2 and "找不到文件" in err


def test_headcount_for_a_day_not_yet_come_is_refused(school, folder, capsys):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    code, _, err = run(
        capsys, folder, "headcount", "--date", tomorrow.isoformat(), "--text", "七(2)班全到"
    )
    assert code == 1 and f"{tomorrow:%Y年%m月%d日}还没到，不能提前点名" in err
    assert AttendanceReport.select().count() == 0


def test_headcount_refuses_a_class_already_reported_unless_overwrite(school, folder, capsys):
    day = ["headcount", "--date", "2026-11-27"]
    code, _, err = run(capsys, folder, *day, "--text", "七年级1班：李四无故缺席")
    assert code == 0, err
    code, _, err = run(capsys, folder, *day, "--text", "七年级1班 全到\n七(2)班 全到")
    assert code == 1
    assert "七年级1班：已上报，保存将覆盖（原：应到10 实到9 缺勤：李四旷课）" in err
    assert "--overwrite" in err
    assert AttendanceReport.select().count() == 1  # 七(2)班 not written either
    assert [a.student.name for a in Absence.select()] == ["李四"]
    code, out, _ = run(capsys, folder, *day, "--json", "--text", "七年级1班 全到")
    data = json.loads(out)
    assert code == 1 and not data["ok"] and data["saved"] == []
    assert data["reports"][0]["already_reported"].startswith("已上报，保存将覆盖")
    code, out, err = run(
        capsys, folder, *day, "--overwrite", "--text", "七年级1班 全到 七(2)班 全到"
    )
    assert code == 0, err
    assert "已保存 2 个班" in out
    assert Absence.select().count() == 0


def test_headcount_refuses_a_message_dated_another_day(school, folder, capsys):
    code, _, err = run(
        capsys, folder, "headcount", "--date", "2026-11-26", "--text", "11月27日 七年级1班 全到"
    )
    assert code == 1 and "消息日期11月27日与点名日期11月26日不一致" in err
    assert AttendanceReport.select().count() == 0


def test_headcount_takes_a_child_on_approved_leave_left_out_as_on_leave(demo, capsys):
    # The demo's 谭杰浩 (九年级2班) has approved 病假 from 11 Sep to Fri 27 Nov; his class had
    # reported that day already, so the paste needs --overwrite. 全到 leaves him out: the leave
    # explains it, he is saved absent as the leave says, as the entry page pre-marks him.
    day = ["headcount", "--date", "2026-11-27", "--overwrite", "--json"]
    code, out, _ = run(capsys, demo, *day, "--text", "九年级2班 全到")
    assert code == 0
    data = json.loads(out)
    (absent,) = data["reports"][0]["absentees"]
    assert (absent["name"], absent["reason"], absent["on_leave"]) == ("谭杰浩", "病假", True)
    rows = Absence.select().where(Absence.date == "2026-11-27")
    assert ("谭杰浩", "病假", "已批准的请假") in [(a.student.name, a.reason, a.note) for a in rows]
