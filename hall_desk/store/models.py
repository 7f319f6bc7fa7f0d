"""Every table of the hall, as peewee models.

``db`` is a proxy bound at start-up by :func:`hall_desk.store.connection.open_database` to
SQLite (default) or PostgreSQL. No Qt here, and no rules: the services decide, the store keeps.

Conventions
- Codes from :mod:`hall_desk.core.enums` are stored as short text.
- Times are naive local datetimes (the hall's wall clock), as the hall's paper records are.
- Rows that are evidence (ticket events, duty-log entries, signatures, record versions) are
  append-only and carry ``prev_hash``/``hash`` so that a quiet edit breaks the chain.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    TextField,
)

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    """Hall-wide settings as JSON text: hall name, schema version, shifts, policy choice..."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Department(BaseModel):
    id = AutoField()
    code = CharField(unique=True, max_length=16)
    name = CharField(max_length=64)
    name_en = CharField(max_length=64, default="")
    active = BooleanField(default=True)
    # schema v8: the English name (shown with --lang en; printed records stay Chinese)
    name_en = CharField(max_length=64, default="", constraints=[SQL("DEFAULT ''")])


class Staff(BaseModel):
    id = AutoField()
    login = CharField(unique=True, max_length=32)
    name = CharField(max_length=32)
    role = CharField(max_length=16)
    pin_hash = CharField(max_length=256)
    department = ForeignKeyField(Department, null=True, backref="staff", on_delete="SET NULL")
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()


class Counter(BaseModel):
    """A counter PC of the hall (柜台). Its code is part of every ticket number it issues."""

    id = AutoField()
    code = CharField(unique=True, max_length=4)
    name = CharField(max_length=32)
    created_at = DateTimeField()
    # schema v9: a counter taken out of use keeps its code (it is in ticket numbers)
    active = BooleanField(default=True, constraints=[SQL("DEFAULT TRUE")])


class Category(BaseModel):
    """Complaint categories are configurable per organisation (domain.md §3.1, M4)."""

    id = AutoField()
    code = CharField(unique=True, max_length=32)
    name = CharField(max_length=32)
    name_en = CharField(max_length=64, default="")
    position = IntegerField(default=0)
    active = BooleanField(default=True)


class NumberSequence(BaseModel):
    """The last sequence number issued for a ticket-number prefix (kind + date + counter)."""

    prefix = CharField(primary_key=True, max_length=32)
    last = IntegerField(default=0)


class ChainHead(BaseModel):
    """The newest hash of each evidence chain; updating it serialises writers of the chain."""

    name = CharField(primary_key=True, max_length=32)
    hash = CharField(max_length=64)
    length = IntegerField(default=0)


class ReceptionRun(BaseModel):
    """A visit or inspection being received (接待), from notice to close."""

    id = AutoField()
    visiting_unit = CharField(max_length=128)
    leader = CharField(max_length=64, default="")
    expected_at = DateTimeField()
    visitors = IntegerField(default=1)
    purpose = CharField(max_length=16)            # visit / inspection / tour
    notes = TextField(default="")
    template_name = CharField(max_length=64)
    template_version = IntegerField(default=1)
    state = CharField(max_length=16, index=True)
    started_at = DateTimeField(null=True)
    ended_at = DateTimeField(null=True)
    guestbook = CharField(max_length=16, default="")   # "", pad, paper
    created_by = ForeignKeyField(Staff, backref="+")
    created_at = DateTimeField()
    version = IntegerField(default=1)


# the ticket columns the statistics count, in the order of their covering index (v16)
STATISTICS_INDEX = ("received_at", "department_id", "kind", "channel", "cause_class",
                    "category_id", "first_receiver_id", "handler_a_id", "repeat_of_id", "round",
                    "satisfaction", "replied_at", "archived_at", "business_type", "target_kind")


