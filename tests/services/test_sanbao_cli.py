"""`kongchuo coverage` lists every 三包 gap (exit 0 even with gaps); `kongchuo assign` sets 包保
teachers from a script."""

import json

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.roster_queries import add_student


def run(capsys, folder, *args):
    code = main(["--data-dir", str(folder.path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def gaps(capsys, folder):
    code, out, _ = run(capsys, folder, "coverage", "--json", "--date", "2026-11-20")
    assert code == 0
    data = json.loads(out)
    assert data["count"] == len(data["gaps"])
    return data["gaps"]


def test_coverage_lists_each_unassigned_child_until_assign_covers_the_class(school, folder, capsys):
    found = gaps(capsys, folder)
    unconfirmed = [g for g in found if g["kind"] == "未确认包保"]
    assert len(unconfirmed) == 15
    first = next(g for g in unconfirmed if g["student"] == "张三")
    assert (first["class"], first["teacher"], first["action"]) == (
        "七年级1班",
        "王老师",
        "确认本班包保（或改派）",
    )
    code, out, _ = run(
        capsys,
        folder,
        "assign",
        "--class",
        "七年级1班",
        "--teacher",
        "王老师",
        "--date",
        "2026-11-20",
    )
    assert code == 0 and "包保七年级1班的10名学生" in out
    left = [g["student"] for g in gaps(capsys, folder) if g["kind"] == "未确认包保"]
    assert sorted(left) == sorted(["刘洋", "马兰", "黄磊", "何静", "林峰"])
    code, out, _ = run(capsys, folder, "coverage", "--date", "2026-11-20")
    assert code == 0 and "[未确认包保] 七年级2班，刘洋" in out


def test_a_child_added_by_hand_shows_in_coverage_and_assign_takes_id_numbers(
    school, folder, capsys, actor
):
    run(
        capsys,
        folder,
        "assign",
        "--class",
        "七年级1班",
        "--teacher",
        "王老师",
        "--date",
        "2026-11-20",
    )
    add_student(actor, name="新同学", class_id=school["c1"].id, student_number="G5200001")
    new = [g for g in gaps(capsys, folder) if g["class"] == "七年级1班"]
    assert [(g["kind"], g["student"]) for g in new if g["kind"] == "未确认包保"] == [
        ("未确认包保", "新同学")
    ]
    audit.create(Teacher, actor, name="赵老师")
    code, out, _ = run(
        capsys,
        folder,
        "assign",
        "--class",
        "七年级1班",
        "--teacher",
        "赵老师",
        "--students",
        "G5200001",
        "--date",
        "2026-11-20",
        "--json",
    )
    assert code == 0 and json.loads(out)["students"] == 1
    assert [g for g in gaps(capsys, folder) if g["student"] == "新同学"] == []


def test_assign_refuses_an_unknown_teacher_or_student_and_changes_nothing(school, folder, capsys):
    code, _, err = run(capsys, folder, "assign", "--class", "七年级1班", "--teacher", "无此人")
    assert code == 1 and "没有在校教师叫“无此人”" in err
    code, _, err = run(
        capsys,
        folder,
        "assign",
        "--class",
        "七年级1班",
        "--teacher",
        "王老师",
        "--students",
        "X123",
    )
    assert code == 1 and "七年级1班没有身份证号（或学籍号）为 X123 的在校学生" in err
    code, _, err = run(capsys, folder, "assign", "--class", "十年级1班", "--teacher", "王老师")
    assert code == 1 and "本学年没有“十年级1班”" in err
