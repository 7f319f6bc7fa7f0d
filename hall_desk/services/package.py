"""Packages up to the head office, offline-first (issue #21): the hall writes what changed
since its last package as one file (USB stick, network share), the head office reads it in.

What "changed since" means is exact, with no clock in it: every change the package carries
is a link of one of the hall's hash chains (``services.anchors.CHAINS``). The hall keeps,
in the settings table (``package.state``), the id of the last link of each chain that went
into a package; the next package holds every link after it, the tickets those ticket events
belong to (the row and its callbacks as they are now), and the current rows of every group
the new ``state`` entries name (a reception run, a handover, a day, a ticket's record
versions, a staff row without its PIN hash, an access-log row ...). Links are added under
the chain-head lock in chain order, so their ids grow with the chain.

An anonymous customer's name, phone and address never leave the hall: the ticket row holds
none (they are in ``sealed_identity``, never exported), and every string of the package is
scrubbed of the sealed values too (events written before v3 may still hold them); a line so
changed carries ``"scrubbed": true`` (its hash no longer recomputes from it).

Nothing changed since the last package: nothing is written and no sequence is used
(:attr:`Exported.path` is None). Each package written is logged in the access log (who,
when, which sequence, where) and that entry travels in the package itself.

The head office side (:func:`receive`) reads a package into the ``ho_*`` tables
(``store.headoffice``), all or nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee

from hall_desk import paths
from hall_desk.core import package as fmt
from hall_desk.core.auth import require
from hall_desk.core.chain import GENESIS, canonical_json
from hall_desk.core.errors import HallError
from hall_desk.services import anchors, settings
from hall_desk.services.context import Actor, now
from hall_desk.store import rowstate
from hall_desk.store.headoffice import HoChainRow, HoGroup, HoHall, HoPackage, ho_db
from hall_desk.store.models import (
    AccessLog, Callback, DutyLogEntry, SealedIdentity, Signature, StateEvent, Ticket,
    TicketEvent,
)
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

STATE_KEY = "package.state"      # {"sequence", "marks": {chain: last id}, "heads": {...}}
LAST_KEY = "package.last"        # the last package written, for the settings page
CHAIN_MODELS = {"ticket_event": TicketEvent, "duty_log": DutyLogEntry, "signature": Signature,
                "state": StateEvent}
_BATCH = 500


@dataclass(frozen=True)
class Exported:
    """A package written (``path`` None: nothing had changed, nothing was written)."""

    sequence: int | None
    path: Path | None
    sha256: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Received:
    """A package read in at the head office (``already``: it had been, nothing changed)."""

    hall_id: str
    hall_name: str
    sequence: int
    already: bool
    counts: dict[str, int]


@dataclass(frozen=True)
class Sent:
    """The last package this hall wrote, for the settings page."""

    sequence: int
    at: str
    by: str
    path: str


def last_sent() -> Sent | None:
    data = settings.get(LAST_KEY)
    return Sent(data["sequence"], data["at"], data["by"], data["path"]) if data else None


def _genesis_heads() -> dict[str, dict[str, Any]]:
    return {c: {"hash": GENESIS, "length": 0} for c in anchors.CHAINS}


def _last_ids() -> dict[str, int]:
    return {chain: model.select(peewee.fn.MAX(model.id)).scalar() or 0
            for chain, model in CHAIN_MODELS.items()}


def export(actor: Actor, to_dir: str | Path) -> Exported:
    """Write the next package into the folder ``to_dir``. It carries the hall's records
    unmasked (but for anonymous customers), as a backup does: the roles that may back up."""
    require(actor.role, "backup")
    folder = Path(to_dir)
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise HallError("package.error.folder", path=str(folder))
    with write_transaction():
        rowstate.lock_heads()            # the chains stand still while they are read
        state = settings.get(STATE_KEY) or {"sequence": 0, "marks": {}, "heads": None}
        marks = {c: int(state["marks"].get(c, 0)) for c in CHAIN_MODELS}
        if _last_ids() == marks:
            return Exported(None, None, "", {})
        ident = settings.hall_id()
        sequence = state["sequence"] + 1
        _check_not_behind(ident, sequence, folder)
        target = folder / fmt.file_name(ident, sequence)
        at = now()
        entry = AccessLog.create(at=at, staff=actor.staff_id, action="package_export",
                                 ticket=None, reason=f"{sequence} {target}")
        rowstate.record(f"access:{entry.id}", at=at)
        heads_after = anchors.current_heads()
        manifest = {
            "hall": {"id": ident, "name": settings.hall_name()}, "sequence": sequence,
            "created_at": at.isoformat(timespec="seconds"), "created_by": actor.name,
            "heads_before": state["heads"] or _genesis_heads(), "heads_after": heads_after,
        }
        data, manifest = fmt.encode(manifest, _lines(marks))
        sha, counts = manifest["sha256"], manifest["counts"]
        _write(target, data)
        try:
            settings.put(STATE_KEY, {"sequence": sequence, "marks": _last_ids(),
                                     "heads": heads_after})
            settings.put(LAST_KEY, {"sequence": sequence, "at": manifest["created_at"],
                                    "by": actor.name, "path": str(target), "sha256": sha})
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    _journal_put(ident, {"sequence": sequence, "sha256": sha, "at": manifest["created_at"],
                         "path": str(target)})
    log.info("package %d written to %s (%s)", sequence, target, counts)
    return Exported(sequence, target, sha, counts)


# -- a hall restored from a backup older than its last package ----------------------------
# The database's own record of packages (``package.state``) goes back with a restore, so the
# next export would reuse a sequence the head office has with other content. Two witnesses
# outside the database say so first: this PC's journal of packages written (beside the data
# folder, :data:`JOURNAL_FILE`) and the packages of this hall already in the target folder.

JOURNAL_FILE = "package-exports.json"


def _journal_path() -> Path:
    return paths.data_dir() / JOURNAL_FILE


def _journal() -> dict[str, Any]:
    try:
        value = json.loads(_journal_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _journal_put(ident: str, entry: dict[str, Any]) -> None:
    """Best effort: a journal that cannot be written is logged (the folder check remains)."""
    journal = _journal()
    journal[ident] = entry
    try:
        _journal_path().parent.mkdir(parents=True, exist_ok=True)
        paths.write_atomically(_journal_path(), json.dumps(journal, indent=1).encode("utf-8"))
    except OSError as exc:
        log.warning("package journal %s not written: %s", _journal_path(), exc)


def _check_not_behind(ident: str, sequence: int, folder: Path) -> None:
    """HallError ``package.error.restored`` when package ``sequence`` (or a later one) of
    this hall was written before: the database is behind its own packages."""
    known = _journal().get(ident) or {}
    if int(known.get("sequence", 0)) >= sequence:
        raise HallError("package.error.restored", sequence=sequence, last=known["sequence"],
                        where=f"{known.get('at', '')} {known.get('path', '')}")
    prefix = f"hall-{ident[:8]}-"
    for found in folder.glob(f"{prefix}*{fmt.SUFFIX}"):
        number = found.name[len(prefix):-len(fmt.SUFFIX)]
        if number.isdigit() and int(number) >= sequence:
            raise HallError("package.error.restored", sequence=sequence, last=int(number),
                            where=str(found))


def _write(target: Path, data: bytes) -> None:
    """Never half a package under its name (``paths.write_atomically``)."""
    try:
        paths.write_atomically(target, data)
    except OSError as exc:
        raise HallError("package.error.write", path=str(target),
                        detail=exc.strerror or str(exc)) from None


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return "base64:" + base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _lines(marks: dict[str, int]) -> Iterator[dict[str, Any]]:
    """Every content line after ``marks``, scrubbed of anonymous customers' identities: a
    line of an anonymous ticket of its own customer's, a line of no ticket (duty log,
    handover, reception, day) of every anonymous customer's; a named ticket's stay whole."""
    secrets: dict[int, tuple[str, ...]] = {
        ticket: tuple(rest) for ticket, *rest in SealedIdentity.select(
            SealedIdentity.ticket, SealedIdentity.customer_name,
            SealedIdentity.customer_phone, SealedIdentity.phone_key,
            SealedIdentity.customer_address).tuples()}
    anyone = fmt.scrubber(s for found in secrets.values() for s in found)
    for line in _raw_lines(marks):
        line = _plain(line)
        ticket = _ticket_of(line)
        if ticket is None:
            clean = anyone(line)
        elif ticket in secrets:
            clean = fmt.scrubber(secrets[ticket])(line)
        else:
            clean = line
        if clean != line:
            clean["scrubbed"] = True
        yield clean


def _ticket_of(line: dict[str, Any]) -> int | None:
    """The ticket a content line belongs to, if any."""
    kind, row = line["kind"], line.get("row") or {}
    if kind == "event":
        return row["ticket"]
    if kind == "signature":
        return row["subject_id"] if row["subject_type"] == "ticket" else None
    if kind == "state":
        return -1                                   # scope names and hashes only
    if kind == "duty":
        return None
    scope = line["scope"]
    if scope.startswith(("ticket:", "record:ticket:")):
        return int(scope.rsplit(":", 1)[1])
    if scope.startswith("access:") and line["rows"]:
        return line["rows"][0]["ticket"] or None
    return None


def _raw_lines(marks: dict[str, int]) -> Iterator[dict[str, Any]]:
    tickets: set[int] = set()
    scopes: set[str] = set()
    for chain, model in CHAIN_MODELS.items():
        kind = fmt.CHAIN_KINDS[chain]
        query = model.select().where(model.id > marks[chain]).order_by(model.id).dicts()
        for row in query.iterator():
            if chain == "ticket_event":
                tickets.add(row["ticket"])
            elif chain == "state":
                scopes.add(row["scope"])
            yield {"kind": kind, "row": row}
    ordered = sorted(tickets)
    for start in range(0, len(ordered), _BATCH):
        chunk = ordered[start:start + _BATCH]
        rows = {t["id"]: {"ticket": [t], "callbacks": []}
                for t in Ticket.select().where(Ticket.id.in_(chunk)).dicts()}
        for callback in (Callback.select().where(Callback.ticket.in_(chunk))
                         .order_by(Callback.id).dicts()):
            rows[callback["ticket"]]["callbacks"].append(callback)
        for ticket_id in chunk:
            yield {"kind": "ticket", "scope": f"ticket:{ticket_id}", "rows": rows[ticket_id]}
    for scope in sorted(scopes):
        rows = rowstate.group(scope)
        if rows is not None and scope.startswith("staff:"):
            rows = [{k: v for k, v in r.items() if k != "pin_hash"} for r in rows]
        yield {"kind": "group", "scope": scope, "rows": rows}


# -- the head office ---------------------------------------------------------------------

def receive(actor: Actor, path: str | Path) -> Received:
    """Read a package into the head office's database (bound by
    ``store.headoffice.open_headoffice``), in one transaction: all of it or nothing; a
    head-office administrator (``import_package``), recorded as who received it. The
    same package again changes nothing (``already``). Refused with a HallError: an altered
    or cut file, links that do not continue the chains they claim, a sequence after a gap
    (naming the missing one), heads before that are not the head office's heads after the
    hall's last package, another package under a sequence already received."""
    require(actor.role, "import_package")
    received_by = actor.login or actor.name
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HallError("package.error.read", path=str(path),
                        detail=exc.strerror or str(exc)) from None
    pkg = fmt.decode(data, str(path))
    fmt.check_links(pkg)
    manifest = pkg.manifest
    try:
        with _ho_transaction():
            hall = _locked_hall(pkg.hall_id)
            same = (HoPackage.get_or_none((HoPackage.hall == pkg.hall_id)
                                          & (HoPackage.sequence == pkg.sequence))
                    if hall else None)
            verdict = fmt.judge(pkg, hall.last_sequence if hall else 0,
                                json.loads(hall.last_heads) if hall else None,
                                same.sha256 if same else None)
            result = Received(pkg.hall_id, manifest["hall"].get("name", ""), pkg.sequence,
                              verdict.action == "already", dict(manifest["counts"]))
            if result.already:
                return result
            at = now()
            if hall is None:
                HoHall.create(hall_id=pkg.hall_id, first_received_at=at)
            _store_lines(pkg)
            HoPackage.create(hall=pkg.hall_id, sequence=pkg.sequence, sha256=pkg.sha256,
                             created_at=manifest["created_at"],
                             created_by=manifest.get("created_by", ""), received_at=at,
                             received_by=received_by,
                             heads_before=canonical_json(manifest["heads_before"]),
                             heads_after=canonical_json(manifest["heads_after"]),
                             counts=canonical_json(manifest["counts"]), file_name=path.name)
            HoHall.update(name=manifest["hall"].get("name", ""), last_sequence=pkg.sequence,
                          last_heads=canonical_json(manifest["heads_after"]),
                          last_received_at=at).where(HoHall.hall_id == pkg.hall_id).execute()
    except peewee.IntegrityError:
        # another import of the same hall committed first: nothing of this one is kept
        raise HallError("package.error.conflict", sequence=pkg.sequence,
                        hall=manifest["hall"].get("name") or pkg.hall_id) from None
    log.info("package %d of hall %s received from %s", pkg.sequence, pkg.hall_id, path)
    return result


