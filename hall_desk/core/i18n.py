"""Words for people, Chinese first, for the layers that have no Qt.

The Qt widgets are translated with Qt's own ``.ts``/``.qm`` files; the core, the services and
the command line speak through this catalogue instead, so that an error raised deep in a
rule reaches the counter clerk in the clerk's language.

The catalogue is data: one TOML file per language, ``resources/translations/catalogue.zh.toml``
and ``catalogue.en.toml``, each mapping every key to its words (``"error.required" =
"{field}不能为空"``). They are read once, on the first look-up, so no module has to be
imported for its words to be known. tests/unit/test_catalogue.py checks that both files
have the same keys and that the code uses every key and finds every key it uses.

``text(key, lang, **params)`` looks a key up; unknown keys fall back to the key itself so a
missing entry is visible rather than fatal. ``register`` adds words at run time (tests, and
code merged before its words were moved into the files).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LANG = "zh"
LANGS = ("zh", "en")

_current = DEFAULT_LANG


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    _current = lang


def language() -> str:
    return _current


CATALOGUE_FILE = "catalogue.{lang}.toml"      # in resources/translations/

# key: (zh, en); filled from the catalogue files on first use (and by ``register``)
_loaded = False
_CATALOG: dict[str, tuple[str, str]] = {
    # roles
    "role.counter": ("营业员", "Counter staff"),
    "role.supervisor": ("班长/主管", "Shift leader / supervisor"),
    "role.admin": ("管理员", "Administrator"),
    "role.system": ("系统", "System"),
    # kinds
    "kind.complaint": ("投诉", "Complaint"),
    "kind.request": ("诉求", "Request"),
    "kind.report": ("举报", "Report"),
    "kind.consultation": ("咨询", "Consultation"),
    "kind.suggestion": ("建议", "Suggestion"),
    # channels
    "channel.walk-in": ("现场", "Walk-in"),
    "channel.phone": ("电话", "Phone"),
    "channel.letter": ("信函", "Letter"),
    "channel.online": ("网络", "Online"),
    "channel.transferred": ("转办", "Transferred"),
    # statuses
    "status.registered": ("已登记", "Registered"),
    "status.judged": ("已判定", "Judged"),
    "status.assigned": ("已派发", "Assigned"),
    "status.analysed": ("已分析", "Analysed"),
    "status.proposed": ("已提方案", "Solution proposed"),
    "status.approved": ("已批示", "Approved"),
    "status.implemented": ("已实施", "Implemented"),
    "status.reviewed": ("已审核", "Reviewed"),
    "status.replied": ("已答复", "Replied"),
    "status.called_back": ("已回访", "Called back"),
    "status.archived": ("已归档", "Archived"),
    "status.rejected": ("不成立", "Not valid"),
    # emotional states
    "emotion.calm": ("平静", "Calm"),
    "emotion.anxious": ("焦虑", "Anxious"),
    "emotion.upset": ("不满", "Upset"),
    "emotion.angry": ("愤怒", "Angry"),
    "emotion.agitated": ("激动", "Agitated"),
    # priorities
    "priority.1": ("低", "Low"),
    "priority.2": ("普通", "Normal"),
    "priority.3": ("高", "High"),
    "priority.4": ("紧急", "Urgent"),
    "customer.anonymous": ("（匿名）", "(anonymous)"),
    # errors
    "error.required": ("{field}不能为空", "{field} is required"),
    "error.too_long": ("{field}不能超过{max}个字符", "{field} must be at most {max} characters"),
    "error.too_short": ("{field}至少需要{min}个字符", "{field} needs at least {min} characters"),
    "error.control_chars": ("{field}含有不允许的控制字符", "{field} contains control characters"),
    "error.phone_invalid": ("{field}不是有效的中国手机或固定电话号码", "{field} is not a valid Chinese mobile or landline number"),
    "error.choice": ("{field}的值“{value}”无效", "{field}: “{value}” is not a valid choice"),
    "error.pin_format": ("PIN必须是4到8位数字", "The PIN must be 4 to 8 digits"),
    "error.pin_mismatch": ("两次输入的PIN不一致", "The two PINs differ"),
    "error.login_failed": ("姓名或PIN不正确", "Wrong name or PIN"),
    "error.login_locked": ("尝试次数过多，请于{until}后再试或联系管理员", "Too many attempts: try again after {until} or ask an administrator"),
    "error.login_taken": ("登录名“{login}”已被使用", "The login “{login}” is already taken"),
    "error.permission": ("您的角色（{role}）无权执行：{action}", "Your role ({role}) may not: {action}"),
    "error.not_initialised": ("尚未完成初始设置，请先运行 hall-desk init", "Not set up yet: run hall-desk init first"),
    "error.already_initialised": ("本大厅已完成初始设置", "This hall is already set up"),
    "error.counter_code": ("柜台编号须为1到4位字母或数字", "The counter code must be 1 to 4 letters or digits"),
    "error.stale": (
        "保存失败：该工单已被{who}于{when}修改（版本{version}）。您填写的内容已保留，请刷新后再提交。",
        "Not saved: {who} changed this ticket at {when} (version {version}). Your input is kept; reload and submit again.",
    ),
    "error.not_found": ("找不到{what}：{key}", "No {what}: {key}"),
    "error.schema_newer": (
        "数据库版本（{found}）比本程序支持的版本（{supported}）新，请升级程序",
        "The database schema ({found}) is newer than this program supports ({supported}); upgrade the program",
    ),
    "error.db_open": ("无法打开数据库：{detail}", "Cannot open the database: {detail}"),
    "error.db_corrupt": ("数据库文件已损坏或不是本程序的数据库（{detail}）。请从备份恢复，原文件未作任何修改。",
                         "The database file is damaged or not a hall_desk database ({detail}). Restore a backup; the file was left untouched."),
    "error.db_busy": ("数据库正忙（其他柜台正在写入），请稍后重试", "The database is busy (another counter is writing); try again shortly"),
    # actions (for permission messages)
    "action.register_ticket": ("登记工单", "register tickets"),
    "action.manage_staff": ("管理员工账号", "manage staff accounts"),
    "action.edit_settings": ("修改设置", "change settings"),
    "action.view_identity": ("查看匿名客户身份", "see an anonymous customer's identity"),
    "action.supervise": ("审批与批示", "judge, approve and instruct"),
    "action.update_ticket": ("修改工单", "change tickets"),
    # field names
    "field.name": ("姓名", "Name"),
    "field.login": ("登录名", "Login"),
    "field.pin": ("PIN", "PIN"),
    "field.hall_name": ("大厅名称", "Hall name"),
    "field.counter_code": ("柜台编号", "Counter code"),
    "field.customer_name": ("客户姓名", "Customer name"),
    "field.phone": ("联系电话", "Phone"),
    "field.address": ("地址", "Address"),
    "field.content": ("事由", "What happened"),
    "field.demand": ("客户诉求", "Customer's demand"),
    "field.kind": ("类型", "Kind"),
    "field.channel": ("渠道", "Channel"),
    "field.category": ("类别", "Category"),
    "field.role": ("角色", "Role"),
    "field.emotional_state": ("客户情绪", "Customer's mood"),
    "field.evidence_note": ("证据/附件说明", "Evidence"),
    "field.business_type": ("业务类型", "Business type"),
    "field.received_at": ("受理时间", "Received"),
    "field.agreed_due_at": ("约定时间", "Agreed time"),
    "field.missing_materials": ("缺少材料", "Missing materials"),
    "field.priority": ("优先级", "Priority"),
    "error.in_future": ("{field}不能晚于当前时间", "{field} cannot be in the future"),
    "error.agreed_before_received": ("{field}须晚于受理时间", "{field} must be after the time received"),
    "error.list_of_text": ("{field}须为不超过{max}项的文字列表", "{field} must be a list of at most {max} texts"),
    "what.ticket": ("工单", "ticket"),
    "what.staff": ("员工", "staff member"),
    "what.category": ("类别", "category"),
    "what.department": ("部门", "department"),
}


def catalogue_folder() -> Path:
    from hall_desk import paths

    return paths.resource_path("translations")


def read_catalogue(folder: Path | None = None) -> dict[str, tuple[str, str]]:
    """Every key of the catalogue files in ``folder`` with its (zh, en) words. A key one
    language lacks takes the other's words (the test keeps the files equal)."""
    folder = folder or catalogue_folder()
    words: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = folder / CATALOGUE_FILE.format(lang=lang)
        with path.open("rb") as f:
            words[lang] = tomllib.load(f)
    keys = list(words["zh"]) + [k for k in words["en"] if k not in words["zh"]]
    return {k: (words["zh"].get(k, words["en"].get(k)), words["en"].get(k, words["zh"].get(k)))
            for k in keys}


def _catalog() -> dict[str, tuple[str, str]]:
    global _loaded
    if not _loaded:
        _loaded = True
        _add(read_catalogue())
    return _CATALOG


def text(key: str, lang: str | None = None, /, **params: object) -> str:
    """The words for ``key`` in ``lang`` (default: the current language)."""
    entry = _catalog().get(key)
    if entry is None:
        return key
    template = entry[0] if (lang or _current) == "zh" else entry[1]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in _catalog()


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add words at run time (the files hold the program's own)."""
    _catalog()
    _add(entries)


def _add(entries: dict[str, tuple[str, str]]) -> None:
    for key, value in entries.items():
        value = tuple(value)
        if key in _CATALOG and _CATALOG[key] != value:
            raise ValueError(f"i18n key {key!r} registered twice with different words")
        _CATALOG[key] = value


@dataclass(frozen=True)
class Phrase:
    """A key with its parameters, put into words when shown (in the language of that
    moment): for a parameter of a message that is itself a message."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return text(self.key, lang, **self.params)
