"""Views only show and ask: no module in views/ imports the database layer or peewee, at the top
or inside a function (STYLE.md section 1). A later step generalises this into tests/test_layers.py."""

from __future__ import annotations

import ast
from pathlib import Path

import kongchuo_desktop.views

VIEWS = Path(kongchuo_desktop.views.__file__).parent
FORBIDDEN = ("kongchuo_desktop.db", "peewee")


def imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """Every module an import statement in `tree` names, relative imports resolved."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return out


def forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_view_imports_the_database_layer():
    offenders = []
    for path in sorted(VIEWS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name in imported_modules(tree, "kongchuo_desktop.views"):
            if forbidden(name):
                offenders.append(f"{path.relative_to(VIEWS)}:{line} imports {name}")
    assert offenders == []


def test_the_check_sees_function_level_and_relative_imports():
    source = (
        "def f():\n    from kongchuo_desktop.db.models import Student\nfrom ..db import backup\n"
    )
    names = [n for _, n in imported_modules(ast.parse(source), "kongchuo_desktop.views")]
    assert "kongchuo_desktop.db.models" in names and "kongchuo_desktop.db" in names
    assert not forbidden("kongchuo_desktop.dbx") and forbidden("peewee")
