"""Demo days of 一日管理 (the hall's daily routine), made through the daily service on the
demo clock: yesterday's day ticked through and signed (one fault found on a walk-round,
recorded on the duty log and closed there), and today's opening checks done. Part of
``hall-desk demo`` (:mod:`hall_desk.services.demo`); it makes no tickets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from hall_desk.services import daily, duty
from hall_desk.services.context import Actor, clock
from hall_desk.store.models import DailyDay

FAULT = "自助缴费终端黑屏，已重启恢复"


def fill_daily(today: datetime, people: Mapping[str, Actor]) -> None:
    """Yesterday's day closed by 王丽, today's opening checks by 刘洋 (when the demo's clock
    is past them). Does nothing twice, or without the demo staff."""
    if DailyDay.select().exists() or not {"wangli", "liuyang", "chenjing"} <= set(people):
        return
    wang, liu, chen = people["wangli"], people["liuyang"], people["chenjing"]
    yesterday = today.date() - timedelta(days=1)

    def at(day, hh: int, mm: int) -> datetime:
        return datetime.combine(day, datetime.min.time()).replace(hour=hh, minute=mm)

    with clock(lambda: at(yesterday, 8, 20)):
        day = daily.open_day(liu, yesterday)
    for item in daily.items(day.id):
        if item.phase == "opening":
            moment, who = at(yesterday, 8, 20) + timedelta(minutes=item.position), liu
        elif item.phase == "round":
            hh, mm = (int(x) for x in item.slot.split(":"))
            moment = at(yesterday, hh, mm) + timedelta(minutes=2 + item.position)
            who = chen
        else:
            moment, who = at(yesterday, 17, 30) + timedelta(minutes=item.position), wang
        with clock(lambda m=moment: m):
            if item.phase == "round" and item.slot == "14:30" and "自助" in item.text:
                marked = daily.mark(who, item.id, "faulty", FAULT)
                duty.close(wang, marked.duty_entry_id, outcome="15:10 复查，终端运行正常")
            else:
                daily.tick(who, item.id)
    with clock(lambda: at(yesterday, 17, 45)):
        daily.close(wang, day.id, wang.name, on_paper=True)
    start = at(today.date(), 8, 20)
    if today < start:
        return
    with clock(lambda: start):
        day = daily.open_day(liu, today.date())
    for item in daily.items(day.id):
        moment = start + timedelta(minutes=item.position)
        if item.phase != "opening" or moment > today:
            break
        with clock(lambda m=moment: m):
            daily.tick(liu, item.id)
