"""The printed pages laid out (services.printouts gathers what they show): the class list (花名册),
the blank weekly 点名表, a student's 档案 and the leave form (请假条), each a PrintDocument for
views.printing — its preview, its printer, its PDF.

Each `…_document` function only turns rows into HTML sections; tests write them as PDFs offscreen.
`show` opens Qt's print preview (打印, 导出PDF…) or saves a PDF straight away.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.services.export_record import full_ids
from kongchuo_desktop.services.printouts import (
    ClassList,
    LeaveForm,
    RecordLine,
    StudentRecord,
    WeeklyRegister,
)
from kongchuo_desktop.views.printing import (
    CellStyle,
    PrintDocument,
    PrintSection,
    cell_html,
    header_style,
    preview,
    save_pdf_as,
)

CLASS_LIST_TITLE = "学生花名册"
REGISTER_TITLE = "学生点名表"
RECORD_TITLE = "学生档案"
LEAVE_TITLE = "学生请假条"
# What a class head writes in a 点名表 box (the head-count's reasons, 方案18/21).
REGISTER_MARKS = "√ 到　病 病假　事 事假　旷 旷课　迟 迟到　早 早退"
NO_SCHOOL = CellStyle(background=QColor("#e6e6e6"))
SPACE = "\u3000"  # a full-width space between the parts of a heading


def show(parent: QWidget | None, document: PrintDocument, name: str, pdf: bool = False) -> None:
    """Qt's print preview of `document` (it prints, and 导出PDF… is in its tool bar); with `pdf`,
    straight to the save dialog instead."""
    if pdf:
        save_pdf_as(parent, document, name)
    else:
        preview(parent, document, name)


# ---- HTML pieces --------------------------------------------------------------------------------


def _table(head: Sequence[str], rows: Iterable[str], padding: float = 3, side: float = 4) -> str:
    """A ruled table: `head` are the <tr>s of its repeated header, `rows` the body's; `padding`
    above and below a cell's text and `side` left and right (CSS pixels)."""
    cells = f"{''.join(head)}</thead><tbody>{''.join(rows)}"
    inner = f'style="padding-left: {side:g}px; padding-right: {side:g}px;" '
    cells = cells.replace("<td ", f"<td {inner}").replace("<th ", f"<th {inner}")
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{padding:g}" border="1" '
        'style="border-collapse: collapse; border-color: gray;">'
        f"<thead>{cells}</tbody></table>"
    )


def _row(cells: Iterable[str]) -> str:
    return f"<tr>{''.join(cells)}</tr>"


def _header(labels: Sequence[str], widths: Sequence[str]) -> str:
    style = header_style()
    return _row(
        cell_html("th", text, style, width=w) for text, w in zip(labels, widths, strict=True)
    )


def _gap(points: float) -> str:
    """An empty line `points` high."""
    return f'<p style="font-size: {points:g}pt; margin: 0;">&nbsp;</p>'


def _part(title: str) -> str:
    """A part's title, a little apart from the table above it (a small empty line: a table
    followed by a paragraph does not always keep the paragraph's top margin)."""
    return f'{_gap(5)}<p style="margin-top: 0; margin-bottom: 4px;"><b>{html.escape(title)}</b></p>'


def _signatures(labels: Sequence[str], before: str = "", space: float = 14) -> str:
    """Lines to sign on, after `before` on the same line: “班主任签字：＿＿＿＿＿＿　日期：＿＿＿＿”,
    `space` points below what is above."""
    blank = "＿" * 8
    parts = [html.escape(before)] if before else []
    parts += [f"{html.escape(label)}：{blank}" for label in labels]
    # pre-wrap: HTML would fold the full-width spaces between the parts into one.
    line = f'<p style="margin: 0; white-space: pre-wrap;">{(SPACE * 2).join(parts)}</p>'
    return _gap(space) + line


def _nothing(text: str) -> str:
    """In place of an empty table: “无。”"""
    return f'<p style="margin-left: 12px;">{html.escape(text)}</p>'


def _fields(pairs: Sequence[tuple[str, str]], per_row: int = 2, wide: Collection[str] = ()) -> str:
    """Label–value pairs, `per_row` pairs to a ruled row, labels shaded like a header; a pair
    whose label is in `wide` (an address, a reason) has a row of its own."""
    head = header_style()
    label_width = "18%"
    value_width = f"{(100 - 18 * per_row) // per_row}%"
    rows: list[str] = []
    waiting: list[str] = []

    def close_row() -> None:
        if waiting:
            missing = per_row - len(waiting) // 2
            waiting.extend([cell_html("td", "", head), cell_html("td", "")] * missing)
            rows.append(_row(waiting))
            waiting.clear()

    for label, value in pairs:
        if label in wide:
            close_row()
            span = 2 * per_row - 1
            rows.append(_row([cell_html("td", label, head), cell_html("td", value, colspan=span)]))
            continue
        waiting += [
            cell_html("td", label, head, width=label_width),
            cell_html("td", value, width=value_width),
        ]
        if len(waiting) == 2 * per_row:
            close_row()
    close_row()
    return _table([], rows, padding=4)


