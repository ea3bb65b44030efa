"""The principal's review (校长审阅): a report month against the months before it, shaped into
charts and a few sentences. Plain Python: the figures come from services/month_review.py (counted
from the event record and the month report's own counting), the drawing is views/review_charts.py.

A chart is data only: its categories (the x axis), its series (one value per category, None where
nothing was counted), its unit and the scale it is drawn on. Rates are drawn on a scale that
starts near the lowest value (dots and lines, never bars, so a short bar cannot mislead); counts
are drawn as bars from zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

BAR, LINE, DOTS = "bar", "line", "dots"
MONTHS_SHOWN = 6  # the month and at most five before it, within its school year


@dataclass(frozen=True)
class MonthFacts:
    """One report month as the review compares it (as of the month's cut-off day)."""

    key: str  # 2026-11
    label: str  # 11月
    class_rates: dict[str, float]  # 出勤率 by class, in the school's class order
    school_rate: float | None  # 出勤率 of the school (the month report's 合计)
    absences: dict[str, float]  # 缺勤人日 by reason (病假, 事假, 旷课 …)
    open_cases: int  # children with a 劝返 case open on the cut-off day
    overdue_steps: int  # 缺勤上报 steps due before the cut-off day and not done by it
    new_at_risk: int  # children newly marked 重点学生 in the period
    new_suspected: int  # 本月新增疑似辍学
    on_roll: int  # children on the roll on the cut-off day (in a class)
    covered: int  # of them, with a 包保 teacher that day
    home_teaching: int  # 送教上门 children on the cut-off day
    home_teaching_on_plan: int  # of them, with the month's planned visits made
    filed: str = ""  # 已上报第2版 / 已签字 / ""

    @property
    def coverage(self) -> float | None:
        return round(self.covered * 100 / self.on_roll, 1) if self.on_roll else None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    key: str  # an English name (objectName of its widget)
    title: str
    kind: str  # BAR, LINE or DOTS
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # "%", "人", "人日"
    low: float
    high: float
    ticks: tuple[float, ...]
    note: str = ""  # one line under the chart: what is counted
    months_as_series: bool = False  # each series is a month (drawn as shades, latest strongest)

    def value_text(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.unit == "%":
            return f"{value:.1f}%"
        return f"{value:g}"


@dataclass(frozen=True)
class Review:
    key: str
    title: str  # 2026年11月
    months: tuple[MonthFacts, ...]  # oldest first; the last is the month reviewed
    charts: tuple[Chart, ...]
    lines: tuple[str, ...]  # the summary, one sentence each
    table_header: tuple[str, ...] = ()
    table_rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def scale(values: Sequence[float | None], *, from_zero: bool, top: float | None = None):
    """(low, high, ticks) for `values`: from zero for counts; for rates a window around them
    (a tenth of a point at least), never above `top` (100 for a percentage)."""
    known = [v for v in values if v is not None]
    if not known:
        return 0.0, (top or 1.0), (0.0, top or 1.0)
    lo, hi = min(known), max(known)
    if from_zero:
        lo = 0.0
        hi = max(hi * 1.15, 1.0)  # room above the tallest bar for its number
    else:
        pad = max((hi - lo) * 0.15, 0.5)
        lo, hi = lo - pad, hi + pad
        if top is not None:  # a percentage: within 0 … 100
            hi = min(hi, top)
            lo = max(min(lo, top - 1), 0.0)
    step = _nice_step(hi - lo, 5)
    if from_zero:
        step = max(step, 1.0)  # counts: whole ticks
    low = (
        max(math.floor(lo / step) * step, 0.0) if top is not None else math.floor(lo / step) * step
    )
    high = math.ceil(hi / step) * step
    if top is not None:
        high = min(high, top)
    if high <= low:
        high = low + step
    ticks = []
    t = low
    while t <= high + step / 1000:
        ticks.append(round(t, 6))
        t += step
    return float(low), float(high), tuple(ticks)


def _series_chart(
    key, title, kind, categories, series, unit, note="", top=None, by_month=False
) -> Chart:
    every = [v for s in series for v in s.values]
    low, high, ticks = scale(every, from_zero=kind == BAR, top=top)
    return Chart(
        key, title, kind, tuple(categories), tuple(series), unit, low, high, ticks, note, by_month
    )


def attendance_chart(months: Sequence[MonthFacts]) -> Chart:
    """出勤率 by class, one dot per month (the month reviewed last and strongest), 全校 first."""
    classes: list[str] = []
    for m in reversed(months):  # the latest month's classes first, in its order
        classes += [c for c in m.class_rates if c not in classes]
    categories = ["全校", *classes]
    series = [
        Series(m.label, (m.school_rate, *(m.class_rates.get(c) for c in classes))) for m in months
    ]
    return _series_chart(
        "attendance",
        "出勤率（按班级）",
        DOTS,
        categories,
        series,
        "%",
        "每个点是一个月的出勤率（Σ实到÷Σ应到，口径同月报），颜色最深的是本月。",
        top=100.0,
        by_month=True,
    )


def absence_chart(months: Sequence[MonthFacts]) -> Chart:
    reasons: list[str] = []
    for m in months:
        for reason, days in sorted(m.absences.items(), key=lambda kv: -kv[1]):
            if reason not in reasons and days:
                reasons.append(reason)
    series = [
        Series(m.label, tuple(round(m.absences.get(r, 0), 1) for r in reasons)) for m in months
    ]
    return _series_chart(
        "absences",
        "缺勤原因（人日）",
        BAR,
        reasons,
        series,
        "人日",
        "统计期内各上学日的缺勤人日，半天计0.5；迟到、早退不算缺勤。",
        by_month=True,
    )


def cases_chart(months: Sequence[MonthFacts]) -> Chart:
    labels = [m.label for m in months]
    return _series_chart(
        "cases",
        "在办劝返个案与逾期未办事项",
        BAR,
        labels,
        [
            Series("在办个案（人）", tuple(m.open_cases for m in months)),
            Series("逾期未办的缺勤上报", tuple(m.overdue_steps for m in months)),
        ],
        "人",
        "截止日仍未销号的劝返个案；到期日在截止日之前、截止日还没办的缺勤上报步骤。",
    )


def at_risk_chart(months: Sequence[MonthFacts]) -> Chart:
    labels = [m.label for m in months]
    return _series_chart(
        "at_risk",
        "新增重点学生与疑似辍学",
        BAR,
        labels,
        [
            Series("新标记重点学生", tuple(m.new_at_risk for m in months)),
            Series("新增疑似辍学", tuple(m.new_suspected for m in months)),
        ],
        "人",
        "统计期内新标记为重点学生（易辍）的人数，和月报的“本月新增疑似辍学”。",
    )


def coverage_chart(months: Sequence[MonthFacts]) -> Chart:
    return _series_chart(
        "coverage",
        "三包覆盖率",
        LINE,
        [m.label for m in months],
        [Series("有包保教师的在校生", tuple(m.coverage for m in months))],
        "%",
        "截止日在班在校生中，当天有包保教师的比例。",
        top=100.0,
    )


def home_teaching_chart(months: Sequence[MonthFacts]) -> Chart:
    return _series_chart(
        "home_teaching",
        "送教上门按计划完成",
        BAR,
        [m.label for m in months],
        [
            Series("送教上门学生", tuple(m.home_teaching for m in months)),
            Series("本月按计划完成", tuple(m.home_teaching_on_plan for m in months)),
        ],
        "人",
        "截止日为送教上门的学生，和其中当月送教次数达到计划（课时、教师人数合格）的人数。",
    )


def _change(now: float | None, before: float | None, unit: str) -> str:
    if now is None or before is None:
        return ""
    diff = round(now - before, 1)
    if diff == 0:
        return "，与上月持平"
    word = "高" if diff > 0 else "低"
    if unit == "%":
        return f"，比上月{word}{abs(diff):g}个百分点"
    return f"，比上月{'多' if diff > 0 else '少'}{abs(diff):g}{unit}"


def summary(months: Sequence[MonthFacts]) -> list[str]:
    """A few sentences on the month reviewed against the month before it."""
    now = months[-1]
    before = months[-2] if len(months) > 1 else None
    prev = (lambda f: f(before)) if before is not None else (lambda f: None)
    out = []
    if now.school_rate is not None:
        text = f"全校出勤率{now.school_rate:.1f}%"
        text += _change(now.school_rate, prev(lambda m: m.school_rate), "%")
        if now.class_rates:
            low = min(now.class_rates, key=now.class_rates.get)
            text += f"；最低的是{low}（{now.class_rates[low]:.1f}%）"
        out.append(text + "。")
    else:
        out.append("统计期内没有点名记录，出勤率无法计算。")
    missed = sum(now.absences.values())
    if missed:
        top = max(now.absences, key=now.absences.get)
        out.append(
            f"缺勤共{missed:g}人日"
            + _change(missed, prev(lambda m: sum(m.absences.values())), "人日")
            + f"；最多的原因是{top}（{now.absences[top]:g}人日）。"
        )
    out.append(
        f"截止日在办劝返个案{now.open_cases}人"
        + _change(now.open_cases, prev(lambda m: m.open_cases), "人")
        + f"；逾期未办的缺勤上报{now.overdue_steps}项。"
    )
    out.append(
        f"本月新标记重点学生{now.new_at_risk}人，新增疑似辍学{now.new_suspected}人"
        + _change(now.new_suspected, prev(lambda m: m.new_suspected), "人")
        + "。"
    )
    if now.coverage is not None:
        out.append(
            f"三包覆盖率{now.coverage:.1f}%（{now.covered}/{now.on_roll}）"
            + _change(now.coverage, prev(lambda m: m.coverage), "%")
            + "。"
        )
    if now.home_teaching:
        out.append(f"送教上门{now.home_teaching}人，本月按计划完成{now.home_teaching_on_plan}人。")
    return out


TABLE_ROWS = (
    ("全校出勤率", lambda m: f"{m.school_rate:.1f}%" if m.school_rate is not None else "—"),
    ("缺勤人日", lambda m: f"{sum(m.absences.values()):g}"),
    ("在办劝返个案（人）", lambda m: str(m.open_cases)),
    ("逾期未办的缺勤上报", lambda m: str(m.overdue_steps)),
    ("新标记重点学生", lambda m: str(m.new_at_risk)),
    ("新增疑似辍学", lambda m: str(m.new_suspected)),
    ("三包覆盖率", lambda m: f"{m.coverage:.1f}%" if m.coverage is not None else "—"),
    ("送教上门（按计划/总数）", lambda m: f"{m.home_teaching_on_plan}/{m.home_teaching}"),
    ("月报状态", lambda m: m.filed or "未上报"),
)


def review(key: str, title: str, months: Sequence[MonthFacts]) -> Review:
    """The review of the last of `months` (oldest first) against the others."""
    if not months:
        raise ValueError("a review needs at least its own month")
    charts = (
        attendance_chart(months),
        absence_chart(months),
        cases_chart(months),
        at_risk_chart(months),
        coverage_chart(months),
        home_teaching_chart(months),
    )
    header = ("项目", *(m.label for m in months))
    rows = tuple((name, *(f(m) for m in months)) for name, f in TABLE_ROWS)
    return Review(key, title, tuple(months), charts, tuple(summary(months)), header, rows)