class Ticket(BaseModel):
    """A complaint, request, report, consultation or suggestion registered at a counter."""

    id = AutoField()
    number = CharField(unique=True, max_length=32)
    kind = CharField(max_length=16, index=True)
    channel = CharField(max_length=16)
    category = ForeignKeyField(Category, null=True, backref="tickets")
    business_type = CharField(max_length=64, default="")
    # the customer as recorded at intake
    customer_name = CharField(max_length=64, default="")
    customer_phone = CharField(max_length=32, default="")
    # digits only, for search; pinyin initials. Both are indexed with ``received_at`` (Meta)
    phone_key = CharField(max_length=20, default="")
    name_initials = CharField(max_length=32, default="")
    # derived for the search box (schema v6): a typed tail of the number is a prefix of
    # ``number_reversed``; ``phone_last4`` is the end of ``phone_key`` (blank when anonymous)
    phone_last4 = CharField(max_length=4, default="", index=True)
    number_reversed = CharField(max_length=32, default="")      # indexed by the tail's index
    customer_address = CharField(max_length=256, default="")
    anonymous = BooleanField(default=False)
    content = TextField()
    demand = TextField(default="")
    emotional_state = CharField(max_length=16, default="calm")
    evidence_note = TextField(default="")
    confirmed_by_customer = BooleanField(default=False)   # read back and confirmed
    missing_materials = TextField(default="[]")            # JSON list (一次性告知)
    # who and when
    received_at = DateTimeField()       # indexed first in the statistics' covering index
    created_at = DateTimeField()
    counter_code = CharField(max_length=4)
    first_receiver = ForeignKeyField(Staff, backref="first_received")
    # where it stands
    priority = IntegerField(default=2, index=True)
    repeat_of = ForeignKeyField("self", null=True, backref="repeats")
    status = CharField(max_length=16, index=True)
    round = IntegerField(default=1)                     # 二次处理 raises it
    department = ForeignKeyField(Department, null=True, backref="tickets")
    handler_a = ForeignKeyField(Staff, null=True, backref="+")
    handler_b = ForeignKeyField(Staff, null=True, backref="+")
    agreed_due_at = DateTimeField(null=True)            # 约定时间 overrides the default reply rule
    milestones = TextField(default="{}")                # JSON: lifecycle point -> ISO time reached
    deadline_extensions = TextField(default="{}")       # JSON: rule code -> extensions granted
    next_deadline_at = DateTimeField(null=True, index=True)
    next_deadline_rule = CharField(max_length=32, default="")
    escalated_at = DateTimeField(null=True)             # 24 h without completion
    escalation_due_at = DateTimeField(null=True, index=True)  # when it must be escalated
    settled_on_spot = BooleanField(default=False)
    # the lifecycle's results
    valid = BooleanField(null=True)
    validity_reason = TextField(default="")
    # what a refusal rests on (不予受理); the customer's callback time (core.enums.CallbackWindow)
    refusal_basis = TextField(default="", constraints=[SQL("DEFAULT ''")])
    callback_window = CharField(max_length=32, default="", constraints=[SQL("DEFAULT ''")])
    cause_class = CharField(max_length=24, default="")
    cause_analysis = TextField(default="")
    solution = TextField(default="")
    compensation_amount = DecimalField(max_digits=12, decimal_places=2, null=True)
    compensation_method = CharField(max_length=64, default="")
    compensation_due = DateTimeField(null=True)
    instruction = TextField(default="")                 # 主管批示
    # approved_by, reviewed_by, target_*, updated_by: no query looks a ticket up by them, so
    # they have no index to write on every change (v15)
    approved_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    implementation = TextField(default="")
    reply_method = CharField(max_length=16, default="")
    reply_content = TextField(default="")
    replied_at = DateTimeField(null=True)
    satisfaction = CharField(max_length=16, default="")
    archived_at = DateTimeField(null=True)
    summary = TextField(default="")
    # schema v3: the review (审核), whom a complaint is about (投诉对象), the repeat count;
    # with database defaults too, as step 3 adds them (raw inserts may leave them out)
    reviewed_by = ForeignKeyField(Staff, null=True, backref="+", index=False)
    review_note = TextField(default="", constraints=[SQL("DEFAULT ''")])
    target_kind = CharField(max_length=16, default="",             # "", staff, department, other
                            constraints=[SQL("DEFAULT ''")])
    target_staff = ForeignKeyField(Staff, null=True, backref="+", index=False)
    target_department = ForeignKeyField(Department, null=True, backref="+", index=False)
    target_text = CharField(max_length=128, default="", constraints=[SQL("DEFAULT ''")])
    repeat_n = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])  # 第N次 (1: the first)
    reception_run = ForeignKeyField(ReceptionRun, null=True, backref="tickets")
    # schema v12: a hotline's work order (core.hotline): its source, its number (indexed, and
    # reversed for a typed tail, as ``number_reversed``) and the hotline's own limit
    hotline_source = CharField(max_length=8, default="", constraints=[SQL("DEFAULT ''")])
    hotline_number = CharField(max_length=40, default="", index=True,
                               constraints=[SQL("DEFAULT ''")])
    hotline_number_reversed = CharField(max_length=40, default="", index=True,
                                        constraints=[SQL("DEFAULT ''")])
    hotline_due_at = DateTimeField(null=True)
    back_room = BooleanField(default=False)             # led to the back room during a visit
    # optimistic concurrency
    version = IntegerField(default=1)
    updated_at = DateTimeField(index=True)       # the queue polls MAX(updated_at)
    updated_by = ForeignKeyField(Staff, null=True, backref="+", index=False)

    class Meta:
        indexes = (
            (("status", "next_deadline_at"), False),
            (("phone_key", "received_at"), False),
            # a name's initials, for the search box and for repeat detection's window (v15)
            (("name_initials", "received_at"), False),
            # covering for the statistics (schema v2; business type and 投诉对象 since v16):
            # every figure over a range of receipt reads this narrow index instead of the wide
            # ticket rows, whose later columns sit behind the content's overflow pages
            (STATISTICS_INDEX, False),
            # covering for a search by a number's tail (schema v10): "B1-0005" matches one
            # ticket a day for years; the page's ids are sorted from this index alone
            (("number_reversed", "status", "next_deadline_at", "priority"), False),
        )


