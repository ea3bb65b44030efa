"""人籍比对: the villages' lists of school-age children (户籍线) checked against our register (学校线).

Pure Python. Every child on a village list is matched to our students by ID number, then by name +
birth date (flagged: "按姓名和出生日期匹配，请核对"), and given one result (`CensusResult`). A child
listed by two villages (or twice by one) is one child, with every village noted. The other
direction: our students on the roll that no village lists (they live elsewhere: fine, listed).

The clerk's decisions (`Decision`: a result set by hand, the school elsewhere, the 就读证明 and
its date, a note, a confirmed 未入学) are kept by the child's key, so a corrected list from the same
village keeps them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kongchuo_desktop.domain.student_status import StudentStatus as S

NAME_BIRTH_MATCH = "按姓名和出生日期匹配，请核对"


class CensusResult(StrEnum):
    OURS = "本校在读"
    ELSEWHERE = "外校就读"
    NOT_ENROLLED = "未入学/失学"
    # The documented exceptions carry the register's own status words.
    DEFERRED = S.DEFERRED.value
    HOME_TEACHING = S.HOME_TEACHING.value
    INCLUSIVE = S.INCLUSIVE.value
    OVER_AGE = "超龄"
    UNDER_AGE = "未到龄"
    MOVED_AWAY = "迁出"
    DECEASED = S.DECEASED.value


# The documented exceptions: not in a classroom, but accounted for.
EXCEPTIONS = frozenset({CensusResult.DEFERRED, CensusResult.HOME_TEACHING, CensusResult.INCLUSIVE})
# Results the age rule can turn into 超龄/未到龄 (a 17-year-old at a 高中, a 5-year-old at a 幼儿园).
AGE_RULED = frozenset({CensusResult.ELSEWHERE, CensusResult.NOT_ENROLLED})

# A matched student's register status → the result.
_BY_STATUS: dict[str, CensusResult] = {
    S.INCLUSIVE: CensusResult.INCLUSIVE,
    S.DEFERRED: CensusResult.DEFERRED,
    S.HOME_TEACHING: CensusResult.HOME_TEACHING,
    S.TRANSFERRED_OUT: CensusResult.ELSEWHERE,
    S.ELSEWHERE: CensusResult.ELSEWHERE,
    S.GRADUATED: CensusResult.ELSEWHERE,
    S.DROPOUT: CensusResult.NOT_ENROLLED,
    S.DECEASED: CensusResult.DECEASED,
}
# Words in the village's 备注 or school column, first found wins.
_NOTE_WORDS: tuple[tuple[tuple[str, ...], CensusResult], ...] = (
    ((S.DECEASED.value, "已故", "去世", "病故", "身故"), CensusResult.DECEASED),
    (("迁出", "外迁", "已迁", "户口迁"), CensusResult.MOVED_AWAY),
    ((S.DEFERRED.value, "缓学", "暂缓入学"), CensusResult.DEFERRED),
    ((S.HOME_TEACHING.value,), CensusResult.HOME_TEACHING),
    ((S.INCLUSIVE.value,), CensusResult.INCLUSIVE),
)
# A school column saying "no school".
NO_SCHOOL_WORDS = (
    "无",
    "没有",
    "未入学",
    "失学",
    S.DROPOUT.value,
    "在家",
    "务工",
    "打工",
    "未上学",
    "/",
    "-",
)


@dataclass(frozen=True)
class AgeRules:
    """School age as the school's settings put it: `entry_age` full years by the cut-off day
    (6 周岁 by 8月31日) to `last_age` (older: 超龄)."""

    entry_age: int = 6
    last_age: int = 16
    cutoff_month: int = 8
    cutoff_day: int = 31

    def cutoff(self, school_year: str) -> dt.date:
        return dt.date(int(school_year[:4]), self.cutoff_month, self.cutoff_day)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Listing:
    """One line of one village's list."""

    list_id: int
    file_name: str
    row: int
    village: str
    group: str
    householder: str
    name: str
    id_number: str
    birth_date: dt.date | None
    sex: str
    school: str
    note: str


