"""花名册's count line: how many are listed and how many of them are 在册, the number 首页 shows
as 在册学生, so the two never seem to disagree."""

from __future__ import annotations

from kongchuo_desktop.domain.student_status import ON_ROLL, on_roll_explained

_ON_ROLL = {s.value for s in ON_ROLL}

ROSTER_COUNT_TIP = (
    "共：按上方条件列出的学生，含休学、转出、毕业等各种学籍状态。\n"
    + on_roll_explained()
    + "\n首页的“在册学生”是全校的在册人数。"
)


def roster_count_text(listed, everyone) -> str:
    """ "共 N 人（在册 M 人）", and the whole list's figures when a filter hides some."""
    on_roll = sum(1 for r in listed if r.status in _ON_ROLL)
    text = f"共 {len(listed)} 人（在册 {on_roll} 人）"
    if len(listed) != len(everyone):
        all_on_roll = sum(1 for r in everyone if r.status in _ON_ROLL)
        text += f"；全部 {len(everyone)} 人，在册 {all_on_roll} 人"
    return text
