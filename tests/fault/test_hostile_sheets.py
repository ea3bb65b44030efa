"""Spreadsheets that are damaged, mislabelled or made to hurt: each is refused before any cell is
loaded, with a message that names the file and says what it is — never a crash, a frozen window
or a confusing error. (Issue 9, item 5.)"""

import json
import re
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from kongchuo_desktop import cli, settings
from kongchuo_desktop.services import import_limits  # noqa: F401 - declares the limits
from kongchuo_desktop.services import roster_import as ri
from kongchuo_desktop.services.workbook_guard import SheetLimits
from tests import roster_files as rf

GOOD_ROWS = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]


def refusal(path, limits=None) -> str:
    started = time.perf_counter()
    with pytest.raises(ri.RosterImportError) as err:
        ri.read_sheet(path, limits)
    assert time.perf_counter() - started < 2, "refused, but not before reading"
    text = str(err.value)
    assert path.name in text, text
    return text


def read_with_little_memory(path, megabytes: int = 1024) -> tuple[int, str]:
    """read_sheet in a fresh process whose address space is capped: a reader that lays out a
    huge sheet dies there (as it took the program down) instead of in the test run."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        from kongchuo_desktop.services.roster_import import RosterImportError, read_sheet
        limit = {megabytes} * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            read_sheet(sys.argv[1])
        except RosterImportError as exc:
            print("REFUSED", exc)
        else:
            print("READ")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout + done.stderr


def test_a_sheet_claiming_cell_xfd1048576_is_refused_at_once(tmp_path):
    path = rf.with_dimension(rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS), "A1:XFD1048576")
    assert path.stat().st_size < 10_000
    text = refusal(path)
    assert "工作表“Sheet”记录的使用范围（A1:XFD1048576）有1048576行（上限20000行）" in text
    assert "复制到一个新的Excel工作簿" in text


def test_a_cell_at_xfd1048576_does_not_take_the_program_down(tmp_path):
    # The cells span A1:XFD1048576 (17 billion cells to lay out); the <dimension> lies.
    path = rf.with_far_cell(rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS), "XFD1048576")
    code, out = read_with_little_memory(path)
    assert (code, out.split()[0]) == (0, "REFUSED"), out
    assert "实际内容有1048576行（上限20000行）" in out


def test_one_cell_at_a1048576_is_refused_cheaply(tmp_path):
    path = rf.with_far_cell(rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS), "A1048576")
    assert "实际内容有1048576行（上限20000行）" in refusal(path)
    code, out = read_with_little_memory(path, megabytes=600)
    assert (code, out.split()[0]) == (0, "REFUSED"), out


def test_too_many_columns_and_too_many_cells_are_refused(tmp_path):
    path = rf.with_far_cell(rf.write_xlsx(tmp_path / "宽.xlsx", GOOD_ROWS), "ZZ3")
    assert "702列（上限200列）" in refusal(path)
    path = rf.write_xlsx(tmp_path / "多.xlsx", GOOD_ROWS)
    limits = SheetLimits(rows=20_000, columns=200, cells=100)
    assert "个单元格（上限100个）" in refusal(path, limits)


def test_an_xls_with_a_far_cell_is_refused_before_the_reader_lays_it_out(tmp_path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("学生信息")
    for c, h in enumerate(rf.HEADER):
        ws.write(0, c, h)
    ws.write(65535, 255, "x")
    path = tmp_path / "花名册.xls"
    wb.save(str(path))
    text = refusal(path)
    assert "工作表“学生信息”" in text and "65536行（上限20000行）" in text
    code, out = read_with_little_memory(path, megabytes=600)
    assert (code, out.split()[0]) == (0, "REFUSED"), out


def test_limits_are_the_schools_settings(tmp_path, folder, actor):
    from kongchuo_desktop.services import settings_store

    assert settings.spec("import.max_rows").default == 20_000
    assert settings.spec("import.max_columns").default == 200
    assert settings.spec("import.max_cells").default == 2_000_000
    assert settings.spec("import.max_file_mb").default == 50
    path = rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS * 30)  # 152 rows
    assert len(ri.read_sheet(path).rows) == 152
    settings_store.set("import.max_rows", 100, actor)
    assert "152行（上限100行）" in refusal(path)


def test_an_empty_file_says_it_is_empty(tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"")
    assert "是空文件（0字节）" in refusal(path)


def test_a_file_over_the_size_limit_is_not_opened(tmp_path):
    path = rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS)
    with path.open("ab") as f:
        f.write(bytes(2 * 1024 * 1024))
    assert "超过导入文件的上限1 MB" in refusal(path, SheetLimits(file_mb=1))


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_a_password_protected_workbook_says_so(tmp_path, kind):
    path = tmp_path / f"花名册.{kind}"
    (rf.encrypted_xlsx if kind == "xlsx" else rf.encrypted_xls)(path)
    text = refusal(path)
    assert "设置了打开密码" in text and "清空密码" in text


def test_an_xlsx_named_xls_and_an_xls_named_xlsx_are_read_as_what_they_are(tmp_path):
    xlsx = rf.write_xlsx(tmp_path / "a.xlsx")
    xls = rf.write_xls(tmp_path / "b.xls")
    as_xls = tmp_path / "花名册.xls"
    as_xls.write_bytes(xlsx.read_bytes())
    as_xlsx = tmp_path / "名单.xlsx"
    as_xlsx.write_bytes(xls.read_bytes())
    for right, wrong, what in ((xlsx, as_xls, "内容其实是 .xlsx"), (xls, as_xlsx, "旧版 .xls")):
        sheet = ri.read_sheet(wrong)
        assert sheet.rows == ri.read_sheet(right).rows
        assert what in sheet.note and wrong.name in sheet.note
        assert ri.read_sheet(right).note == ""


def test_a_zip_that_is_not_a_workbook_says_what_it_is(tmp_path):
    path = tmp_path / "花名册.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("花名册.xlsx", b"...")
    text = refusal(path)
    assert "不是Excel工作簿，而是普通的压缩包（.zip）" in text and "先解压" in text
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
    assert "而是Word文档（.docx）" in refusal(path)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    path = rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS)
    spaces = b" " * (11 * 1024 * 1024)  # 11 MB of spaces pack into 11 KB
    rf.rewrite_sheet_xml(path, lambda xml: xml.replace(b"</worksheet>", spaces + b"</worksheet>"))
    assert path.stat().st_size < 100_000
    text = refusal(path, SheetLimits(file_mb=1))
    assert "解压后却有11 MB（超过上限10 MB）" in text and "压缩炸弹" in text


def test_a_truncated_xlsx_is_called_damaged(tmp_path):
    path = rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS)
    path.write_bytes(path.read_bytes()[:3000])
    assert "已损坏" in refusal(path)


def test_the_command_line_refuses_a_hostile_file_with_the_message(tmp_path, capsys, actor):
    path = rf.with_dimension(rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS), "A1:XFD1048576")
    code = cli.main(["--data-dir", str(tmp_path / "d"), "import-roster", str(path), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert "A1:XFD1048576" in json.dumps(json.loads(captured.out or "{}"), ensure_ascii=False) + (
        captured.err
    )


def _prefixed(xml: bytes) -> bytes:
    """The same sheet with every tag prefixed (<x:c …>), as some generators write it."""
    xml = re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", xml)
    return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=")


def _no_addresses(xml: bytes) -> bytes:
    """Cells without r="B7" and no <dimension>: positions follow from the order."""
    xml = re.sub(rb'<dimension ref="[^"]*" ?/>', b"", xml)
    return re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml)


def test_prefixed_tags_and_cells_without_addresses_are_counted_too(tmp_path):
    plain = rf.write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS)
    prefixed = rf.rewrite_sheet_xml(rf.write_xlsx(tmp_path / "b.xlsx", GOOD_ROWS), _prefixed)
    assert ri.read_sheet(prefixed).rows == ri.read_sheet(plain).rows
    far = rf.with_far_cell(rf.write_xlsx(tmp_path / "c.xlsx", GOOD_ROWS), "A30000")
    assert "实际内容有30000行" in refusal(rf.rewrite_sheet_xml(far, _prefixed))
    unaddressed = rf.rewrite_sheet_xml(rf.write_xlsx(tmp_path / "d.xlsx", GOOD_ROWS), _no_addresses)
    assert ri.read_sheet(unaddressed).rows == ri.read_sheet(plain).rows
    wide = rf.write_xlsx(tmp_path / "e.xlsx", [[*r, *["x"] * 300] for r in GOOD_ROWS])
    assert "实际内容有201列（上限200列）" in refusal(rf.rewrite_sheet_xml(wide, _no_addresses))


def test_other_compound_files_say_what_they_are(tmp_path):
    path = tmp_path / "花名册.xls"
    path.write_bytes(rf.compound_file({"WordDocument": b"\xec\xa5"}))
    assert "不是Excel工作簿，而是Word文档（.doc）" in refusal(path)
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100))
    assert "已损坏（文件结构不完整）" in refusal(path)
    broken = bytearray(rf.compound_file({"Workbook": b"\x09\x08"}))
    broken[0x30:0x34] = (999).to_bytes(4, "little")  # the directory points outside the file
    path.write_bytes(bytes(broken))
    assert "已损坏（文件结构不完整）" in refusal(path)


def test_a_zip_of_countless_parts_is_refused_before_its_directory_is_read(tmp_path):
    path = rf.write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS)
    with zipfile.ZipFile(path, "a") as zf:
        for n in range(10_001):
            zf.writestr(f"x/{n}", b"")
    text = refusal(path)
    assert "里有10010个部分" in text and "不像正常的Excel文件" in text


def test_an_xls_that_makes_the_reader_panic_is_a_message_not_a_crash(tmp_path):
    # One byte of a sector number changed: python-calamine's Rust reader panics, and pyo3's
    # PanicException is not an Exception.
    path = rf.write_xls(tmp_path / "花名册.xls")
    data = bytearray(path.read_bytes())
    data[1493] = 63
    path.write_bytes(bytes(data))
    text = refusal(path)
    assert "无法读取Excel文件" in text or "已损坏" in text
