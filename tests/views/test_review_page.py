"""The 校长审阅 page: the month's charts and summary once counted, the principal's signature (a
clerk is refused), and the review saved as an A4 PDF with its charts, read back with pypdf."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kongchuo_desktop.services import access, report_filing
from kongchuo_desktop.views.printing import write_pdf
from kongchuo_desktop.views.review_charts import ChartWidget, series_colors
from kongchuo_desktop.views.review_page import ReviewPage
from tests import month_school
from tests.views.test_printouts import fold

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def page(qtbot, folder, actor, monkeypatch):
    monkeypatch.setattr(ReviewPage, "clock", staticmethod(lambda: TODAY))
    kids = month_school.build(actor)
    month_school.add_people(actor, kids)
    p = ReviewPage(folder)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=20000):
        p.refresh()
    return p


def test_the_month_after_its_cut_off_is_reviewed_with_six_charts(page):
    assert page.month.currentText() == "2026年11月"
    names = sorted(w.objectName() for w in page.findChildren(ChartWidget))
    assert names == [
        "chart_absences",
        "chart_at_risk",
        "chart_attendance",
        "chart_cases",
        "chart_coverage",
        "chart_home_teaching",
    ]
    assert "全校出勤率75.0%" in page.summary.text()
    assert "新增疑似辍学1人，比上月少1人" in page.summary.text()


def test_the_month_reviewed_is_drawn_in_the_strongest_colour(page):
    chart = page.findChild(ChartWidget, "chart_attendance")
    image = chart.grab().toImage()
    strongest = series_colors(chart.chart)[-1].name()
    found = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).name() == strongest
    )
    assert found > 50  # its legend swatch and its dots (全校 and 七年级1班)


def test_the_principal_signs_from_the_review(page, qtbot, messages):
    page.signer.setText("李校长")
    with access.acting_as(access.Actor("李校长", frozenset({"校长"}))):
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert not messages
    assert report_filing.pending("2026-11").signed_by == "李校长"
    assert "第1版已由李校长于2026-11-24签字" in page.state.text()


def test_a_clerk_clicking_sign_is_told_only_a_principal_can(page, qtbot, messages):
    page.signer.setText("王教务")
    with access.acting_as(access.Actor("王教务", frozenset({"教务员"}))):
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    _kind, title, text = messages[-1]
    assert title == "校长签字" and "月报签字" in text and "校长" in text
    assert report_filing.pending("2026-11") is None
    assert "尚未签字" in page.state.text()


def test_the_review_saves_as_an_a4_pdf_with_its_charts_and_signature(page, tmp_path):
    page.signer.setText("李校长")
    page.sign()
    path, pages = write_pdf(page.document(), tmp_path / "审阅.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) == pages >= 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = "".join(fold(p.extract_text()) for p in reader.pages)
    assert "2026年11月控辍保学工作校长审阅" in text
    assert "全校出勤率75.0%" in text and "逐月数字" in text
    assert "校长签字:李校长日期:2026年11月24日" in text  # NFKC: the colon is folded
    assert "月报状态未上报未上报李校长已签字" in text
    images = sum(len(p.images) for p in reader.pages)
    assert images >= 6  # the charts (one cut by a page break shows on both pages)
