"""The principal's review shaped from each month's facts: the scales a chart is drawn on, the
charts' categories and series, and the sentences comparing the month with the one before."""

from kongchuo_desktop.domain import month_review as mr


def month(label, **kw) -> mr.MonthFacts:
    base = dict(
        key=f"2026-{label:02d}",
        label=f"{label}月",
        class_rates={"一年级1班": 99.0, "九年级2班": 96.5},
        school_rate=98.5,
        absences={"病假": 10.0, "旷课": 2.0},
        open_cases=1,
        overdue_steps=0,
        new_at_risk=0,
        new_suspected=0,
        on_roll=100,
        covered=95,
        home_teaching=2,
        home_teaching_on_plan=2,
    )
    base.update(kw)
    return mr.MonthFacts(**base)


def test_a_rate_is_drawn_near_its_values_and_never_above_100_percent():
    low, high, ticks = mr.scale([98.9, 99.5, 99.7], from_zero=False, top=100.0)
    assert 95 <= low < 98.9 and 99.7 < high <= 100.0
    assert ticks[0] == low and ticks[-1] == high
    low, high, ticks = mr.scale([11.1, 11.1, 0.0], from_zero=False, top=100.0)
    assert low == 0.0 and high >= 11.1  # never below 0 %


def test_counts_are_drawn_from_zero_in_whole_steps_with_room_for_the_numbers():
    low, high, ticks = mr.scale([0, 2, 2], from_zero=True)
    assert low == 0 and high > 2
    assert all(float(t).is_integer() for t in ticks)


def test_attendance_puts_the_school_first_then_the_classes_of_the_month_reviewed():
    months = [month(10, class_rates={"一年级1班": 98.0}), month(11)]
    chart = mr.attendance_chart(months)
    assert chart.categories == ("全校", "一年级1班", "九年级2班")
    assert [s.name for s in chart.series] == ["10月", "11月"]
    assert chart.series[0].values == (98.5, 98.0, None)  # 九年级2班 not counted in October
    assert chart.months_as_series and chart.unit == "%"


def test_absences_list_each_reason_once_most_days_first():
    chart = mr.absence_chart([month(10, absences={"事假": 3.0}), month(11)])
    assert chart.categories == ("事假", "病假", "旷课")
    assert chart.series[1].values == (0, 10.0, 2.0)


def test_the_summary_says_how_the_month_moved_against_the_month_before():
    lines = mr.summary([month(10, school_rate=99.0, open_cases=3), month(11)])
    assert lines[0] == "全校出勤率98.5%，比上月低0.5个百分点；最低的是九年级2班（96.5%）。"
    assert "在办劝返个案1人，比上月少2人" in lines[2]
    assert "三包覆盖率95.0%（95/100），与上月持平。" in lines


def test_a_month_without_head_counts_says_so_rather_than_a_rate():
    review = mr.review("2026-09", "2026年9月", [month(9, school_rate=None, class_rates={})])
    assert review.lines[0] == "统计期内没有点名记录，出勤率无法计算。"
    assert review.table_rows[0] == ("全校出勤率", "—")
    assert len(review.charts) == 6
