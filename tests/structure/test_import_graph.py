"""No import circles in ``hall_desk``: the module graph is read from the source with ``ast``.

Every import counts: at module level, inside functions (lazy ones), under ``TYPE_CHECKING``.
``from package import name`` points at the submodule when ``name`` is one, else at the
package. A circle is named module by module, so the message says what to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import hall_desk

ROOT = Path(hall_desk.__file__).resolve().parent


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (file, is a package)."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = ["hall_desk", *path.relative_to(ROOT).with_suffix("").parts]
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def imported(name: str, path: Path, package: bool, known: set[str]) -> set[str]:
    """The ``hall_desk`` modules that module ``name`` imports anywhere in its source."""
    here = name if package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            wanted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.split(".")[:len(here.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                      for alias in node.names]
        else:
            continue
        for target in wanted:
            while target and target not in known:    # a name inside a module: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
    return targets


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imported(name, path, package, known)
            for name, (path, package) in sorted(found.items())}


def knots(edges: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that reach each other through imports (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.add(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle per knot, as a path that closes."""
    return [_circle(edges, group) for group in knots(edges)]


def describe(edges: dict[str, set[str]]) -> list[str]:
    """A line per knot: one circle in it, and the knot's other modules if there are more."""
    lines = []
    for group in knots(edges):
        circle = _circle(edges, group)
        others = sorted(group - set(circle))
        lines.append(" -> ".join(circle) + (f"  (in one knot with {', '.join(others)})"
                                            if others else ""))
    return lines


def _circle(edges: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(edges[node] & group):
                if other == start:
                    return paths[node] + [start]
                if other not in paths:
                    paths[other] = paths[node] + [other]
                    following.append(other)
        frontier = following
    return sorted(group)


def test_the_graph_is_read_from_the_source():
    edges = graph()
    assert len(edges) > 100
    assert "hall_desk.core.i18n" in edges["hall_desk.core.errors"]
    assert "hall_desk.services.tickets" in edges["hall_desk.services.lifecycle"]


def test_a_circle_is_found_and_named():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    knot = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}}
    assert describe(knot) == ["a -> b -> a  (in one knot with c)"]


def test_lazy_and_relative_imports_count(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from .core import i18n\n    import hall_desk.pdf.text\n")
    known = {"hall_desk.core", "hall_desk.core.i18n", "hall_desk.pdf", "hall_desk.pdf.text",
             "hall_desk.m"}
    assert imported("hall_desk.m", source, False, known) == {"hall_desk.core.i18n",
                                                             "hall_desk.pdf.text"}


def test_no_import_circles():
    found = describe(graph())
    assert not found, "import circles:\n" + "\n".join(found)
