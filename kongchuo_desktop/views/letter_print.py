"""The 责任书 as printed, one per teacher on A4: the school binds the teacher to the children named
(包保, and those helped 一帮一), lists the duties, and leaves signature lines for the teacher and
the principal. Printed through views.printing like every table."""

from __future__ import annotations

import html

from kongchuo_desktop.services.sanbao_rows import LetterData
from kongchuo_desktop.views.printing import PrintTable

TITLE = "控辍保学包保责任书"
HEADER = ("序号", "班级", "学生", "责任", "家长电话", "一帮一帮扶")


def letter_table(data: LetterData) -> PrintTable:
    e = html.escape
    listed = [("包保", r) for r in data.students] + [("帮扶", r) for r in data.helped]
    rows = [
        (str(n), r.class_name, r.name, kind, r.guardian_phone, _others(r.helpers, data.teacher))
        for n, (kind, r) in enumerate(listed, start=1)
    ]
    before = (
        f"<p>为落实“校长包全校、班主任包班级、教师包学生”的控辍保学责任制，经学校研究，"
        f"确定 <b>{e(data.teacher)}</b> 为下列 {len(rows)} 名学生的包保（帮扶）责任人，"
        f"责任期为{e(data.school_year)}学年。</p><p><b>一、包保学生</b></p>"
    )
    duties = "".join(f"<p>{n}. {e(text)}</p>" for n, text in enumerate(data.duties, start=1))
    principal = e(data.principal) if data.principal else "　　　　"
    after = (
        f"<p><b>二、包保责任</b></p>{duties}"
        "<p>本责任书一式两份，学校和包保教师各执一份。</p><br/>"
        '<table width="100%" cellpadding="6"><tr>'
        f"<td>包保教师（签字）：______________</td><td>校长（签字）：______________</td></tr>"
        f"<tr><td>　　　　　　　　　{e(data.teacher)}</td><td>　　　　　　　{principal}</td></tr>"
        "<tr><td>日期：______年____月____日</td><td>日期：______年____月____日</td></tr>"
        "</table>"
    )
    phone = f"（{data.phone}）" if data.phone else ""
    return PrintTable(
        school=data.school,
        title=TITLE,
        subtitle=f"{data.school_year}学年　包保教师：{data.teacher}{phone}",
        header=HEADER,
        rows=rows,
        before_html=before,
        after_html=after,
    )


def _others(helpers: str, teacher: str) -> str:
    """The other helpers of a child (the teacher the letter binds is not listed twice)."""
    return "、".join(h for h in helpers.split("、") if h and h != teacher)
