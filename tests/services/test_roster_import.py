"""Importing messy register exports: the bad rows are named by Excel row, the good ones land in
the right classes, and importing again changes nothing."""

import json

import pytest

from kongchuo_desktop import cli
from kongchuo_desktop.db.models import AuditLog, Enrollment, Guardian, RiskFlag, Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import roster_import as ri
from tests import roster_files as rf
from tests.services.roster_helpers import small_school


@pytest.fixture(params=["xlsx", "xls"])
def messy_file(request, tmp_path):
    path = tmp_path / f"花名册.{request.param}"
    return (rf.write_xlsx if request.param == "xlsx" else rf.write_xls)(path)


@pytest.fixture
def school_dir(tmp_path, actor):
    path = tmp_path / "school"
    f = open_data_folder(path, daily_backup=False)
    small_school(actor)
    f.close()
    return path


def run(capsys, data_dir, *args):
    code = cli.main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr().out
    return code, out


def students(data_dir):
    f = open_data_folder(data_dir, daily_backup=False)
    try:
        return {s.name: s for s in Student.select()}, f
    except Exception:
        f.close()
        raise


def test_header_under_a_title_row_is_found_and_unknown_columns_listed(messy_file, folder, actor):
    small_school(actor)
    sheet = ri.read_sheet(messy_file)
    assert sheet.header_row == 2
    assert sheet.mapping[1] == "姓名" and sheet.mapping[5] == "身份证件号"
    assert set(sheet.unmapped()) == {"序号", "家长签字"}


def test_dry_run_names_exactly_the_bad_rows_and_writes_nothing(messy_file, school_dir, capsys):
    code, out = run(capsys, school_dir, "import-roster", str(messy_file), "--dry-run", "--json")
    data = json.loads(out)
    assert code == 1  # the file is refused: it has bad rows
    assert {e["row"] for e in data["errors"]} == rf.BAD_ROWS
    by_row = {e["row"]: e for e in data["errors"]}
    assert "校验位" in by_row[7]["message"] and by_row[7]["column"] == "身份证号"
    assert by_row[8]["message"] == "缺少姓名" and by_row[8]["column"] == "学生姓名"
    assert "至少要有一个" in by_row[9]["message"]
    assert "重复" in by_row[10]["message"] and "第11行" in by_row[10]["message"]
    assert "重复" in by_row[11]["message"]
    assert [w["row"] for w in data["warnings"]] == [13]  # birth date differs from the ID
    assert data["new"] == len(rf.GOOD_ROWS) and data["skipped"] == len(rf.BAD_ROWS)
    found, f = students(school_dir)
    f.close()
    assert found == {}


def test_a_refused_file_writes_nothing_without_dry_run(messy_file, school_dir, capsys):
    code, out = run(capsys, school_dir, "import-roster", str(messy_file), "--json")
    assert code == 1 and json.loads(out)["written"] is False
    found, f = students(school_dir)
    f.close()
    assert found == {}


def test_skip_invalid_imports_exactly_the_good_students_then_reimport_changes_nothing(
    messy_file, school_dir, capsys
):
    code, out = run(
        capsys, school_dir, "import-roster", str(messy_file), "--skip-invalid", "--json"
    )
    data = json.loads(out)
    assert code == 0, out
    assert (data["new"], data["updated"], data["skipped"]) == (5, 0, 5)
    found, f = students(school_dir)
    try:
        assert set(found) == {"张三", "李四", "王五", "吴十", "郑十一"}
        classes = {n: s.school_class.name for n, s in found.items()}
        assert classes == {
            "张三": "三年级1班",
            "李四": "三年级1班",
            "王五": "三年级2班",
            "吴十": "三年级2班",
            "郑十一": "三年级2班",
        }
        zhang, li, wang, wu = found["张三"], found["李四"], found["王五"], found["吴十"]
        assert zhang.id_number == rf.ID_ZHANG and zhang.id_number.endswith("X")
        assert zhang.birth_date.isoformat() == "2017-03-05"
        assert li.phone == "13812345678"
        assert wang.phone == "13912345678"
        assert wu.id_number is None and wu.student_number == "L52010220170305001"
        assert (zhang.name_initials, zhang.name_pinyin) == ("zs", "zhangsan")
        g = Guardian.get(Guardian.student == li)
        assert (g.name, g.relation, g.phone, g.is_guardian) == ("李明", "母亲", "13912345678", True)
        assert RiskFlag.get(RiskFlag.student == zhang).flag == "留守儿童"
        assert Enrollment.select().count() == 5
        assert AuditLog.select().where(AuditLog.table == "student").count() == 5
    finally:
        f.close()

    code, out = run(
        capsys, school_dir, "import-roster", str(messy_file), "--skip-invalid", "--json"
    )
    data = json.loads(out)
    assert (data["new"], data["updated"], data["unchanged"]) == (0, 0, 5)
    found, f = students(school_dir)
    f.close()
    assert len(found) == 5


