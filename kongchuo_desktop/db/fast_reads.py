"""Two helpers for reads of hundreds or thousands of rows (the month report, the event record),
where peewee's own conveniences cost more than the query:

- `one_of(field, ids)`: `field IN (ids)` with the ids passed to SQLite as ONE parameter (a JSON
  array read back by json_each). peewee spells `field.in_([...])` as one parameter per id, and
  building that SQL for a few hundred children took longer than running it.
- `raw_rows(query)`: the rows exactly as SQLite returns them, without peewee's per-row and
  per-value conversion (about three times the cost of the read itself). Dates and date-times
  come back as ISO text, JSON as text, booleans as 0/1: the caller converts the columns it uses
  (`stored_day` for a day, `field.python_value` for the rest).
- `sql_rows(sql, *params)`: the same for a fixed statement, for the reads a report makes every
  time (building a peewee query costs about as much as a small read); `IDS` is the
  `IN (…)` list of `one_of` for such a statement, its parameter `as_json(ids)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import peewee as pw

from kongchuo_desktop.db.connection import database


def as_json(ids: Iterable[int]) -> str:
    return json.dumps([int(i) for i in ids])


IDS = "(SELECT value FROM json_each(?))"


def one_of(field, ids: Iterable[int]):
    """`field IN ids` (ids: integers)."""
    return field.in_(pw.SQL(IDS, (as_json(ids),)))


def raw_rows(query) -> list[tuple]:
    """The rows of a peewee select, unconverted (see the module docstring)."""
    return database.execute(query).fetchall()


def sql_rows(sql: str, *params) -> list[tuple]:
    """The rows of a fixed statement, unconverted."""
    return database.execute_sql(sql, params).fetchall()
