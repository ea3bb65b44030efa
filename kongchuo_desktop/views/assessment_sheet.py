"""One teacher's 考核 sheet (A4), to hand to that teacher: the totals, then every entry with its
rule, effect and explanation (the child's name, the case or visit it came from)."""

from __future__ import annotations

import html

from kongchuo_desktop.services.assessment_report import Report
from kongchuo_desktop.views.printing import PrintDocument, PrintSection


def teacher_sheet(report: Report, teacher_id: int, school: str) -> PrintDocument:
    total = next(t for t in report.teachers if t.teacher_id == teacher_id)
    state = f"{report.locked_on:%Y年%m月%d日}锁定" if report.locked_on else "未锁定，数字可能变化"
    lines = [
        f"<p><b>{html.escape(total.name)}</b>　{report.period.label}（{state}）</p>",
        f"<p>合计：{total.points:+g}分；绩效{total.amount:+g}元；"
        f"{'一票否决（本学年不得评优评先）' if total.veto else '无一票否决'}"
        f"{'；建议评为控辍保学先进班主任' if total.proposed else ''}</p>",
        '<table border="1" cellspacing="0" cellpadding="4" width="100%">',
        '<thead><tr><th width="13%">日期</th><th width="17%">规则</th>'
        '<th width="15%">效果</th><th width="41%">说明</th><th width="14%">来源</th></tr>'
        "</thead>",
    ]
    for e in report.of_teacher(teacher_id):
        cells = (f"{e.date:%Y-%m-%d}", e.rule_label, e.effect, e.text, e.source)
        lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    lines.append("</table>")
    lines.append(
        "<p>如对某一条有异议，请凭“来源”一栏的记录编号到教务处查阅原始记录。</p>"
        "<p>教师签字：__________　　校长签字：__________</p>"
    )
    return PrintDocument(
        school,
        "教师考核表",
        [PrintSection("".join(lines), heading=f"{total.name}　{report.period.label}")],
        name=f"教师考核表 {total.name} {report.period.key}",
    )
