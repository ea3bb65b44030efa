"""`kongchuo notice`: a case's notice or a visit's 家访记录表 as an A4 PDF, recorded once; a second
notice of the same kind exits 1 saying when the first was issued, unless --again."""

import json
import shutil
import subprocess
import unicodedata

import pytest

from kongchuo_desktop.cli import main
from tests.demo_school import DEMO_TODAY, copy_demo_folder


@pytest.fixture
def demo_dir(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "demo")


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _open_case(demo_dir, capsys, stage):
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "cases", "--open", "--json")
    assert code == 0
    return next(c for c in json.loads(out)["cases"] if c["stage"] == stage)


def test_a_notice_is_saved_as_pdf_and_a_second_one_asks_for_again(demo_dir, tmp_path, capsys):
    case = _open_case(demo_dir, capsys, 1)
    out_pdf = tmp_path / "返校通知书.pdf"
    args = ["--data-dir", str(demo_dir), "notice", "--case", str(case["id"])]
    day = ["--date", DEMO_TODAY.isoformat()]
    code, out, _ = run(capsys, *args, "--kind", "返校通知书", "--out", str(out_pdf), *day, "--json")
    assert code == 0
    issued = json.loads(out)
    assert issued["number"] == "青山九校返〔2026〕1号" and issued["pages"] == 1
    assert out_pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(out_pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # NFKC: the PDF maps some glyphs to Kangxi radicals (⽣ for 生); the text is the same.
        text = unicodedata.normalize("NFKC", text)
        assert "辍学生返校通知书" in text and case["student"] in text.replace(" ", "")

    again = tmp_path / "再发.pdf"
    code, _, err = run(capsys, *args, "--kind", "返校通知书", "--out", str(again), *day)
    assert code == 1 and not again.exists()
    assert f"已于{DEMO_TODAY:%Y-%m-%d}发出（青山九校返〔2026〕1号）" in err and "--again" in err
    code, out, _ = run(
        capsys, *args, "--kind", "返校通知书", "--out", str(again), *day, "--again", "--json"
    )
    assert code == 0 and json.loads(out)["number"] == "青山九校返〔2026〕2号" and again.exists()


def test_an_existing_file_is_not_replaced_without_force_and_nothing_is_recorded(
    demo_dir, tmp_path, capsys
):
    case = _open_case(demo_dir, capsys, 1)
    taken = tmp_path / "已有.pdf"
    taken.write_bytes(b"mine")
    args = ["--data-dir", str(demo_dir), "notice", "--case", str(case["id"]), "--out", str(taken)]
    code, _, err = run(capsys, *args, "--kind", "辍学报告单")
    assert code == 1 and "--force" in err and taken.read_bytes() == b"mine"
    code, out, _ = run(capsys, *args, "--kind", "辍学报告单", "--json")
    assert code == 1  # still refused: the first attempt recorded nothing, so no --again asked
    assert "已发出" not in out


def test_the_visit_record_of_a_contact(demo_dir, tmp_path, capsys):
    case = _open_case(demo_dir, capsys, 2)
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import case_contacts

    folder = open_data_folder(demo_dir, daily_backup=False)
    try:
        contact = next(c for c in case_contacts.contact_rows(case_id=case["id"]) if c.done)
    finally:
        folder.close()
    out_pdf = tmp_path / "家访记录表.pdf"
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(demo_dir),
        "notice",
        "--contact",
        str(contact.id),
        "--out",
        str(out_pdf),
        "--json",
    )
    assert code == 0 and out_pdf.exists()
    assert json.loads(out)["kind"] == "家访记录表"


def test_a_case_notice_needs_its_kind(demo_dir, tmp_path, capsys):
    code, _, err = run(
        capsys,
        "--data-dir",
        str(demo_dir),
        "notice",
        "--case",
        "1",
        "--out",
        str(tmp_path / "a.pdf"),
    )
    assert code == 2 and "--kind" in err