class TicketDeadline(BaseModel):
    """One rated deadline of one ticket (a rule with a single due time), as the services
    worked it out at the ticket's latest change: the statistics count on-time rates from
    these rows with an index instead of working every due time out again. The ticket's time
    of receipt, department and responsible staff member are copied so that the counts need
    no join; every change of the ticket rewrites its rows in the same transaction."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="deadline_rows", on_delete="CASCADE",
                             index=False)         # the unique (ticket, rule) index serves
    rule = CharField(max_length=32)
    received_at = DateTimeField()
    department_id = IntegerField(null=True)
    responsible_id = IntegerField(null=True)      # handler A, else the first receiver
    due_at = DateTimeField()
    met_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("ticket", "rule"), True),
            # covering: one staff member's one rule over a range of receipt is a range of
            # this index, counted without reading the table or sorting
            (("responsible_id", "rule", "received_at", "due_at", "met_at", "department_id"),
             False),
        )


class TicketEvent(BaseModel):
    """One change of a ticket: who, when, what, the fields before and after (JSON)."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="events", on_delete="RESTRICT")
    seq = IntegerField()
    at = DateTimeField()
    actor = ForeignKeyField(Staff, null=True, backref="+")
    actor_label = CharField(max_length=64, default="")
    action = CharField(max_length=32)
    before = TextField(default="{}")
    after = TextField(default="{}")
    note = TextField(default="")
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)

    class Meta:
        indexes = ((("ticket", "seq"), True),)


class Callback(BaseModel):
    """A callback (回访) due or done."""

    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="callbacks")
    round = IntegerField(default=1)
    attempt = IntegerField(default=1)
    due_at = DateTimeField(index=True)
    done_at = DateTimeField(null=True)
    method = CharField(max_length=16, default="")
    reached = BooleanField(null=True)
    satisfaction = CharField(max_length=16, default="")
    customer_words = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, backref="+")


class Attachment(BaseModel):
    id = AutoField()
    ticket = ForeignKeyField(Ticket, backref="attachments")
    filename = CharField(max_length=255)
    mime = CharField(max_length=64, default="application/octet-stream")
    size = IntegerField()
    sha256 = CharField(max_length=64)
    data = BlobField()
    added_by = ForeignKeyField(Staff, backref="+")
    added_at = DateTimeField()


class DutyLogEntry(BaseModel):
    """值班记录: an entry never deleted; a correction is a new entry pointing at the old one."""

    id = AutoField()
    at = DateTimeField(index=True)
    staff = ForeignKeyField(Staff, backref="+")
    kind = CharField(max_length=16)
    text = TextField()
    handled_by = ForeignKeyField(Staff, null=True, backref="+")
    action_taken = TextField(default="")
    outcome = TextField(default="")
    closed_at = DateTimeField(null=True)
    corrects = ForeignKeyField("self", null=True, backref="corrections")
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)


