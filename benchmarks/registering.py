"""What the registering benchmarks register: a clerk's complaint form, and a new customer
for each round (a new name and phone, as at a counter). Plain data only: ``ab_register``
loads this file beside trees whose own ``benchmarks`` package does not have it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# the demo hall's counter clerk 刘洋 at counter A1: (staff id, name, counter, login)
CLERK = (4, "刘洋", "A1", "liuyang")
FORM = {"kind": "complaint", "channel": "walk-in", "category": "服务质量",
        "customer_name": "张三丰", "phone": "13800138000", "content": "排队一小时无人引导",
        "demand": "改进排队引导", "confirmed_by_customer": True}


def new_customer(n: int) -> dict:
    """The form of the n-th new customer: a name and phone no earlier round had."""
    return dict(FORM, customer_name="客户" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + str(n),
                phone=f"139{n:08d}")


def raw_floor(path) -> tuple[sqlite3.Connection, Callable[[], None]]:
    """The floor of a registration: a connection to the same file and a function that
    commits one raw INSERT durably (synchronous=FULL, as the app's commits)."""
    raw = sqlite3.connect(str(path), isolation_level=None)
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE IF NOT EXISTS bench_floor "
                "(id INTEGER PRIMARY KEY, number TEXT, content TEXT)")

    def insert() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO bench_floor (number, content) VALUES (?, ?)", ("X", "排队"))
        raw.execute("COMMIT")

    return raw, insert
