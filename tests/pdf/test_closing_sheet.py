"""The record sheet from plain data: every round of a two-round complaint, 逾期完成 with how
late, 第N次 and 投诉对象, and 无法回访 with its reason (text extracted with pypdf)."""

from __future__ import annotations

import pdf_helpers as h
from hall_desk import pdf

ROUND_1 = {"round": 1, "cause_class": "service", "cause_analysis": "营业员不熟悉退费流程",
           "solution": "当面致歉并说明退费办法", "compensation_amount": None,
           "compensation_method": "", "compensation_due": "", "instruction": "同意，三日内落实",
           "approved_by": "周海峰", "implementation": "已致歉", "reviewed_by": "赵敏",
           "review_note": "致歉记录已核", "reply_method": "phone", "reply_content": "已电话告知",
           "replied_at": "2025-03-05T10:00", "satisfaction": "dissatisfied",
           "customer_words": "退费办法还是没讲清楚", "callback_at": "2025-03-05T16:00",
           "callback_by": "李晓婷"}
ROUND_2 = dict(ROUND_1, round=2, cause_class="management", cause_analysis="退费说明材料缺失",
               solution="补发书面退费说明", instruction="", approved_by="", implementation="",
               reviewed_by="", review_note="", reply_method="", reply_content="", replied_at="",
               satisfaction="", customer_words="", callback_at=None, callback_by="")


def sheet_text(**changes) -> str:
    data = h.demo_ticket(**changes)
    return h.squash("".join(h.page_texts(pdf.record_sheet(data, h.demo_meta()))))


def test_a_two_round_complaint_prints_both_rounds():
    text = sheet_text(round=2, status="proposed", rounds=[ROUND_1, ROUND_2],
                      solution="补发书面退费说明", instruction="", approved_by="",
                      satisfaction="dissatisfied")
    assert "历次处理（已结束的轮次）" in text
    assert "第1轮处理方案当面致歉并说明退费办法" in text
    assert "第1轮主管批示同意，三日内落实（批示人：周海峰）" in text
    assert "第1轮审核致歉记录已核（审核人：赵敏）" in text
    assert "第1轮回访不满意2025-03-0516:00客户意见：退费办法还是没讲清楚" in text
    assert "四、处理过程（第2轮）" in text and "补发书面退费说明" in text
    assert "五、主管批示（第2轮）批示意见—" in text     # round 1's 批示 is not round 2's
    assert "回访结果未回访" in text


def test_a_limit_met_late_prints_how_late():
    late = [{"rule": "forward", "label": "转派责任部门（首报）", "due": "2025-03-04T23:58",
             "state": "met", "met_at": "2025-03-04T23:59", "agreed": False}]
    text = sheet_text(deadlines=late)
    assert "2025-03-0423:58逾期完成（晚1分钟）2025-03-0423:59" in text
    assert "已完成" not in text
    on_time = sheet_text()
    assert "逾期完成" not in on_time and "已完成" in on_time


def test_repeat_count_target_and_unreachable():
    text = sheet_text(repeat_of="TS20250201-0003", repeat_n=3, target_kind="staff",
                      target="陈建国", satisfaction="unreachable",
                      summary="三次电话均无人接听，按无法回访归档。",
                      rounds=[dict(ROUND_1, satisfaction="unreachable", customer_words="")])
    assert "是（第3次，前案TS20250201-0003）" in text
    assert "投诉对象本单位员工：陈建国" in text
    assert "回访结果无法回访" in text
    assert "无法回访原因三次电话均无人接听" in text
