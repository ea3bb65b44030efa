"""劝返 cases (一生一案) in plain Python: the words a case is described with, the 四步法 stages and
their deadlines, how a case closes (销号) and what each way of closing needs.

Sources: ../shared/DOMAIN.md (劝返 and the 四步法; 销号 categories of one district; placement on
return, 方案24).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kongchuo_desktop.domain.student_status import StudentStatus as S

REASONS = (
    "厌学",
    "家庭经济困难",
    "外出务工",
    "早婚早孕",
    "疾病/残疾",
    "家庭变故",
    "学业困难",
    "随父母外出",
    "其他",
)
OTHER_REASON = "其他"

WHEREABOUTS = ("在家", "外出务工", "随父母外地", "失联", "其他")
# Where the child is now that needs a place written beside it.
WHEREABOUTS_WITH_PLACE = frozenset({"外出务工", "随父母外地", "其他"})

# 四步法 (方案12, 方案21): 0 = not started.
STAGES = {
    1: "①批评教育、责令改正",
    2: "②限期复学通知书",
    3: "③行政处罚决定书",
    4: "④司法程序",
}
NO_STAGE = "未启动四步法"
NOTICE_STAGE = 2  # the stage whose paper is the 限期复学通知书 (issued by the notices feature)

RETURNED = "已复学"
PLACEMENTS = ("原年级", "相应年级", "辅导后编班", S.HOME_TEACHING.value, "职业学校")
CLOSE_KINDS = (
    RETURNED,
    "转学",
    S.SUSPENDED.value,
    S.DECEASED.value,
    "信息错误",
    "户籍问题",
    "无学籍",
    S.DEFERRED.value,
    "超龄",
    "失联",
    "出国(境)",
    "因病因残",
    "务工",
)

METHODS = ("入户", "电话", "微信", "来校面谈", "发函")
ATTITUDES = ("支持", "配合", "犹豫", "不配合", "拒绝", "未见到监护人")
OUTCOMES = ("同意返校", "已返校", "考虑中", "拒绝返校", "未见到人", "其他")


def stage_label(stage: int) -> str:
    return STAGES.get(stage, NO_STAGE)


def stage_deadline(stage: int, started: dt.date, days: Mapping[int, int]) -> dt.date | None:
    """The day a stage's time runs out (the school's setting for that stage); ④ has none."""
    n = days.get(stage)
    return started + dt.timedelta(days=n) if n else None


def next_stage(stage: int) -> int | None:
    return stage + 1 if stage < max(STAGES) else None


def reasons_text(reasons: list[str] | None, other: str) -> str:
    words = [r for r in (reasons or []) if r != OTHER_REASON]
    if OTHER_REASON in (reasons or []):
        words.append(f"其他（{other.strip()}）" if other.strip() else OTHER_REASON)
    return "、".join(words)


def reasons_refusal(reasons: list[str], other: str) -> str | None:
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        return f"没有“{'、'.join(unknown)}”这种辍学原因（可选：{'、'.join(REASONS)}）"
    if OTHER_REASON in reasons and not other.strip():
        return "选了“其他”原因，请写明是什么原因"
    return None


def whereabouts_text(where: str, place: str) -> str:
    return f"{where}（{place.strip()}）" if where and place.strip() else where


def close_refusal(kind: str, placement: str, evidence: str) -> str | None:
    """Why a 销号 cannot be recorded as given, or None. 已复学 needs the placement; every other
    way needs its evidence noted (转学 接收证明, 派出所或社区证明 …)."""
    if kind not in CLOSE_KINDS:
        return f"没有“{kind}”这种销号类别（可选：{'、'.join(CLOSE_KINDS)}）"
    if kind == RETURNED:
        if placement not in PLACEMENTS:
            return f"已复学请选择安置方式（{'、'.join(PLACEMENTS)}）"
        return None
    if not evidence.strip():
        return f"以“{kind}”销号须注明证明材料（如转学接收证明、派出所或社区证明）"
    return None
