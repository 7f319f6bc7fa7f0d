"""Linking a registered ticket to a hotline's work order afterwards (services.hotline.link):
the link in the ticket's history with its values before and after, the hotline's limit in
the queue's next deadline, a relink that needs its reason, and the refusals (another ticket
has the work order, the ticket is archived, the role, a stale version); the audit chain
stays green and a direct SQL edit of the link is caught."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hall_desk.core.enums import Role
from hall_desk.core.errors import IllegalTransition, PermissionDenied, StaleVersion, \
    ValidationError
from hall_desk.services import audit, hotline, lifecycle, queue, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Ticket, TicketEvent, db


def _intake(**extra):
    return {"kind": "complaint", "customer_name": "张三", "phone": "13800138000",
            "content": "电费突增", "demand": "核查", **extra}


def _queue_row(viewer, number):
    return next(r for r in queue.page(queue.QueueFilter(statuses=[]), viewer)
                if r.number == number)


def _last_event(ticket_id):
    return (TicketEvent.select().where(TicketEvent.ticket == ticket_id)
            .order_by(TicketEvent.seq.desc()).get())


def test_a_walk_in_is_linked_later_and_the_limit_counts_in_the_queue(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake())
    hall_next = _queue_row(clerk, made.number)
    assert hall_next.next_deadline_rule != "hotline" and hall_next.hotline_number == ""
    due = made.received_at + timedelta(minutes=2)       # before the hall's forward limit
    assert hall_next.next_deadline_at > due, "the hotline's limit comes first here"

    linked = hotline.link(clerk, made.id, made.version, "95598", " gd-2026-7 ", due,
                          "热线工单后到")
    assert linked.version == made.version + 1
    row = Ticket.get_by_id(made.id)
    assert (row.hotline_source, row.hotline_number, row.hotline_due_at) == (
        "95598", "GD-2026-7", due)
    assert (row.next_deadline_at, row.next_deadline_rule) == (due, "hotline")
    shown = _queue_row(clerk, made.number)
    assert (shown.hotline_source, shown.hotline_number) == ("95598", "GD-2026-7")
    assert (shown.next_deadline_at, shown.next_deadline_rule) == (due, "hotline")
    assert queue.page(queue.QueueFilter(search="GD-2026-7"), clerk)[0].number == made.number

    event = _last_event(made.id)
    assert (event.action, event.note, event.actor_label) == ("link_hotline", "热线工单后到",
                                                             clerk.label)
    assert json.loads(event.before) == {"hotline_source": "", "hotline_number": "",
                                        "hotline_due_at": None}
    assert json.loads(event.after)["hotline_number"] == "GD-2026-7"
    view = tickets.describe(made, clerk)
    assert view.deadlines[-1].rule == "hotline" and view.history[-1].action == "link_hotline"
    assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]


def test_the_reply_meets_the_hotline_limit_in_the_queue(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake())
    due = now().replace(second=0, microsecond=0) + timedelta(hours=3)
    linked = hotline.link(clerk, made.id, made.version, "95598", "GD-1", due)
    lifecycle.act(clerk, made.id, linked.version, "settle_on_spot",
                  {"reply_content": "已核查电表，读数无误"})
    assert _queue_row(clerk, made.number).next_deadline_rule != "hotline"


def test_a_relink_needs_its_reason_and_shows_both_numbers(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake(hotline_source="12345", hotline_number="GD-0001"))
    with pytest.raises(ValidationError) as err:
        hotline.link(clerk, made.id, made.version, "12345", "GD-0010")
    assert list(err.value.errors) == ["note"]
    assert err.value.errors["note"].message("zh") == "更改或取消已关联的热线工单，须在备注中写明原因"
    assert Ticket.get_by_id(made.id).version == made.version

    changed = hotline.link(clerk, made.id, made.version, "12345", "GD-0010", None,
                           "工单号录错，按热线平台更正")
    event = _last_event(made.id)
    assert (json.loads(event.before)["hotline_number"],
            json.loads(event.after)["hotline_number"]) == ("GD-0001", "GD-0010")
    assert event.note == "工单号录错，按热线平台更正"

    with pytest.raises(ValidationError) as err:        # the same again changes nothing
        hotline.link(clerk, made.id, changed.version, "12345", "GD-0010", None, "再次")
    assert err.value.errors["hotline_number"].key == "hotline.error.link_unchanged"

    removed = hotline.link(clerk, made.id, changed.version, "", "", None, "并非热线工单")
    row = Ticket.get_by_id(made.id)
    assert (row.hotline_source, row.hotline_number, removed.version) == ("", "", 3)
    assert _last_event(made.id).note == "并非热线工单"
    assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]


def test_a_work_order_on_another_ticket_is_refused_naming_it(hall):
    clerk = hall["liuyang"]
    first = tickets.register(clerk, _intake(hotline_source="95598", hotline_number="2026112000201"))
    second = tickets.register(clerk, _intake(phone="13800138001"))
    with pytest.raises(ValidationError) as err:
        hotline.link(clerk, second.id, second.version, "95598", "2026112000201")
    assert list(err.value.errors) == ["hotline_number"]
    assert err.value.errors["hotline_number"].message("zh") == \
        f"该热线工单已关联工单 {first.number}"
    # the same number of another hotline is another work order
    hotline.link(clerk, second.id, second.version, "12345", "2026112000201")


def test_bad_fields_are_named_and_nothing_is_written(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake())
    events = TicketEvent.select().count()
    cases = [(("95598", "", None), "hotline_number", "hotline.error.number_needed"),
             (("", "GD-1", None), "hotline_source", "hotline.error.source_needed"),
             (("95598", "GD 1", None), "hotline_number", "hotline.error.number_chars"),
             (("110", "GD-1", None), "hotline_source", "error.choice"),
             (("95598", "GD-1", made.received_at - timedelta(hours=1)), "hotline_due_at",
              "hotline.error.due_before"),
             (("95598", "GD-1", "tomorrow"), "hotline_due_at", "error.choice"),
             (("", "", None), "hotline_number", "error.required")]
    for (source, number, due), field, key in cases:
        with pytest.raises(ValidationError) as err:
            hotline.link(clerk, made.id, made.version, source, number, due)
        assert err.value.errors[field].key == key, (source, number, due)
    assert TicketEvent.select().count() == events
    assert Ticket.get_by_id(made.id).version == made.version


def test_an_archived_ticket_a_stale_version_and_the_system_actor_are_refused(hall):
    clerk, boss = hall["liuyang"], hall["wangli"]
    made = tickets.register(clerk, _intake(kind="consultation"))
    t = lifecycle.act(clerk, made.id, made.version, "settle_on_spot", {"reply_content": "已解释"})
    with pytest.raises(StaleVersion):
        hotline.link(clerk, made.id, made.version, "95598", "GD-1")
    t = lifecycle.act(boss, t.id, t.version, "archive_without_callback", {"summary": "已答复"})
    with pytest.raises(IllegalTransition) as err:
        hotline.link(boss, t.id, t.version, "95598", "GD-1")
    assert err.value.message("zh") == "工单当前状态为“已归档”，不能执行“关联热线工单”"
    other = tickets.register(clerk, _intake())
    system = Actor(None, "system", Role.SYSTEM, "A1")
    with pytest.raises(PermissionDenied):
        hotline.link(system, other.id, other.version, "95598", "GD-1")
    assert Ticket.get_by_id(other.id).hotline_number == ""


def test_the_window_s_form_goes_through_the_lifecycle(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake())
    done = lifecycle.act(clerk, made.id, made.version, "link_hotline",
                         {"hotline_source": "12398", "hotline_number": "NY-5", "note": ""})
    assert (Ticket.get_by_id(done.id).hotline_source, done.version) == ("12398", 2)


def test_a_direct_sql_edit_of_a_link_is_caught(hall):
    clerk = hall["liuyang"]
    made = tickets.register(clerk, _intake())
    hotline.link(clerk, made.id, made.version, "95598", "GD-7")
    assert all(r.ok for r in audit.verify())
    db.execute_sql("UPDATE ticket SET hotline_number = 'GD-8' WHERE id = %d" % made.id)
    broken = [r for r in audit.verify() if not r.ok]
    assert [r.chain for r in broken] == ["ticket_row"], [r.message() for r in broken]


def test_an_upgrade_judges_open_tickets_again_with_their_hotline_limit(hall):
    """A ticket registered with a work order before the hotline's limit counted in the next
    deadline is judged again once, as after a change of the policy."""
    import hashlib

    from hall_desk.services import deadlines, settings
    from hall_desk.store.tx import write_transaction

    made = tickets.register(hall["liuyang"], _intake(
        hotline_source="95598", hotline_number="GD-9",
        hotline_due_at=now().replace(second=0, microsecond=0) + timedelta(minutes=2)))
    assert Ticket.get_by_id(made.id).next_deadline_rule == "hotline"
    old = hashlib.sha256(deadlines.policy_text().encode("utf-8")).hexdigest()
    with write_transaction():           # as the previous release judged and marked it
        Ticket.update(next_deadline_at=made.received_at + timedelta(days=1),
                      next_deadline_rule="reply").where(Ticket.id == made.id).execute()
        settings.put(deadlines.JUDGED_POLICY_KEY, old)
    assert deadlines.ensure_judged() >= 1
    assert Ticket.get_by_id(made.id).next_deadline_rule == "hotline"
    assert deadlines.ensure_judged() == 0


def test_intake_refuses_a_work_order_another_ticket_has(hall):
    clerk = hall["liuyang"]
    first = tickets.register(clerk, _intake(hotline_source="95598", hotline_number="GD-3"))
    with pytest.raises(ValidationError) as err:
        tickets.register(clerk, _intake(hotline_source="95598", hotline_number="gd-3"))
    assert err.value.errors["hotline_number"].message("zh") == \
        f"该热线工单已关联工单 {first.number}"
    assert Ticket.select().count() == 1


def _race(hall, first_call, second_call):
    """Run ``first_call`` in a thread that stops inside its transaction right after the
    work-order check, run ``second_call`` in another thread meanwhile, then let the first
    go on: each call's result or error, in that order."""
    import threading

    paused, go = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}
    real_find = tickets.find_repeat
    real_update = tickets.update

    def pause_then(real):
        def wrapper(*args, **kwargs):
            if threading.current_thread().name == "first":
                paused.set()
                go.wait(10)
            return real(*args, **kwargs)
        return wrapper

    def run(name, call):
        try:
            outcome[name] = call()
        except Exception as exc:       # noqa: BLE001  (kept to compare)
            outcome[name] = exc
        finally:
            db.close()

    tickets.find_repeat = pause_then(real_find)        # after the check at intake
    tickets.update = pause_then(real_update)           # after the check when linking
    try:
        first = threading.Thread(target=run, args=("first", first_call), name="first")
        first.start()
        assert paused.wait(10)
        second = threading.Thread(target=run, args=("second", second_call), name="second")
        second.start()
        second.join(1.0)                # it waits for the first, or it got past the check
        go.set()
        first.join(30)
        second.join(30)
    finally:
        tickets.find_repeat, tickets.update = real_find, real_update
        go.set()
    return outcome["first"], outcome["second"]


@pytest.mark.parametrize("second_links", [False, True], ids=["intake", "link"])
def test_two_counters_at_once_cannot_both_take_one_work_order(hall, second_links):
    """The second counter's check waits for the first's commit, on SQLite (the file's write
    lock) and on PostgreSQL (the chain heads' row lock, taken before the check)."""
    clerk, other = hall["liuyang"], hall["chenjing"]
    plain = tickets.register(other, _intake(phone="13800138002"))
    order = {"hotline_source": "95598", "hotline_number": "GD-2026-77"}
    def register():
        return tickets.register(clerk if second_links else other,
                                _intake(phone="13800138003", **order))

    def link():
        return hotline.link(other if second_links else clerk, plain.id, plain.version,
                            "95598", "GD-2026-77")

    won, lost = _race(hall, *((register, link) if second_links else (link, register)))
    assert not isinstance(won, Exception), won
    assert isinstance(lost, ValidationError), lost
    assert lost.errors["hotline_number"].key == "hotline.error.taken"
    assert Ticket.select().where(Ticket.hotline_number == "GD-2026-77").count() == 1
