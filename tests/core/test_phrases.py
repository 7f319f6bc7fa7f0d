"""The counter's words (core/phrases.py): the shipped template, its validation, the moments
each place offers, and finding vague promises with their positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hall_desk import paths
from hall_desk.core import phrases as rules
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.phrases import Moment


@pytest.fixture(scope="module")
def shipped() -> rules.Template:
    return rules.parse_template(paths.resource_path("templates", "phrases.toml")
                                .read_text(encoding="utf-8"))


def found(text: str, template: rules.Template, mode: str = "reply") -> list[tuple[str, int]]:
    return [(f.word, f.start) for f in rules.vague_promises(text, template, mode)]


def test_the_shipped_template_has_the_manuals_words(shipped):
    assert shipped.version >= 1
    assert [p.zh for p in shipped.of(Moment.OPENING)] == ["您好，请坐，请问办理什么业务？"]
    assert all(shipped.of(m) for m in Moment), "every moment has a phrase"
    assert any("您是说" in p.zh for p in shipped.of(Moment.READBACK))
    assert {"尽快", "马上", "过几天", "研究研究"} <= set(shipped.vague_words)
    assert all(p.en for p in shipped.phrases)
    # the shipped phrases themselves make no vague promise
    assert [p.zh for p in shipped.phrases if rules.vague_promises(p.zh, shipped, "intake")] == []


def test_vague_words_are_found_with_their_positions(shipped):
    text = "经核实，我们会尽快为您更换表具，过几天再研究研究。"
    assert found(text, shipped) == [("尽快", 7), ("过几天", 16), ("研究研究", 20)]
    for word, start in found(text, shipped):
        assert text[start:start + len(word)] == word


def test_a_solution_without_a_subject_is_still_a_promise_in_a_reply(shipped):
    assert found("尽快更换表具。", shipped) == [("尽快", 0)]
    assert found("尽快更换表具。", shipped, "intake") == []


def test_an_act_done_there_and_then_is_no_promise(shipped):
    assert found("请稍等，我马上为您查询。", shipped, "intake") == []
    assert found("请稍等，我马上为您查询。", shipped) == []
    assert found("我们马上派人处理。", shipped, "intake") == [("马上", 2)]


def test_the_customers_wish_is_no_promise(shipped):
    assert found("客户要求尽快恢复供电。", shipped) == []
    assert found("用户希望马上退款，我们会尽快核实。", shipped) == [("尽快", 12)]


def test_a_concrete_time_in_the_same_sentence_makes_it_concrete(shipped):
    assert found("我们会尽快处理，最迟明天17:00前答复您。", shipped) == []
    assert found("我们会尽快处理，24小时内反馈进展。", shipped) == []
    assert found("我们会尽快处理。明天见。", shipped) == [("尽快", 3)]
    assert found("过几天给您答复。", shipped) == [("过几天", 0)], "几天 is no concrete time"


def test_at_intake_only_a_clause_with_a_promise_counts(shipped):
    assert found("客户说马上就要过年了，家里一直没暖气。", shipped, "intake") == []
    assert found("马上就要过年了", shipped, "intake") == []
    assert found("已安抚客户，答复过几天上门检修。", shipped, "intake") == [("过几天", 8)]
    with pytest.raises(ValueError):
        rules.vague_promises("尽快", shipped, "memo")


def test_the_word_list_is_the_templates(shipped):
    mine = rules.edited(shipped, vague_words=["回头再说"])
    assert found("尽快处理，回头再说。", mine) == [("回头再说", 5)]
    assert mine.version == shipped.version + 1


def test_moments_by_place_and_the_customers_state_of_mind():
    assert Moment.REASSURANCE not in rules.moments_for("intake")
    assert rules.moments_for("intake", upset=True)[0] is Moment.REASSURANCE
    assert [e for e in ("calm", "anxious", "upset", "angry", "agitated", None)
            if rules.is_upset(e)] == ["anxious", "angry", "agitated"]
    assert rules.moments_for("intake")[0] is Moment.OPENING
    assert rules.moments_for("reply")[0] is Moment.APOLOGY
    assert Moment.GREETING in rules.moments_for("callback")


def test_a_bad_template_names_every_bad_field(shipped):
    data = shipped.as_dict()
    data.update(version=0, vague_words=[], promise_markers="会",
                phrases=[{"moment": "opening", "zh": "  "}, {"moment": "lunch", "zh": "好"},
                         {"moment": "thanks", "zh": "谢" * 201}, "x"])
    with pytest.raises(ValidationError) as exc:
        rules.template_from_dict(data)
    assert set(exc.value.errors) == {"version", "vague_words", "promise_markers", "phrases.1",
                                     "phrases.2", "phrases.3", "phrases.4"}
    assert "lunch" in exc.value.errors["phrases.2"].message("zh")
    assert "模糊承诺词" in exc.value.errors["vague_words"].message("zh")
    with pytest.raises(ValidationError) as exc:
        rules.template_from_dict(dict(shipped.as_dict(), vague_words=["尽快", "x" * 17]))
    assert list(exc.value.errors) == ["vague_words"]
    with pytest.raises(HallError) as exc:
        rules.parse_template("version = [")
    assert exc.value.key == "phrases.error.toml"


def test_the_template_round_trips_as_plain_data(shipped):
    again = rules.template_from_dict(shipped.as_dict())
    assert again == shipped and again.same_content(rules.edited(shipped))
    # whitespace is tidied, duplicates dropped
    tidy = rules.template_from_dict(dict(shipped.as_dict(), vague_words=[" 尽快 ", "尽快"]))
    assert tidy.vague_words == ("尽快",)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["尽快", "马上", "过几天", "研究研究", "我们会", "客户要求",
                                 "为您查询", "明天", "24小时", "，", "。", "\n", "处理", "几",
                                 "马", "尽"]), max_size=30),
       st.sampled_from(["reply", "intake"]))
def test_findings_are_where_they_say_in_order_and_apart(parts, mode):
    template = rules.parse_template(paths.resource_path("templates", "phrases.toml")
                                    .read_text(encoding="utf-8"))
    text = "".join(parts)
    found = rules.vague_promises(text, template, mode)
    assert all(text[f.start:f.end] == f.word for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    if mode == "intake":        # intake flags a subset of what a reply would
        reply = {(f.start, f.word) for f in rules.vague_promises(text, template, "reply")}
        assert {(f.start, f.word) for f in found} <= reply
