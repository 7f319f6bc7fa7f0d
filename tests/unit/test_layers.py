"""The import direction of STYLE.md: nothing outside ``hall_desk.ui`` needs Qt."""

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
