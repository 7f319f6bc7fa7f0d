"""Hall incidents (突发事件) of the duty log and the response the procedures prescribe.

The guidance is the manuals' own words (domain.md §8): M0 "其他应急措施" (营业厅服务应急管理)
and M1 第六~八条 (客服大厅管理办法). The copy of M1 we have
was passed through a synonym spinner (处置惩罚 for 处理, 向导 for 领导, 只管阻止 for 尽量避免);
the text below restores the ordinary words of the regulation.
"""

from __future__ import annotations

from dataclasses import dataclass

from hall_desk.core import i18n
from hall_desk.core.enums import DutyKind

_BASIC = ("基本要求：面对特殊事件，接待人员要保持冷静、沉着，随机应变，及时妥善处理。",
          "General rule: in a special event, staff stay calm and composed, adapt to the "
          "situation and deal with it promptly and properly.")


@dataclass(frozen=True)
class Guidance:
    """What the procedures prescribe for one kind of incident, and where it says so."""

    kind: DutyKind
    steps_zh: tuple[str, ...]
    steps_en: tuple[str, ...]
    source: str

    def text(self, lang: str | None = None) -> str:
        steps = self.steps_zh if (lang or i18n.language()) == "zh" else self.steps_en
        return "\n".join(steps)


GUIDANCE: dict[DutyKind, Guidance] = {g.kind: g for g in [
    Guidance(
        DutyKind.MEDIA_OR_LAWYER,
        ("当新闻媒体、律师等来访时：立即报告分管领导，由分管领导联系相关人员接待，"
         "不随意接待采访，不随意回答。",
         "涉及对外媒体采访、宣传、报道的事项，统一逐级汇报，不得随意接受媒体采访。",
         _BASIC[0]),
        ("When the media, a lawyer or the like visit: report at once to the leader in charge, "
         "who arranges for the right people to receive them; give no interviews and no "
         "answers on your own.",
         "Media interviews, publicity and reports are reported level by level; nobody accepts "
         "a media interview on their own.",
         _BASIC[1]),
        "domain.md §8: M0 其他应急措施; M1 第八条（四）"),
    Guidance(
        DutyKind.SYSTEM_FAILURE,
        ("当电脑或系统故障时：营业人员应立即对客户做好解释工作，取得客户谅解，"
         "并请客户在休息区休息等待。",
         "负责人应咨询相关部门，了解原因并告知全体营业人员。",
         _BASIC[0]),
        ("When a computer or the system fails: explain to the customers at once, ask for their "
         "understanding and invite them to wait in the waiting area.",
         "The person in charge asks the departments concerned for the cause and tells all "
         "counter staff.",
         _BASIC[1]),
        "domain.md §8: M0 其他应急措施"),
    Guidance(
        DutyKind.POWER_CUT,
        ("当突然停电时：营业人员应立即对客户做好解释工作，取得客户谅解，"
         "并请客户在休息区休息等待。",
         "负责人应咨询相关部门，了解原因并告知全体营业人员。",
         "注意用电安全，防止失盗、滋事、失火等一切不安全事故的发生。",
         _BASIC[0]),
        ("When the power fails suddenly: explain to the customers at once, ask for their "
         "understanding and invite them to wait in the waiting area.",
         "The person in charge asks the departments concerned for the cause and tells all "
         "counter staff.",
         "Mind electrical safety; prevent theft, trouble and fire.",
         _BASIC[1]),
        "domain.md §8: M0 其他应急措施; M1 第六条（七）"),
    Guidance(
        DutyKind.DISTURBANCE,
        ("对于故意滋事的客户，应坚持有礼有节，坚持原则，不能轻易妥协。",
         "寻衅滋事、扰乱正常营业秩序者，情节严重的应报分管领导，报公安机关给予处理，"
         "但应尽量避免对现场其他客户的干扰和影响。",
         _BASIC[0]),
        ("With a customer who makes trouble on purpose: stay courteous and measured, keep to "
         "the rules, do not give in easily.",
         "Whoever provokes trouble and disturbs the hall's order: in serious cases report to "
         "the leader in charge and to the police, while keeping the disturbance to the other "
         "customers as small as possible.",
         _BASIC[1]),
        "domain.md §8: M1 第七条（十一）（十二）"),
    Guidance(
        DutyKind.OTHER,
        (_BASIC[0],
         "能立即处理的可以直接在现场解决，对较为重大或问题严重者必须逐级上报分管领导进行处理。"),
        (_BASIC[1],
         "What can be dealt with at once is settled on the spot; anything major or serious is "
         "reported level by level to the leader in charge."),
        "domain.md §8: M0 其他应急措施; M1 第七条（十三）"),
]}

INCIDENT_KINDS: tuple[DutyKind, ...] = tuple(k for k in DutyKind if k is not DutyKind.NOTE)


def is_incident(kind: DutyKind | str) -> bool:
    return DutyKind(kind) is not DutyKind.NOTE


def guidance(kind: DutyKind | str) -> Guidance | None:
    """The prescribed response for an incident kind; None for an ordinary note."""
    return GUIDANCE.get(DutyKind(kind))


def kind_label(kind: DutyKind | str, lang: str | None = None) -> str:
    return i18n.text(f"duty.kind.{DutyKind(kind).value}", lang)
