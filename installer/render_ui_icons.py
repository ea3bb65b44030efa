"""Draw every icon of kongchuo_desktop/icons.py, in each colour role and size, into one zip.

    python installer/render_ui_icons.py OUT.zip

The spec runs this at build time and bundles OUT.zip as resources/icons/ui-icons.zip: the exe then
needs neither qtawesome nor its fonts, and unpacks one file instead of 250 at each start.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: Path) -> int:
    import qtawesome as qta
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication

    from kongchuo_desktop.icons import COLORS, ICON_IDS, PRERENDERED_SIZES, bundle_entry

    _app = QGuiApplication([])
    out.parent.mkdir(parents=True, exist_ok=True)
    # PNG is compressed already: store, so reading at start-up is a plain copy.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for role, color in COLORS.items():
            for name, qta_id in ICON_IDS.items():
                drawn = qta.icon(qta_id, color=color)
                for size in PRERENDERED_SIZES:
                    data = QByteArray()
                    buffer = QBuffer(data)
                    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                    if not drawn.pixmap(size, size).save(buffer, "PNG"):
                        raise SystemExit(f"could not draw {name} {size}")
                    zf.writestr(bundle_entry(name, role, size), bytes(data))
    n = len(ICON_IDS) * len(COLORS)
    print(f"{n} icons x {len(PRERENDERED_SIZES)} sizes -> {out}")  # ASCII: cp1252 pipes
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
