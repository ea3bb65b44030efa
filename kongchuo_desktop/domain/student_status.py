"""学籍状态: the statuses a student can have, and which of them count as being on the roll."""

from __future__ import annotations

from enum import StrEnum


class StudentStatus(StrEnum):
    IN_SCHOOL = "在校"
    SUSPENDED = "休学"
    RESUMED = "复学"
    TRANSFERRED_OUT = "转出"
    TRANSFERRED_IN = "转入"
    DEFERRED = "延缓入学"
    INCLUSIVE = "随班就读"
    HOME_TEACHING = "送教上门"
    ELSEWHERE = "异地就读"
    SUSPECTED_DROPOUT = "疑似辍学"
    DROPOUT = "辍学"
    PERSUADED_BACK = "劝返复学"
    GRADUATED = "毕业"
    DECEASED = "死亡"


# Expected at the daily head-count (counted in 应到). A suspected dropout is still expected:
# every day away is an absence the school must act on.
ON_ROLL = frozenset(
    {
        StudentStatus.IN_SCHOOL,
        StudentStatus.RESUMED,
        StudentStatus.TRANSFERRED_IN,
        StudentStatus.INCLUSIVE,
        StudentStatus.PERSUADED_BACK,
        StudentStatus.SUSPECTED_DROPOUT,
    }
)


def on_roll_explained() -> str:
    """What 在册 counts, for a tooltip where a number of students is shown (首页, 花名册)."""
    names = "、".join(s.value for s in StudentStatus if s in ON_ROLL)
    return f"在册：学籍状态为{names}的学生，即每日点名的应到人数；不含休学、转出、辍学、毕业等。"
