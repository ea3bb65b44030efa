"""The layering of STYLE.md section 1, checked on every import (function-level ones too):

    domain/    plain Python: no Qt, no peewee, no other app package
    db/        may use domain; never Qt, services, views or commands
    services/  db + domain + settings; never Qt, views or commands
    settings   (settings.py, setting_specs.py) never Qt, views or commands
    views/     services + domain + views; never db or peewee
    errors, logs, paths: plain Python, no other app package but paths' APP_NAME

Plus: no import cycle between the package's modules, and no module over MAX_LINES lines
except those listed in LONG_MODULES with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kongchuo_desktop"
ROOT = "kongchuo_desktop"
QT = ("PySide6", "shiboken6", "qtawesome", "qtpy")
MAX_LINES = 600

# layer → prefixes its modules may not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        *QT,
        "peewee",
        f"{ROOT}.db",
        f"{ROOT}.services",
        f"{ROOT}.views",
        f"{ROOT}.commands",
        f"{ROOT}.settings",
        f"{ROOT}.setting_specs",
        f"{ROOT}.app",
        f"{ROOT}.cli",
    ),
    "db": (*QT, f"{ROOT}.services", f"{ROOT}.views", f"{ROOT}.commands", f"{ROOT}.app"),
    "services": (*QT, f"{ROOT}.views", f"{ROOT}.commands", f"{ROOT}.app", f"{ROOT}.cli"),
    "settings": (*QT, f"{ROOT}.views", f"{ROOT}.commands", f"{ROOT}.app"),
    "views": ("peewee", f"{ROOT}.db", f"{ROOT}.commands", f"{ROOT}.cli"),
    "plain": (*QT, "peewee", f"{ROOT}.db", f"{ROOT}.services", f"{ROOT}.views"),
}

# Modules allowed to break a rule, each with its reason.
EXCEPTIONS: dict[tuple[str, str], str] = {}

# Modules over MAX_LINES lines, each with its reason.
LONG_MODULES: dict[str, str] = {}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    if parts[1] in ("domain", "db", "services", "views"):
        return parts[1]
    if parts[1] in ("settings", "setting_specs"):
        return "settings"
    if parts[1] in ("errors", "logs", "paths"):
        return "plain"
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str) -> list[tuple[int, str]]:
    """Every module `source` imports, at any depth of the code: (line, dotted name)."""
    found = []
    package = module if module.count(".") == 0 else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # `from kongchuo_desktop.db import models` imports the submodule too
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names if a.name != "*"]
    return found


def violations(source: str, module: str) -> list[str]:
    layer = layer_of(module)
    if layer is None:
        return []
    bad = []
    for line, name in imports_of(source, module):
        for prefix in FORBIDDEN[layer]:
            if (name == prefix or name.startswith(prefix + ".")) and (
                module,
                prefix,
            ) not in EXCEPTIONS:
                bad.append(f"{module}:{line} imports {name} ({layer} may not import {prefix})")
    return bad


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_each_layer_imports_only_what_it_may():
    problems = []
    for module, path in package_modules().items():
        problems += violations(path.read_text(encoding="utf-8"), module)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("kongchuo_desktop.views.some_page", "from kongchuo_desktop.db.models import Student"),
        ("kongchuo_desktop.views.some_page", "import peewee"),
        ("kongchuo_desktop.domain.rule", "from PySide6.QtCore import QDate"),
        ("kongchuo_desktop.domain.rule", "from kongchuo_desktop.services import audit"),
        ("kongchuo_desktop.services.report", "from PySide6.QtGui import QImage"),
        ("kongchuo_desktop.db.models", "from kongchuo_desktop.services import audit"),
    ],
)
def test_a_wrong_import_is_caught_even_inside_a_function(module, line):
    source = f"def later():\n    {line}\n"
    assert violations(source, module), f"{line} in {module} was not caught"


def internal_graph() -> dict[str, set[str]]:
    modules = package_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for _, name in imports_of(path.read_text(encoding="utf-8"), module):
            # the longest module name that `name` is or lies in
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module and name != ROOT:
                graph[module].add(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(internal_graph()) == []


def test_a_cycle_is_caught():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_too_long_to_read():
    long = {
        module: n
        for module, path in package_modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and module not in LONG_MODULES
    }
    assert not long, long
