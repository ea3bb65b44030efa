"""The 点名 tab's state without a window: marking, the 实到 line, and what saving sends."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kongchuo_desktop.domain.attendance import head_count
from kongchuo_desktop.services.attendance import AbsenceInput
from kongchuo_desktop.services.headcount_entry import (
    NO_REASON,
    EntryState,
    ReasonMissing,
    pasted_marks,
)

NAMES = {1: "张三", 2: "李四", 3: "王五", 4: "赵六"}


def loaded(*marked: AbsenceInput, dirty: bool = False) -> EntryState:
    state = EntryState()
    state.load(NAMES, marked, dirty=dirty)
    return state


def test_late_and_left_early_count_as_present():
    count = head_count(40, ["病假", "迟到", "早退", "旷课"])
    assert (count.expected, count.absent, count.late, count.present) == (40, 2, 2, 38)


def test_a_saved_class_loads_clean_and_leaves_out_children_gone_from_it():
    state = loaded(AbsenceInput(2, "病假", "全天"), AbsenceInput(9, "事假"))
    assert list(state.entries) == [2] and not state.dirty
    assert state.summary() == "应到 4　实到 3　缺勤 1"


def test_prefilled_leave_is_unsaved_work():
    state = loaded(AbsenceInput(1, "病假", "全天"), dirty=True)
    assert state.summary().endswith("（未保存）")


def test_marking_and_unmarking_a_child():
    state = loaded()
    assert state.toggle(3, "迟到", "全天", " 8点20到 ")
    assert state.dirty and state.just_marked == 3
    assert state.entries[3] == {"id": 3, "name": "王五", "reason": "迟到", "period": "全天",
                                "note": "8点20到"}  # fmt: skip
    assert state.summary() == "应到 4　实到 4　缺勤 0，迟到/早退 1 人　（未保存）"
    assert not state.toggle(3, "迟到", "全天")
    assert state.entries == {} and state.just_marked is None


def test_a_shortcut_applies_to_the_selected_row_else_to_the_child_just_marked():
    state = loaded()
    state.toggle(1, "病假", "全天")
    state.toggle(2, "病假", "全天")
    assert state.shortcut_target(None) == 2 and state.shortcut_target(1) == 1
    assert state.set_value(2, "period", "上午") and not state.set_value(2, "period", "上午")
    assert state.describe(2) == "李四：病假（上午）" and state.describe(1) == "张三：病假"
    state.remove(2)
    assert state.shortcut_target(None) is None


def test_saving_sends_one_input_per_marked_child_in_marking_order():
    state = loaded(AbsenceInput(4, "事假", "下午", "看病"))
    state.toggle(1, "旷课", "全天")
    assert state.inputs() == [
        AbsenceInput(4, "事假", "下午", "看病"),
        AbsenceInput(1, "旷课", "全天"),
    ]
    state.saved()
    assert not state.dirty
    assert state.absent_map() == {4: "事假", 1: "旷课"}


def test_a_child_marked_without_a_reason_is_asked_for_one_and_blocks_saving():
    state = loaded()
    state.toggle(1, NO_REASON, "全天")
    state.toggle(2, "病假", "上午")
    state.toggle(3, NO_REASON, "下午")
    assert state.without_reason() == [1, 3]
    assert state.describe(1).startswith("张三：请选择原因，按 Ctrl+1…6")
    assert state.describe(3).startswith("王五（下午）：请选择原因")
    assert state.summary() == "应到 4　实到 1　缺勤 3，2 人未选原因　（未保存）"
    with pytest.raises(ReasonMissing, match=r"^张三、王五 还没有选择缺勤原因"):
        state.inputs()
    assert state.set_value(1, "reason", "旷课") and state.set_value(3, "reason", "事假")
    assert state.without_reason() == []
    assert [a.reason for a in state.inputs()] == ["旷课", "病假", "事假"]


def test_a_pasted_reason_or_period_not_known_here_is_left_for_the_clerk_to_choose():
    state = loaded(
        AbsenceInput(1, "", "上午"),
        AbsenceInput(2, "生病", "?"),  # neither is one of ours
        AbsenceInput(3, "旷课", "下午", None),
        dirty=True,
    )
    rows = [(e["reason"], e["period"], e["note"]) for e in state.rows()]
    assert rows == [(NO_REASON, "上午", ""), (NO_REASON, "全天", ""), ("旷课", "下午", "")]
    assert state.dirty and state.without_reason() == [1, 2]
    assert pasted_marks([(1, None, None), (2, "病假", "上午")]) == [
        AbsenceInput(1, NO_REASON, "全天"),
        AbsenceInput(2, "病假", "上午"),
    ]


def test_the_entry_state_needs_no_qt():
    assert not any(
        name.startswith("PySide6")
        for name in _imports_of("kongchuo_desktop.services.headcount_entry")
    )


def _imports_of(module: str) -> set[str]:
    """The modules importing `module` pulls in, in a fresh interpreter."""
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())