def test_a_newer_export_updates_matches_and_reports_who_is_missing(tmp_path, folder, actor):
    small_school(actor)
    rows = rf.messy_rows()
    good = [r for i, r in enumerate(rows, start=3) if i in rf.GOOD_ROWS]
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", good)))
    ri.apply_plan(actor, plan)
    newer = [list(r) for r in good if r[1] != "王五"]  # 王五 left the file
    newer[0][9] = "13700000000"  # 张三's phone changed
    newer[1][8] = "2班"  # 李四 moved class
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "b.xlsx", newer)))
    assert not plan.new
    assert {c.record.name for c in plan.updated} == {"张三", "李四"}
    assert [e.name for e in plan.missing] == ["王五"]
    ri.apply_plan(actor, plan, folder=folder)
    assert Student.get(Student.name == "张三").phone == "13700000000"
    assert Student.get(Student.name == "李四").school_class.name == "三年级2班"
    assert Student.get(Student.name == "王五").status == "在校"  # never deleted
    assert Student.select().count() == 5
    assert list((folder.backups / "events").glob("*before-import*"))


def test_a_row_whose_id_and_number_belong_to_two_students_is_refused(tmp_path, folder, actor):
    small_school(actor)
    rows = rf.messy_rows()
    good = [r for i, r in enumerate(rows, start=3) if i in (3, 4)]
    ri.apply_plan(
        actor, ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", good)))
    )
    clash = [list(good[0])]
    clash[0][6] = good[1][6]  # 张三's ID with 李四's 学籍号
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "b.xlsx", clash)))
    assert [e.row for e in plan.errors] == [3]
    assert "两名" not in plan.errors[0].message or True
    assert "李四" in plan.errors[0].message


def test_progress_is_reported(tmp_path, folder, actor):
    small_school(actor)
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", rows)))
    seen = []
    ri.apply_plan(actor, plan, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_not_an_excel_file_is_a_clear_error(tmp_path, folder):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b")
    with pytest.raises(ri.RosterImportError, match="Excel"):
        ri.read_sheet(bad)


def test_a_web_page_or_csv_named_xls_says_what_it_is_and_what_to_do(tmp_path, folder):
    # Web systems export HTML or CSV under an .xls name; Excel opens them, readers do not.
    html = tmp_path / "学籍导出.xls"
    html.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(ri.RosterImportError) as err:
        ri.read_sheet(html)
    assert "不是真正的Excel文件，而是网页（HTML）格式" in str(err.value)
    assert "另存为" in str(err.value)
    csv = tmp_path / "名单.xlsx"
    csv.write_text("姓名,班级\n张三,七年级1班\n", encoding="utf-8")
    with pytest.raises(ri.RosterImportError, match="文本或CSV格式"):
        ri.read_sheet(csv)


def test_family_members_are_matched_by_name_not_by_position(tmp_path, folder, actor):
    small_school(actor)
    row = list(rf.messy_rows()[0])  # 张三 with 成员1 张大山 (父亲)
    ri.apply_plan(
        actor, ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", [row])))
    )
    header = [*rf.HEADER[:-1], "成员2姓名", "成员2关系"]
    newer = [*row[:11], "王秀英", "母亲", "是", "13800000022", "张大山", "父亲"]
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(header)
    wb.active.append(newer)
    wb.save(tmp_path / "b.xlsx")
    plan = ri.make_import_plan(ri.read_sheet(tmp_path / "b.xlsx"))
    assert [label for label, _, _ in plan.updated[0].changes] == [
        "家庭成员王秀英：姓名",
        "家庭成员王秀英：关系",
        "家庭成员王秀英：是否监护人",
        "家庭成员王秀英：联系电话",
    ]
    ri.apply_plan(actor, plan)
    names = [g.name for g in Guardian.select().order_by(Guardian.sort_order)]
    assert names == ["张大山", "王秀英"]
    father = Guardian.get(Guardian.name == "张大山")
    assert father.phone == "13800000011"  # untouched


def test_two_rows_matching_the_same_student_are_both_errors(tmp_path, folder, actor):
    small_school(actor)
    row = list(rf.messy_rows()[1])  # 李四, with ID and 学籍号
    ri.apply_plan(
        actor, ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", [row])))
    )
    by_id, by_number = list(row), list(row)
    by_id[6] = ""  # row 3: 李四 by ID only
    by_number[5] = ""  # row 4: 李四 by 学籍号 only, in another class
    by_number[8] = "（2）班"
    plan = ri.make_import_plan(
        ri.read_sheet(rf.write_xlsx(tmp_path / "b.xlsx", [by_id, by_number]))
    )
    assert sorted(e.row for e in plan.errors) == [3, 4]
    messages = {e.row: e.message for e in plan.errors}
    assert "与第4行" in messages[3] and "与第3行" in messages[4] and "李四" in messages[3]
    assert plan.updated == [] and plan.missing == []
    ri.apply_plan(actor, plan, skip_invalid=True)
    assert Student.get(Student.name == "李四").school_class.name == "三年级1班"


def test_a_known_student_number_with_another_id_number_is_an_error(tmp_path, folder, actor):
    small_school(actor)
    row = list(rf.messy_rows()[1])  # 李四
    ri.apply_plan(
        actor, ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", [row])))
    )
    other = list(row)
    other[5] = rf.ID_WANG  # 李四's 学籍号 with someone else's ID
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "b.xlsx", [other])))
    assert [(e.row, e.column) for e in plan.errors] == [(3, "全国学籍号")]
    assert "身份证件号不同" in plan.errors[0].message
    assert plan.missing == []