@dataclass(frozen=True)
class RegisterStudent:
    id: int
    name: str
    id_number: str
    birth_date: dt.date | None
    status: str
    class_name: str


@dataclass(frozen=True)
class Decision:
    """What the clerk recorded about a child (kept by the child's key)."""

    result: str = ""  # a CensusResult value set by hand; "": as compared
    school: str = ""
    proof_received: bool = False
    proof_date: dt.date | None = None
    note: str = ""
    confirmed: bool = False  # 未入学/失学 confirmed (a case opens)
    case_id: int | None = None  # the 劝返 case it opened


@dataclass(frozen=True)
class CensusChild:
    key: str
    name: str
    id_number: str
    birth_date: dt.date | None
    sex: str
    age: int | None
    listings: tuple[Listing, ...]
    computed: CensusResult
    result: CensusResult
    student_id: int | None = None
    class_name: str = ""
    register_status: str = ""
    match_note: str = ""
    school: str = ""
    decision: Decision = field(default_factory=Decision)

    @property
    def villages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x.village for x in self.listings))

    @property
    def village_text(self) -> str:
        return "、".join(self.villages)

    @property
    def group_text(self) -> str:
        return "、".join(dict.fromkeys(f"{x.village}{x.group}" for x in self.listings if x.group))

    @property
    def householder(self) -> str:
        return next((x.householder for x in self.listings if x.householder), "")

    @property
    def needs_proof(self) -> bool:
        """Accounted for elsewhere on the village's word only: a 就读证明 (or the exception's
        paper) is due."""
        return self.result is CensusResult.ELSEWHERE or (
            self.result in EXCEPTIONS and self.student_id is None
        )

    @property
    def awaiting_proof(self) -> bool:
        return self.needs_proof and not self.decision.proof_received

    @property
    def needs_follow_up(self) -> bool:
        """Not in our school and not proven elsewhere."""
        return self.result is CensusResult.NOT_ENROLLED or self.awaiting_proof

    @property
    def where(self) -> str:
        """Where the child studies, as the list shows it."""
        if self.result in (CensusResult.OURS, CensusResult.INCLUSIVE) and self.class_name:
            return f"本校 {self.class_name}"
        return self.school


@dataclass(frozen=True)
class Comparison:
    children: list[CensusChild]
    unlisted: list[RegisterStudent]  # our students on the roll no village lists

    def counts(self) -> dict[CensusResult, int]:
        out = dict.fromkeys(CensusResult, 0)
        for c in self.children:
            out[c.result] += 1
        return out

    def village_counts(self) -> dict[str, dict[CensusResult, int]]:
        """village → result → children; a child listed by two villages counts in each village
        (and once in `counts`)."""
        out: dict[str, dict[CensusResult, int]] = {}
        for c in self.children:
            for village in c.villages:
                out.setdefault(village, dict.fromkeys(CensusResult, 0))[c.result] += 1
        return dict(sorted(out.items()))


def child_key(id_number: str, name: str, birth: dt.date | None, village: str = "") -> str:
    """How a child is known across lists and re-imports: the ID number; else name + birth date;
    else name + village."""
    if id_number:
        return f"id:{id_number}"
    if birth is not None:
        return f"nb:{name}|{birth.isoformat()}"
    return f"nv:{name}|{village}"