class ReceptionPost(BaseModel):
    id = AutoField()
    run = ForeignKeyField(ReceptionRun, backref="posts", on_delete="CASCADE")
    post = CharField(max_length=16)          # greeter / explainer / leader / counter
    seat = CharField(max_length=16, default="")
    staff = ForeignKeyField(Staff, backref="+")


class ReceptionItem(BaseModel):
    id = AutoField()
    run = ForeignKeyField(ReceptionRun, backref="items", on_delete="CASCADE")
    stage = CharField(max_length=16)         # preparation / arrival / tour / departure / after
    position = IntegerField()
    text = CharField(max_length=255)
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(Staff, null=True, backref="+")
    note = TextField(default="")
    not_applicable_reason = TextField(default="")


class Handover(BaseModel):
    """交接班: assembled by the outgoing shift, reviewed and signed by the incoming one."""

    id = AutoField()
    shift_name = CharField(max_length=32)
    shift_start = DateTimeField(index=True)
    shift_end = DateTimeField()
    outgoing = ForeignKeyField(Staff, backref="+")
    incoming = ForeignKeyField(Staff, null=True, backref="+")
    state = CharField(max_length=16)
    notes = TextField(default="")
    created_at = DateTimeField()
    outgoing_signed_at = DateTimeField(null=True)
    incoming_signed_at = DateTimeField(null=True)
    version = IntegerField(default=1)


class HandoverItem(BaseModel):
    id = AutoField()
    handover = ForeignKeyField(Handover, backref="items", on_delete="CASCADE")
    position = IntegerField()
    kind = CharField(max_length=24)          # open_ticket, deadline, promise, escalation, ...
    ref = CharField(max_length=64, default="")
    text = TextField()
    state = CharField(max_length=16, default="pending")
    query = TextField(default="")
    answer = TextField(default="")
    answered_at = DateTimeField(null=True)


class Signature(BaseModel):
    """A signature on a record: who, when, and the SHA-256 of the content signed."""

    id = AutoField()
    subject_type = CharField(max_length=16)  # ticket / handover / reception
    subject_id = IntegerField()
    role = CharField(max_length=16)          # customer / supervisor / outgoing / incoming / guest
    signer_name = CharField(max_length=64)
    staff = ForeignKeyField(Staff, null=True, backref="+")
    signed_at = DateTimeField()
    content_sha256 = CharField(max_length=64)
    record_version = IntegerField(default=1)
    image_png = BlobField(null=True)         # from the signature pad
    on_paper = BooleanField(default=False)   # wet ink; the signed paper came back
    # "staff" (chosen from the list, confirmed by PIN; ``staff`` is who) or "customer" (the
    # typed name); "" on signatures made before v11
    signed_by = CharField(max_length=8, default="")
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)

    class Meta:
        indexes = ((("subject_type", "subject_id"), False),)


class RecordVersion(BaseModel):
    """A sealed (or printed) version of a record: content as JSON and its SHA-256."""

    id = AutoField()
    subject_type = CharField(max_length=16)
    subject_id = IntegerField()
    version = IntegerField()
    content = TextField()
    sha256 = CharField(max_length=64)
    sealed = BooleanField(default=False)
    created_at = DateTimeField()
    created_by = ForeignKeyField(Staff, null=True, backref="+")

    class Meta:
        indexes = ((("subject_type", "subject_id", "version"), True),)


class AccessLog(BaseModel):
    """Who saw, printed or exported personal data, and why."""

    id = AutoField()
    at = DateTimeField(index=True)
    staff = ForeignKeyField(Staff, null=True, backref="+")
    action = CharField(max_length=24)
    ticket = ForeignKeyField(Ticket, null=True, backref="+")
    reason = TextField(default="")


class SealedIdentity(BaseModel):
    """An anonymous customer's name, phone and address, kept apart from the ticket row (which
    holds none of them) and read only by the logged reveal (``services.tickets``). ``salt``
    keys the digest the ticket's ``created`` event carries instead of the data."""

    ticket = ForeignKeyField(Ticket, primary_key=True, backref="+", on_delete="CASCADE")
    customer_name = CharField(max_length=64, default="")
    customer_phone = CharField(max_length=32, default="")
    phone_key = CharField(max_length=20, default="", index=True)   # repeat detection only
    customer_address = CharField(max_length=256, default="")
    salt = CharField(max_length=32)


