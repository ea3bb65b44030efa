"""A class as a list to choose from shows it: its id and name (调班, the head-count's class list).
Its own module so that any service can hand it out without importing another's use case."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassChoice:
    id: int
    name: str
