"""Benchmark: 200 home-visit photos through import, 30 daily backups, a USB copy and a restore.

    .venv/bin/python bench/bench_attachments.py [--out bench/results/attachments.md]

Generates 200 distinct 1600×1200 JPEG photos of about 300 KB (what the store keeps after
import) and 5 phone-sized ones (4032×3024, about 3 MB) in a temporary folder, then measures:
  1. import: `attachments.add_file` for each (the phone photos are shrunk to 1600 px);
  2. disk: the live store, then the backups folder after one, two and 30 daily backups —
     the photos must be counted once, not once per copy;
  3. the USB copy of the newest backup (with its photos), then of the next one (adds nothing);
  4. a restore from the stick onto a new, empty data folder, and `verify` (what `check` runs).
Disk figures are the space files take on disk (st_blocks), as Explorer's "size on disk".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter

PHOTOS = 200
PHONE_PHOTOS = 5
FIRST_DAY = dt.date(2026, 11, 2)
ACTOR = "教务处"


def scene(seed: int, size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: soft shapes, blur and sensor noise (compresses like a real one)."""
    rnd = random.Random(seed)
    small = (size[0] // 4, size[1] // 4)
    img = Image.new("RGB", small, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y, r = rnd.randrange(small[0]), rnd.randrange(small[1]), rnd.randrange(8, 100)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BICUBIC)
    return Image.blend(img, Image.effect_noise(size, 40).convert("RGB"), 0.12)


def make_photos(where: Path) -> tuple[list[Path], list[Path]]:
    where.mkdir(parents=True)
    bases = [scene(i, (1600, 1200)) for i in range(20)]
    photos = []
    for i in range(PHOTOS):
        img = bases[i % len(bases)].copy()
        img.paste(Image.frombytes("RGB", (16, 16), os.urandom(768)), (i, i))  # distinct bytes
        path = where / f"家访_{i:03}.jpg"
        img.save(path, "JPEG", quality=85)
        photos.append(path)
    phone = []
    for i in range(PHONE_PHOTOS):
        path = where / f"IMG_{i:04}.jpg"
        scene(100 + i, (4032, 3024)).save(path, "JPEG", quality=92)
        phone.append(path)
    return photos, phone


def on_disk(path: Path, pattern: str = "**/*") -> int:
    files = [p for p in path.glob(pattern) if p.is_file()] if path.is_dir() else [path]
    return sum(p.stat().st_blocks * 512 for p in files)


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def run(tmp: Path) -> list[str]:
    from kongchuo_desktop.db import backup, store
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services import attachments

    t = time.perf_counter()
    photos, phone = make_photos(tmp / "相机")
    made = time.perf_counter() - t
    lines = [
        f"- machine: {platform.platform()}, Python {platform.python_version()}",
        f"- photos: {len(photos)} × {mb(sum(p.stat().st_size for p in photos) // len(photos))}"
        f" (1600×1200 JPEG), {len(phone)} phone photos × "
        f"{mb(sum(p.stat().st_size for p in phone) // len(phone))} (4032×3024);"
        f" generated in {made:.0f} s (not counted)",
        "",
        "| step | time | disk |",
        "|---|---:|---:|",
    ]

    def row(step: str, seconds: float, disk: str = "") -> None:
        lines.append(f"| {step} | {seconds * 1000:.0f} ms | {disk} |")

    folder = store.open_data_folder(tmp / "data", daily_backup=False)
    student = Student.create(name="王小明")
    live = folder.path / "attachments"

    t = time.perf_counter()
    for p in photos:
        attachments.add_file(ACTOR, p, "家访照片", "student", student.id)
    row(f"import {PHOTOS} photos (kept as they are)", time.perf_counter() - t, mb(on_disk(live)))
    before = on_disk(live)
    t = time.perf_counter()
    added = [attachments.add_file(ACTOR, p, "家访照片", "student", student.id) for p in phone]
    took = time.perf_counter() - t
    row(
        f"import {PHONE_PHOTOS} phone photos (shrunk to 1600 px), each",
        took / len(phone),
        f"{mb(sum(p.stat().st_size for p in phone) // len(phone))} → "
        f"{mb(sum(a.size for a in added) // len(added))} each",
    )
    photos_disk = on_disk(live)
    assert photos_disk > before
    t = time.perf_counter()
    for p in photos[:20]:
        attachments.add_file(ACTOR, p, "家访照片", "student", student.id)
    row(
        "the same 20 photos attached again",
        time.perf_counter() - t,
        f"+{mb(on_disk(live) - photos_disk)}",
    )

    backups = folder.backups
    t = time.perf_counter()
    folder.daily_backup(FIRST_DAY)
    row("1st daily backup (+ monthly copy)", time.perf_counter() - t, mb(on_disk(backups)))
    first = on_disk(backups)
    t = time.perf_counter()
    folder.daily_backup(FIRST_DAY + dt.timedelta(days=1))
    row(
        "2nd daily backup, photos unchanged",
        time.perf_counter() - t,
        f"+{mb(on_disk(backups) - first)}",
    )
    times = []
    for day in range(2, 31):
        t = time.perf_counter()
        folder.daily_backup(FIRST_DAY + dt.timedelta(days=day))
        times.append(time.perf_counter() - t)
    copies = len(list(backups.glob("*/*.sqlite")))
    row(
        f"daily backups of days 3–31 (each, median); {copies} copies kept",
        sorted(times)[len(times) // 2],
        mb(on_disk(backups)),
    )
    store_disk = on_disk(backups / "attachments")
    db_disk = on_disk(backups, "*/*.sqlite")
    lines_after = [
        f"- live photos {mb(photos_disk)}; backups folder {mb(on_disk(backups))} ="
        f" shared photo store {mb(store_disk)} + {copies} database copies {mb(db_disk)}",
        f"- without sharing, {copies} copies would hold {mb(copies * photos_disk)} of photos",
    ]

    stick = tmp / "U盘"
    stick.mkdir()
    newest = backup.list_backups(backups)[0]
    t = time.perf_counter()
    copy = backup.copy_backup(newest, stick)
    row("USB copy of the newest backup, with photos", time.perf_counter() - t, mb(on_disk(stick)))
    on_stick = on_disk(stick)
    later = folder.event_backup("manual")
    t = time.perf_counter()
    backup.copy_backup(later, stick)
    row(
        "next USB copy (photos already there)",
        time.perf_counter() - t,
        f"+{mb(on_disk(stick) - on_stick)}",
    )
    folder.close()

    other = store.open_data_folder(tmp / "新电脑", daily_backup=False)
    t = time.perf_counter()
    reopened, _ = store.restore(other, copy)
    row(
        "restore from the stick onto an empty folder",
        time.perf_counter() - t,
        mb(on_disk(reopened.path / "attachments")),
    )
    t = time.perf_counter()
    report = attachments.verify()
    row(f"verify (check): {report.attachments} rows, {report.files} files", time.perf_counter() - t)
    assert report.ok and report.files == PHOTOS + PHONE_PHOTOS, report
    reopened.close()
    return [*lines, "", *lines_after]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lines = run(Path(tmp))
    text = "\n".join(
        ["# Attachments: 200 photos, 30 daily backups, USB copy, restore", "", *lines, ""]
    )
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
