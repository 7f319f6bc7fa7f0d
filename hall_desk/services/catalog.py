"""The hall's configurable lists, for forms and filters: categories, departments, and who
works in which department (for the A/B handler choice)."""

from __future__ import annotations

from dataclasses import dataclass

from hall_desk.core import i18n
from hall_desk.store.models import Category, Department, Staff


@dataclass(frozen=True)
class Choice:
    id: int
    code: str
    name: str


def categories(*, active_only: bool = True) -> list[Choice]:
    query = Category.select().order_by(Category.position, Category.id)
    if active_only:
        query = query.where(Category.active == True)  # noqa: E712
    return [Choice(c.id, c.code, shown(c)) for c in query]


def shown(row: Category | Department | None, lang: str | None = None) -> str:
    """A category's or department's name in ``lang`` (default: the window's): the English
    name in English where set-up or the administrator gave one, else the Chinese name.
    Records and printed sheets keep the Chinese name."""
    if row is None:
        return ""
    return (row.name_en or row.name) if (lang or i18n.language()) != "zh" else row.name


def category_name(name: str) -> str:
    """A category's stored (Chinese) name, as in a ticket's view, as the window shows it."""
    return _name_shown(Category, name)


def department_name(name: str) -> str:
    """A department's stored (Chinese) name as the window shows it."""
    return _name_shown(Department, name)


def _name_shown(model: type[Category] | type[Department], name: str) -> str:
    if not name or i18n.language() == "zh":
        return name
    return shown(model.get_or_none(model.name == name)) or name


def departments(*, active_only: bool = True) -> list[Choice]:
    query = Department.select().order_by(Department.id)
    if active_only:
        query = query.where(Department.active == True)  # noqa: E712
    return [Choice(d.id, d.code, shown(d)) for d in query]


def handlers(department_id: int | None = None) -> list[Choice]:
    """Active staff who can handle a case, those of ``department_id`` first."""
    rows = list(Staff.select().where(Staff.active == True).order_by(Staff.name))  # noqa: E712
    if department_id:
        rows.sort(key=lambda s: s.department_id != department_id)
    return [Choice(s.id, s.login, s.name) for s in rows]
