"""Draw every icon of kongchuo_desktop/icons.py, in each colour role, to PNGs for the exe.

    python installer/render_ui_icons.py OUT_DIR

The spec runs this at build time and bundles OUT_DIR as resources/icons/ui, so the exe shows its
first window without loading qtawesome. Icons that are missing or in another colour still come
from qtawesome at run time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: Path) -> int:
    import qtawesome as qta
    from PySide6.QtGui import QGuiApplication

    from kongchuo_desktop.icons import COLORS, ICON_IDS, PRERENDERED_SIZES, prerendered_file

    _app = QGuiApplication([])
    out.mkdir(parents=True, exist_ok=True)
    for role, color in COLORS.items():
        for name, qta_id in ICON_IDS.items():
            drawn = qta.icon(qta_id, color=color)
            for size in PRERENDERED_SIZES:
                target = out / prerendered_file(name, size, role).name
                if not drawn.pixmap(size, size).save(str(target)):
                    raise SystemExit(f"could not write {target.name}")
    n = len(ICON_IDS) * len(COLORS)
    print(f"{n} icons x {len(PRERENDERED_SIZES)} sizes -> {out}")  # ASCII: cp1252 pipes
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
