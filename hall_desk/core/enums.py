"""The hall's vocabularies as enums.

Each value is the stable code stored in the database and used on the command line; labels
for people come from :mod:`hall_desk.core.i18n` (Chinese first).
"""

from __future__ import annotations

from enum import Enum

# The ticket kinds are a table (letters, required fields, lifecycle...), not a closed enum:
from hall_desk.core.kinds import TicketKind  # noqa: F401


class StrEnum(str, Enum):
    """A string enum whose str() is its stored code."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]


class Role(StrEnum):
    COUNTER = "counter"          # 营业员 / 前台受理员
    SUPERVISOR = "supervisor"    # 班长 / 客服主管
    ADMIN = "admin"              # 管理员
    SYSTEM = "system"            # the command line and imports: a recorded system actor
    HEAD_OFFICE = "head_office"  # 总部督办: reads every hall's packages, acts on no ticket


class Channel(StrEnum):
    WALK_IN = "walk-in"          # 现场
    PHONE = "phone"              # 电话
    LETTER = "letter"            # 信函
    ONLINE = "online"            # 网络
    TRANSFERRED = "transferred"  # 转办


class TicketStatus(StrEnum):
    """Where a ticket stands in the lifecycle of domain.md §4."""

    REGISTERED = "registered"        # 1 记录
    JUDGED = "judged"                # 2 判断是否成立
    ASSIGNED = "assigned"            # 3 确定责任部门
    ANALYSED = "analysed"            # 4 分析原因
    PROPOSED = "proposed"            # 5 提出处理方案
    APPROVED = "approved"            # 6 主管批示
    IMPLEMENTED = "implemented"      # 7 实施
    REVIEWED = "reviewed"            # 7a 责任部门负责人审核 (domain.md §4, M2 第二节三.6), when the policy asks
    REPLIED = "replied"              # 8 答复客户
    CALLED_BACK = "called_back"      # 9 回访 (satisfied)
    ARCHIVED = "archived"            # 10 归档
    REJECTED = "rejected"            # judged not valid (不成立), replied and archived later


class EmotionalState(StrEnum):
    CALM = "calm"            # 平静
    ANXIOUS = "anxious"      # 焦虑
    UPSET = "upset"          # 不满
    ANGRY = "angry"          # 愤怒
    AGITATED = "agitated"    # 激动


class Priority(int, Enum):
    LOW = 1
    NORMAL = 2
    HIGH = 3
    URGENT = 4       # safety, major rights, media or lawyer involved


class CauseClass(StrEnum):
    PRODUCT = "product"                  # 产品
    SERVICE = "service"                  # 服务
    AFTER_SALES = "after_sales"          # 售后
    MANAGEMENT = "management"            # 内部管理
    EXTERNAL = "external"                # 外部因素
    MISUNDERSTANDING = "misunderstanding"  # 客户误解


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"                  # 满意
    BASICALLY_SATISFIED = "basically"        # 基本满意
    DISSATISFIED = "dissatisfied"            # 不满意
    UNREACHABLE = "unreachable"              # 无法回访: closed without a callback (not a grade)

    @classmethod
    def grades(cls) -> list[str]:
        """The answers a reached customer can give (无法回访 is not one)."""
        return [m.value for m in cls if m is not cls.UNREACHABLE]


class TargetKind(StrEnum):
    """Whom a complaint is about (投诉对象)."""

    STAFF = "staff"              # a member of staff
    DEPARTMENT = "department"    # a department
    OTHER = "other"              # a third party, in words


class CallbackMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    VISIT = "visit"
    WECHAT = "wechat"            # 微信 (manual 003, 1.1.54: several callback channels)
    EMAIL = "email"              # 邮件


class CallbackWindow(StrEnum):
    """When the customer prefers to be called back (manual 003 1.1.53); see
    ``core.callback_window`` for the hours."""

    ANY = "any"                              # 任何时间
    WEEKDAY_MORNING = "weekday_morning"      # 工作日 9:00–12:00 (the working-day calendar)
    WEEKDAY_AFTERNOON = "weekday_afternoon"  # 工作日 14:00–17:30
    EVENING = "evening"                      # 每天 18:00–21:00
    WEEKEND = "weekend"                      # 休息日 9:00–18:00 (weekends and holidays)


class DutyKind(StrEnum):
    NOTE = "note"                    # 一般记录
    MEDIA_OR_LAWYER = "media_lawyer"  # 媒体或律师来访
    SYSTEM_FAILURE = "system_failure"  # 电脑或系统故障
    POWER_CUT = "power_cut"          # 停电
    DISTURBANCE = "disturbance"      # 寻衅滋事
    OTHER = "other"                  # 其他突发事件


class HandoverState(StrEnum):
    DRAFT = "draft"                  # outgoing is writing it
    SIGNED_OUT = "signed_out"        # outgoing signed, incoming reviewing
    SEALED = "sealed"                # both signed


class HandoverItemState(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    QUERIED = "queried"
    ANSWERED = "answered"
