"""Demo duty log, callbacks and handovers (值班记录 and 交接班, domain.md §8, §9), made through the
duty, callback and handover services on the demo clock. Part of ``hall-desk demo``
(:mod:`hall_desk.services.demo`); it makes no tickets.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hall_desk.services.context import Actor, now
from hall_desk.services.duty import add, close, correct, thread
from hall_desk.store.models import DutyLogEntry, Staff


def fill_duty(today: datetime | None = None, counter_code: str = "A1") -> None:
    """Demo duty log, callbacks and handovers (called at the end of ``services.demo.fill``):
    entries and incidents of the last days (one still open), a correction, an unreachable
    callback, and yesterday's two handovers signed by both. Does nothing twice."""
    from hall_desk.core.enums import Role
    from hall_desk.services import callbacks, handover
    from hall_desk.services import shifts as shift_service
    from hall_desk.services.context import clock

    if DutyLogEntry.select().exists():
        return
    moment = (today or now()).replace(second=0, microsecond=0)
    people = {s.login: Actor(s.id, s.name, Role(s.role), counter_code, s.login)
              for s in Staff.select()}
    if not {"wangli", "liuyang", "chenjing"} <= set(people):
        return
    wang, liu, chen = people["wangli"], people["liuyang"], people["chenjing"]
    day = moment.date()
    at = lambda d, hh, mm: datetime.combine(day - timedelta(days=d),  # noqa: E731
                                            datetime.min.time()).replace(hour=hh, minute=mm)

    def on(when: datetime, action):
        with clock(lambda: when):
            return action()

    on(at(2, 8, 35), lambda: add(liu, "note", "开门前检查：叫号机、自助缴费机、空调、饮水机正常。"))
    media = on(at(2, 10, 12), lambda: add(
        chen, "media_lawyer", "一名自称某晚报记者的人员在大厅拍照，并要求采访窗口人员。",
        handled_by="wangli", action_taken="已报告分管领导，请其到接待室等候，窗口人员未接受采访。"))
    on(at(2, 11, 5), lambda: close(wang, media.id, outcome="分管领导联系宣传部门接待，记者已离开。"))
    cut = on(at(1, 14, 20), lambda: add(
        liu, "power_cut", "大厅突然停电，叫号和收费系统中断，约15名客户在等候。",
        handled_by="wangli", action_taken="向客户解释并请到休息区等候；联系运维查明原因，告知全体营业人员。"))
    on(at(1, 14, 30), lambda: correct(liu, cut.id, "大厅突然停电，叫号和收费系统中断，约20名客户在等候。"))
    latest = thread(cut.id)[-1]
    on(at(1, 15, 5), lambda: close(wang, latest.id, outcome="15:02恢复供电，系统正常，客户依次办理。"))
    on(at(1, 16, 40), lambda: add(chen, "note", "自助缴费机2号机卡纸，已通知厂家明日上门。"))
    if moment.time() >= datetime.min.time().replace(hour=9):
        on(moment - timedelta(minutes=25), lambda: add(
            chen, "system_failure", "营销系统响应缓慢，过户业务无法提交。", handled_by="wangli",
            action_taken="已向客户解释并请其在休息区等候；已报信息运维。"))
    on(moment - timedelta(minutes=10), lambda: add(
        wang, "disturbance", "一名客户在大厅大声喧哗、拍打柜台，影响其他客户办理业务。",
        handled_by="wangli", action_taken="已引导至接待室安抚，告知如继续扰乱秩序将报警。"))

    # a callback that did not reach the customer
    due = callbacks.worklist(moment)
    if due:
        first = due[0]
        on(moment - timedelta(minutes=40), lambda: callbacks.record(
            chen, first.ticket_id, first.version, method="phone", reached=False,
            customer_words="无人接听"))

    # yesterday's handovers, signed by both
    shifts = shift_service.configured()
    for i, shift in enumerate(shifts[:2]):
        slot = shift.window(day - timedelta(days=1))
        out_actor, in_actor = (liu, chen) if i == 0 else (chen, liu)
        t = slot.end - timedelta(minutes=10)
        h = on(t, lambda: handover.assemble(out_actor, t))
        on(t, lambda: handover.add_note(out_actor, h.id, "2号自助缴费机卡纸，厂家明日上门，请留意。"))
        on(t + timedelta(minutes=1), lambda: handover.sign_out(out_actor, h.id))
        ids = handover.describe(h.id)["item_ids"]
        if ids:
            on(t + timedelta(minutes=3), lambda: handover.query(in_actor, ids[0], "此事由谁跟进？"))
            on(t + timedelta(minutes=4), lambda: handover.answer(out_actor, ids[0],
                                                                 "王丽班长跟进，已告知客户。"))
        on(t + timedelta(minutes=6), lambda: handover.acknowledge_all(in_actor, h.id))
        on(t + timedelta(minutes=7), lambda: handover.sign_in(in_actor, h.id, on_paper=False))
