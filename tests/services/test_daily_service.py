"""The hall's day (一日管理) on a real database: opening with the template in force, ticks
with who and when, faulty and undone checks on the duty log and the handover, closing with a
signature, the printed record verified by verify-pdf, the audit chain, and the command line."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from hall_desk.core.daily import DayItemRef, DayRef, DayState, ItemStatus
from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.services import audit, daily, deadlines, duty, handover, printing
from hall_desk.services.context import clock
from hall_desk.store.models import DailyDay, DailyItem, DutyLogEntry, Signature
from tests.cli_helpers import cli, one_clear_line
import tests.pdf_helpers as h

T = datetime(2026, 11, 23, 8, 30)


@pytest.fixture
def at_t():
    moment = [T]
    with clock(lambda: moment[0]):
        yield moment


def test_a_whole_day(hall, at_t):
    clerk, leader = hall["liuyang"], hall["wangli"]
    day = daily.open_day(clerk)
    assert (day.day, day.template_name, day.state) == (T.date(), "default", "open")
    assert daily.open_day(hall["chenjing"]).id == day.id              # a second counter
    items = daily.items(day.id)
    template = daily.template("default")
    assert len(items) == (len(template.items_of("opening")) + len(template.items_of("closing"))
                          + len(template.rounds) * len(template.items_of("round")))
    assert [i.slot for i in items if i.phase == "round"][0] == "10:00"

    first = daily.tick(clerk, items[0].id)
    assert (first.status, first.done_at, first.done_by_id) == ("done", T, clerk.staff_id)
    with pytest.raises(HallError) as caught:                          # someone was first
        daily.tick(hall["chenjing"], items[0].id)
    assert "已完成" in caught.value.message("zh")

    with pytest.raises(ValidationError) as caught:
        daily.mark(clerk, items[1].id, "faulty", " ")
    assert "reason" in caught.value.errors and DutyLogEntry.select().count() == 0
    at_t[0] = datetime(2026, 11, 23, 10, 5)
    printer = next(i for i in items if "打印机" in i.text)
    marked = daily.mark(clerk, printer.id, "faulty", "票据打印机卡纸，已报修")
    assert marked.status == "faulty" and marked.reason == "票据打印机卡纸，已报修"
    entry = duty.get(marked.duty_entry_id)
    assert entry.is_open and entry.kind == "other" and entry.staff == "刘洋"
    assert "打印机" in entry.text and "票据打印机卡纸" in entry.text and "故障" in entry.text
    handed = handover.preview(at=datetime(2026, 11, 23, 11, 50))
    assert any(i["kind"] == "incident" and "票据打印机卡纸" in i["text"]
               for i in handed["items"])

    with pytest.raises(HallError) as caught:
        daily.close(leader, day.id, "王丽", on_paper=True)
    assert "未检查" in caught.value.message("zh")
    at_t[0] = datetime(2026, 11, 23, 17, 40)
    rest = daily.open_items(day.id)
    for item in rest[:-1]:
        daily.tick(clerk, item.id)
    daily.mark(clerk, rest[-1].id, "not_done", "留言本在主任处，明早查阅")
    with pytest.raises(PermissionDenied):
        daily.close(clerk, day.id, "刘洋", on_paper=True)
    with pytest.raises(ValidationError):
        daily.close(leader, day.id, "王丽")                           # no signature at all
    closed = daily.close(leader, day.id, "王丽", image_png=h.png_signature())
    assert closed.state == "closed" and closed.closed_by_id == leader.staff_id
    assert Signature.get(Signature.subject_type == "daily").signer_name == "王丽"
    with pytest.raises(HallError):
        daily.mark(clerk, rest[0].id, "faulty", "晚了")
    assert len(duty.open_incidents()) == 2

    pdf = daily.record_pdf(leader, T.date())
    text = h.squash("".join(h.page_texts(pdf)))
    for needed in ("营业厅一日管理记录", "一日管理", "巡视10:00", "票据打印机卡纸，已报修",
                   "留言本在主任处", "已签字结束", "王丽"):
        assert needed in text, needed
    verdict = printing.verify_pdf(pdf)
    assert verdict.ok and verdict.sealed and "2026-11-23" in verdict.message
    assert not printing.verify_pdf(pdf.replace(b"YR-20261123", b"YR-20261124")).ok
    assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]

    DailyItem.update(done_by=hall["sunhao"].staff_id).where(      # a quiet edit behind the
        DailyItem.id == items[0].id).execute()                    # services' back
    broken = [r for r in audit.verify() if not r.ok]
    assert broken and any("daily" in r.message() for r in broken)


def test_the_template_follows_the_preset_and_edits_reach_only_new_days(hall, at_t):
    admin = hall["admin"]
    deadlines.choose_preset(admin, "banking")
    assert daily.template_in_force().name == "banking"
    first = daily.open_day(hall["liuyang"], date(2026, 11, 22))
    assert first.template_title == "营业网点一日管理"
    edited = daily.save_template(admin, dict(daily.template("banking").as_dict(),
                                             rounds=["11:00"]))
    assert edited.version == 2
    assert daily.save_template(admin, edited.as_dict()).version == 2   # nothing changed
    second = daily.open_day(hall["liuyang"])
    assert second.template_version == 2
    assert {i.slot for i in daily.items(second.id) if i.phase == "round"} == {"11:00"}
    assert {i.slot for i in daily.items(first.id) if i.phase == "round"} == {"10:00", "14:30",
                                                                              "16:00"}
    with pytest.raises(PermissionDenied):
        daily.save_template(hall["wangli"], edited.as_dict())
    with pytest.raises(ValidationError) as caught:
        daily.open_day(hall["liuyang"], date(2026, 11, 24))
    assert "尚未到来" in caught.value.errors["date"].message("zh")
    assert DailyDay.select().count() == 2


def test_the_command_line_on_the_demo_days(tmp_path, capsys, monkeypatch):
    path = tmp_path / "hall.sqlite3"
    monkeypatch.setenv("HALL_DESK_PIN", "111111")
    with clock(lambda: T):
        assert cli(capsys, "--db", str(path), "demo", "--tickets", "5")[0] == 0
        code, out, _ = cli(capsys, "--db", str(path), "daily", "--date", "2026-11-21", "--json")
        assert code == 0
        preview = json.loads(out)                                     # no day: the template
        assert preview["state"] is None and preview["template"] == "default"
        assert any("延时服务" in i["text"] for i in preview["items"])
        code, out, _ = cli(capsys, "--db", str(path), "daily", "--json")     # today
        today = json.loads(out)
        assert today["date"] == "2026-11-23" and today["state"] == "open"
        assert today["items"][0]["done_by"] == "刘洋"
        assert today["items"][0]["done_at"] == "2026-11-23T08:21"
        assert {i["status"] for i in today["items"] if i["phase"] == "opening"} == {"done"}
        assert {i["status"] for i in today["items"] if i["phase"] != "opening"} == {"open"}
        code, out, _ = cli(capsys, "--db", str(path), "daily", "--date", "2026-11-22", "--json")
        past = json.loads(out)
        assert past["state"] == "closed" and past["signature"]["signer_name"] == "王丽"
        fault = [i for i in past["items"] if i["status"] == "faulty"]
        assert len(fault) == 1 and fault[0]["slot"] == "14:30" and fault[0]["duty_entry"]

        target = tmp_path / "daily.pdf"
        code, out, _ = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "daily",
                           "2026-11-22", "-o", str(target))
        assert code == 0
        text = h.squash("".join(h.page_texts(target.read_bytes())))
        assert "一日管理" in text and past["items"][0]["text"] in text and "自助缴费终端黑屏" in text
        code, out, _ = cli(capsys, "--db", str(path), "verify-pdf", str(target))
        assert code == 0 and "2026-11-22 的营业厅一日管理记录" in out and "封存" in out
        code, _, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "daily",
                           "2026-11-21", "-o", str(target))
        assert code == 2 and "没有一日管理记录" in one_clear_line(err)
        code, _, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "daily",
                           "23/11", "-o", str(target))
        assert code == 2 and "23/11" in one_clear_line(err)
        code, _, err = cli(capsys, "--db", str(path), "daily", "--date", "yesterday")
        assert code == 2 and "yesterday" in one_clear_line(err)
        code, _, err = cli(capsys, "--db", str(path), "pdf", "daily", "2026-11-22", "-o",
                           str(target))
        assert code == 2                                              # printing needs a login
        code, out, _ = cli(capsys, "--db", str(path), "audit", "verify")
        assert code == 0, out


def test_two_counters_opening_the_same_day_get_one_day(hall, at_t, monkeypatch):
    """On PostgreSQL both may find no day and insert; the second's unique date fails and it
    takes the first's day. Here the first look-up is made to miss, as the race would."""
    first = daily.open_day(hall["liuyang"])
    real, missed = daily.find, []

    def late_find(day):
        if not missed:
            missed.append(day)
            return None
        return real(day)

    monkeypatch.setattr(daily, "find", late_find)
    assert daily.open_day(hall["chenjing"]).id == first.id and missed == [T.date()]
    assert DailyDay.select().count() == 1
    assert DailyItem.select().count() == len(daily.items(first.id))


