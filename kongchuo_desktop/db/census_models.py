"""peewee models of the 适龄儿童摸底 lists and the clerk's decisions on them (schema v17).

A `CensusList` is one village's list for one 学年 (school year + village, unique): importing a
corrected list from the same village replaces its `CensusEntry` rows. The clerk's decisions on a
child (`CensusDecision`: the result set by hand, the school elsewhere, the 就读证明, a note, a
confirmed 未入学) are kept by school year and the child's key (domain.census_match.child_key),
not by list row, so a re-import keeps them. The 就读证明 photo is an `Attachment` row with
owner_table "census_decision". Each school year's lists stay beside the older ones.
"""

from __future__ import annotations

import peewee as pw

from kongchuo_desktop.db.models import BaseModel, _now


class CensusList(BaseModel):
    school_year = pw.CharField()
    village = pw.CharField()
    file_name = pw.CharField(default="")  # the file it came from (its name, not its folder)
    sheet_name = pw.CharField(default="")
    imported_at = pw.DateTimeField(default=_now)
    imported_by = pw.CharField(default="")

    class Meta:
        table_name = "census_list"
        indexes = ((("school_year", "village"), True),)


class CensusEntry(BaseModel):
    """One line of a village's list, cleaned (domain.census_rows.CensusRecord)."""

    census_list = pw.ForeignKeyField(CensusList, backref="entries", on_delete="CASCADE")
    row = pw.IntegerField()  # the file's Excel row number
    group_name = pw.CharField(default="")
    householder = pw.CharField(default="")
    name = pw.CharField()
    id_number = pw.CharField(default="", index=True)
    birth_date = pw.DateField(null=True)
    sex = pw.CharField(default="")
    school = pw.CharField(default="")
    note = pw.TextField(default="")

    class Meta:
        table_name = "census_entry"


class CensusDecision(BaseModel):
    school_year = pw.CharField()
    child_key = pw.CharField()
    result = pw.CharField(default="")  # a domain.census_match.CensusResult value; "": as compared
    school = pw.CharField(default="")
    proof_received = pw.BooleanField(default=False)
    proof_date = pw.DateField(null=True)
    note = pw.TextField(default="")
    confirmed = pw.BooleanField(default=False)
    # The 劝返 case opened when a 未入学 child was confirmed (its id; the cases' own table).
    case_id = pw.IntegerField(null=True)
    updated_at = pw.DateTimeField(default=_now)
    updated_by = pw.CharField(default="")

    class Meta:
        table_name = "census_decision"
        indexes = ((("school_year", "child_key"), True),)


CENSUS_MODELS: list[type[BaseModel]] = [CensusList, CensusEntry, CensusDecision]
