"""The read-back at intake (复述确认, M4): what the clerk reads aloud before the customer
confirms. Built from the intake's plain data so that the window shows, and a test checks,
the same words: what was said and wanted, name and phone, anonymity, missing materials, who
or what the complaint is about (投诉对象), when the customer prefers to be called back, the
kind and the promised reply time.

Plain Python: no Qt, no peewee.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hall_desk.core import i18n
from hall_desk.core.enums import CallbackWindow

TIME_FORMAT = "%Y-%m-%d %H:%M"


def lines(data: Mapping[str, Any], *, target_name: str = "", phone_shown: str = "",
          promised: datetime | None = None, problem: str | None = None,
          lang: str | None = None) -> list[str]:
    """The read-back's lines of an intake ``data`` (as ``tickets.register`` takes it).
    ``target_name`` is the complained-about person, department or third party as shown
    (the data holds a code for a listed one); ``phone_shown`` the phone as it is read out;
    ``promised``/``problem`` the promised reply time or why there is none."""
    def say(key: str, **params: Any) -> str:
        return i18n.text(key, lang, **params)

    out = [say("readback.content", text=str(data.get("content") or "").strip())]
    demand = str(data.get("demand") or "").strip()
    if demand:
        out.append(say("readback.demand", text=demand))
    name = str(data.get("customer_name") or "").strip()
    if name or phone_shown:
        out.append(say("readback.identity", name=name or "-", phone=phone_shown or "-"))
    if data.get("anonymous"):
        out.append(say("readback.anonymous"))
    if data.get("missing_materials"):
        out.append(say("readback.missing", items="、".join(data["missing_materials"])))
    target_kind = data.get("target_kind")
    if target_kind and target_name.strip():
        out.append(say("readback.target", kind=i18n.text(f"target.{target_kind}", lang),
                       name=target_name.strip()))
    window = data.get("callback_window")
    if window and window != CallbackWindow.ANY.value:
        out.append(say("readback.callback_window",
                       window=i18n.text(f"callback.window.{window}", lang)))
    kind = i18n.text("kind." + str(data["kind"]), lang)
    if promised is not None:
        out.append(say("readback.promised", kind=kind, at=promised.strftime(TIME_FORMAT)
                       + (f" ({problem})" if problem else "")))
    else:
        out.append(say("readback.registered", kind=kind))
        if problem:
            out.append(problem)
    return out


def text(data: Mapping[str, Any], **kwargs: Any) -> str:
    """:func:`lines` joined, one a line."""
    return "\n".join(lines(data, **kwargs))
