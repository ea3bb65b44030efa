"""学籍状态 words come from one enum: no module spells 疑似辍学, 辍学, 在校 … as a literal."""

import ast
from pathlib import Path

import kongchuo_desktop
from kongchuo_desktop.domain.student_status import StudentStatus

PACKAGE = Path(kongchuo_desktop.__file__).parent
# A literal that equals a status word but is not a status: (file, word).
NOT_A_STATUS = {
    ("domain/roster_columns.py", "随班就读"),  # a column header of the register's export
    # words a bureau's month-report template uses in its labels (a figure "送教上门", a list
    # title "休学学生", the keyword "转入" of a column title), matched as text, not statuses
    *(
        ("domain/report_names.py", word)
        for word in (
            *("休学", "劝返复学", "在校", "复学", "延缓入学", "死亡"),
            *("转入", "转出", "辍学", "送教上门", "随班就读"),
        )
    ),
    # the month report's figure names 送教上门 and 随班就读 (keys of FORMULAS), not statuses
    ("domain/month_figures.py", "送教上门"),
    ("domain/month_figures.py", "随班就读"),
}


def test_status_words_are_spelled_only_in_the_enum():
    words = {s.value for s in StudentStatus}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "domain/student_status.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Pieces of an f-string are prose ("…九年级1班毕业"), not a status value.
        prose = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or node.value not in words:
                continue
            if id(node) not in prose and (name, node.value) not in NOT_A_STATUS:
                found.append(f"{name}:{node.lineno} {node.value}")
    assert found == []