def test_a_tick_is_undone_with_who_and_when_and_never_on_a_closed_day(hall, at_t):
    clerk, other, leader = hall["liuyang"], hall["chenjing"], hall["wangli"]
    day = daily.open_day(clerk)
    assert isinstance(day, DayRef) and day.state is DayState.OPEN
    first, second = daily.items(day.id)[:2]
    ticked = daily.tick(clerk, first.id)
    assert isinstance(ticked, DayItemRef) and ticked.status is ItemStatus.DONE
    with pytest.raises(dataclasses.FrozenInstanceError):
        ticked.status = ItemStatus.OPEN                               # a view, not a row
    at_t[0] = datetime(2026, 11, 23, 9, 10)
    undone = daily.untick(other, first.id)
    assert (undone.status, undone.done_at, undone.done_by_id) == ("open", None, None)
    assert undone.history == "09:10 陈静撤销勾选（原由刘洋于08:30勾选）"
    with pytest.raises(HallError) as caught:
        daily.untick(other, first.id)                                 # nothing to undo
    assert "尚未勾选" in caught.value.message("zh")
    marked = daily.mark(clerk, second.id, "faulty", "评价器黑屏")
    with pytest.raises(HallError) as caught:
        daily.untick(clerk, marked.id)
    assert "值班记录" in caught.value.message("zh")
    again = daily.tick(clerk, first.id)                               # the history stays
    assert again.status == "done" and again.history == undone.history
    shown = daily.of_date(T.date())["items"]
    assert shown[0]["history"] == undone.history and "history" not in shown[2]

    at_t[0] = datetime(2026, 11, 23, 17, 40)
    for item in daily.open_items(day.id):
        daily.tick(clerk, item.id)
    closed = daily.close(leader, day.id, "王丽", on_paper=True)
    assert isinstance(closed, DayRef) and closed.state is DayState.CLOSED
    assert closed.closed_by_id == leader.staff_id
    with pytest.raises(HallError) as caught:
        daily.untick(leader, first.id)
    assert "已结束" in caught.value.message("zh") or "closed" in caught.value.key
    assert DailyItem.get_by_id(first.id).status == "done"
    text = h.squash("".join(h.page_texts(daily.record_pdf(leader, T.date()))))
    assert "陈静撤销勾选" in text
