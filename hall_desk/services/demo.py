"""Demo data: a power-supply business hall with staff and a few hundred realistic tickets.

Deterministic for a given seed, so screenshots and tests see the same hall. Every ticket goes
through the real services (numbering, validation, events), nothing is written around them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hall_desk.core.enums import Channel, EmotionalState, Role, TicketKind
from hall_desk.core.validation import parse_phone
from hall_desk.services import (
    attachments, demo_daily, demo_duty, demo_reception, lifecycle, setup, staff, tickets,
)
from hall_desk.services.context import Actor, clock, now
from hall_desk.store.models import Department, Staff
from hall_desk.store.tx import write_transaction

DEMO_HALL = "城东供电营业厅"
DEMO_COUNTER = "A1"

# login, name, role, department, PIN: printed by `hall-desk demo` and listed in the README.
DEMO_STAFF = [
    ("admin", "系统管理员", Role.ADMIN, None, "000000"),
    ("wangli", "王丽", Role.SUPERVISOR, "HALL", "111111"),
    ("zhaoqiang", "赵强", Role.SUPERVISOR, "CS", "222222"),
    ("liuyang", "刘洋", Role.COUNTER, "HALL", "3333"),
    ("chenjing", "陈静", Role.COUNTER, "HALL", "4444"),
    ("sunhao", "孙浩", Role.COUNTER, "OPS", "5555"),
]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
          "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "国强", "淑珍",
          "晓东", "志明", "海燕", "红梅", "文博", "子轩", "雨涵", "浩然", "欣怡", "思远"]
_MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                    "151", "152", "153", "155", "156", "158", "159", "177", "180", "181",
                    "185", "186", "187", "188", "189", "199"]
_STREETS = ["建设路", "人民路", "解放大道", "中山路", "滨江路", "光明街", "和平路", "东风路"]

# (kind, category code, what happened, what the customer wants)
_CASES = [
    (TicketKind.COMPLAINT, "service_quality", "办理过户业务时窗口人员态度冷淡，排队一个多小时无人解释。",
     "要求营业厅道歉并说明排队安排。"),
    (TicketKind.COMPLAINT, "price_charges", "本月电费比上月高出一倍，家中用电情况没有变化。",
     "要求核查电表读数并退还多收电费。"),
    (TicketKind.COMPLAINT, "product_quality", "新装智能电表三天两次跳闸，影响冰箱正常使用。",
     "要求更换电表并赔偿冰箱内变质食品损失。"),
    (TicketKind.COMPLAINT, "after_sales", "报修线路故障后48小时仍无人上门。",
     "要求今天之内派人检修，并给出明确到达时间。"),
    (TicketKind.COMPLAINT, "service_quality", "计划停电未提前通知，小店冷柜商品损坏。",
     "要求赔偿损失并今后提前三天通知。"),
    (TicketKind.REQUEST, "other", "家中老人行动不便，申请上门办理峰谷电价变更。",
     "希望本周内安排工作人员上门。"),
    (TicketKind.REQUEST, "price_charges", "申请分期缴纳拖欠的三个月电费。",
     "希望分三个月缴清，期间不停电。"),
    (TicketKind.REPORT, "other", "发现小区配电箱被人私接电线，存在安全隐患。",
     "请尽快派人查处。"),
    (TicketKind.REPORT, "service_quality", "有人冒充供电公司人员上门收取所谓的线路改造费。",
     "请核实并提醒居民。"),
    (TicketKind.CONSULTATION, "price_charges", "咨询阶梯电价的计算方式和年度清零时间。", ""),
    (TicketKind.CONSULTATION, "other", "咨询新建住宅办理用电报装需要哪些材料。", ""),
    (TicketKind.SUGGESTION, "service_quality", "建议营业厅增加老年人专用窗口和座椅。", ""),
    (TicketKind.SUGGESTION, "other", "建议在手机上推送停电计划和抢修进度。", ""),
]

REPEAT_SHARE = 0.08
# how a customer tells the same matter again
_RETOLD = ["再次反映：{content}，至今没有解决。", "{content}。上次来反映过，还是老样子。",
           "第二次来了：{content}，请尽快处理。"]


@dataclass
class DemoResult:
    created_hall: bool
    tickets: int
    staff: list[tuple[str, str, str, str]]   # login, name, role, PIN


def random_phone(rng: random.Random) -> str:
    while True:
        number = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        try:
            parse_phone(number)
            return number
        except Exception:  # pragma: no cover - some prefixes+digits are unassigned ranges
            continue


def random_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def ensure_demo_hall(hall_name: str = DEMO_HALL) -> bool:
    """Set up the demo hall (named ``hall_name``) and staff if the database is empty. True
    if it did."""
    if setup.is_initialised():
        return False
    login, name, role, _dep, pin = DEMO_STAFF[0]
    setup.initialise(hall_name=hall_name or DEMO_HALL, counter_code=DEMO_COUNTER, admin_name=name,
                     admin_login=login, admin_pin=pin)
    for login, name, role, dep, pin in DEMO_STAFF[1:]:
        staff.create_unchecked(name=name, login=login, pin=pin, role=role, department_code=dep)
    return True


def fill(n_tickets: int, *, seed: int = 20261123, counter_code: str = DEMO_COUNTER,
         today: datetime | None = None, hall_name: str = DEMO_HALL) -> DemoResult:
    """The demo hall (when the database is empty) and exactly ``n_tickets`` new tickets: the
    random walk's, then one for each status it did not reach, and the complaint of the
    reception demo; then the receptions and the duty log (:mod:`~hall_desk.services.demo_reception`,
    :mod:`~hall_desk.services.demo_duty`, :mod:`~hall_desk.services.demo_daily`)."""
    from hall_desk.store.models import Ticket

    created = ensure_demo_hall(hall_name)
    before = Ticket.select().count()
    rng = random.Random(seed)
    today = today or now()
    people = {s.login: s for s in Staff.select()}
    everyone = [Actor(s.id, s.name, Role(s.role), counter_code, s.login) for s in people.values()]
    supervisors = [a for a in everyone if a.role is Role.SUPERVISOR] or everyone
    clerks = [a for a in everyone if a.role is Role.COUNTER] or everyone
    departments = list(Department.select())
    customers = [(random_name(rng), random_phone(rng)) for _ in range(max(10, n_tickets // 3))]
    # Most customers come once (a phone of their own); about one ticket in twelve is the
    # same customer back on the same matter, told again (a repeat complaint). These choices
    # draw on a generator of their own, so the rest of the demo stays as it was.
    returns = random.Random(seed + 1)
    earlier: list[tuple[tuple, tuple]] = []
    divert = n_tickets >= demo_reception.TICKETS     # the reception's complaint is one of them
    room = n_tickets - (demo_reception.TICKETS if divert else 0)
    made = 0
    with write_transaction():
        while made + _missing_statuses(room - made) < room:
            made += 1
            kind, category, content, demand = rng.choice(_CASES)
            name, phone = rng.choice(customers)
            if earlier and returns.random() < REPEAT_SHARE:
                (name, phone), (kind, category, content, demand) = returns.choice(earlier)
                content = returns.choice(_RETOLD).format(content=content.rstrip("。"))
            else:
                phone = random_phone(returns)
            earlier.append(((name, phone), (kind, category, content, demand)))
            channel = rng.choice(Channel.codes())
            received = _received_time(rng, today, channel)
            actor = rng.choice(clerks)
            data = {
                "kind": kind.value,
                "channel": channel,
                "category": category,
                "customer_name": name,
                "phone": phone,
                "address": f"城东区{rng.choice(_STREETS)}{rng.randint(1, 300)}号",
                "content": content,
                "demand": demand or "希望得到答复。",
                "emotional_state": rng.choice(EmotionalState.codes()),
                "anonymous": kind is TicketKind.REPORT and rng.random() < 0.6 or rng.random() < 0.03,
                "confirmed_by_customer": True,
            }
            if rng.random() < 0.1:
                data["agreed_due_at"] = received + timedelta(days=rng.randint(1, 4))
            with clock(lambda: received):
                ticket = tickets.register(actor, data, received_at=received)
            _advance(ticket, rng, received, today, supervisors, clerks, departments, returns)
        _cover_every_status(rng, today, clerks, supervisors, departments, customers,
                            budget=room - made)
        with clock(lambda: today):
            lifecycle.escalate_overdue(today)
        demo_reception.fill_reception(today, {a.login: a for a in everyone}, divert=divert)
        demo_duty.fill_duty(today, counter_code)
        demo_daily.fill_daily(today, {a.login: a for a in everyone})
    roster = [(login, name, role.value, pin) for login, name, role, _d, pin in DEMO_STAFF]
    return DemoResult(created, Ticket.select().count() - before, roster)


_PATH = [
    ("judge_valid", {"reason": "情况属实"}),
    ("assign", {"department": "CS"}),
    ("analyse", {"cause_class": "service"}),
    ("propose", {"solution": "书面致歉并上门回访。"}),
    ("approve", {"instruction": "同意。"}),
    ("implement", {"implementation": "已落实。"}),
    ("review", {"review_note": "处理结果已核实。"}),
    ("reply", {"reply_method": "phone", "reply_content": "已告知处理结果。"}),
    ("callback", {"satisfaction": "satisfied"}),
    ("archive", {"summary": "已闭环。"}),
]


def _missing_statuses(left: int) -> int:
    """How many statuses no ticket has yet; asked only when ``left`` tickets may not be
    enough to cover them (0 before that)."""
    from hall_desk.core.enums import TicketStatus
    from hall_desk.store.models import Ticket

    if left > len(TicketStatus):
        return 0
    present = {row.status for row in Ticket.select(Ticket.status).distinct()}
    return sum(1 for status in TicketStatus if status.value not in present)


def _cover_every_status(rng, today, clerks, supervisors, departments, customers,
                        budget: int) -> None:
    """Make sure the demo shows every status at least once: a fresh complaint is taken
    along the lifecycle to each status that the random walk did not reach, as far as
    ``budget`` tickets go."""
    from hall_desk.core.enums import TicketStatus
    from hall_desk.store.models import Ticket

    present = {row.status for row in Ticket.select(Ticket.status).distinct()}
    for status in TicketStatus:
        if status.value in present:
            continue
        if budget <= 0:
            break
        budget -= 1
        name, phone = rng.choice(customers)
        received = today - timedelta(minutes=rng.randint(20, 90))
        moment = received
        with clock(lambda: moment):
            ticket = tickets.register(rng.choice(clerks), {
                "kind": "complaint", "channel": "walk-in", "category": "service_quality",
                "customer_name": name, "phone": phone, "content": "排队时间过长，无人引导。",
                "demand": "希望增加引导人员。", "confirmed_by_customer": True}, received_at=received)
            path = [("judge_invalid", {"reason": "不属于本单位受理范围。"})] \
                if status is TicketStatus.REJECTED else _PATH
            for action, data in path:
                if ticket.status == status.value:
                    break
                moment = moment + timedelta(minutes=2)
                # a supervisor may not approve a plan she proposed: the counter proposes
                actor = rng.choice(clerks) if action == "propose" else rng.choice(supervisors)
                ticket = lifecycle.act(actor, ticket.id, ticket.version, action, data)


def evidence_png(text: str) -> bytes:
    """A small grey PNG standing in for a customer's photo; its shade comes from ``text``."""
    import struct
    import zlib

    width, height = 64, 48
    shade = sum(text.encode()) % 200 + 30
    raw = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _received_time(rng: random.Random, today: datetime, channel: str) -> datetime:
    """When a ticket came in: one in eight within the last three hours (so the queue has fresh
    cases in every early state), the rest over 45 days; walk-ins and letters in opening hours
    (08:30-17:30), phone and online at any hour (the hotline runs 24 hours)."""
    if rng.random() < 0.125:
        moment = today - timedelta(minutes=rng.randrange(1, 180))
    else:
        day = (today - timedelta(days=rng.randrange(1, 46))).date()
        if channel in ("walk-in", "letter", "transferred"):
            minute = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
        else:
            minute = rng.randrange(0, 24 * 60)
        moment = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    return moment.replace(second=0, microsecond=0)


