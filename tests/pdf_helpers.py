"""Plain data for the PDF tests (the keys of ``services.tickets.describe()``), and ways to
read a PDF back: its text per page and the fonts it uses."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

SHA = "3f5a9c0e7b1d24c86e0f9a7b3c5d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b1c3d"


def demo_ticket(**changes: Any) -> dict[str, Any]:
    """An escalated complaint that went round the whole lifecycle, as describe() gives it."""
    ticket = {
        "number": "TS20250304-0017", "kind": "complaint", "channel": "walk-in",
        "category": "服务质量", "business_type": "电费缴纳",
        "customer_name": "王秀兰", "phone": "13812345678", "address": "滨江区春晓路88号3单元502室",
        "anonymous": False, "identity_shown": True,
        "content": "客户称3月1日上午在本厅2号柜台缴纳电费时，营业员态度冷淡，"
                   "多次询问预存电费如何退还均未得到答复，排队等候四十分钟后被告知系统故障须改日再来。",
        "demand": "要求营业员当面道歉，并说明预存电费的退还办法和办理时限。",
        "emotional_state": "upset", "evidence_note": "客户提供缴费小票照片一张",
        "confirmed_by_customer": True, "missing_materials": ["户主身份证复印件"],
        "received_at": "2025-03-04T09:12", "counter": "A02", "first_receiver": "李晓婷",
        "status": "archived", "round": 1, "priority": 3, "repeat_of": None,
        "department": "营业一班", "handler_a": "陈建国", "handler_b": "赵敏",
        "agreed_due_at": None, "escalated_at": "2025-03-05T09:30", "settled_on_spot": False,
        "valid": True, "validity_reason": "经调取监控与排队记录，服务态度问题属实。",
        "cause_class": "service", "cause_analysis": "当班营业员对预存电费退费流程不熟悉，"
                                                    "且未执行首问负责制，未主动转交班长处理。",
        "solution": "由班长陪同当班营业员向客户当面致歉，并书面说明预存电费退还流程；"
                    "对当班营业员进行业务培训。",
        "compensation_amount": "50.00", "compensation_method": "电费账户抵扣",
        "compensation_due": "2025-03-10T17:00",
        "instruction": "同意处理方案。请营业一班于3月7日前完成致歉与退费说明，并组织全班学习首问负责制。",
        "approved_by": "周海峰",
        "implementation": "3月6日班长陪同营业员上门致歉，当面讲解退费流程，客户表示接受。",
        "reply_method": "visit", "reply_content": "已上门致歉，并书面告知预存电费退还办法及5个工作日的办理时限。",
        "replied_at": "2025-03-06T15:20", "satisfaction": "satisfied",
        "archived_at": "2025-03-07T10:05", "summary": "加强退费业务培训，落实首问负责制。",
        "version": 12,
        "deadlines": [
            {"rule": "forward", "label": "转派责任部门（首报）", "due": "2025-03-04T09:17",
             "state": "met", "met_at": "2025-03-04T09:15", "agreed": False},
            {"rule": "first_feedback", "label": "初步反馈客户", "due": "2025-03-05T09:12",
             "state": "met", "met_at": "2025-03-04T16:40", "agreed": False},
            {"rule": "escalate", "label": "上报客服主管", "due": "2025-03-05T09:12",
             "state": "overdue", "met_at": None, "agreed": False},
            {"rule": "reply", "label": "答复客户", "due": "2025-03-09T24:00".replace("24:00", "23:59"),
             "state": "met", "met_at": "2025-03-06T15:20", "agreed": False},
        ],
        "deadline_problem": None,
        "history": [
            {"seq": 1, "at": "2025-03-04T09:12", "actor": "李晓婷", "action": "created", "note": ""},
            {"seq": 2, "at": "2025-03-04T09:40", "actor": "周海峰", "action": "judge_valid",
             "note": "服务态度问题属实"},
            {"seq": 3, "at": "2025-03-04T09:45", "actor": "周海峰", "action": "assign", "note": ""},
            {"seq": 4, "at": "2025-03-05T09:30", "actor": "时限监控", "action": "escalated", "note": ""},
            {"seq": 5, "at": "2025-03-05T11:00", "actor": "陈建国", "action": "analyse", "note": ""},
            {"seq": 6, "at": "2025-03-05T14:10", "actor": "陈建国", "action": "propose", "note": ""},
            {"seq": 7, "at": "2025-03-05T16:30", "actor": "周海峰", "action": "approve", "note": ""},
            {"seq": 8, "at": "2025-03-06T15:00", "actor": "陈建国", "action": "implement", "note": ""},
            {"seq": 9, "at": "2025-03-06T15:20", "actor": "陈建国", "action": "reply", "note": ""},
            {"seq": 10, "at": "2025-03-06T17:30", "actor": "李晓婷", "action": "callback",
             "note": "客户对处理结果满意，感谢上门致歉。"},
            {"seq": 11, "at": "2025-03-07T10:05", "actor": "周海峰", "action": "archive", "note": ""},
        ],
    }
    ticket.update(changes)
    return ticket


def demo_meta(**changes: Any) -> dict[str, Any]:
    meta = {"hall_name": "国网滨江供电营业厅", "printed_at": "2025-03-07T10:30:00",
            "printed_by": "周海峰", "version": 12, "content_sha256": SHA}
    meta.update(changes)
    return meta


def ledger_rows(n: int) -> list[dict[str, Any]]:
    kinds = ["complaint", "request", "report", "consultation", "suggestion"]
    statuses = ["registered", "assigned", "replied", "archived", "called_back"]
    return [{"number": f"TS202503{(i % 28) + 1:02d}-{i:04d}",
             "received_at": f"2025-03-{(i % 28) + 1:02d}T{8 + i % 9:02d}:{i % 60:02d}",
             "kind": kinds[i % 5], "category": ["服务质量", "价格与收费", "产品质量"][i % 3],
             "customer_name": "张*" if i % 4 else "（匿名）",
             "content": "客户反映营业厅排队时间过长，叫号系统多次故障，要求增加窗口。" * (1 + i % 3),
             "department": ["营业一班", "计量班", "客服中心"][i % 3], "status": statuses[i % 5],
             "replied_at": f"2025-03-{(i % 28) + 1:02d}T17:00" if i % 5 >= 2 else None,
             "satisfaction": ["satisfied", "basically", None][i % 3]} for i in range(n)]


def marked_text(runs: int, titles_every: int) -> str:
    """Runs of 1, 2, … ``runs`` characters, each closed by "，" or "（注）。", with "《规则》"
    after every ``titles_every``-th: wrapped at any width, some mark falls at a line's edge."""
    return "".join("字" * n + ("，" if n % 3 else "（注）。")
                   + ("《规则》" if n % titles_every == 0 else "") for n in range(1, runs + 1))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    """Text without any whitespace (extraction puts line breaks where wrapping did)."""
    return "".join(text.split())


def fonts_of(pdf: bytes) -> dict[str, dict[str, Any]]:
    """Every font the pages use: base font name → {subtype, embedded}."""
    found: dict[str, dict[str, Any]] = {}

    def visit(font: Any) -> None:
        font = font.get_object()
        name = str(font.get("/BaseFont"))
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            for child in font["/DescendantFonts"]:
                visit(child)
            return
        embedded = False
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[name] = {"subtype": str(font.get("/Subtype")), "embedded": embedded,
                       "to_unicode": "/ToUnicode" in font}

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            visit(font)
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if "/Resources" in xobj:
                walk(xobj["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return found


def png_signature() -> bytes:
    """A small drawn signature as PNG bytes (transparent background)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(30, 150), (120, 40), (180, 160), (260, 60), (330, 140),
                                (420, 50), (560, 120)], fill=(10, 10, 80, 255), width=8)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