def _ho_transaction():
    """On SQLite the write lock from the start (a second import waits, as at the hall)."""
    inner = ho_db.obj
    if isinstance(inner, peewee.SqliteDatabase) and inner.transaction_depth() == 0:
        return inner.atomic("IMMEDIATE")
    return ho_db.atomic()


def _locked_hall(ident: str) -> HoHall | None:
    query = HoHall.select().where(HoHall.hall_id == ident)
    if isinstance(ho_db.obj, peewee.PostgresqlDatabase):
        query = query.for_update()       # two imports of one hall: one after the other
    return query.first()


def _store_lines(pkg: fmt.Package) -> None:
    links: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    chain_of = {kind: chain for chain, kind in fmt.CHAIN_KINDS.items()}
    for line in pkg.lines:
        kind = line["kind"]
        if kind in chain_of:
            links.append({"hall": pkg.hall_id, "chain": chain_of[kind],
                          "row_id": line["row"]["id"], "sequence": pkg.sequence,
                          "data": canonical_json(line)})
        else:
            rows = line["rows"]
            groups.append({"hall": pkg.hall_id, "scope": line["scope"],
                           "sequence": pkg.sequence,
                           "data": "" if rows is None else canonical_json(line)})
    for start in range(0, len(links), _BATCH):
        HoChainRow.insert_many(links[start:start + _BATCH]).execute()
    for start in range(0, len(groups), _BATCH):
        HoGroup.insert_many(groups[start:start + _BATCH]).on_conflict(
            conflict_target=[HoGroup.hall, HoGroup.scope],
            update={HoGroup.data: peewee.EXCLUDED.data,
                    HoGroup.sequence: peewee.EXCLUDED.sequence}).execute()


def received(hall: str | None = None) -> list[dict[str, Any]]:
    """The packages received at the head office, per hall then sequence (plain data)."""
    query = HoPackage.select().order_by(HoPackage.hall, HoPackage.sequence)
    if hall:
        query = query.where(HoPackage.hall == hall)
    return [{"hall": p.hall_id, "sequence": p.sequence, "sha256": p.sha256,
             "received_at": p.received_at.isoformat(timespec="seconds"),
             "heads_after": json.loads(p.heads_after), "counts": json.loads(p.counts)}
            for p in query]
