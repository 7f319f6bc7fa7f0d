"""The reception service on SQLite and PostgreSQL: notice, posts, ticking, complaints led to
the back room, the guest book, closing, templates, and the printed reception record."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from hall_desk.core.errors import HallError, IllegalTransition, PermissionDenied, ValidationError
from hall_desk.core.reception import ItemStatus, RunState
from hall_desk.core.views import ReceptionItemView, ReceptionRunRef, SignatureView, TicketRef
from hall_desk.services import demo_reception, lifecycle, reception, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import ChainHead, ReceptionItem, Signature, Ticket

T = datetime(2026, 11, 23, 9, 0)
NOTICE = {"visiting_unit": "市供电公司营销部检查组", "leader": "周建国",
          "expected_at": "2026-11-23 10:00", "visitors": "6", "purpose": "inspection",
          "notes": "检查服务规范"}


@pytest.fixture
def at_t():
    moment = [T]
    with clock(lambda: moment[0]):
        yield moment


def roster(hall, run_id, **override):
    seats = reception.seats_of(reception.get(run_id))
    people = {"greeter:1": "liuyang", "greeter:2": "chenjing", "explainer:": "sunhao",
              "leader:": "wangli", **{f"counter:{s}": login for s, login in
                                      zip(seats, ["zhaoqiang", "admin", ""])}}
    people.update(override)
    out = []
    for key, login in people.items():
        post, seat = key.split(":", 1)
        if login:
            out.append((post, seat, hall[login].staff_id))
    return out


def test_notice_is_validated_and_needs_a_leader_role(hall, at_t):
    with pytest.raises(PermissionDenied):
        reception.register_notice(hall["liuyang"], NOTICE)
    with pytest.raises(ValidationError) as caught:
        reception.register_notice(hall["wangli"], dict(NOTICE, visiting_unit="",
                                                       template="nope", visitors="很多"))
    assert set(caught.value.errors) == {"visiting_unit", "template", "visitors"}
    run = reception.register_notice(hall["wangli"], NOTICE)
    assert (run.state, run.template_name, run.visitors) == ("noticed", "inspection", 6)
    tour = reception.register_notice(hall["wangli"], dict(NOTICE, purpose="visit"))
    assert tour.template_name == "tour"


def test_posts_refuse_a_double_post_and_warn_of_gaps(hall, at_t):
    run = reception.register_notice(hall["wangli"], NOTICE)
    with pytest.raises(ValidationError) as caught:
        reception.assign_posts(hall["wangli"], run.id,
                               roster(hall, run.id, **{"explainer:": "liuyang"}))
    assert list(caught.value.errors) == ["explainer:"]
    assert "刘洋同时担任" in caught.value.errors["explainer:"].message("zh")
    assert reception.posts(run.id) == []                       # nothing saved
    warnings = reception.assign_posts(hall["wangli"], run.id,
                                      roster(hall, run.id, **{"greeter:2": ""}),
                                      on_shift={hall[x].staff_id for x in
                                                ("liuyang", "sunhao", "wangli", "zhaoqiang",
                                                 "admin")})
    assert {(w.code, w.slot_key) for w in warnings} == {("empty", "greeter:2"),
                                                        ("empty", "counter:电费收取坐席")}
    shown = [(p["label"], p["staff"]) for p in reception.posts(run.id)]
    assert shown[:3] == [("迎宾/引导员1", "刘洋"), ("讲解员", "孙浩"), ("班长", "王丽")]
    # the default "on shift": active accounts
    from hall_desk.services import staff

    staff.set_active(hall["admin"], hall["sunhao"].staff_id, False)
    with pytest.raises(ValidationError):      # an inactive account cannot be assigned
        reception.assign_posts(hall["wangli"], run.id, roster(hall, run.id))
    assert hall["sunhao"].staff_id not in reception.on_shift_staff()
    assert hall["liuyang"].staff_id in reception.on_shift_staff()


def test_a_whole_run(hall, at_t):
    leader, clerk = hall["wangli"], hall["liuyang"]
    run = reception.register_notice(leader, NOTICE)
    reception.assign_posts(leader, run.id, roster(hall, run.id))
    with pytest.raises(IllegalTransition):
        reception.close(leader, run.id)
    with pytest.raises(PermissionDenied):
        reception.start(clerk, run.id)
    at_t[0] = T + timedelta(minutes=50)
    reception.start(leader, run.id)
    with pytest.raises(IllegalTransition):
        reception.start(leader, run.id)
    rows = reception.items(run.id)
    assert len(rows) == 20 and rows[0].stage == "preparation" and rows[-1].stage == "after"
    assert reception.get(run.id).template_version == 1

    first = reception.tick(clerk, rows[0].id, "已交代")
    assert (first.done_by_id, first.done_at, first.note) == (clerk.staff_id, at_t[0], "已交代")
    assert isinstance(first, ReceptionItemView) and first.status is ItemStatus.DONE
    with pytest.raises(HallError) as twice:
        reception.tick(hall["chenjing"], rows[0].id)
    assert "刘洋" in twice.value.message("zh")
    with pytest.raises(ValidationError):
        reception.untick(clerk, rows[0].id, " ")
    undone = reception.untick(clerk, rows[0].id, "点错了")
    assert undone.done_at is None and "撤销勾选" in undone.note and "点错了" in undone.note
    assert undone.status is ItemStatus.OPEN
    with pytest.raises(ValidationError) as no_reason:
        reception.mark_not_applicable(clerk, rows[4].id, "")
    assert "原因不能为空" in no_reason.value.message("zh")
    na = reception.mark_not_applicable(clerk, rows[4].id, "本次不查台账")
    assert (na.not_applicable_reason, na.status) == ("本次不查台账", ItemStatus.NOT_APPLICABLE)

    ticket = reception.divert_complaint(clerk, run.id, {
        "customer_name": "钱晓东", "phone": "13912345678", "content": "电费多计了一个月。",
        "demand": "更正账单。", "confirmed_by_customer": True})
    assert isinstance(ticket, TicketRef) and ticket.kind == "complaint"     # a view, not a row
    ticket = tickets.get(ticket.id)
    assert ticket.reception_run_id == run.id and ticket.back_room
    assert [e.action for e in ticket.events.order_by(Ticket.events.rel_model.seq)] == \
        ["created", "reception_divert"]
    assert [t["handled"] for t in reception.diverted(run.id)] == [False]
    assert reception.diverted(run.id)[0]["customer"] == "钱**"
    with pytest.raises(ValidationError):          # an intake form with bad fields
        reception.divert_complaint(clerk, run.id, {"content": "", "phone": "12"})

    for item in reception.open_items(run.id)[:-1]:
        reception.tick(clerk, item.id)
    with pytest.raises(HallError) as open_left:
        reception.close(leader, run.id)
    assert "还有1项未完成" in open_left.value.message("zh")
    reception.tick(clerk, reception.open_items(run.id)[0].id)
    with pytest.raises(HallError) as unhandled:
        reception.close(leader, run.id)
    assert ticket.number in unhandled.value.message("zh")
    lifecycle.act(leader, ticket.id, Ticket.get_by_id(ticket.id).version, "settle_on_spot",
                  {"reply_content": "已更正账单。"})
    assert reception.diverted(run.id)[0]["handled"]

    chain_before = ChainHead.get(ChainHead.name == "signature").length
    with pytest.raises(ValidationError):
        reception.sign_guestbook(clerk, run.id, "周建国")            # neither pad nor paper
    sig = reception.sign_guestbook(clerk, run.id, "周建国", image_png=b"\x89PNG fake")
    assert isinstance(sig, SignatureView) and (sig.role, sig.signer_name) == ("guest", "周建国")
    assert ChainHead.get(ChainHead.name == "signature").length == chain_before + 1
    assert reception.get(run.id).guestbook == "pad"

    at_t[0] = T + timedelta(hours=2)
    closed = reception.close(leader, run.id)
    assert isinstance(closed, ReceptionRunRef)
    assert (closed.state, closed.started_at, closed.ended_at) == (
        RunState.CLOSED, T + timedelta(minutes=50), T + timedelta(hours=2))
    with pytest.raises(IllegalTransition):
        reception.tick(clerk, rows[1].id)
    with pytest.raises(IllegalTransition):
        reception.cancel(leader, run.id, "不来了")
    listed = reception.list_runs()
    assert listed[0]["id"] == run.id and listed[0]["state"] == "closed"
    json.dumps(listed)


def test_cancel_keeps_the_reason(hall, at_t):
    run = reception.register_notice(hall["wangli"], NOTICE)
    with pytest.raises(ValidationError):
        reception.cancel(hall["wangli"], run.id, "")
    done = reception.cancel(hall["wangli"], run.id, "检查组改期")
    assert done.state == "cancelled" and "检查组改期" in done.notes
    with pytest.raises(IllegalTransition):
        reception.start(hall["wangli"], run.id)


def test_templates_are_edited_by_the_administrator_and_runs_keep_their_copy(hall, at_t):
    leader = hall["wangli"]
    run = reception.register_notice(leader, NOTICE)
    reception.start(leader, run.id)
    before = [i.text for i in reception.items(run.id)]
    t = reception.template("inspection")
    data = t.as_dict()
    data["items"]["after"] = ["填写接待记录并打印"] + data["items"]["after"]
    with pytest.raises(PermissionDenied):
        reception.save_template(leader, data)
    saved = reception.save_template(hall["admin"], data)
    assert saved.version == t.version + 1
    assert reception.template("inspection").items_of("after")[0].text == "填写接待记录并打印"
    assert reception.save_template(hall["admin"], data).version == saved.version  # unchanged
    assert [i.text for i in reception.items(run.id)] == before
    assert reception.get(run.id).template_version == t.version
    later = reception.register_notice(leader, NOTICE)
    reception.start(leader, later.id)
    assert reception.get(later.id).template_version == saved.version
    assert len(reception.items(later.id)) == len(before) + 1
    extra = reception.save_template(hall["admin"], {"name": "media", "title": "媒体来访",
                                                    "items": {"arrival": ["报告分管领导"]}})
    assert "media" in [x.name for x in reception.templates()]
    with pytest.raises(ValidationError):
        reception.save_template(hall["admin"], {"name": "media", "items": {"arrival": [""]}})
    with pytest.raises(HallError):
        reception.delete_template(hall["admin"], "inspection")
    reception.delete_template(hall["admin"], extra.name)
    assert "media" not in [x.name for x in reception.templates()]


def test_the_reception_record_prints_everything(hall, at_t):
    demo_reception.fill_reception(T, hall)
    finished = [r for r in reception.list_runs() if r["state"] == "closed"][0]
    data = reception.record_pdf(hall["wangli"], finished["id"])
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = "".join(text.split())
    for words in ("接待记录", "市供电公司营销部检查组", "周建国", "迎宾/引导员1", "讲解员", "班长",
                  "用电接洽坐席", "接待准备", "来宾离开后", "不适用原因：检查组事先说明本次不查台账。",
                  "检查组肯定了台面整洁。", "已处理", "来访领导签名（留言本）", "签名人：周建国"):
        assert "".join(words.split()) in flat, words
    number = Ticket.get(Ticket.reception_run == finished["id"]).number
    assert number in flat
    version, digest = reception.record_version(reception.get(finished["id"]))
    assert digest in text and f"版本 {version}" in text
    for item in ReceptionItem.select().where(ReceptionItem.run == finished["id"]):
        if item.done_at:
            assert item.done_at.strftime("%Y-%m-%d %H:%M") in text
    assert Signature.select().where(Signature.subject_type == "reception").count() == 1
    running = [r for r in reception.list_runs() if r["state"] == "running"][0]
    page = PdfReader(io.BytesIO(reception.record_pdf(hall["wangli"], running["id"])))
    assert "接待中" in page.pages[0].extract_text()
