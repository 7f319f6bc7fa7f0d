"""The import directions of docs/architecture.md: nothing outside ``hall_desk.ui`` needs Qt,
and each layer imports only what its rules allow."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_everything_but_ui_imports_without_pyside6():
    script = textwrap.dedent("""
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6.") or name == "shiboken6":
                    raise ImportError("blocked: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import hall_desk
        done = []
        for info in pkgutil.walk_packages(hall_desk.__path__, "hall_desk."):
            if info.name == "hall_desk.ui" or info.name.startswith("hall_desk.ui."):
                continue
            importlib.import_module(info.name)
            done.append(info.name)
        assert "PySide6" not in sys.modules
        print(len(done))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 15


def test_core_imports_neither_qt_nor_peewee():
    script = textwrap.dedent("""
        import importlib, pkgutil, sys
        import hall_desk.core
        for info in pkgutil.walk_packages(hall_desk.core.__path__, "hall_desk.core."):
            importlib.import_module(info.name)
        bad = [m for m in sys.modules if m.split(".")[0] in ("peewee", "playhouse", "PySide6")]
        assert not bad, bad
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


# Which layer may not import which (docs/architecture.md), read from the source
# with the import graph of test_import_graph (every import counts, also lazy ones).
FORBIDDEN = {
    "hall_desk.core": ("hall_desk.store", "hall_desk.services", "hall_desk.pdf", "hall_desk.ui",
                       "hall_desk.cli", "hall_desk.app", "hall_desk.runtime", "hall_desk.config",
                       "hall_desk.paths", "hall_desk.logsetup"),
    "hall_desk.store": ("hall_desk.services", "hall_desk.pdf", "hall_desk.ui", "hall_desk.cli",
                        "hall_desk.app", "hall_desk.runtime"),
    "hall_desk.pdf": ("hall_desk.store", "hall_desk.services", "hall_desk.ui", "hall_desk.cli",
                      "hall_desk.app", "hall_desk.runtime"),
    "hall_desk.services": ("hall_desk.ui", "hall_desk.cli", "hall_desk.app", "hall_desk.runtime"),
    "hall_desk.ui": ("hall_desk.store", "hall_desk.cli", "hall_desk.app"),
    "hall_desk.runtime": ("hall_desk.ui", "hall_desk.cli", "hall_desk.app"),
}
for _beside in ("hall_desk.config", "hall_desk.paths", "hall_desk.logsetup"):
    FORBIDDEN[_beside] = ("hall_desk.store", "hall_desk.services", "hall_desk.pdf",
                          "hall_desk.ui", "hall_desk.cli", "hall_desk.app", "hall_desk.runtime")


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def broken_rules(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(edges.items()):
        for layer, banned in FORBIDDEN.items():
            if not _within(module, layer):
                continue
            found += [f"{module} imports {target}" for target in sorted(targets)
                      if any(_within(target, b) for b in banned)]
    return found


def test_layer_rules_catch_a_wrong_import():
    edges = {"hall_desk.ui.page": {"hall_desk.store.models", "hall_desk.services.queue"},
             "hall_desk.core.x": {"hall_desk.core.i18n", "hall_desk.paths"},
             "hall_desk.services.s": {"hall_desk.store.models"}}
    assert broken_rules(edges) == ["hall_desk.core.x imports hall_desk.paths",
                                   "hall_desk.ui.page imports hall_desk.store.models"]


def test_every_layer_keeps_its_import_rules():
    from test_import_graph import graph

    edges = graph()
    assert {"hall_desk.core", "hall_desk.store", "hall_desk.pdf", "hall_desk.services",
            "hall_desk.ui"} <= set(edges)
    broken = broken_rules(edges)
    assert not broken, "layer rules broken:\n" + "\n".join(broken)


def pages_imported_elsewhere(edges: dict[str, set[str]]) -> list[str]:
    """Imports of a page (``hall_desk.ui.pages.*_page``) by anything but the list of pages:
    what pages share lives in ui/widgets.py (or another ui module), not in a page."""
    return [f"{module} imports {target}" for module, targets in sorted(edges.items())
            for target in sorted(targets)
            if target.startswith("hall_desk.ui.pages.") and target.endswith("_page")
            and module != "hall_desk.ui.pages"]


def test_only_the_list_of_pages_imports_a_page():
    from test_import_graph import graph

    edges = graph()
    assert "hall_desk.ui.pages.duty_page" in edges["hall_desk.ui.pages"]
    assert pages_imported_elsewhere(
        {"hall_desk.ui.handover_panel": {"hall_desk.ui.pages.duty_page"}}) == [
        "hall_desk.ui.handover_panel imports hall_desk.ui.pages.duty_page"]
    wrong = pages_imported_elsewhere(edges)
    assert not wrong, "\n".join(wrong)


# -- no database row above the services ----------------------------------------------------
# The window and the command line get views (core/views.py), never a peewee model. The check
# reads which service functions ui/ and cli.py use (``services.X.f`` and ``from
# hall_desk.services.X import f``) and fails when one's return annotation names a model of
# store/models.py. It relies on the annotations telling the truth;
# tests/services/test_ticket_views.py checks the ticket functions' results at run time.
# Still returning rows, to convert (the list may only shrink; a function that no longer
# returns a row must leave it, so the test fails on a stale entry too): none left.
ROW_RETURNS_LEFT: set[str] = set()


def service_functions_used_above() -> dict[str, set[str]]:
    """``module.function`` of every service function ui/ and cli.py name -> the files."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "hall_desk"
    used: dict[str, set[str]] = {}
    for path in sorted((root / "ui").rglob("*.py")) + [root / "cli.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "hall_desk.services":
                modules.update({a.asname or a.name: a.name for a in node.names})
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "hall_desk.services."):
                for a in node.names:
                    used.setdefault(f"{node.module.split('.')[-1]}.{a.name}", set()).add(path.name)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in modules):
                used.setdefault(f"{modules[node.value.id]}.{node.attr}", set()).add(path.name)
    return used


def test_ui_and_cli_get_no_database_rows_from_the_services():
    import importlib
    import inspect
    import re

    import peewee

    from hall_desk.store import models

    rows = {name for name, c in vars(models).items()
            if isinstance(c, type) and issubclass(c, peewee.Model)}
    used = service_functions_used_above()
    assert "lifecycle.register" in used and "lifecycle.act" in used, "the finder found too little"
    found = {}
    for name, where in used.items():
        module, function = name.split(".")
        obj = getattr(importlib.import_module(f"hall_desk.services.{module}"), function, None)
        if not inspect.isfunction(obj):
            continue
        returned = inspect.signature(obj).return_annotation
        assert returned is not inspect.Signature.empty, f"{name} has no return annotation"
        named = set(re.findall(r"\w+", returned if isinstance(returned, str) else repr(returned)))
        if named & rows:
            found[name] = f"{returned} (used in {', '.join(sorted(where))})"
    new = {k: v for k, v in found.items() if k not in ROW_RETURNS_LEFT}
    assert not new, f"a service hands a database row to ui/cli; return a view instead: {new}"
    stale = ROW_RETURNS_LEFT - set(found)
    assert not stale, f"no longer returning rows (take them off ROW_RETURNS_LEFT): {stale}"
