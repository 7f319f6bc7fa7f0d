"""No Python wrapper outlives the layout item it stands for.

Qt owns the items of a layout (a ``QWidgetItem`` for each widget, a ``QSpacerItem`` for each
stretch) and deletes an item as soon as its widget is deleted or moved elsewhere, without
telling PySide. PySide, though, makes a Python wrapper for every item of a layout passed to
``QBoxLayout.addLayout``, ``insertLayout`` or ``QGridLayout.addLayout`` (to record who owns
what) and keeps it as long as the outer layout lives; ``QLayout.itemAt`` does the same for the
item it returns. Such a wrapper then stands for freed memory, and the next object Qt makes at
that address comes back to Python as the old item: the test suite saw a menu bar arrive as a
``QSpacerItem`` ("no attribute addMenu") and a crash while a form was built.

:func:`install` (run when :mod:`hall_desk.ui` is imported) makes those three methods let go
of the wrappers they made, and :func:`parts` reads an item and lets go of its wrapper. Letting
go (``Shiboken.invalidate``) only drops the Python side: Qt keeps and deletes its items as
before. Items made in Python are left alone: their wrappers are told when Qt deletes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QBoxLayout, QGridLayout, QLayout, QLayoutItem, QSpacerItem, QWidget, QWidgetItem,
)
from shiboken6 import Shiboken

#: The methods whose PySide glue wraps the items of the layout they are given.
_WRAPPING = ((QBoxLayout, "addLayout"), (QBoxLayout, "insertLayout"),
             (QGridLayout, "addLayout"))


def parts(item: QLayoutItem | None) -> tuple[QWidget | None, QLayout | None]:
    """The widget or the layout ``item`` holds; the item's wrapper is let go if Qt made it."""
    if item is None:
        return None, None
    widget, layout = item.widget(), item.layout()
    if isinstance(item, (QWidgetItem, QSpacerItem)) and not Shiboken.createdByPython(item):
        Shiboken.invalidate(item)
    return widget, layout


def release(layout: QLayout) -> None:
    """Let go of the wrappers of every item in ``layout`` and in the layouts inside it."""
    for index in range(layout.count()):
        _widget, inner = parts(layout.itemAt(index))
        if inner is not None and inner is not layout:
            release(inner)


def _releasing(method: Callable[..., Any]) -> Callable[..., Any]:
    def add(self: QLayout, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if self.parentWidget() is not None:   # PySide wraps nothing for a layout not yet placed
            for given in (*args, *kwargs.values()):
                if isinstance(given, QLayout):
                    release(given)
        return result
    # named by hand: functools.wraps would read the method's __doc__ and __annotations__,
    # which loads and runs shiboken's signature parser at start-up (about 80 patterns)
    add.__name__ = add.__qualname__ = method.__name__
    add.__wrapped__ = method                # type: ignore[attr-defined]
    add.__wrapped_by_hall_desk__ = True     # type: ignore[attr-defined]
    return add


def install() -> None:
    """Wrap the methods of :data:`_WRAPPING` once (a second call changes nothing)."""
    for cls, name in _WRAPPING:
        method = cls.__dict__[name]
        if not getattr(method, "__wrapped_by_hall_desk__", False):
            setattr(cls, name, _releasing(method))