# ---- 花名册 -------------------------------------------------------------------------------------

CLASS_LIST_HEADER = ("序号", "姓名", "性别", "出生日期", "学籍号", "身份证件号", "备注")
CLASS_LIST_WIDTHS = ("6%", "12%", "6%", "13%", "26%", "25%", "12%")
# A class of 45 on one page: smaller type, narrower margins and padding than a report's.
LIST_PT = 9.0
LIST_MARGIN_MM = 12.0
LIST_PADDING = 0.5
# A 点名表 of 45 and its 实到 row on one page: a little smaller still.
REGISTER_PT = 8.5
REGISTER_MARGIN_MM = 10.0


def class_list_document(school: str, lists: Sequence[ClassList]) -> PrintDocument:
    """One section per class: its title names the class, its heading the year, the 班主任 and
    how many students; the table's header repeats on a class's second page."""
    sections = []
    full = full_ids()  # ID numbers in full only for accounts allowed to export them
    for c in lists:
        rows = [
            _row(
                [
                    cell_html("td", str(n), align="center"),
                    cell_html("td", s.name),
                    cell_html("td", s.sex, align="center"),
                    cell_html("td", s.birth_date, align="center"),
                    cell_html(
                        "td", s.student_number if full else mask_ids_in_text(s.student_number)
                    ),
                    cell_html("td", s.id_number if full else mask_id(s.id_number)),
                    cell_html("td", s.note),
                ]
            )
            for n, s in enumerate(c.students, start=1)
        ]
        body = _table([_header(CLASS_LIST_HEADER, CLASS_LIST_WIDTHS)], rows, LIST_PADDING)
        if not c.students:
            body += _nothing("本班没有学生。")
        head = f"班主任：{c.head_teacher}" if c.head_teacher else "班主任：（未设置）"
        heading = SPACE.join([f"{c.school_year}学年", head, f"共 {len(c.students)} 人"])
        sections.append(PrintSection(body, f"{c.class_name}{CLASS_LIST_TITLE}", heading))
    name = lists[0].class_name if len(lists) == 1 else "全部班级"
    return PrintDocument(
        school,
        CLASS_LIST_TITLE,
        sections,
        body_pt=LIST_PT,
        margin_mm=LIST_MARGIN_MM,
        name=f"{CLASS_LIST_TITLE} {name}",
        children=sum(len(c.students) for c in lists),
    )


# ---- 点名表 -------------------------------------------------------------------------------------


def register_document(school: str, register: WeeklyRegister) -> PrintDocument:
    """One section per class: students in rows, the week's days in columns with a 上午 and a
    下午 box each (a day without school shaded, with why), a 实到 row, the marks to use and a
    line for the 班主任 to sign."""
    days = register.days
    box = f"{82 / (2 * len(days)):.1f}%"
    head_style = header_style()
    top = [
        cell_html("th", "序号", head_style, "center", width="5%", rowspan=2),
        cell_html("th", "姓名", head_style, width="13%", rowspan=2),
    ]
    for d in days:
        top.append(cell_html("th", d.label, head_style, align="center", colspan=2))
    halves = []
    for d in days:
        if d.school_day:
            halves += [
                cell_html("th", h, head_style, align="center", width=box) for h in ("上午", "下午")
            ]
        else:  # why there is no school, across both boxes: 国庆节, 寒暑假 …
            halves.append(cell_html("th", d.note, NO_SCHOOL, align="center", colspan=2))
    head = [_row(top), _row(halves)]

    def boxes(text: str = "") -> list[str]:
        out = []
        for d in days:
            style = None if d.school_day else NO_SCHOOL
            out += [cell_html("td", text, style, width=box) for _half in range(2)]
        return out

    sections = []
    for c in register.classes:
        rows = [
            _row([cell_html("td", str(n), align="center"), cell_html("td", name), *boxes()])
            for n, name in enumerate(c.students, start=1)
        ]
        rows.append(
            _row([cell_html("td", ""), cell_html("td", "实到人数", CellStyle(bold=True)), *boxes()])
        )
        body = _table(head, rows, LIST_PADDING)
        body += _signatures(["班主任签字", "日期"], before=f"填写：{REGISTER_MARKS}", space=3)
        teacher = c.head_teacher or "（未设置）"
        heading = SPACE.join([register.period, f"班主任：{teacher}", f"应到 {len(c.students)} 人"])
        sections.append(PrintSection(body, f"{c.class_name}{REGISTER_TITLE}", heading))
    name = register.classes[0].class_name if len(register.classes) == 1 else "全部班级"
    first = register.days[0].date
    return PrintDocument(
        school,
        REGISTER_TITLE,
        sections,
        body_pt=REGISTER_PT,
        margin_mm=REGISTER_MARGIN_MM,
        name=f"{REGISTER_TITLE} {name} {first:%Y-%m-%d}起",
        children=sum(len(c.students) for c in register.classes),
    )


# ---- 学生档案 -----------------------------------------------------------------------------------


