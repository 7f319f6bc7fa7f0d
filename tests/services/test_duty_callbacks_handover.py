"""Duty log, callbacks and handovers on SQLite and PostgreSQL: corrections and the hash
chain, a callback that reopens a ticket and an unreachable customer's retries, and a
handover from assembly to the sealed record."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hall_desk.core.enums import HandoverItemState, HandoverState
from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.services import audit, callbacks, duty, handover, lifecycle, shifts, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Callback, DutyLogEntry, Handover, HandoverItem, Signature

T0 = datetime(2026, 11, 24, 9, 0)


@pytest.fixture
def at():
    moment = {"now": T0}
    with clock(lambda: moment["now"]):
        yield moment


def _replied(hall, *, settle=False, phone="13800138000"):
    boss = hall["wangli"]
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "customer_name": "张三", "phone": phone,
        "content": "电表跳闸。", "demand": "更换电表。", "confirmed_by_customer": True})
    steps = [("settle_on_spot", {"reply_content": "已解释。"})] if settle else [
        ("judge_valid", {}), ("assign", {"department": "CS"}),
        ("analyse", {"cause_class": "product"}), ("propose", {"solution": "更换。"}),
        ("approve", {"instruction": "同意。"}), ("implement", {"implementation": "已更换。"}),
        ("review", {}), ("reply", {"reply_method": "phone", "reply_content": "已更换。"})]
    for action, data in steps:
        who = hall["liuyang"] if action == "propose" else boss   # not her own plan
        t = lifecycle.act(who, t.id, t.version, action, data)
    return t


def test_duty_log_corrections_are_new_entries_and_the_chain_catches_an_edit(hall, at):
    clerk, boss = hall["liuyang"], hall["wangli"]
    first = duty.add(clerk, "disturbance", "一名客户大声喧哗。", handled_by="wangli")
    with pytest.raises(ValidationError) as caught:
        duty.add(clerk, "nonsense", "")
    assert set(caught.value.errors) == {"duty_kind", "duty_text"}
    at["now"] += timedelta(minutes=5)
    fixed = duty.correct(clerk, first.id, "一名客户大声喧哗、拍打柜台。")
    with pytest.raises(HallError) as caught:
        duty.correct(clerk, first.id, "另一个版本")            # not the newest any more
    assert "第2号" in caught.value.message("zh")
    with pytest.raises(ValidationError):
        duty.close(boss, fixed.id, outcome="")
    closed = duty.close(boss, fixed.id, outcome="客户情绪平复后离开。", action_taken="引导至接待室。")
    assert [e.follow for e in duty.thread(first.id)] == ["", "correction", "closing"]
    assert duty.get(closed.id).handled_by == "王丽" and duty.open_incidents() == []
    with pytest.raises(HallError):
        duty.follow_up(boss, duty.add(clerk, "note", "交班前巡查。").id, outcome="x")
    assert DutyLogEntry.select().count() == 4 and duty.verify_chain() == []
    DutyLogEntry.update(text="改过的内容").where(DutyLogEntry.id == first.id).execute()
    assert duty.verify_chain() == [first.id]


def test_dissatisfied_callback_reopens_the_ticket_with_the_reason(hall, at):
    t = _replied(hall)
    due = callbacks.worklist()
    assert [d.number for d in due] == [t.number]
    assert due[0].due == datetime(2026, 11, 24, 17, 30)           # the policy's same-day rule
    with pytest.raises(ValidationError) as caught:
        callbacks.record(hall["chenjing"], t.id, t.version, method="phone", reached=True,
                         satisfaction="dissatisfied")
    assert "customer_words" in caught.value.errors
    fresh = callbacks.record(hall["chenjing"], t.id, t.version, method="phone", reached=True,
                             satisfaction="dissatisfied", customer_words="还是跳闸。")
    assert fresh.status == "assigned" and fresh.round == 2
    row = Callback.get(Callback.ticket == t.id)
    assert (row.reached, row.satisfaction, row.customer_words, row.attempt) == \
        (True, "dissatisfied", "还是跳闸。", 1)
    assert tickets.history(t.id)[-1].note == "还是跳闸。"
    assert callbacks.worklist() == []


def test_unreachable_customer_retries_then_goes_to_the_supervisor(hall, at):
    t = _replied(hall, settle=True)
    clerk = hall["chenjing"]
    for n in range(1, callbacks.MAX_ATTEMPTS + 1):
        at["now"] += timedelta(minutes=30)
        callbacks.record(clerk, t.id, t.version, method="phone", reached=False)
        d = callbacks.due_of(tickets.get(t.id))
        assert d.attempts == n and d.due == at["now"] + callbacks.RETRY_AFTER
    assert d.flagged
    with pytest.raises(HallError) as caught:
        callbacks.record(clerk, t.id, t.version, method="sms", reached=False)
    assert "3次未联系上客户" in caught.value.message("zh")
    callbacks.record(hall["wangli"], t.id, t.version, method="visit", reached=False)
    done = callbacks.record(clerk, t.id, t.version, method="visit", reached=True,
                            satisfaction="satisfied")
    assert done.status == "called_back"
    assert [c.attempt for c in callbacks.history(t.id)] == [1, 2, 3, 4, 5]
    assert [c.reached for c in callbacks.history(t.id)] == [False] * 4 + [True]


def test_handover_review_sealing_and_search(hall, at):
    out, inc, boss = hall["liuyang"], hall["chenjing"], hall["wangli"]
    _replied(hall)
    duty.add(out, "system_failure", "叫号机故障。")
    at["now"] = datetime(2026, 11, 24, 11, 45)
    h = handover.assemble(out)
    assert (h.shift_name, h.state) == ("上午班", "draft")
    assert [i["kind"] for i in handover.describe(h.id)["items"]] == ["incident", "callback"]
    note = handover.add_note(out, h.id, "打印机缺纸。")
    assert (note.kind, note.text, note.state) == ("note", "打印机缺纸。", HandoverItemState.PENDING)
    current = handover.current_for(inc)
    assert (current.id, current.state) == (h.id, HandoverState.DRAFT)
    with pytest.raises(HallError):
        handover.add_note(inc, h.id, "不是我的交班")
    again = handover.assemble(out)                       # refreshed, the note kept
    assert again.id == h.id and handover.describe(h.id)["items"][-1]["kind"] == "note"
    with pytest.raises(HallError):
        handover.acknowledge(inc, handover.describe(h.id)["item_ids"][0])   # not signed out yet
    handover.sign_out(out, h.id, image_png=b"\x89PNG fake")
    with pytest.raises(HallError):
        handover.assemble(out)                           # signed out: fixed
    ids = handover.describe(h.id)["item_ids"]
    with pytest.raises(HallError):
        handover.acknowledge(out, ids[0])               # nobody reviews their own
    asked = handover.query(inc, ids[0], "报修了吗？")
    assert (asked.id, asked.state, asked.query) == (ids[0], HandoverItemState.QUERIED, "报修了吗？")
    with pytest.raises(HallError):
        handover.acknowledge(hall["sunhao"], ids[1])    # chenjing is reviewing
    handover.acknowledge_all(inc, h.id)
    with pytest.raises(HallError) as caught:
        handover.sign_in(inc, h.id)
    assert "疑问未答复" in caught.value.message("zh")
    with pytest.raises(HallError):
        handover.answer(hall["sunhao"], ids[0], "我来答")
    handover.answer(boss, ids[0], "已报修。")
    sig = handover.sign_in(inc, h.id, on_paper=True)
    data = handover.describe(h.id)
    assert data["state"] == "sealed" and data["items"][0]["answer"] == "已报修。（王丽）"
    assert data["sealed_sha256"] == sig.content_sha256 == data["content_sha256"]
    assert handover.verify(h.id)
    assert [s.role for s in Signature.select().where(Signature.subject_type == "handover")] == \
        ["outgoing", "incoming"]
    with pytest.raises(HallError):
        handover.query(inc, ids[1], "还能问吗")
    assert {r.chain: r.ok for r in audit.verify()}["handover"]
    HandoverItem.update(text="悄悄改过").where(HandoverItem.id == ids[1]).execute()
    assert not handover.verify(h.id)
    broken = {r.chain: r for r in audit.verify()}["handover"]
    assert (broken.ok, broken.broken_row) == (False, h.id)
    assert "封存" in broken.message() or "sealed" in broken.message()
    assert [r["id"] for r in handover.search(T0.date(), T0.date(), "陈静")] == [h.id]
    assert handover.search(person="sunhao") == []
    assert handover.sheet(boss, h.id).startswith(b"%PDF")


def test_shifts_are_saved_by_an_administrator_and_drive_the_handover(hall, at):
    with pytest.raises(PermissionDenied):
        shifts.save(hall["wangli"], [])
    shifts.save(hall["admin"], [{"name": "白班", "name_en": "Day", "start": "08:00", "end": "20:00"},
                                {"name": "夜班", "start": "20:00", "end": "08:00"}])
    assert shifts.current_shift(datetime(2026, 11, 25, 2, 0)).name == "夜班"
    assert shifts.label_at(datetime(2026, 11, 25, 9, 0), "en") == "Day"
    preview = handover.preview(datetime(2026, 11, 24, 19, 50))
    assert preview["next_shift"] == {"name": "夜班", "start": "2026-11-24T20:00",
                                     "end": "2026-11-25T08:00"}
    with pytest.raises(HallError):
        handover.preview(shift_name="上午班")
    assert Handover.select().count() == 0
