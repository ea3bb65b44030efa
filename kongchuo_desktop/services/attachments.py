"""Attached files (a visit's photos, a signed 责任书, a proof): add, list, open and verify.

The files live in the content-addressed store of db/attachments.py; each `attachment` row says
which file belongs to which owner row. Adding is an audited write.

Images are downscaled here, on import, with Pillow (not Qt: services never import Qt, and the
exe ships without Qt's JPEG plugin). Doing it in the service means every path that adds a photo —
the window, the command line, the demo school — stores the same small file, and the same photo
picked twice is recognised before it is decoded (`source_sha256`). A photo no larger than the
setting is kept byte for byte; a larger one (or a BMP/TIFF) is turned upright from its EXIF
orientation, shrunk to the longest side set in 设置 and saved as JPEG (PNG when it has
transparency). Re-encoding drops the EXIF data, which also drops a phone's GPS position of a
family's home.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import peewee as pw

from kongchuo_desktop import settings
from kongchuo_desktop.db import attachments as file_store
from kongchuo_desktop.db import models
from kongchuo_desktop.db.case_models import CaseContact
from kongchuo_desktop.db.census_models import CensusDecision
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit

JPEG_QUALITY = 85  # visually clean for photos and scanned letters, ~300 KB at 1600 px

# Suffixes that must be images: a file named .jpg that is not one is refused, not stored.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
# Formats kept byte for byte when small enough; others (BMP, TIFF) are re-encoded.
_COMPACT = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
_NOT_SUPPORTED = {
    ".heic": "手机的HEIC格式照片暂不支持：请在手机相机设置里选“兼容性最佳”，或先转成JPG再添加。",
    ".heif": "手机的HEIF格式照片暂不支持：请先转成JPG再添加。",
}


@dataclass(frozen=True)
class Attachment:
    """One attached file as views and commands see it."""

    id: int
    sha256: str
    ext: str
    size: int
    kind: str
    owner_table: str
    owner_id: int
    original_name: str
    added_at: dt.datetime
    added_by: str

    @property
    def is_image(self) -> bool:
        return self.ext in IMAGE_SUFFIXES


@dataclass(frozen=True)
class AttachmentProblem:
    attachment: Attachment
    problem: str  # 文件缺失 / 文件已损坏
    owner: str  # "学生 张三（七年级1班）", or the table and id

    @property
    def text(self) -> str:
        a = self.attachment
        return (
            f"{self.owner} 的附件“{a.original_name or a.sha256[:12]}”（{a.kind}）：{self.problem}"
        )


@dataclass(frozen=True)
class AttachmentReport:
    """What `verify` found: every row's file checked against its hash, and files no row uses."""

    attachments: int
    files: int
    total_bytes: int
    problems: list[AttachmentProblem]
    orphans: list[Path]

    @property
    def ok(self) -> bool:
        return not self.problems


def _live_store() -> Path:
    name = str(current().database)
    if name.startswith("file:"):  # a read-only folder is opened by URI (db/health.read_only_uri)
        name = url2pathname(urlparse(name).path)
    return file_store.live_store(Path(name).parent)


def _row(a: models.Attachment) -> Attachment:
    return Attachment(
        a.id,
        a.sha256,
        a.ext,
        a.size,
        a.kind,
        a.owner_table,
        a.owner_id,
        a.original_name,
        a.added_at,
        a.added_by,
    )


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    suffix = ".jpg" if suffix == ".jpeg" else ".tif" if suffix == ".tiff" else suffix
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def prepare_image(data: bytes, name: str, max_side: int) -> tuple[bytes, str]:
    """(bytes to store, suffix) for an image: as it is when small and compact, else upright,
    shrunk to `max_side` and re-encoded. UserError when the bytes are not a readable image."""
    # Imported here, not at the top: only adding a photo needs Pillow (start-up time).
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        fmt = image.format
        if fmt in _COMPACT and max(image.size) <= max_side:
            image.verify()  # reads the whole file: a truncated photo is refused here
            return data, _COMPACT[fmt]
        if fmt == "JPEG":  # decode at a reduced scale directly: 4× faster for phone photos
            scale = max_side / max(image.size)
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # ImportError: a LAB colour image needs Pillow's colour engine, left out of the exe.
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        ImportError,
        Image.DecompressionBombError,
    ):
        raise UserError(f"“{name}”不是能打开的图片（文件可能已损坏，或扩展名不对）。") from None
    out = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    if has_alpha:
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), ".png"
    image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), ".jpg"