def _lines_table(lines: Sequence[RecordLine]) -> str:
    rows = []
    for line in lines:
        text = html.escape(line.text)
        if line.withdrawn:
            text = f"<s>{text}</s>"
        rows.append(
            _row(
                [
                    cell_html("td", f"{line.date:%Y-%m-%d}", align="center"),
                    cell_html("td", line.kind),
                    f'<td valign="middle">{text}</td>',  # struck through when withdrawn
                    cell_html("td", line.detail),
                ]
            )
        )
    head = _header(("日期", "类别", "事项", "详细"), ("14%", "12%", "38%", "36%"))
    return _table([head], rows)


def student_record_document(school: str, record: StudentRecord) -> PrintDocument:
    fields = record.fields
    if not full_ids():  # printed or saved as PDF: ID numbers in full only for those allowed
        fields = tuple(
            (label, mask_ids_in_text(value) if label in ("身份证件号", "学籍号") else value)
            for label, value in fields
        )
    parts = [_part("一、学籍信息"), _fields(fields, wide=("现住址", "备注"))]
    parts.append(_part("二、家庭成员与监护人"))
    if record.guardians:
        rows = [
            _row(
                [
                    cell_html("td", g.name),
                    cell_html("td", g.relation),
                    cell_html("td", g.phone),
                    cell_html("td", "是" if g.is_guardian else "否", align="center"),
                    cell_html("td", "是" if g.works_away else "否", align="center"),
                ]
            )
            for g in record.guardians
        ]
        head = _header(
            ("姓名", "关系", "联系电话", "监护人", "外出务工"), ("24%", "16%", "30%", "15%", "15%")
        )
        parts.append(_table([head], rows))
    else:
        parts.append(_nothing("未登记家庭成员。"))
    parts.append(_part("三、重点/易辍学生标记"))
    if record.flags:
        rows = [
            _row(
                [
                    cell_html("td", f.flag),
                    cell_html("td", f.note),
                    cell_html("td", str(f.since or ""), align="center"),
                ]
            )
            for f in record.flags
        ]
        parts.append(_table([_header(("类别", "说明", "标记日期"), ("24%", "56%", "20%"))], rows))
    else:
        parts.append(_nothing("无。"))
    parts.append(_part("四、学籍与班级变动"))
    parts.append(_lines_table(record.history) if record.history else _nothing("无。"))
    parts.append(_part(f"五、缺勤与请假（{record.attendance_since:%Y-%m-%d} 以来）"))
    parts.append(
        _lines_table(record.attendance) if record.attendance else _nothing("无缺勤、请假记录。")
    )
    parts.append(_signatures(["经办人签字", "日期"]))
    heading = SPACE.join(x for x in (record.name, record.class_name, record.status) if x)
    return PrintDocument(
        school,
        RECORD_TITLE,
        [PrintSection("".join(parts), heading=heading)],
        name=f"{RECORD_TITLE} {record.name}",
        children=1,
    )


# ---- 请假条 -------------------------------------------------------------------------------------


def _when(day, half: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日{half}"


def leave_form_document(school: str, form: LeaveForm) -> PrintDocument:
    """The 请假条 of one request: who, when, why, who asked; a line per approver the rules
    require (what was recorded, and room to sign), 销假, and the family's signature."""
    period = f"{_when(form.start, form.start_half)} 至 {_when(form.end, form.end_half)}"
    pairs = [
        ("学生姓名", form.student_name),
        ("性别", form.sex),
        ("班级", form.class_name),
        ("班主任", form.head_teacher),
        ("请假种类", form.kind),
        ("请假天数", f"{form.days:g} 个上学日"),
        ("申请人", form.requested_by),
        ("登记日期", f"{form.recorded_on:%Y-%m-%d}"),
        ("请假时间", period),
        ("请假原因", form.reason),
    ]
    parts = [_fields(pairs, wide=("请假时间", "请假原因"))]
    parts.append(_part("审批"))
    rows = []
    for d in form.decisions:
        if d.rejected:
            said = f"不同意（{d.rejected}）"
        elif d.by:
            said = "同意"
        else:
            said = ""
        recorded = f"{d.by} {d.at}".strip()
        rows.append(
            _row(
                [
                    cell_html("td", d.role),
                    cell_html("td", said),
                    cell_html("td", recorded),
                    cell_html("td", ""),
                ]
            )
        )
    head = _header(("审批", "意见", "系统登记", "签字"), ("14%", "22%", "36%", "28%"))
    parts.append(_table([head], rows, padding=8))
    parts.append(_part("销假"))
    back = f"{form.returned_on:%Y-%m-%d}" if form.returned_on else ""
    parts.append(_fields([("返校日期", back), ("班主任签字", "")], per_row=2))
    parts.append(_signatures(["家长签字", "学生签字", "日期"]))
    heading = SPACE.join([f"编号：{form.number:05d}", f"状态：{form.state}"])
    return PrintDocument(
        school,
        LEAVE_TITLE,
        [PrintSection("".join(parts), heading=heading)],
        name=f"{LEAVE_TITLE} {form.student_name} {form.start:%Y-%m-%d}",
        children=1,
    )
