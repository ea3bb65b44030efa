"""The audit trail made tamper-evident: every line chained to the one before it, and the chain's
head kept outside the table too.

Each audit_log row carries `chain_seq` (its place in the chain: 1, 2, 3 …) and `chain_hash`,
SHA-256 over the previous row's hash and this row's own stored values. A row changed with an
SQLite tool no longer matches its hash; a row deleted leaves a gap in `chain_seq`; a row inserted
has no hash (or one that does not follow). Deleting the newest rows leaves a chain that is
intact, only shorter: that is why the head — the last row's seq, id and hash — is also written to
a small file beside the database (`<database>.audit-head`) after every commit that added lines,
and into every backup (db/backup.py writes `<copy>.audit-head` beside each copy).

When is the head file written? After the commit, never before: a transaction that rolls back or a
process that dies before its commit leaves the file as it was, and the table agrees with it. A
process that dies between its commit and the file write (or two processes committing one after
the other and writing the file in the other order) leaves the file *behind* the table. `verify`
accepts that by design: the file's row must still be in the chain with the same hash, and the
rows after it must chain correctly from it — which is what a genuine commit leaves. The file is
then brought up to date. A file *ahead* of the table (rows missing at the end) is what deleting
the newest rows leaves, and is reported.

What this cannot catch: someone who recomputes the hashes of the rows they changed and rewrites
the head file to match (the algorithm is public; there is no secret key on a shared office PC).
The README's 数据安全 section says so.

Cost: `verify` rehashes every row. Measured in bench/bench_audit_chain.py.
No Qt, no models: plain SQL on a peewee database or an sqlite3 connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

HEAD_SUFFIX = ".audit-head"
GENESIS = ""  # the "previous hash" of the first row

# The values a row's hash covers, in this order (the row id is not among them: ids are SQLite's).
CONTENT_COLUMNS = (
    "at",
    "actor",
    "table_name",
    "row_id",
    "row_key",
    "action",
    "before",
    "after",
)
_INSERT_SQL = (
    "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action, before, after,"
    " chain_seq, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ROWS_SQL_AFTER = (
    "SELECT id, chain_seq, chain_hash, at, actor, table_name, row_id, row_key, action, before,"
    " after FROM audit_log WHERE id > ? ORDER BY id"
)
_TAIL_SQL = (
    "SELECT id, chain_seq, chain_hash FROM audit_log WHERE chain_hash IS NOT NULL"
    " ORDER BY id DESC LIMIT 1"
)
_ROWS_SQL = (
    "SELECT id, chain_seq, chain_hash, at, actor, table_name, row_id, row_key, action, before,"
    " after FROM audit_log ORDER BY id"
)

# The transaction (per thread: peewee's are) whose commit already writes the head file.
_armed = threading.local()

# What broke, as `verify` reports it.
CHANGED = "changed"  # the row's values no longer match its hash
DELETED = "deleted"  # rows missing before this one (a gap in chain_seq)
INSERTED = "inserted"  # a row the program did not write (no hash, or a seq already used)
TRUNCATED = "truncated"  # the newest rows are gone (the head file names more rows)
HEAD_MISMATCH = "head_mismatch"  # the head file's row is not the one in the table


def stored_text(value: Any) -> Any:
    """A value as SQLite stores it (datetimes as sqlite3's adapter writes them)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    return NULL if value is None else str(value)


# Fields joined by a control character no stored text holds; NULL has its own mark.
SEPARATOR = "\x1f"
NULL = "\x00"


def line_hash(prev_hash: str, seq: int, values: tuple | list) -> str:
    """SHA-256 (hex) over the previous row's hash, this row's seq and its CONTENT_COLUMNS values."""
    text = SEPARATOR.join([prev_hash, str(seq), *map(_text, values)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- appending ---------------------------------------------------------------------------------


def _tail(execute) -> tuple[int, str]:
    row = execute(_TAIL_SQL).fetchone()
    return (0, GENESIS) if row is None else (row[1] or 0, row[2])


def append(db: pw.SqliteDatabase, values: list[tuple]) -> None:
    """Insert audit lines (each a tuple in CONTENT_COLUMNS order, as stored), chained after the
    last one, in one transaction (a savepoint inside the caller's): reading the tail and writing
    after it cannot interleave with another process. The head file follows after the commit."""
    if not values:
        return
    with db.atomic():
        seq, prev = _tail(db.execute_sql)
        cursor = db.cursor()
        for row in values:
            row = tuple(stored_text(v) for v in row)
            seq += 1
            prev = line_hash(prev, seq, row)
            cursor.execute(_INSERT_SQL, (*row, seq, prev))
        head_after_commit(db)


def seal(db: pw.SqliteDatabase, fields: dict[str, Any]) -> dict[str, Any]:
    """For a line saved through the model (AuditLog.create): its chain_seq and chain_hash, from
    `fields` (column name -> value as stored). Call inside the transaction that inserts it."""
    seq, prev = _tail(db.execute_sql)
    values = tuple(stored_text(fields.get(c)) for c in CONTENT_COLUMNS)
    head_after_commit(db)
    return {"chain_seq": seq + 1, "chain_hash": line_hash(prev, seq + 1, values)}


def seal_unchained(conn: sqlite3.Connection) -> int:
    """Chain every row without a hash after the last chained one, in id order (a migration
    chaining the rows it found; a restore chaining the lines it carried over). Returns how many.
    Call inside a transaction. Rows without a hash *before* a chained row are left alone: those
    are what `verify` reports."""
    last = conn.execute(_TAIL_SQL).fetchone()
    last_id, seq, prev = (0, 0, GENESIS) if last is None else (last[0], last[1] or 0, last[2])
    rows = conn.execute(
        "SELECT id, at, actor, table_name, row_id, row_key, action, before, after FROM audit_log"
        " WHERE id > ? ORDER BY id",
        (last_id,),
    ).fetchall()
    for row_id, *values in rows:
        seq += 1
        prev = line_hash(prev, seq, values)
        conn.execute(
            "UPDATE audit_log SET chain_seq = ?, chain_hash = ? WHERE id = ?", (seq, prev, row_id)
        )
    return len(rows)


# --- the head file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    seq: int  # how many rows the chain holds
    id: int  # the last row's id
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.seq, "last_id": self.id, "last_hash": self.hash}


def head_file(database_file: Path | str) -> Path:
    database_file = Path(database_file)
    return database_file.with_name(database_file.name + HEAD_SUFFIX)


def table_head(execute) -> Head:
    row = execute(_TAIL_SQL).fetchone()
    return Head(0, 0, GENESIS) if row is None else Head(row[1] or 0, row[0], row[2])


def _head_of(data: dict, prefix: str) -> Head | None:
    try:
        return Head(
            int(data[prefix + "rows"]),
            int(data[prefix + "last_id"]),
            str(data[prefix + "last_hash"]),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_head(path: Path) -> Head | None:
    """The head recorded in `path`; None when there is none (or it cannot be read)."""
    return _head_of(_read(path), "")


def read_verified(path: Path) -> Head | None:
    """The last row a verification found good (the start-up check goes on from there)."""
    return _head_of(_read(path), "verified_")


def write_head(
    path: Path,
    head: Head,
    *,
    only_forward: bool = False,
    verified: Head | None = None,
    keep_verified: bool = True,
) -> None:
    """Write the head atomically (a temporary file renamed into place), keeping the verified point
    already there (unless `keep_verified` is False: another file took this one's place) unless
    `verified` names a new one. `only_forward`: leave a file that already names a longer chain
    (another process committed after us and wrote first)."""
    path = Path(path)
    data = _read(path)
    known = _head_of(data, "")
    if only_forward and known is not None and known.seq >= head.seq:
        return
    kept = verified or (_head_of(data, "verified_") if keep_verified else None)
    out = head.as_dict()
    if kept is not None and kept.seq <= head.seq:
        out.update({f"verified_{k}": v for k, v in kept.as_dict().items()})
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        tmp.write_text(json.dumps(out), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def database_file_of(db: pw.SqliteDatabase) -> Path | None:
    name = db.database
    if not name or name == ":memory:" or str(name).startswith("file:"):
        return None
    return Path(name)


def head_after_commit(db: pw.SqliteDatabase) -> None:
    """Write the head file once the current transaction commits (at once outside one). Once per
    transaction, however many lines it adds; nothing if it rolls back."""
    top = db.top_transaction()
    if top is not None and getattr(_armed, "transaction", None) is top:
        return
    _armed.transaction = top
    db.after_commit(lambda: update_head_file(db))


def sealed_after_commit(db: pw.SqliteDatabase) -> None:
    """After the commit: the head file names the chain's end as verified too — for the upgrade
    that has just hashed every row itself (the next start-up check then reads no old rows)."""

    def write() -> None:
        file = database_file_of(db)
        if file is not None:
            head = table_head(db.execute_sql)
            with contextlib.suppress(OSError):
                write_head(head_file(file), head, verified=head)

    db.after_commit(write)


def update_head_file(db: pw.SqliteDatabase) -> None:
    file = database_file_of(db)
    if file is None:
        return
    # A failure is left to the next write or the next check: the data is committed.
    with contextlib.suppress(OSError):
        write_head(head_file(file), table_head(db.execute_sql), only_forward=True)


# --- verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rows: int
    problem: str = ""  # CHANGED | DELETED | INSERTED | TRUNCATED | HEAD_MISMATCH
    row_id: int | None = None  # the first row that broke (for TRUNCATED: the last row recorded)
    text: str = ""  # Chinese: what broke
    head: str = "ok"  # ok | behind (brought up to date) | missing (written anew)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "problem": self.problem or None,
            "row_id": self.row_id,
            "text": self.text,
            "head_file": self.head,
        }


def verify_rows(
    execute, start: Head | None = None
) -> tuple[Verdict | None, int, dict[int, tuple[int, str]]]:
    """Rehash the chain in id order, from the beginning or after `start` (a row already found
    good). Returns (the first break or None, rows read, seq -> (id, hash) of the rows read)."""
    prev, expected = GENESIS, 1
    hashes: dict[int, tuple[int, str]] = {}
    if start is not None and start.seq:
        prev, expected = start.hash, start.seq + 1
        hashes[start.seq] = (start.id, start.hash)
        rows = execute(_ROWS_SQL_AFTER, (start.id,))
    else:
        rows = execute(_ROWS_SQL)
    sha256, join, text_of = hashlib.sha256, SEPARATOR.join, _text
    count = 0
    for row_id, seq, stored, *values in rows:
        count += 1
        if stored is None or seq is None or seq < expected:
            return (
                _broken(
                    INSERTED, row_id, f"第 {row_id} 行审计记录不是本程序写入的（在程序之外插入）"
                ),
                count,
                hashes,
            )
        if seq > expected:
            missing = seq - expected
            return (
                _broken(
                    DELETED,
                    row_id,
                    f"第 {row_id} 行审计记录之前有 {missing} 行被删除（链条序号 {expected}"
                    + (f"–{seq - 1}" if missing > 1 else "")
                    + " 不见了）",
                ),
                count,
                hashes,
            )
        text = join([prev, str(seq), *map(text_of, values)])
        if sha256(text.encode("utf-8")).hexdigest() != stored:
            return (
                _broken(CHANGED, row_id, f"第 {row_id} 行审计记录的内容在程序之外被改动过"),
                count,
                hashes,
            )
        hashes[seq] = (row_id, stored)
        prev, expected = stored, expected + 1
    return None, count, hashes


def _broken(problem: str, row_id: int | None, text: str, rows: int = 0) -> Verdict:
    return Verdict(False, rows, problem, row_id, text)


def _start_point(execute, verified: Head | None) -> tuple[Head | None, Verdict | None]:
    """Where the quick check starts: the verified row, if it is still there as it was."""
    if verified is None or verified.seq == 0:
        return None, None
    row = execute(
        "SELECT chain_seq, chain_hash FROM audit_log WHERE id = ?", (verified.id,)
    ).fetchone()
    if row is None:
        return None, _broken(
            DELETED, verified.id, f"第 {verified.id} 行审计记录（已校验过）被删除了"
        )
    if (row[0], row[1]) != (verified.seq, verified.hash):
        return None, _broken(
            CHANGED, verified.id, f"第 {verified.id} 行审计记录（已校验过）在程序之外被改动过"
        )
    # From the line before it, so the verified line itself is rehashed too.
    before = execute(
        "SELECT id, chain_seq, chain_hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1",
        (verified.id,),
    ).fetchone()
    if before is None or before[1] is None or before[2] is None:
        return None, None  # the verified line is the first: the whole (short) chain
    return Head(before[1], before[0], before[2]), None


def verify(
    execute, database_file: Path | None, *, full: bool = True, repair_head: bool = True
) -> Verdict:
    """The chain, then the head file beside `database_file`. The first problem is reported; a
    head file behind the table (see the module docstring) or missing is written anew when
    `repair_head` and is not a problem.

    `full=False` (the start-up check): only the rows after the last verified point are rehashed,
    and that point's row is looked up to be still as it was. A row changed or deleted *before*
    that point is found by the full check (`kongchuo check`), not by this one."""
    path = head_file(database_file) if database_file is not None else None
    start = None
    if not full and path is not None:
        start, broken = _start_point(execute, read_verified(path))
        if broken is not None:
            return broken
    broken, count, hashes = verify_rows(execute, start)
    if broken is not None:
        return Verdict(False, count, broken.problem, broken.row_id, broken.text)
    last = max(hashes) if hashes else 0
    current = Head(last, *hashes[last]) if hashes else Head(0, 0, GENESIS)
    if path is None:
        return Verdict(True, count)
    recorded = read_head(path)
    state = "ok"
    if recorded is None:
        state = "missing"
    elif recorded.seq > current.seq:
        gone = recorded.seq - current.seq
        return Verdict(
            False,
            count,
            TRUNCATED,
            recorded.id,
            f"最新的 {gone} 行审计记录被删除了（校验文件记着 {recorded.seq} 行，"
            f"最后一行是第 {recorded.id} 行；表里只剩 {current.seq} 行）",
        )
    elif (
        recorded.seq > 0
        and recorded.seq in hashes
        and hashes[recorded.seq]
        != (
            recorded.id,
            recorded.hash,
        )
    ):
        row_id = hashes[recorded.seq][0]
        return Verdict(
            False,
            count,
            HEAD_MISMATCH,
            row_id,
            f"第 {row_id} 行审计记录与校验文件记下的不一致（这一行或之后的记录被替换过）",
        )
    elif recorded.seq < current.seq:
        state = "behind"
    if repair_head:
        with contextlib.suppress(OSError):
            write_head(path, current, verified=current)
    return Verdict(True, count, head=state)


def reset_head(database_file: Path, *, verified: bool = False) -> None:
    """Write the head file beside `database_file` from that file's own table (after a restore put
    another file in place, and beside every backup copy). A file from before the chain (no
    chain columns yet) gets none: its upgrade chains it and writes one. `verified`: the whole
    chain was just checked (a restore checks its copy first), so the start-up check need not
    read it again."""
    path = head_file(database_file)
    conn = sqlite3.connect(Path(database_file).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        head = table_head(conn.execute)
    except sqlite3.OperationalError:  # no chain columns: a copy made before schema v16
        head = None
    finally:
        conn.close()
    if head is None:
        path.unlink(missing_ok=True)
    else:
        write_head(path, head, verified=head if verified else None, keep_verified=False)


def verify_file(database_file: Path) -> Verdict:
    """A closed copy (a backup about to be restored) against the head file beside it, read-only:
    nothing is written. A copy from before the chain (no chain columns) counts as ok."""
    conn = sqlite3.connect(Path(database_file).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return verify(conn.execute, Path(database_file), repair_head=False)
    except sqlite3.OperationalError:  # no chain columns: a copy made before schema v16
        return Verdict(True, 0, head="missing")
    finally:
        conn.close()