def add_file(actor: str, path: Path, kind: str, owner_table: str, owner_id: int) -> Attachment:
    """Attach the file at `path` to row `owner_id` of `owner_table`. The file is copied into the
    store (once per content); images are downscaled first. UserError for a file that cannot be
    attached (missing, too large, an image that is not one)."""
    path = Path(path)
    if not kind or not owner_table:
        raise ValueError("kind and owner_table are required")
    if not path.is_file():
        raise UserError(f"找不到文件：{path}")
    limit_mb = settings.get("attachments.max_file_mb")
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise UserError(
            f"“{path.name}”有 {size / 1024 / 1024:.1f} MB，超过附件上限 {limit_mb} MB"
            "（可在 设置 → 附件 中修改）。"
        )
    data = path.read_bytes()
    source_sha = file_store.sha256_of_bytes(data)
    live = _live_store()
    suffix = _suffix(path)
    if suffix in _NOT_SUPPORTED:
        raise UserError(_NOT_SUPPORTED[suffix])
    same = (
        models.Attachment.select()
        .where(models.Attachment.source_sha256 == source_sha)
        .order_by(models.Attachment.id.desc())
    )
    known = next(
        (
            a
            for a in same
            if file_store.file_is_intact(live / file_store.relative_name(a.sha256, a.ext))
        ),
        None,
    )
    if known is not None:  # the same file picked again: no decoding, no copy
        sha, ext, stored_size = known.sha256, known.ext, known.size
    else:
        if suffix in IMAGE_SUFFIXES:
            stored, ext = prepare_image(data, path.name, settings.get("attachments.image_max_side"))
        else:
            stored, ext = data, suffix
        sha, _ = file_store.put_bytes(live, stored, ext)
        stored_size = len(stored)
    row = audit.create(
        models.Attachment,
        actor,
        sha256=sha,
        ext=ext,
        size=stored_size,
        kind=kind,
        owner_table=owner_table,
        owner_id=owner_id,
        original_name=path.name[:255],
        source_sha256=source_sha,
        added_by=actor,
    )
    return _row(row)


def list_for(owner_table: str, owner_id: int) -> list[Attachment]:
    """The files attached to one row, oldest first."""
    rows = (
        models.Attachment.select()
        .where(
            (models.Attachment.owner_table == owner_table)
            & (models.Attachment.owner_id == owner_id)
        )
        .order_by(models.Attachment.id)
    )
    return [_row(a) for a in rows]


def open_path(sha256: str) -> Path:
    """The stored file with this hash, to show or open. UserError when it is missing."""
    row = models.Attachment.get_or_none(models.Attachment.sha256 == sha256)
    if row is None:
        raise UserError("没有这个附件。")
    path = _live_store() / file_store.relative_name(row.sha256, row.ext)
    if not path.is_file():
        raise UserError(
            f"附件“{row.original_name}”的文件不见了。可以运行“检查数据”查看，或从备份恢复。"
        )
    return path


def remove(actor: str, attachment_id: int) -> None:
    """Detach a file (audited). The stored file goes when no other row uses it; backups keep
    their copy until they are pruned."""
    row = models.Attachment.get_by_id(attachment_id)
    audit.delete(row, actor)
    still_used = (
        models.Attachment.select()
        .where((models.Attachment.sha256 == row.sha256) & (models.Attachment.ext == row.ext))
        .exists()
    )
    if not still_used:
        (_live_store() / file_store.relative_name(row.sha256, row.ext)).unlink(missing_ok=True)