class Draft(BaseModel):
    """What a clerk was typing, saved as it is typed, offered back after a crash."""

    id = AutoField()
    form = CharField(max_length=32)
    counter_code = CharField(max_length=4)
    staff = ForeignKeyField(Staff, null=True, backref="+")
    data = TextField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("form", "counter_code"), True),)


class StateEvent(BaseModel):
    """One write to a chained table group (staff, reception run, handover, record versions,
    access log): the SHA-256 of the group's rows right after the write, on the ``state``
    hash chain. The latest entry of each scope must match the rows as they are."""

    id = AutoField()
    at = DateTimeField()
    scope = CharField(max_length=64, index=True)   # e.g. staff:3, reception:2, access:17
    sha256 = CharField(max_length=64)              # "" when the group was deleted
    origin = CharField(max_length=16, default="")  # "migration": chained when the step ran
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64, unique=True)


class ReferencePackage(BaseModel):
    """A reference package from the head office applied at this hall (schema v14, issue
    #21): which kind and subject, its version, the head office's key and its date, who
    applied it and when. On the ``state`` chain (``reference:<id>``)."""

    id = AutoField()
    kind = CharField(max_length=16)
    subject = CharField(max_length=64, index=True)   # calendar:2027, staff:<hall>, phrases ...
    version = IntegerField()
    issuer = CharField(max_length=128, default="")
    key_fingerprint = CharField(max_length=64)
    created_at = CharField(max_length=32)            # the head office's clock, as written
    created_by = CharField(max_length=64, default="")
    sha256 = CharField(max_length=64)
    applied_at = DateTimeField()
    applied_by = CharField(max_length=64)
    summary = TextField(default="")


class Anchor(BaseModel):
    """The heads of every chain at one moment (sealing a handover), kept to prove later
    that nothing before it was rewritten; its short code is printed on the sheet."""

    id = AutoField()
    at = DateTimeField()
    subject = CharField(max_length=64, index=True)  # handover:12
    heads = TextField()                             # JSON: chain -> {"hash", "length"}
    code = CharField(max_length=32, index=True)


class HolidayOverride(BaseModel):
    """A date the holiday library gets wrong or does not know yet, set by the administrator."""

    day = DateField(primary_key=True)
    workday = BooleanField()
    note = CharField(max_length=64, default="")


class DailyDay(BaseModel):
    """一日管理: the hall's day, its checks copied from the template in force when opened."""

    id = AutoField()
    day = DateField(unique=True)
    template_name = CharField(max_length=64)
    template_title = CharField(max_length=64, default="")
    template_version = IntegerField(default=1)
    state = CharField(max_length=16)                  # open / closed
    opened_by = ForeignKeyField(Staff, backref="+")
    opened_at = DateTimeField()
    closed_by = ForeignKeyField(Staff, null=True, backref="+")
    closed_at = DateTimeField(null=True)
    version = IntegerField(default=1)


class DailyItem(BaseModel):
    id = AutoField()
    day = ForeignKeyField(DailyDay, backref="items", on_delete="CASCADE")
    phase = CharField(max_length=16)          # opening / round / closing
    slot = CharField(max_length=5, default="")  # the round's set time, HH:MM
    position = IntegerField()
    text = CharField(max_length=255)
    status = CharField(max_length=16, default="open")   # open / done / faulty / not_done
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(Staff, null=True, backref="+")
    reason = TextField(default="")
    duty_entry = ForeignKeyField(DutyLogEntry, null=True, backref="+")
    history = TextField(default="")           # undone ticks, one line each (v7)


ALL_MODELS: list[type[BaseModel]] = [
    Setting, Department, Staff, Counter, Category, NumberSequence, ChainHead, ReceptionRun,
    Ticket, TicketDeadline, TicketEvent, Callback, Attachment, DutyLogEntry, ReceptionPost,
    ReceptionItem, Handover, HandoverItem, Signature, RecordVersion, AccessLog, Draft,
    HolidayOverride, StateEvent, Anchor, SealedIdentity, DailyDay, DailyItem,
    ReferencePackage,
]
