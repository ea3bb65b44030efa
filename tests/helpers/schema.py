"""Comparing a migrated database with a fresh one (STYLE.md §2: a migration ends at exactly the
fresh schema)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def table_shapes(path: Path) -> dict[str, list[tuple]]:
    """Each table's columns as (name, type, notnull, pk), sorted: defaults' spelling may differ
    harmlessly between a CREATE TABLE and an ALTER TABLE … ADD COLUMN."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            n: sorted(
                (c[1], c[2].upper(), c[3], c[5]) for c in conn.execute(f'PRAGMA table_info("{n}")')
            )
            for n in names
        }
    finally:
        conn.close()