def _student_label(student_id: int) -> str | None:
    student = models.Student.get_or_none(models.Student.id == student_id)
    if student is None:
        return None
    klass = student.school_class.name if student.school_class_id else "未分班"
    return f"学生 {student.name}（{klass}）"


def _contact_label(contact_id: int) -> str | None:
    contact = CaseContact.get_or_none(CaseContact.id == contact_id)
    if contact is None:
        return None
    who = (_student_label(contact.student_id) or "") if contact.student_id else "个案"
    return f"{contact.date} 家访记录（{who}）"


def _home_teaching_visit_label(visit_id: int) -> str | None:
    row = (
        current()
        .execute_sql(
            "SELECT s.name, v.date FROM home_teaching_visit v JOIN student s ON s.id = v.student_id"
            " WHERE v.id = ?",
            (visit_id,),
        )
        .fetchone()
    )
    return f"学生 {row[0]} 的送教记录（{str(row[1])[:10]}）" if row else None


def _census_label(decision_id: int) -> str | None:
    row = CensusDecision.get_or_none(CensusDecision.id == decision_id)
    return f"人籍比对（{row.school_year}学年）的就读证明" if row else None


# How `check` names an owner, by table. A feature that attaches files to its rows (a visit, a
# case, a 责任书) adds its table here; others show as "table #id".
OWNER_LABELS: dict[str, Callable[[int], str | None]] = {
    "student": _student_label,
    "case_contact": _contact_label,
    "home_teaching_visit": _home_teaching_visit_label,  # services.home_teaching
    "census_decision": _census_label,
}


def _owner_label(owner_table: str, owner_id: int) -> str:
    label = OWNER_LABELS.get(owner_table)
    return (label and label(owner_id)) or f"{owner_table} #{owner_id}"


def thumbnail_png(sha256: str, max_side: int = 160) -> bytes:
    """A small PNG of a stored image, for lists. PNG because the exe's Qt reads PNG without
    plugins but not JPEG (installer/kongchuo.spec leaves qjpeg out). UserError if missing."""
    from PIL import Image, ImageOps  # only when a list shows photos (start-up time)

    with Image.open(open_path(sha256)) as image:
        image.draft("RGB", (max_side, max_side))
        small = ImageOps.exif_transpose(image)
        small.thumbnail((max_side, max_side))
        out = io.BytesIO()
        small.save(out, "PNG")
    return out.getvalue()


def verify() -> AttachmentReport:
    """Check every attachment's file against its hash (each file read once) and list the store's
    files that no row uses."""
    live = _live_store()
    rows = list(models.Attachment.select().order_by(models.Attachment.id))
    state: dict[str, str | None] = {}  # name → problem, None when intact
    total = 0
    for a in rows:
        name = file_store.relative_name(a.sha256, a.ext)
        if name in state:
            continue
        path = live / name
        if not path.is_file():
            state[name] = "文件缺失"
        elif file_store.sha256_of(path) != a.sha256:
            state[name] = "文件已损坏（内容与记录不符）"
        else:
            state[name] = None
            total += path.stat().st_size
    problems = [
        AttachmentProblem(_row(a), problem, _owner_label(a.owner_table, a.owner_id))
        for a in rows
        if (problem := state[file_store.relative_name(a.sha256, a.ext)])
    ]
    orphans = sorted(live / n for n in file_store.stored_names(live) - state.keys())
    return AttachmentReport(len(rows), len(state), total, problems, orphans)


def counts_for(owner_table: str, owner_ids: list[int]) -> dict[int, int]:
    """owner id → how many files are attached to it (for lists that show a 📎 count)."""
    q = (
        models.Attachment.select(models.Attachment.owner_id, pw.fn.COUNT(models.Attachment.id))
        .where(
            (models.Attachment.owner_table == owner_table)
            & models.Attachment.owner_id.in_(owner_ids)
        )
        .group_by(models.Attachment.owner_id)
    )
    return dict(q.tuples())