def _advance(ticket, rng: random.Random, received: datetime, today: datetime, supervisors,
             clerks, departments, extra: random.Random | None = None) -> None:
    """Take a ticket along the lifecycle on a simulated clock, as a hall would have: some steps
    quick, some late, a few callbacks unsatisfied; stop at ``today``."""
    t = received
    extra = extra or random.Random(ticket.id)

    def step(actor: Actor, action: str, after: timedelta, data: dict | None = None) -> bool:
        nonlocal t, ticket
        t = t + after
        if t >= today:
            return False
        with clock(lambda: t):
            ticket = lifecycle.act(actor, ticket.id, ticket.version, action, data or {})
        return True

    def minutes(a: int, b: int) -> timedelta:
        return timedelta(minutes=rng.randint(a, b))

    boss, clerk = rng.choice(supervisors), rng.choice(clerks)
    light = ticket.kind in ("consultation", "suggestion")
    if (light and rng.random() < 0.6) or rng.random() < 0.08:
        if step(clerk, "settle_on_spot", minutes(3, 20), {"reply_content": "已当场解释说明，客户表示理解。"}) \
                and light and rng.random() < 0.8:
            step(boss, "archive_without_callback", minutes(60, 600), {"summary": "当场答复，已办结。"})
        return
    if rng.random() < 0.06:
        if step(boss, "judge_invalid", minutes(2, 30), {"reason": "经核实，计费与抄表记录一致。"}):
            step(clerk, "reply", minutes(60, 1200), {"reply_method": "phone",
                                                    "reply_content": "已向客户说明核查结果。"})
        return
    judge_after = minutes(1, 6) if rng.random() < 0.7 else minutes(10, 240)  # a busy supervisor
    if ticket.kind == "complaint" and rng.random() < 0.15:
        with clock(lambda: t):
            attachments.add_bytes(clerk, ticket.id, f"现场照片-{ticket.number}.png",
                                  evidence_png(ticket.number))
    ok = (step(boss, "judge_valid", judge_after, {"reason": "情况属实"})
          and step(boss, "assign", minutes(1, 9), {"department": rng.choice(departments).code,
                                                   "handler_a": clerk.login}))
    if not ok:
        return
    if rng.random() < 0.5:
        with clock(lambda: min(t + minutes(30, 600), today)):
            ticket = lifecycle.record_event(clerk, ticket.id, "first_feedback", "已电话告知受理情况")
    plan = [
        (clerk, "analyse", minutes(60, 900), {"cause_class": rng.choice(
            ["product", "service", "after_sales", "management", "external", "misunderstanding"]),
            "cause_analysis": "现场核实后确认原因。"}),
        (clerk, "propose", minutes(30, 400), {"solution": "上门检修并书面致歉。",
                                              **({"compensation_amount": "200.00",
                                                  "compensation_method": "电费抵扣",
                                                  "compensation_due": t + timedelta(days=7)}
                                                 if rng.random() < 0.3 else {})}),
        (boss, "approve", minutes(20, 300), {"instruction": "同意方案，三日内落实并回访。"}),
        (clerk, "implement", minutes(60, 1500), {"implementation": "已上门处理完毕。"}),
        (boss, "review", timedelta(minutes=extra.randint(10, 120)),
         {"review_note": "处理结果已核实，同意答复客户。"}),
        (clerk, "reply", minutes(30, 600), {"reply_method": rng.choice(["phone", "sms", "visit"]),
                                            "reply_content": "已将处理结果告知客户。"}),
    ]
    for actor, action, delay, data in plan:
        if not step(actor, action, delay, data):
            return
    from hall_desk.services import callbacks

    due = callbacks.due_of(tickets.get(ticket.id), t) if extra.random() < 0.04 else None
    if due is not None:     # nobody answers: three attempts (none without contact), 无法回访
        for _ in range(0 if due.no_contact else callbacks.MAX_ATTEMPTS):
            t = t + callbacks.RETRY_AFTER + timedelta(minutes=extra.randint(0, 60))
            if t >= today:
                return
            with clock(lambda: t):
                callbacks.record(clerk, ticket.id, ticket.version, method="phone", reached=False)
        step(boss, "close_unreachable", timedelta(minutes=extra.randint(30, 300)),
             {"reason": "匿名举报未留联系方式，按无法回访归档。" if due.no_contact
              else "三次电话回访均无人接听，按无法回访归档。"})
        return
    satisfaction = rng.choices(["satisfied", "basically", "dissatisfied"], [6, 3, 1])[0]
    if step(clerk, "callback", minutes(60, 400), {"satisfaction": satisfaction,
                                                  "customer_words": "处理及时。" if satisfaction != "dissatisfied" else "问题仍未解决。"}):
        if satisfaction != "dissatisfied":
            step(boss, "archive", minutes(60, 2000), {"summary": "已闭环，纳入月度分析。"})
