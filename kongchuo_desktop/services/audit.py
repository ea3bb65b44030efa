"""Audited writes: every change made through a service records who, when, which row, and the
values before and after. Services take the acting user explicitly and write only through here."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any, TypeVar

import peewee as pw

from kongchuo_desktop.db import audit_chain
from kongchuo_desktop.db.models import AuditLog, BaseModel

M = TypeVar("M", bound=BaseModel)


def os_user() -> str:
    """The acting user until logins exist: the operating-system account name."""
    try:
        return getpass.getuser() or "未知用户"
    except Exception:  # getpass raises on some Windows setups without USERNAME
        return "未知用户"


CLI_PREFIX = "命令行:"


def cli_user() -> str:
    """Who the command line acts as: `命令行:<系统用户>` (the commands act as the system user:
    whoever can run them can read the file anyway). When accounts exist, the window's acting
    user becomes the account name; this stays the command line's."""
    return f"{CLI_PREFIX}{os_user()}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.get_id()
    return value


def snapshot(instance: BaseModel) -> dict[str, Any]:
    """The row's stored values, by field name (foreign keys as ids)."""
    data = {}
    for name, field in instance._meta.fields.items():
        if isinstance(field, pw.ForeignKeyField):
            data[name] = instance.__data__.get(name)
        else:
            data[name] = _plain(getattr(instance, name))
    return data


def _line(actor: str, instance: BaseModel, action: str, before, after) -> tuple:
    """One audit line's values as stored, in audit_chain.CONTENT_COLUMNS order."""
    pk = instance.get_id()
    return (
        AuditLog.at.db_value(dt.datetime.now().replace(microsecond=0)),
        actor,
        instance._meta.table_name,
        pk if isinstance(pk, int) else None,
        "" if isinstance(pk, int) else str(pk),
        action,
        AuditLog.before.db_value(before),
        AuditLog.after.db_value(after),
    )


def _log(actor: str, instance: BaseModel, action: str, before, after) -> None:
    # Plain SQL (audit_chain.append): an audit row accompanies every write, so building the query
    # through peewee each time would double the cost of bulk work such as imports. Each line is
    # chained to the one before it (tamper-evident, db/audit_chain.py).
    audit_chain.append(AuditLog._meta.database, [_line(actor, instance, action, before, after)])


def create(model: type[M], actor: str, **fields: Any) -> M:
    instance = model.create(**fields)
    _log(actor, instance, "insert", None, snapshot(instance))
    return instance


def update(instance: M, actor: str, **changes: Any) -> M:
    """Apply `changes`; records only the fields that really changed (no row if none)."""
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    after = snapshot(instance)
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        return instance
    instance.save(only=[instance._meta.fields[k] for k in changed])
    _log(
        actor,
        instance,
        "update",
        {k: before[k] for k in sorted(changed)},
        {k: after[k] for k in sorted(changed)},
    )
    return instance


def delete(instance: BaseModel, actor: str) -> None:
    before = snapshot(instance)
    instance.delete_instance()
    _log(actor, instance, "delete", before, None)


def record(actor: str, instance: BaseModel, action: str, before, after) -> None:
    """An audit line for a write that is more than one row's insert, update or delete (a merge
    of two records, action "merge"): what it was before and after, as the caller says."""
    _log(actor, instance, action, before, after)


def upsert_by_key(model: type[M], actor: str, key: str, **fields: Any) -> M:
    """Insert or update a row keyed by a text primary key (settings)."""
    existing = model.get_or_none(model._meta.primary_key == key)
    if existing is None:
        instance = model.create(**{model._meta.primary_key.name: key}, **fields)
        _log(actor, instance, "insert", None, snapshot(instance))
        return instance
    return update(existing, actor, **fields)


def create_many(model: type[M], actor: str, rows: list[dict[str, Any]]) -> list[M]:
    """Insert many rows fast (a big import), each audited exactly as `create` would.

    Runs plain INSERTs on the connection, so a model's own `save()` does not run: fill in what it
    would (Student's pinyin keys) before calling. Call inside a transaction."""
    instances = [model(**row) for row in rows]
    _insert_raw(model, instances)
    audit_chain.append(
        AuditLog._meta.database,
        [_line(actor, instance, "insert", None, snapshot(instance)) for instance in instances],
    )
    return instances


def _insert_raw(model: type[BaseModel], instances: list[BaseModel]) -> None:
    meta = model._meta
    pk = meta.primary_key
    fields = [f for f in meta.sorted_fields if f is not pk]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})'
    cursor = meta.database.cursor()
    for instance in instances:
        data = instance.__data__
        cursor.execute(sql, [f.db_value(data.get(f.name)) for f in fields])
        setattr(instance, pk.name, cursor.lastrowid)
