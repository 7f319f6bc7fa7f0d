"""Every colour of the window comes from hall_desk/ui/palette.py: no other ui module writes a
colour literal ("#b00020", rgb(...), QColor("red"), Qt.GlobalColor.darkRed, "color: white" in
a style sheet), and every colour the palette names is used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

QColor = pytest.importorskip("PySide6.QtGui").QColor     # Qt's list of colour names

from hall_desk.ui import palette  # noqa: E402

pytestmark = pytest.mark.gui

UI = Path(palette.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hsva?)\s*\(", re.IGNORECASE)
PROPERTY = re.compile(r"(?:^|[\s;{])((?:alternate-|selection-)?(?:background|color|border)"
                      r"[\w-]*|gridline-color)\s*:\s*([^;}]*)", re.IGNORECASE)
NAMES = {name.lower() for name in QColor.colorNames()}


def literal_colours(source: str) -> list[str]:
    """The colour literals in one module's code (comments and docstrings aside)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            text = node.value
            found += HEX.findall(text) + FUNCTION.findall(text)
            for prop, value in PROPERTY.findall(text):
                words = re.findall(r"[a-zA-Z]+", re.sub(r"\{[^}]*\}", "", value))
                found += [f"{prop}: {w}" for w in words if w.lower() in NAMES]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "QColor":
            if any(isinstance(a, ast.Constant) for a in node.args):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Attribute) and node.attr.lower() in NAMES:
            base = ast.unparse(node.value)
            if base in ("Qt", "Qt.GlobalColor", "QtCore.Qt", "QtCore.Qt.GlobalColor"):
                found.append(ast.unparse(node))
    return found


def test_no_colour_literal_outside_the_palette():
    found = {str(path.relative_to(UI)): literal_colours(path.read_text(encoding="utf-8"))
             for path in sorted(UI.rglob("*.py")) if path.name != "palette.py"}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_check_finds_each_kind_of_literal():
    source = '''
a = QColor("#b00020")
b = "QPushButton { background: white; border: 1px solid #ccc; }"
c = "color: rgb(1, 2, 3);"
d = Qt.GlobalColor.darkRed
e = QColor(10, 20, 30)
f = f"color: {palette.ERROR}; background: {palette.WHITE};"  # fine: named in the palette
'''
    assert sorted(literal_colours(source)) == sorted([
        "QColor('#b00020')", "#b00020", "background: white", "#ccc", "rgb(",
        "Qt.GlobalColor.darkRed", "QColor(10, 20, 30)"])


def test_every_colour_of_the_palette_is_a_colour_and_used():
    colours = {name: value for name, value in vars(palette).items()
               if name.isupper() and not name.endswith("_STYLE")}
    assert all(QColor(value).isValid() for value in colours.values()), colours
    code = "\n".join(path.read_text(encoding="utf-8") for path in UI.rglob("*.py")
                     if path.name != "palette.py")
    styles = "\n".join(line for line in Path(palette.__file__).read_text().splitlines()
                       if "_STYLE = " in line)
    unused = [name for name in colours
              if f"palette.{name}" not in code and f"({name})" not in styles]
    assert unused == []
