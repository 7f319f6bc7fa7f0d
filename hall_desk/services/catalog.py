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
    english = i18n.language() != "zh"
    return [Choice(c.id, c.code, (c.name_en or c.name) if english else c.name) for c in query]


def departments(*, active_only: bool = True) -> list[Choice]:
    query = Department.select().order_by(Department.id)
    if active_only:
        query = query.where(Department.active == True)  # noqa: E712
    english = i18n.language() != "zh"
    return [Choice(d.id, d.code, (d.name_en or d.name) if english else d.name) for d in query]


def handlers(department_id: int | None = None) -> list[Choice]:
    """Active staff who can handle a case, those of ``department_id`` first."""
    rows = list(Staff.select().where(Staff.active == True).order_by(Staff.name))  # noqa: E712
    if department_id:
        rows.sort(key=lambda s: s.department_id != department_id)
    return [Choice(s.id, s.login, s.name) for s in rows]
