"""Draw the app icon (a shield with 学) into resources/icons/app.png and app.ico.

Run once by hand when the design changes; the outputs are committed so builds need no font.
`python installer/make_app_icon.py` (needs a CJK font, e.g. Noto Sans CJK, for the glyph).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    # Shield: flat top with rounded corners, curving to a point at the bottom.
    shield = QPainterPath()
    shield.moveTo(QPointF(128, 8))
    shield.cubicTo(QPointF(170, 28), QPointF(206, 32), QPointF(236, 30))
    shield.cubicTo(QPointF(240, 130), QPointF(214, 205), QPointF(128, 250))
    shield.cubicTo(QPointF(42, 205), QPointF(16, 130), QPointF(20, 30))
    shield.cubicTo(QPointF(50, 32), QPointF(86, 28), QPointF(128, 8))
    p.fillPath(shield, QColor("#1f5fa8"))
    # A gold rim: the same outline, shrunk about the centre.
    p.translate(128, 128)
    p.scale(0.86, 0.86)
    p.translate(-128, -128)
    p.setPen(QPen(QColor("#f2c14e"), 10))
    p.drawPath(shield)
    p.resetTransform()
    p.scale(size / 256, size / 256)
    font = QFont(["Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei"])
    font.setPixelSize(132)
    font.setWeight(QFont.Weight.Black)
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(QRectF(0, 22, 256, 200), Qt.AlignmentFlag.AlignCenter, "学")
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def write_ico(path: Path, images: list[bytes], sizes: list[int]) -> None:
    """An .ico whose entries are PNGs (Windows Vista and later read these at every size)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    path.write_bytes(header + entries + blobs)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(ICONS / "app.png"))
    write_ico(ICONS / "app.ico", [png_bytes(draw(s)) for s in ICO_SIZES], ICO_SIZES)
    print(f"wrote {ICONS / 'app.png'} and {ICONS / 'app.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
