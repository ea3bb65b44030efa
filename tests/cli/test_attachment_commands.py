"""`check` lists and verifies attached files; `restore` brings them back."""

import json

import pytest
from PIL import Image

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import attachments


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data_dir(tmp_path, actor):
    """A data folder with two photos of 王小明's home visit."""
    d = tmp_path / "school"
    folder = open_data_folder(d, daily_backup=False)
    student = Student.create(name="王小明")
    for i, colour in enumerate(("red", "blue")):
        src = tmp_path / f"家访{i + 1}.jpg"
        Image.new("RGB", (40, 30), colour).save(src)
        attachments.add_file(actor, src, "家访照片", "student", student.id)
    folder.close()
    return d


def _photo_files(d):
    return sorted(p for p in (d / "attachments").rglob("*.jpg"))


def test_check_lists_the_photos_as_intact(data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 0
    assert "附件：2 个，2 个文件" in out and "全部完好" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check", "--json")
    data = json.loads(out)["attachments"]
    assert code == 0 and data["ok"] and data["count"] == 2 and data["problems"] == []


def test_check_fails_naming_a_damaged_photo_and_its_owner(data_dir, capsys):
    damaged = _photo_files(data_dir)[0]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\x00")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 1
    assert "学生 王小明（未分班） 的附件" in out and "文件已损坏" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check", "--json")
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    [problem] = data["attachments"]["problems"]
    assert problem["owner"] == "学生 王小明（未分班）" and problem["owner_table"] == "student"
    assert problem["kind"] == "家访照片" and problem["file"].startswith("家访")


def test_check_fails_on_a_missing_photo(data_dir, capsys):
    _photo_files(data_dir)[1].unlink()
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 1 and "文件缺失" in out


def test_backup_to_a_stick_then_restore_brings_lost_photos_back(data_dir, tmp_path, capsys):
    stick = tmp_path / "U盘"
    stick.mkdir()
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "backup", str(stick / "copy.sqlite"), "--json"
    )
    assert code == 0
    assert len(list((stick / "attachments").rglob("*.jpg"))) == 2
    for p in _photo_files(data_dir):
        p.unlink()
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "restore", str(stick / "copy.sqlite"))
    assert code == 0 and "没有找到" not in out
    assert len(_photo_files(data_dir)) == 2
    assert run(capsys, "--data-dir", str(data_dir), "check")[0] == 0


def test_restore_says_how_many_photos_it_could_not_find(data_dir, tmp_path, capsys):
    copy = tmp_path / "只有数据.sqlite"
    run(capsys, "--data-dir", str(data_dir), "backup", str(copy))
    for p in [*_photo_files(data_dir), *(tmp_path / "attachments").rglob("*.jpg")]:
        p.unlink()
    for p in (data_dir / "backups" / "attachments").rglob("*.jpg"):
        p.unlink()
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "restore", str(copy))
    assert code == 0 and "有 2 个附件文件没有找到" in out
