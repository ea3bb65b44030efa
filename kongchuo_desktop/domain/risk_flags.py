"""重点/易辍学生 groups (DOMAIN.md): each flagged child gets a 一人一案."""

from __future__ import annotations

RISK_FLAGS = (
    "建档立卡/脱贫户/监测户",
    "低保",
    "特困供养",
    "残疾",
    "残疾人子女",
    "留守儿童",
    "单亲",
    "孤儿/事实无人抚养",
    "服刑人员子女",
    "随迁子女",
    "学困生",
    "厌学",
    "双困生",
)
