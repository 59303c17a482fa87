"""The platform's import graph, read from the source (no module is imported): which module
imports which, where (top level, inside a function, or only for type checking) and whether a
comment says why. The import rules (test_rules.py) and the diagram in docs/architecture.md are
both made from it; `python -m tests.architecture.graph` prints the diagram."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "peoplezones"

# The shared floor: every app may use these; they use no app.
PLATFORM = ("core", "privacy", "search")
# Outer apps gather from every app; no app may import them.
OUTER = ("api", "datasources", "demo", "programme")


@dataclass(frozen=True)
class Lazy:
    """An import statement inside a function (of anything, the platform's or a library's)."""

    module: str
    line: int
    function: str
    names: str
    commented: bool

    @property
    def path(self) -> str:
        return module_path(self.module)


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported module, dotted
    line: int
    in_function: str  # the enclosing function's name, or ""
    type_only: bool  # under `if TYPE_CHECKING:`
    commented: bool  # a comment on the line, or the line above, says why

    @property
    def path(self) -> str:
        return module_path(self.source)


def module_path(module: str, root: Path = ROOT) -> str:
    path = root / Path(*module.split("."))
    return str(
        (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(root)
    )


# The project's own modules beside the apps (peoplezones/settings.py, the web process's start
# in wsgi.py and warm.py, and so on): in no app.
PROJECT_MODULES = {"settings", "production_settings", "urls", "wsgi", "asgi", "warm"}


def app_of(module: str) -> str | None:
    """The app a module belongs to (an app's package itself included), or None."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE or parts[1] in PROJECT_MODULES:
        return None
    return parts[1]


def _is_module(dotted: str, root: Path) -> bool:
    path = root / Path(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        rel = path.relative_to(root)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, root: Path
) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            anchor = module.split(".")
            anchor = anchor if is_package else anchor[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base]) if base else ".".join(anchor)
        names = [
            f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}", root) else base
            for alias in node.names
        ]
    return sorted({n for n in names if n.split(".")[0] == PACKAGE})


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, lines: list[str], root: Path) -> None:
        self.module, self.path, self.lines, self.root = module, path, lines, root
        self.functions: list[str] = []
        self.type_only = 0
        self.found: list[Import] = []
        self.lazy: list[Lazy] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_If(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        if test in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            self.type_only += 1
            for child in node.body:
                self.visit(child)
            self.type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        line = node.lineno
        said = "#" in self.lines[line - 1] or (
            line > 1 and self.lines[line - 2].strip().startswith("#")
        )
        if self.functions:
            self.lazy.append(Lazy(self.module, line, self.functions[-1], ast.unparse(node), said))
        for target in _targets(node, self.module, self.path.name == "__init__.py", self.root):
            self.found.append(
                Import(
                    self.module,
                    target,
                    line,
                    self.functions[-1] if self.functions else "",
                    bool(self.type_only),
                    said,
                )
            )

    visit_Import = visit_ImportFrom = _import


@cache
def _visited(root: Path = ROOT) -> tuple[_Visitor, ...]:
    visited = []
    for module, path in _modules(root).items():
        text = path.read_text()
        visitor = _Visitor(module, path, text.splitlines(), root)
        visitor.visit(ast.parse(text))
        visited.append(visitor)
    return tuple(visited)


def imports(root: Path = ROOT) -> tuple[Import, ...]:
    return tuple(i for v in _visited(root) for i in v.found)


def lazy_imports(root: Path = ROOT) -> tuple[Lazy, ...]:
    """Imports inside functions, except an AppConfig's ready(): Django's place for them (apps'
    models are loaded only by then)."""
    return tuple(
        i for v in _visited(root) for i in v.lazy
        if not (i.module.endswith(".apps") and i.function == "ready")
    )  # fmt: skip


def apps(root: Path = ROOT) -> list[str]:
    return sorted({a for m in _modules(root) if (a := app_of(m))})


def app_graph(root: Path = ROOT, *, include_type_only: bool = False) -> dict[str, set[str]]:
    """App -> the other apps it imports (at any level; a lazy import is still a dependency)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports(root):
        source, target = app_of(imp.source), app_of(imp.target)
        if source and target and source != target and (include_type_only or not imp.type_only):
            graph[source].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(set(graph) | {n for targets in graph.values() for n in targets}):
        if node not in index:
            visit(node)
    return sorted(groups)


def module_graph(app: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules of the same app it imports (type-only imports left out)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports(root):
        inside = app_of(imp.source) == app == app_of(imp.target) and not imp.type_only
        # a package importing its own module, or a module its own package, is no circle
        if inside and imp.target != imp.source and not imp.source.startswith(imp.target + "."):
            graph[imp.source].add(imp.target)
    return graph


def mermaid() -> str:
    """The app graph as a Mermaid diagram. Every app may use the platform (core, privacy) and
    the demo uses every app, so those arrows are left out to keep the rest readable; the rules
    (test_rules.py) check all of them."""
    graph = app_graph()
    lines = ["flowchart TD"]
    for app in apps():
        if app in PLATFORM or app == "demo":
            continue
        lines.append(f"    {app}({app})" if app in OUTER else f"    {app}")
    lines.append('    subgraph platform["platform: every app may use it"]')
    lines += [f"        {app}[[{app}]]" for app in PLATFORM]
    lines.append("    end")
    for source in sorted(graph):
        if source == "demo":
            continue
        for target in sorted(graph[source]):
            if target not in PLATFORM or source in PLATFORM:
                lines.append(f"    {source} --> {target}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(mermaid() + "\n")