def group_listings(listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    """The listings of each child: by ID number; a line without one joins the child of the same
    name and birth date."""
    groups: dict[str, list[Listing]] = defaultdict(list)
    by_name_birth: dict[tuple[str, dt.date], str] = {}
    rest = []
    for x in listings:
        if x.id_number:
            key = child_key(x.id_number, x.name, x.birth_date)
            groups[key].append(x)
            if x.birth_date is not None:
                by_name_birth.setdefault((x.name, x.birth_date), key)
        else:
            rest.append(x)
    for x in rest:
        known = by_name_birth.get((x.name, x.birth_date)) if x.birth_date else None
        groups[known or child_key("", x.name, x.birth_date, x.village)].append(x)
    return dict(groups)


def _from_words(listings: list[Listing]) -> tuple[CensusResult, str]:
    """What the village's own columns say: (result, the school named)."""
    school = next((x.school for x in listings if x.school), "")
    text = " ".join(f"{x.note} {x.school}" for x in listings)
    for words, result in _NOTE_WORDS:
        if any(w in text for w in words):
            return result, school
    plain = school.replace(" ", "")
    if plain and not any(plain.startswith(w) or plain == w for w in NO_SCHOOL_WORDS):
        return CensusResult.ELSEWHERE, school
    return CensusResult.NOT_ENROLLED, ""


def _age_result(age: int | None, rules: AgeRules) -> CensusResult | None:
    if age is None:
        return None
    if age < rules.entry_age:
        return CensusResult.UNDER_AGE
    if age > rules.last_age:
        return CensusResult.OVER_AGE
    return None


def compare(
    listings: Iterable[Listing],
    students: Iterable[RegisterStudent],
    school_year: str,
    rules: AgeRules,
    decisions: dict[str, Decision] | None = None,
    on_roll: Iterable[str] = (),
) -> Comparison:
    """Every listed child with a result, and our students on the roll (`on_roll` statuses) that
    no village lists."""
    decisions = decisions or {}
    students = list(students)
    by_id = {s.id_number: s for s in students if s.id_number}
    by_name_birth: dict[tuple[str, dt.date], list[RegisterStudent]] = defaultdict(list)
    for s in students:
        if s.birth_date is not None:
            by_name_birth[(s.name, s.birth_date)].append(s)
    cutoff = rules.cutoff(school_year)
    matched: set[int] = set()
    children = []
    for key, group in group_listings(listings).items():
        first = group[0]
        id_number = next((x.id_number for x in group if x.id_number), "")
        birth = next((x.birth_date for x in group if x.birth_date), None)
        sex = next((x.sex for x in group if x.sex), "")
        student, how = by_id.get(id_number) if id_number else None, ""
        if student is None and birth is not None:
            same = [s for s in by_name_birth.get((first.name, birth), []) if s.id not in matched]
            if len(same) == 1:
                student, how = same[0], NAME_BIRTH_MATCH
        age = age_on(birth, cutoff) if birth else None
        words_result, school = _from_words(group)
        if student is not None:
            matched.add(student.id)
            computed = _BY_STATUS.get(student.status, CensusResult.OURS)
        else:
            computed = words_result
        if computed in AGE_RULED:
            computed = _age_result(age, rules) or computed
        decision = decisions.get(key, Decision())
        result = CensusResult(decision.result) if decision.result else computed
        children.append(
            CensusChild(
                key=key,
                name=first.name,
                id_number=id_number,
                birth_date=birth,
                sex=sex,
                age=age,
                listings=tuple(group),
                computed=computed,
                result=result,
                student_id=student.id if student else None,
                class_name=student.class_name if student else "",
                register_status=student.status if student else "",
                match_note=how,
                school=decision.school or school,
                decision=decision,
            )
        )
    children.sort(
        key=lambda c: (c.villages[0], _group_order(c.listings[0].group), c.listings[0].row)
    )
    roll = set(on_roll)
    unlisted = [s for s in students if s.id not in matched and s.status in roll]
    return Comparison(children, unlisted)


def _group_order(group: str) -> tuple[int, str]:
    """2组 before 10组; a group named in Chinese numerals (三组) after the numbered ones."""
    digits = "".join(ch for ch in group if ch.isdigit())
    return (int(digits) if digits else 999, group)


def with_decision(child: CensusChild, decision: Decision) -> CensusChild:
    result = CensusResult(decision.result) if decision.result else child.computed
    return replace(child, decision=decision, result=result, school=decision.school or child.school)
