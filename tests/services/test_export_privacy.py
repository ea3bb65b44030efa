"""Exports of children's data: ID numbers in full only for 管理员/教务员/校长, every export in the
audit trail (who, what, how many children, where), and an encrypted zip for the bureau."""

from __future__ import annotations

import json

import pytest
import pyzipper
from openpyxl import load_workbook

from kongchuo_desktop import cli
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import (
    access,
    audit_trail,
    demo,
    export_record,
    export_zip,
    roster_export,
)
from kongchuo_desktop.services.table_export import ShownTable, export_table

CLERK = access.Actor(name="王教务", roles=frozenset({"教务员"}))
INSPECTOR = access.Actor(name="督学", roles=frozenset({"只读"}))
PASSWORD = "发往教育局2026"


@pytest.fixture
def school(folder, actor):
    demo.create_demo_school(actor, students=40, seed=11)
    return folder


def _ids_in(path) -> list[str]:
    ws = load_workbook(path).active
    header = [c.value for c in ws[2]]
    col = header.index("身份证件号")
    return [row[col] for row in ws.iter_rows(min_row=3, values_only=True) if row[col]]


def test_a_clerk_exports_full_ids_and_an_inspector_only_masked_ones(school, tmp_path):
    students = roster_export.students_for_export()
    stored = {s.id_number for s in students if s.id_number}
    with access.acting_as(CLERK):
        full = roster_export.export_roster(tmp_path / "clerk.xlsx", students)
    with access.acting_as(INSPECTOR):
        masked = roster_export.export_roster(tmp_path / "inspector.xlsx", students)
    assert set(_ids_in(full)) == stored
    shown = _ids_in(masked)
    assert shown and not stored & set(shown)
    assert all("**********" in x for x in shown)
    ws = load_workbook(masked).active
    assert not any(
        i in str(c) for row in ws.iter_rows(values_only=True) for c in row for i in stored
    )


def test_a_shown_list_masks_its_id_column_for_an_inspector(school, tmp_path):
    s = Student.select().where(Student.id_number != "").first()
    table = ShownTable("学校", "名单", ["姓名", "身份证号"], [[s.name, s.id_number]])
    with access.acting_as(INSPECTOR):
        out = export_table(tmp_path / "list.xlsx", table)
    values = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert s.name in values and s.id_number not in values
    assert f"{s.id_number[:4]}**********{s.id_number[-4:]}" in values


def test_every_export_is_in_the_audit_trail_with_who_what_how_many_and_where(school, tmp_path):
    students = roster_export.students_for_export()
    target = tmp_path / "花名册.xlsx"
    with access.acting_as(INSPECTOR):
        export_record.write_export(
            access.actor_name(),
            "学生花名册",
            len(students),
            target,
            lambda p: roster_export.export_roster(p, students),
        )
    line = audit_trail.lines(user="督学")[0]
    assert (line.table_text, line.action_text) == ("学生资料文件", "导出")
    assert "学生花名册" in line.changes and f"学生人数：{len(students)}" in line.changes
    assert str(target.resolve()) in line.changes and "完整身份证号：否" in line.changes
    assert audit_trail.check_chain(school.database_file).ok


def test_the_encrypted_zip_opens_with_the_password_only_and_shows_no_name(school, tmp_path):
    students = roster_export.students_for_export()
    with access.acting_as(CLERK):
        out = export_record.write_export(
            "王教务",
            "学生花名册",
            len(students),
            tmp_path / "发往教育局.xlsx",
            lambda p: roster_export.export_roster(p, students),
            password=PASSWORD,
        )
    assert out.suffix == ".zip" and not list(tmp_path.glob("*.xlsx"))
    raw = out.read_bytes()
    for s in students:
        assert s.name.encode() not in raw and s.name.encode("gbk") not in raw
        assert not s.id_number or s.id_number.encode() not in raw
    with pyzipper.AESZipFile(out) as z:
        z.setpassword(PASSWORD.encode())
        assert z.namelist() == ["学生花名册.xlsx"]
        inner = tmp_path / "opened.xlsx"
        inner.write_bytes(z.read("学生花名册.xlsx"))
    assert set(_ids_in(inner)) == {s.id_number for s in students if s.id_number}
    with pyzipper.AESZipFile(out) as z:
        z.setpassword(b"wrong-password")
        with pytest.raises(RuntimeError):
            z.read("学生花名册.xlsx")
    line = audit_trail.lines(user="王教务")[0]
    assert "加密zip：是" in line.changes and str(out.resolve()) in line.changes


def test_a_short_zip_password_is_refused_before_anything_is_written(school, tmp_path):
    with pytest.raises(UserError, match="至少要 6 位"):
        export_zip.write_encrypted(tmp_path / "a.zip", "a.xlsx", lambda p: None, "12345")
    assert not (tmp_path / "a.zip").exists()


def test_the_cli_exports_an_encrypted_roster_and_records_it(tmp_path, capsys, monkeypatch, actor):
    data = tmp_path / "d"
    f = open_data_folder(data, daily_backup=False)
    demo.create_demo_school(actor, students=30, seed=3)
    names = [s.name for s in Student.select()]
    f.close()
    monkeypatch.setenv(export_zip.PASSWORD_ENV, PASSWORD)
    out = tmp_path / "花名册.xlsx"
    code = cli.main(["--data-dir", str(data), "export-roster", str(out), "--encrypt", "--json"])
    result = json.loads(capsys.readouterr().out)
    zipped = tmp_path / "花名册.zip"
    assert code == 0 and result["encrypted"] and result["file"] == str(zipped)
    assert zipped.exists() and not out.exists()
    assert not any(n.encode() in zipped.read_bytes() for n in names)
    code = cli.main(["--data-dir", str(data), "audit", "--json"])
    lines = json.loads(capsys.readouterr().out)["lines"]
    export = next(x for x in lines if x["action"] == "export")
    assert export["user"].startswith("命令行:") and "学生人数：30" in export["changes"]
    assert str(zipped.resolve()) in export["changes"]


def test_the_cli_refuses_encrypt_without_a_password(tmp_path, capsys, monkeypatch, actor):
    data = tmp_path / "d"
    open_data_folder(data, daily_backup=False).close()
    monkeypatch.delenv(export_zip.PASSWORD_ENV, raising=False)
    code = cli.main(
        ["--data-dir", str(data), "export-roster", str(tmp_path / "a.xlsx"), "--encrypt"]
    )
    assert code == 2 and export_zip.PASSWORD_ENV in capsys.readouterr().err
    assert not list(tmp_path.glob("a.*"))


def test_the_demo_schools_audit_trail_shows_two_recorded_exports(demo):
    exports = audit_trail.lines(table="export")
    assert len(exports) == 2
    sent = next(x for x in exports if "学生花名册" in x.changes)
    assert "加密zip：是" in sent.changes and r"D:\控辍保学\发往教育局" in sent.changes
    assert any("完整身份证号：否" in x.changes for x in exports)
