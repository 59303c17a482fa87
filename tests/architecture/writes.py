"""Direct writes in modules that should call services: views (pages and the API) and management
commands. Read from the source (AST), like graph.py."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.architecture.graph import PACKAGE, ROOT

# Called on a model, a queryset or a manager, each of these writes to the database.
ALWAYS = {"delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    call: str


def thin_modules(root: Path = ROOT) -> list[Path]:
    """Modules that must not write: views (a views.py or a views/ package, the API's included)
    and management commands."""
    found = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if (
            path.name in {"views.py", "map_views.py"}
            or "views" in parts[:-1]
            or "commands" in parts
        ):
            found.append(path)
    return found


def _is_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    name, receiver = call.func.attr, ast.unparse(call.func.value)
    if name in ALWAYS:
        return True
    if name == "save":  # a model's save() takes no positional argument (a QR code's save does)
        return not call.args
    if name == "update":  # a queryset's update() takes keywords only (a dict's or set's, one value)
        return bool(call.keywords) and not call.args
    return name == "record" and receiver.split(".")[-1] == "audit"


def writes(paths: list[Path] | None = None) -> list[Write]:
    found = []
    for path in thin_modules() if paths is None else paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and _is_write(node):
                rel = str(Path(*path.parts[path.parts.index(PACKAGE) :]))
                found.append(Write(rel, node.lineno, ast.unparse(node.func)))
    return found
