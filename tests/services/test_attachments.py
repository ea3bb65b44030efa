"""Attached files: stored once by content, photos shrunk on import, listed per owner, verified."""

import io
import os
import re

import pytest
from PIL import Image

from kongchuo_desktop.db import attachments as store
from kongchuo_desktop.db.models import AuditLog, Student
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attachments, settings_store


def photo(path, size=(64, 48), fmt="JPEG", exif_orientation=None, seed=1):
    """A small generated photo with distinct content per seed."""
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    image.paste(Image.frombytes("RGB", (8, 8), os.urandom(192)), (0, 0))
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif
    image.save(path, fmt, **kwargs)
    return path


@pytest.fixture
def student(folder):
    return Student.create(name="张三")


def stored(a):
    return attachments.open_path(a.sha256)


def test_a_small_photo_is_kept_byte_for_byte_and_listed_with_its_owner(
    folder, actor, student, tmp_path
):
    src = photo(tmp_path / "家访.jpg")
    a = attachments.add_file(actor, src, "家访照片", "student", student.id)
    assert stored(a).read_bytes() == src.read_bytes()
    assert stored(a) == folder.path / "attachments" / a.sha256[:2] / f"{a.sha256}.jpg"
    assert a.original_name == "家访.jpg" and a.is_image and a.added_by == actor
    assert attachments.list_for("student", student.id) == [a]
    assert attachments.list_for("student", student.id + 1) == []
    log = AuditLog.get(AuditLog.table == "attachment")
    assert log.actor == actor and log.after["sha256"] == a.sha256


def test_the_same_photo_attached_twice_is_stored_once(folder, actor, student, tmp_path):
    src = photo(tmp_path / "a.jpg")
    first = attachments.add_file(actor, src, "照片", "student", student.id)
    second = attachments.add_file(actor, src, "照片", "student", student.id)
    assert first.id != second.id and first.sha256 == second.sha256
    assert len(store.stored_names(folder.path / "attachments")) == 1


def test_a_big_photo_is_shrunk_upright_to_the_longest_side_setting(
    folder, actor, student, tmp_path
):
    settings_store.set("attachments.image_max_side", 800, actor)
    # 2000×1000 stored sideways: EXIF orientation 6 means "turn 90° clockwise to view".
    src = photo(tmp_path / "big.jpg", size=(2000, 1000), exif_orientation=6)
    a = attachments.add_file(actor, src, "照片", "student", student.id)
    with Image.open(stored(a)) as image:
        assert image.format == "JPEG"
        assert image.size == (400, 800)  # upright, longest side 800
        assert not image.getexif().get(0x0112)  # no orientation (nor GPS) left behind
    assert a.size == stored(a).stat().st_size < src.stat().st_size
    # Picked again: recognised by the original's hash, not decoded and stored again.
    again = attachments.add_file(actor, src, "照片", "student", student.id)
    assert again.sha256 == a.sha256
    assert len(store.stored_names(folder.path / "attachments")) == 1


def test_a_big_png_with_transparency_stays_png(folder, actor, student, tmp_path):
    settings_store.set("attachments.image_max_side", 800, actor)
    src = tmp_path / "seal.png"
    Image.new("RGBA", (1600, 1600), (255, 0, 0, 128)).save(src)
    a = attachments.add_file(actor, src, "印章", "student", student.id)
    with Image.open(stored(a)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (800, 800), "RGBA")


def test_a_file_named_jpg_that_is_not_an_image_is_refused_with_a_clear_message(
    folder, actor, student, tmp_path
):
    src = tmp_path / "假照片.jpg"
    src.write_bytes(b"not a picture at all")
    with pytest.raises(UserError, match=re.escape("“假照片.jpg”不是能打开的图片")):
        attachments.add_file(actor, src, "照片", "student", student.id)
    assert attachments.list_for("student", student.id) == []


def test_a_truncated_photo_is_refused(folder, actor, student, tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buf, "PNG")
    src = tmp_path / "半张.png"
    src.write_bytes(buf.getvalue()[:-30])
    with pytest.raises(UserError, match="不是能打开的图片"):
        attachments.add_file(actor, src, "照片", "student", student.id)


def test_a_phone_heic_photo_is_refused_saying_what_to_do(folder, actor, student, tmp_path):
    src = tmp_path / "IMG_0001.HEIC"
    src.write_bytes(b"\x00\x00\x00\x18ftypheic")
    with pytest.raises(UserError, match="兼容性最佳"):
        attachments.add_file(actor, src, "照片", "student", student.id)


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(folder, actor, student, tmp_path):
    settings_store.set("attachments.max_file_mb", 1, actor)
    src = tmp_path / "扫描.pdf"
    src.write_bytes(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(UserError, match="超过附件上限 1 MB"):
        attachments.add_file(actor, src, "证明", "student", student.id)


def test_a_pdf_is_stored_as_it_is(folder, actor, student, tmp_path):
    src = tmp_path / "转学证明.PDF"
    src.write_bytes(b"%PDF-1.4\n%...\n")
    a = attachments.add_file(actor, src, "转学证明", "student", student.id)
    assert a.ext == ".pdf" and not a.is_image
    assert stored(a).read_bytes() == src.read_bytes()


def test_verify_names_a_missing_and_a_damaged_file_with_their_owner(
    folder, actor, student, tmp_path
):
    sid = student.id
    good = attachments.add_file(actor, photo(tmp_path / "1.jpg", seed=1), "照片", "student", sid)
    gone = attachments.add_file(actor, photo(tmp_path / "2.jpg", seed=2), "照片", "student", sid)
    bad = attachments.add_file(actor, photo(tmp_path / "3.jpg", seed=3), "照片", "visit", 7)
    assert attachments.verify().ok
    stored(gone).unlink()
    path = stored(bad)
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")
    stray = folder.path / "attachments" / "ff" / ("f" * 64 + ".jpg")
    stray.parent.mkdir(exist_ok=True)  # a real photo may hash to ff… too
    stray.write_bytes(b"x")

    report = attachments.verify()
    assert not report.ok and report.attachments == 3
    by_file = {p.attachment.original_name: p for p in report.problems}
    assert set(by_file) == {"2.jpg", "3.jpg"}
    assert by_file["2.jpg"].problem == "文件缺失"
    assert by_file["2.jpg"].owner == "学生 张三（未分班）"
    assert "已损坏" in by_file["3.jpg"].problem and by_file["3.jpg"].owner == "visit #7"
    assert report.orphans == [stray]
    assert good.sha256 not in {p.attachment.sha256 for p in report.problems}
    with pytest.raises(UserError, match="文件不见了"):
        attachments.open_path(gone.sha256)


def test_removing_the_last_use_of_a_file_removes_it(folder, actor, student, tmp_path):
    src = photo(tmp_path / "a.jpg")
    first = attachments.add_file(actor, src, "照片", "student", student.id)
    second = attachments.add_file(actor, src, "照片", "student", student.id)
    path = stored(first)
    attachments.remove(actor, first.id)
    assert path.is_file()  # still used by the second
    attachments.remove(actor, second.id)
    assert not path.exists()
    assert attachments.list_for("student", student.id) == []
    assert AuditLog.select().where(AuditLog.action == "delete").count() == 2


def test_a_list_gets_a_small_png_thumbnail_of_a_photo(folder, actor, student, tmp_path):
    a = attachments.add_file(
        actor, photo(tmp_path / "a.jpg", size=(640, 480)), "照片", "student", 1
    )
    with Image.open(io.BytesIO(attachments.thumbnail_png(a.sha256, 160))) as thumb:
        assert (thumb.format, thumb.size) == ("PNG", (160, 120))
