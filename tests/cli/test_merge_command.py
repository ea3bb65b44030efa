"""`kongchuo merge-students`: what each record has and what wins, --dry-run writes nothing, a
refused merge exits 1 with the reason, a merge leaves one record."""

import datetime as dt
import json

from kongchuo_desktop import cli
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from tests.services.roster_helpers import small_school

ID = "520102201301010013"
NOW = dt.date(2026, 11, 27)


def _school(tmp_path, actor):
    path = tmp_path / "school"
    f = open_data_folder(path, daily_backup=False)
    try:
        small_school(actor)
        from kongchuo_desktop.db.models import SchoolClass

        c1, c2 = (SchoolClass.get(grade=7, number=n) for n in (1, 2))
        keep = audit.create(Student, actor, name="张三", student_number="G100", school_class=c1)
        other = audit.create(Student, actor, name="张三", id_number=ID, school_class=c2)
        att.save_class(
            actor, c2.id, dt.date(2026, 11, 17), [att.AbsenceInput(other.id, "病假")], today=NOW
        )
        return path, keep.id, other.id
    finally:
        f.close()


def run(capsys, data_dir, *args):
    code = cli.main(["--data-dir", str(data_dir), "merge-students", *args])
    return code, capsys.readouterr().out


def test_merge_students_shows_both_then_merges(tmp_path, actor, capsys):
    path, keep, _ = _school(tmp_path, actor)
    code, out = run(capsys, path, "--keep", "G100", "--other", ID, "--dry-run")
    assert code == 0 and "（--dry-run：未写入）" in out
    assert "缺勤：0 + 1" in out and f"身份证件号：（空） / {ID} → {ID}" in out
    code, out = run(capsys, path, "--keep", "G100", "--other", ID, "--json")
    data = json.loads(out)
    assert code == 0 and data["written"] is True and data["class_after"] == "七年级1班"
    f = open_data_folder(path, daily_backup=False)
    try:
        assert [(s.id, s.id_number) for s in Student.select().where(Student.name == "张三")] == [
            (keep, ID)
        ]
    finally:
        f.close()


def test_a_record_merged_with_itself_or_unknown_is_refused(tmp_path, actor, capsys):
    path, keep, _ = _school(tmp_path, actor)
    assert run(capsys, path, "--keep", "G100", "--other", str(keep))[0] == 1
    assert run(capsys, path, "--keep", "G100", "--other", "X999")[0] == 1
