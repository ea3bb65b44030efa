"""首页's note on people: classes left without a 班主任 by a teacher's 离校 (gaps to fix), and the
转出 procedures 办理中 (who, and the next step)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kongchuo_desktop.services.teachers import head_gaps
from kongchuo_desktop.services.transfer_procedure import in_progress


def people_note_text() -> str:
    lines = []
    gaps = head_gaps()
    if gaps:
        lines.append(f"待设置班主任（{len(gaps)}个班）：" + "；".join(g.text for g in gaps))
    transfers = in_progress()
    if transfers:
        lines.append(
            f"转出办理中（{len(transfers)}人）："
            + "；".join(
                f"{p.student_name}（{p.class_name}，下一步：{p.next_step}）" for p in transfers
            )
        )
    return "\n".join(lines)


class PeopleNote(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="home_people_note", wordWrap=True)
        self.setProperty("tone", "warn")
        self.setVisible(False)

    def refresh(self) -> None:
        text = people_note_text()
        self.setText(text)
        self.setVisible(bool(text))
