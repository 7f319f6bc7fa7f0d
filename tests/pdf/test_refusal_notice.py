"""不予受理告知书: the refusal's reason and basis, the customer's recourse, the hall, the date
and both signature lines, on any text (manual 001 第九条(二))."""

from __future__ import annotations

import pytest

from hall_desk import pdf
from tests import pdf_helpers as h

HOSTILE = '<script>alert("x")</script> & "quoted" 😀 tab\there ctrl\x00end'


def refused(**changes):
    return h.demo_ticket(**{**dict(
        kind="request", business_type="transfer", business_name="过户", status="rejected",
        valid=False, validity_reason="申请人非该户号的登记户主，且未提供户主授权委托书。",
        refusal_basis="《供电营业规则》相关规定",
        history=[{"seq": 1, "at": "2025-03-04T09:12", "actor": "李晓婷", "action": "created",
                  "note": ""},
                 {"seq": 2, "at": "2025-03-05T10:00", "actor": "周海峰",
                  "action": "judge_invalid", "note": ""}]), **changes})


def test_refusal_notice_says_why_on_what_basis_and_what_next():
    meta = h.demo_meta()
    data = pdf.refusal_notice(refused(), meta, [
        pdf.SignatureEntry(role=pdf.CUSTOMER, signer_name="王秀兰", on_paper=True)])
    text = h.squash("".join(h.page_texts(data)))
    for value in ("国网滨江供电营业厅", "不予受理告知书", "王秀兰", "“过户”申请", "决定不予受理",
                  "理由", "申请人非该户号的登记户主", "依据", "《供电营业规则》相关规定",
                  "再次投诉", "重新提出申请", "经办人：周海峰", "日期：2025-03-05",
                  "经办人签名", "申请人签收", "已在纸质原件上签名"):
        assert h.squash(value) in text, value
    assert "transfer" not in text
    assert f"版本{meta['version']}" in text and meta["content_sha256"] in text


@pytest.mark.parametrize("ticket", [
    {}, {"valid": False, "history": [{}], "validity_reason": None, "refusal_basis": ["?"]},
    refused(validity_reason=HOSTILE * 200, refusal_basis=HOSTILE, customer_name="<b>&"),
])
def test_odd_or_hostile_fields_still_print(ticket):
    data = pdf.refusal_notice(ticket, h.demo_meta())
    assert data.startswith(b"%PDF") and "不予受理告知书" in h.squash(h.page_texts(data)[0])


def test_anonymous_applicant_is_not_named():
    data = pdf.refusal_notice(refused(anonymous=True, identity_shown=False), h.demo_meta())
    assert "王秀兰" not in "".join(h.page_texts(data))
