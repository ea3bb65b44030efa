"""The 月报 settings, declared here to keep setting_specs.py short and gathered into its SPECS
(so 设置 still knows every setting without importing a service). Read by services.month_report
(the period and the options) and services.report_filing (首页's reminder); edited on 设置 → 月报规则.
"""

from __future__ import annotations

from kongchuo_desktop.setting_types import Check, SettingSpec

REPORT = "月报"


def _one_of(label: str, allowed: tuple[str, ...]) -> Check:
    def check(value: str) -> str | None:
        if value in allowed:
            return None
        return f"“{label}”只能填：{'、'.join(allowed)}（填的是“{value}”）"

    return check


REPORT_CUTOFF_DAY = SettingSpec(
    "report.cutoff_day",
    int,
    20,
    "月报数字截至每月几日",
    REPORT,
    "方案4：截至20日；按自然月统计的县填31（即当月最后一天）",
    minimum=1,
    maximum=31,
)
REPORT_DUE_DAY = SettingSpec(
    "report.due_day",
    int,
    25,
    "月报每月几日前上报",
    REPORT,
    "方案4：每月25日前",
    minimum=1,
    maximum=31,
)
REPORT_NOTICE_DAY = SettingSpec(
    "report.notice_day",
    int,
    20,
    "每月几日起在首页提醒上报月报",
    REPORT,
    "提醒一直显示到标记为已上报",
    minimum=1,
    maximum=31,
)
REPORT_LEAVE_AS_PRESENT = SettingSpec(
    "report.leave_as_present",
    str,
    "否",
    "出勤率把请假计为出勤（是/否）",
    REPORT,
    "默认否：请假计为缺勤",
    check=_one_of("出勤率把请假计为出勤", ("是", "否")),
)
REPORT_CONSOLIDATION = SettingSpec(
    "report.consolidation",
    str,
    "普九",
    "巩固率口径（普九/届别）",
    REPORT,
    "普九：（年末在校−转入+转出+死亡）÷学年初在校；届别：毕业年级在校÷（入学人数+转入−转出）",
    check=_one_of("巩固率口径", ("普九", "届别")),
)


REPORT_SPECS: tuple[SettingSpec, ...] = (
    REPORT_CUTOFF_DAY,
    REPORT_DUE_DAY,
    REPORT_NOTICE_DAY,
    REPORT_LEAVE_AS_PRESENT,
    REPORT_CONSOLIDATION,
)