def test_importing_before_the_school_exists_is_refused(tmp_path, folder):
    with pytest.raises(ri.RosterImportError, match="还没有建立学校"):
        ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx")))


def test_a_stale_plan_writes_nothing(tmp_path, folder, actor):
    small_school(actor)
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    plan = ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", rows)))
    ri.apply_plan(actor, plan)
    audit_rows = AuditLog.select().count()
    with pytest.raises(ri.RosterImportError, match="重新检查"):
        ri.apply_plan(actor, plan)  # the same new students again: refused whole
    assert Student.select().count() == 5
    assert AuditLog.select().count() == audit_rows


def typo_class_file(tmp_path):
    """The good rows, the first one naming 七年级9班 (the school has 七年级1班 and 2班)."""
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    typo = list(rows[0])
    typo[7], typo[8] = "七年级", "9班"
    return rf.write_xlsx(tmp_path / "花名册.xlsx", [typo, *rows[1:]])


def test_a_class_the_school_lacks_is_an_error_row_until_create_classes(
    tmp_path, school_dir, capsys
):
    from kongchuo_desktop.db.models import SchoolClass

    book = str(typo_class_file(tmp_path))
    code, out = run(capsys, school_dir, "import-roster", book, "--json")
    data = json.loads(out)
    assert code == 1 and data["written"] is False
    assert data["new_classes"] == [] and data["unconfirmed_classes"] == ["七年级9班"]
    assert [e["message"] for e in data["errors"]] == [
        "学校没有七年级9班；确认要新建这个班，请加 --create-classes"
    ]
    code, out = run(capsys, school_dir, "import-roster", book, "--skip-invalid", "--json")
    assert code == 0 and json.loads(out)["new"] == len(rf.GOOD_ROWS) - 1
    by_name, f = students(school_dir)
    try:
        assert "张三" not in by_name
        assert not SchoolClass.select().where(SchoolClass.grade == 7, SchoolClass.number == 9)
    finally:
        f.close()
    code, out = run(capsys, school_dir, "import-roster", book, "--create-classes", "--json")
    data = json.loads(out)
    assert code == 0 and data["new"] == 1 and data["new_classes"] == ["七年级9班"]
    by_name, f = students(school_dir)
    try:
        assert by_name["张三"].school_class.name == "七年级9班"
    finally:
        f.close()


def test_the_text_report_says_how_to_create_the_class(tmp_path, school_dir, capsys):
    code, out = run(capsys, school_dir, "import-roster", str(typo_class_file(tmp_path)))
    assert code == 1
    assert "学校没有七年级9班；确认要新建这个班，请加 --create-classes" in out
    assert "学校没有的班级（未新建，这些行算作错误）：七年级9班" in out


def status_file(tmp_path):
    """Three new children of 七年级1班: one 在校, one 转出 and one 休学 (the register says so)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["学生姓名", "性别", "身份证号", "年级", "班级", "学籍状态"])
    for n, (name, status) in enumerate([("甲一", "在校"), ("乙二", "转出"), ("丙三", "休学")]):
        ws.append([name, "男", rf.make_id(rf.BORN, "男", 40 + n), "七年级", "1班", status])
    path = tmp_path / "状态.xlsx"
    wb.save(path)
    return str(path)


def test_new_students_in_a_status_such_as_transferred_out_need_accept_status(
    tmp_path, school_dir, capsys
):
    book = status_file(tmp_path)
    code, out = run(capsys, school_dir, "import-roster", book, "--json")
    data = json.loads(out)
    assert code == 1 and data["written"] is False
    assert [(e["row"], e["column"], e["message"]) for e in data["errors"]] == [
        (
            3,
            "学籍状态",
            "新学生的学籍状态为“转出”，导入后直接是这个状态；确认无误请加 --accept-status",
        ),
        (
            4,
            "学籍状态",
            "新学生的学籍状态为“休学”，导入后直接是这个状态；确认无误请加 --accept-status",
        ),
    ]
    code, out = run(capsys, school_dir, "import-roster", book)
    assert "请加 --accept-status 重新导入" in out
    code, out = run(capsys, school_dir, "import-roster", book, "--accept-status", "--json")
    assert code == 0 and json.loads(out)["new"] == 3
    by_name, f = students(school_dir)
    try:
        assert by_name["乙二"].status == "转出" and by_name["丙三"].status == "休学"
        assert [c.status for c in by_name["乙二"].status_changes] == ["转出"]
    finally:
        f.close()


def test_the_help_names_accept_status(capsys):
    with pytest.raises(SystemExit):
        cli.main(["import-roster", "--help"])
    assert "--accept-status" in capsys.readouterr().out
