"""The principal's review on A4 (printed, or saved as a PDF through views/printing.py): the summary,
the six charts (drawn by views/review_charts.py, as images in the page), the figures month by
month as a table, and the signature line — filled in when the principal has signed in the app,
blank for a pen otherwise."""

from __future__ import annotations

import datetime as dt
import html

from kongchuo_desktop.domain.month_review import Review
from kongchuo_desktop.views.printing import PrintDocument, PrintSection, PrintTable, table_html
from kongchuo_desktop.views.review_charts import chart_img_html

# Chart sizes in CSS pixels (1/96 inch): the page body of A4 portrait is about 680 wide.
WIDE = (660, 250)
HALF = (325, 210)


def review_title(review: Review) -> str:
    return f"{review.title}控辍保学工作校长审阅"


def review_document(
    review: Review,
    school: str,
    signed_by: str = "",
    signed_on: dt.date | None = None,
    printed_on: dt.date | None = None,
) -> PrintDocument:
    first, *rest = review.charts
    out = ["<p><b>本月概况</b></p><ul>"]
    out += [f"<li>{html.escape(line)}</li>" for line in review.lines]
    out.append("</ul>")
    out.append(f'<p align="center">{chart_img_html(first, *WIDE)}</p>')
    out.append(f"<p><small>{html.escape(first.note)}</small></p>")
    out.append('<table width="100%" cellspacing="0" cellpadding="2" border="0">')
    for i in range(0, len(rest), 2):
        pair = rest[i : i + 2]
        out.append("<tr>")
        for chart in pair:
            out.append(
                f'<td width="50%" valign="top">{chart_img_html(chart, *HALF)}'
                f"<br><small>{html.escape(chart.note)}</small></td>"
            )
        out.append("</tr>")
    out.append("</table>")
    table = PrintTable(
        school,
        "",
        "",
        review.table_header,
        review.table_rows,
        right_aligned=frozenset(range(1, len(review.table_header))),
    )
    out.append("<p><b>逐月数字</b></p>")
    out.append(table_html(table))
    when = f"{signed_on:%Y年%m月%d日}" if signed_on else "______年____月____日"
    who = html.escape(signed_by) if signed_by else "________________"
    out.append(
        "<p><br>校长审阅意见：__________________________________________________</p>"
        f"<p>校长签字：{who}　　　　日期：{when}</p>"
    )
    months = "、".join(m.label for m in review.months)
    return PrintDocument(
        school,
        review_title(review),
        [PrintSection("".join(out), heading=f"对比月份：{months}（各月截止日的数字）")],
        printed_on=printed_on,
        name=review_title(review),
    )
