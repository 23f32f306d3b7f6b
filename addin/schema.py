"""The customer-record fields: the single source of truth.

The template (:mod:`addin.template.build`), the validation (:mod:`addin.intake.validate`), the header
recognition of the readers (:mod:`addin.io`) and the field table in the README are all
generated from :data:`FIELDS`. To add a field, add one :class:`Field` here.

Picklist values are stored internally as stable keys (``"enterprise"``); the workbook shows
the label of the chosen language (``"企业"`` / ``"Enterprise"``) and the readers accept
either label or key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Choice",
    "Field",
    "FieldType",
    "Group",
    "Lang",
    "FIELDS",
    "FIELD_BY_KEY",
    "GROUPS",
    "META_COLUMNS",
    "fold_header",
    "header_lookup",
    "label",
    "choice_label",
]

Lang = Literal["zh", "en"]
FieldType = Literal[
    "text",
    "date",
    "int",
    "amount",
    "picklist",
    "mobile",
    "phone",
    "email",
    "credit_code",
    "id_number",
]
Group = Literal["record", "basic", "company", "sales", "service", "marketing"]

#: Columns every record frame carries next to the fields: where the row came from.
META_COLUMNS: tuple[str, ...] = ("_file", "_sheet", "_row")

GROUPS: dict[Group, tuple[str, str]] = {
    "record": ("登记信息", "Record"),
    "basic": ("基本信息", "Basic information"),
    "company": ("公司信息", "Company information"),
    "sales": ("销售信息", "Sales information"),
    "service": ("服务信息", "Service information"),
    "marketing": ("营销信息", "Marketing information"),
}


@dataclass(frozen=True)
class Choice:
    """One picklist entry: a stable key plus its labels."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Field:
    """One column of the intake sheet."""

    key: str
    zh: str
    en: str
    type: FieldType
    group: Group
    required: bool = False
    choices: tuple[Choice, ...] = ()
    help_zh: str = ""
    help_en: str = ""
    aliases: tuple[str, ...] = ()
    width: float = 14.0
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def help(self, lang: Lang) -> str:
        return self.help_zh if lang == "zh" else self.help_en

    @property
    def choice_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.choices)

    def choice_lookup(self) -> dict[str, str]:
        """Folded label/key/alias -> choice key."""
        out: dict[str, str] = {}
        for c in self.choices:
            for name in (c.key, c.zh, c.en, *c.aliases):
                out[fold_header(name)] = c.key
        return out


def _choices(
    *rows: tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]],
) -> tuple[Choice, ...]:
    return tuple(Choice(*row) for row in rows)


CUSTOMER_TYPES = _choices(
    ("government", "政府", "Government", ("政府机构", "事业单位", "gov")),
    ("enterprise", "企业", "Enterprise", ("公司", "企业客户", "company", "business")),
    ("individual", "个人", "Individual", ("个人客户", "person", "personal")),
)
GENDERS = _choices(
    ("male", "男", "Male", ("m", "先生")),
    ("female", "女", "Female", ("f", "女士")),
    ("unknown", "未知", "Unknown", ("保密",)),
)
INDUSTRIES = _choices(
    ("manufacturing", "制造业", "Manufacturing", ("制造",)),
    ("it", "信息技术", "Information technology", ("IT", "互联网", "软件", "科技")),
    ("finance", "金融", "Finance", ("银行", "保险", "证券")),
    ("education", "教育", "Education", ()),
    ("healthcare", "医疗健康", "Healthcare", ("医疗", "医药")),
    ("retail", "零售", "Retail", ("批发零售", "电商")),
    ("real_estate", "建筑地产", "Construction & real estate", ("房地产", "建筑")),
    ("logistics", "物流运输", "Logistics", ("物流", "运输")),
    ("energy", "能源", "Energy", ("电力", "石化")),
    ("public_sector", "政府与公共事业", "Public sector", ("公共事业",)),
    ("other", "其他", "Other", ("其它",)),
)
COMPANY_SIZES = _choices(
    ("xs", "1-49人", "1-49", ("小微",)),
    ("s", "50-199人", "50-199", ()),
    ("m", "200-999人", "200-999", ()),
    ("l", "1000人以上", "1000+", ("大型",)),
)
SOURCES = _choices(
    ("ads", "线上广告", "Online ads", ("广告", "网络广告")),
    ("expo", "展会", "Trade show", ("展览",)),
    ("referral", "转介绍", "Referral", ("介绍", "推荐")),
    ("cold_call", "电话营销", "Cold call", ("电销",)),
    ("website", "官网", "Website", ("网站", "官网咨询")),
    ("social", "社交媒体", "Social media", ("微信公众号", "抖音", "小红书")),
    ("existing", "老客户", "Existing customer", ("复购",)),
    ("other", "其他", "Other", ("其它",)),
)
STAGES = _choices(
    ("lead", "线索", "Lead", ("潜在", "潜在客户")),
    ("contacted", "初步接触", "Contacted", ("接触",)),
    ("qualified", "需求确认", "Qualified", ("需求分析",)),
    ("proposal", "方案报价", "Proposal", ("报价",)),
    ("negotiation", "商务谈判", "Negotiation", ("谈判",)),
    ("won", "成交", "Won", ("已成交", "签约")),
    ("lost", "流失", "Lost", ("丢单", "已流失")),
)
CHANNELS = _choices(
    ("phone", "电话", "Phone", ()),
    ("wechat", "微信", "WeChat", ("weixin",)),
    ("email", "邮件", "E-mail", ("邮箱", "mail")),
    ("sms", "短信", "SMS", ()),
    ("visit", "上门拜访", "Visit", ("拜访", "面谈")),
)
FEEDBACK_STATUSES = _choices(
    ("open", "未处理", "Open", ("待处理",)),
    ("in_progress", "处理中", "In progress", ()),
    ("resolved", "已解决", "Resolved", ("已处理", "关闭")),
)

FIELDS: tuple[Field, ...] = (
    # --- record ---
    Field(
        "customer_id",
        "客户编号",
        "Customer ID",
        "text",
        "record",
        help_zh="每位业务员自己的编号即可，例如 ZW-0001；留空时按文件和行号识别。",
        help_en="Any ID of the rep's own, e.g. ZW-0001; when blank the row is identified by file and row.",
        aliases=("编号", "客户ID", "id"),
        width=12,
    ),
    Field(
        "rep",
        "业务员",
        "Sales rep",
        "text",
        "record",
        required=True,
        help_zh="负责该客户的业务员姓名（必填）。",
        help_en="Name of the rep who owns this record (required).",
        aliases=("销售", "销售员", "负责人", "owner", "salesperson"),
        width=10,
    ),
    Field(
        "registered_on",
        "录入日期",
        "Registered on",
        "date",
        "record",
        required=True,
        help_zh="首次录入该客户的日期（必填），格式 2024-03-15。",
        help_en="Date the customer was first entered (required), e.g. 2024-03-15.",
        aliases=("登记日期", "创建日期", "created"),
        width=12,
    ),
    # --- basic ---
    Field(
        "customer_name",
        "客户姓名",
        "Customer name",
        "text",
        "basic",
        required=True,
        help_zh="联系人姓名（必填）。",
        help_en="Contact person's name (required).",
        aliases=("姓名", "联系人", "客户名称", "name", "contact"),
        width=12,
    ),
    Field(
        "customer_type",
        "客户类型",
        "Customer type",
        "picklist",
        "basic",
        required=True,
        choices=CUSTOMER_TYPES,
        help_zh="从下拉列表选择：政府 / 企业 / 个人（必填）。",
        help_en="Pick from the list: Government / Enterprise / Individual (required).",
        aliases=("类型", "type"),
        width=10,
    ),
    Field(
        "gender",
        "性别",
        "Gender",
        "picklist",
        "basic",
        choices=GENDERS,
        help_zh="男 / 女 / 未知。",
        help_en="Male / Female / Unknown.",
        aliases=("sex",),
        width=8,
    ),
    Field(
        "birthday",
        "生日",
        "Birthday",
        "date",
        "basic",
        help_zh="出生日期，用于生日关怀，例如 1985-06-01。",
        help_en="Date of birth, for birthday care.",
        aliases=("出生日期", "date of birth", "dob"),
        width=12,
    ),
    Field(
        "mobile",
        "手机",
        "Mobile",
        "mobile",
        "basic",
        help_zh="11 位手机号，可带 +86、空格或横线，例如 138 1234 5678。",
        help_en="Mobile number; +86, spaces and dashes are fine, e.g. 138 1234 5678.",
        aliases=("手机号", "手机号码", "移动电话", "mobile phone", "cell"),
        width=16,
    ),
    Field(
        "phone",
        "电话",
        "Phone",
        "phone",
        "basic",
        help_zh="座机，带区号，例如 010-8888 6666 或 0755-12345678。",
        help_en="Landline with area code, e.g. 010-8888 6666.",
        aliases=("座机", "固定电话", "电话号码", "办公电话", "telephone", "tel"),
        width=16,
    ),
    Field(
        "email",
        "邮箱",
        "E-mail",
        "email",
        "basic",
        help_zh="电子邮箱，例如 wang@example.com。",
        help_en="E-mail address.",
        aliases=("电子邮箱", "邮件", "电子邮件", "mail", "e-mail address"),
        width=22,
    ),
    Field(
        "wechat",
        "微信",
        "WeChat",
        "text",
        "basic",
        help_zh="微信号。",
        help_en="WeChat ID.",
        aliases=("微信号", "weixin"),
        width=14,
    ),
    Field(
        "address",
        "地址",
        "Address",
        "text",
        "basic",
        help_zh="联系地址，省市区+街道。",
        help_en="Postal address.",
        aliases=("联系地址", "通讯地址", "addr"),
        width=28,
    ),
    Field(
        "id_number",
        "证件号码",
        "ID number",
        "id_number",
        "basic",
        help_zh="个人客户的身份证号（18位，末位可为X）；非必填，注意保密。",
        help_en="Resident ID (18 characters, last may be X); optional and confidential.",
        aliases=("身份证号", "身份证", "证件号"),
        width=20,
    ),
    # --- company ---
    Field(
        "company",
        "公司名称",
        "Company",
        "text",
        "company",
        help_zh="企业或政府客户的单位全称，例如 北京华信科技有限公司。",
        help_en="Full legal name of the organisation.",
        aliases=(
            "公司",
            "单位",
            "单位名称",
            "企业名称",
            "company name",
            "organisation",
            "organization",
        ),
        width=26,
    ),
    Field(
        "credit_code",
        "统一社会信用代码",
        "Credit code",
        "credit_code",
        "company",
        help_zh="18 位统一社会信用代码，系统会校验末位校验码。",
        help_en="18-character unified social credit code; the check digit is verified.",
        aliases=("信用代码", "社会信用代码", "unified social credit code", "uscc"),
        width=22,
    ),
    Field(
        "industry",
        "行业",
        "Industry",
        "picklist",
        "company",
        choices=INDUSTRIES,
        help_zh="从下拉列表选择所属行业。",
        help_en="Pick the industry from the list.",
        aliases=("所属行业",),
        width=14,
    ),
    Field(
        "company_size",
        "公司规模",
        "Company size",
        "picklist",
        "company",
        choices=COMPANY_SIZES,
        help_zh="员工人数区间。",
        help_en="Headcount band.",
        aliases=("规模", "员工人数", "size"),
        width=12,
    ),
    # --- sales ---
    Field(
        "source",
        "客户来源",
        "Source",
        "picklist",
        "sales",
        choices=SOURCES,
        help_zh="客户从哪里来。",
        help_en="Where the customer came from.",
        aliases=("来源", "渠道来源", "lead source"),
        width=12,
    ),
    Field(
        "needs",
        "潜在需求",
        "Needs",
        "text",
        "sales",
        help_zh="客户的需求或意向产品。",
        help_en="What the customer is looking for.",
        aliases=("需求", "意向"),
        width=24,
    ),
    Field(
        "stage",
        "销售阶段",
        "Stage",
        "picklist",
        "sales",
        choices=STAGES,
        help_zh="当前所处销售阶段；选“成交”时累计金额须大于 0。",
        help_en="Current pipeline stage; 'Won' requires a total amount above 0.",
        aliases=("阶段", "跟进阶段", "pipeline stage"),
        width=12,
    ),
    Field(
        "first_purchase",
        "首次购买日期",
        "First purchase",
        "date",
        "sales",
        help_zh="第一次成交日期。",
        help_en="Date of the first order.",
        aliases=("首次购买",),
        width=12,
    ),
    Field(
        "last_purchase",
        "最近购买日期",
        "Last purchase",
        "date",
        "sales",
        help_zh="最近一次成交日期。",
        help_en="Date of the latest order.",
        aliases=("最近购买", "最后购买日期"),
        width=12,
    ),
    Field(
        "order_count",
        "订单数",
        "Orders",
        "int",
        "sales",
        help_zh="累计订单数，非负整数。",
        help_en="Number of orders, a whole number ≥ 0.",
        aliases=("订单数量", "购买次数", "order count"),
        width=8,
    ),
    Field(
        "total_amount",
        "累计金额",
        "Total amount",
        "amount",
        "sales",
        help_zh="累计成交金额（元），不能为负数。",
        help_en="Total sales in CNY, not negative.",
        aliases=("成交金额", "累计消费", "金额", "amount", "revenue"),
        width=12,
    ),
    # --- service ---
    Field(
        "last_contact",
        "最近联系日期",
        "Last contact",
        "date",
        "service",
        help_zh="最近一次联系客户的日期。",
        help_en="Date of the latest contact.",
        aliases=("最近联系", "最后联系日期", "上次联系日期"),
        width=12,
    ),
    Field(
        "next_follow_up",
        "下次跟进日期",
        "Next follow-up",
        "date",
        "service",
        help_zh="计划下次跟进的日期，不能早于最近联系日期。",
        help_en="Planned next contact; not before the last contact.",
        aliases=("下次跟进", "计划跟进日期", "follow-up date"),
        width=12,
    ),
    Field(
        "follow_up_notes",
        "跟进记录",
        "Follow-up notes",
        "text",
        "service",
        help_zh="每次跟进的简要记录。",
        help_en="Short notes of each contact.",
        aliases=("跟进情况", "沟通记录"),
        width=28,
    ),
    Field(
        "feedback",
        "反馈与投诉",
        "Feedback",
        "text",
        "service",
        help_zh="客户反馈或投诉内容。",
        help_en="Customer feedback or complaints.",
        aliases=("反馈", "投诉", "客户反馈", "complaints"),
        width=24,
    ),
    Field(
        "feedback_status",
        "反馈处理状态",
        "Feedback status",
        "picklist",
        "service",
        choices=FEEDBACK_STATUSES,
        help_zh="反馈或投诉的处理状态。",
        help_en="State of the feedback or complaint.",
        aliases=("处理状态", "投诉状态"),
        width=12,
    ),
    # --- marketing ---
    Field(
        "interests",
        "兴趣偏好",
        "Interests",
        "text",
        "marketing",
        help_zh="客户的兴趣、偏好。",
        help_en="Interests and preferences.",
        aliases=("兴趣", "偏好"),
        width=18,
    ),
    Field(
        "campaigns",
        "参与活动",
        "Campaigns",
        "text",
        "marketing",
        help_zh="参加过的营销活动。",
        help_en="Marketing campaigns taken part in.",
        aliases=("营销活动", "活动"),
        width=18,
    ),
    Field(
        "channel",
        "偏好渠道",
        "Preferred channel",
        "picklist",
        "marketing",
        choices=CHANNELS,
        help_zh="客户喜欢的联系方式。",
        help_en="How the customer prefers to be contacted.",
        aliases=("联系渠道", "沟通渠道", "channel"),
        width=10,
    ),
    Field(
        "tags",
        "标签",
        "Tags",
        "text",
        "marketing",
        help_zh="多个标签用逗号分隔，例如 VIP,价格敏感,重视服务。",
        help_en="Comma-separated tags, e.g. VIP, price-sensitive.",
        aliases=("客户标签", "tag"),
        width=18,
    ),
    Field(
        "notes",
        "备注",
        "Notes",
        "text",
        "marketing",
        help_zh="其他说明。",
        help_en="Anything else.",
        aliases=("说明", "remark", "remarks", "comment"),
        width=24,
    ),
    Field(
        "updated_on",
        "更新日期",
        "Updated on",
        "date",
        "record",
        help_zh="最后修改这条记录的日期；超过 90 天未更新会提示。",
        help_en="Date this record was last changed; records not updated for 90 days are flagged.",
        aliases=("最后更新", "修改日期", "last updated"),
        width=12,
    ),
)

FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

_SPACES = re.compile(r"[\s_\-\u3000]+")


def fold_header(text: object) -> str:
    """Fold a header or picklist text for matching: NFKC, case-folded, no spaces/_/-, no '*'.

    >>> fold_header(" 客户　姓名* ")
    '客户姓名'
    >>> fold_header("E-mail")
    'email'
    """
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = s.replace("*", "").replace("（", "(").replace("）", ")")
    return _SPACES.sub("", s).strip()


def header_lookup(fields: Iterable[Field] = FIELDS) -> dict[str, str]:
    """Folded key / Chinese label / English label / alias -> field key."""
    out: dict[str, str] = {}
    for f in fields:
        for name in (f.key, f.zh, f.en, *f.aliases):
            out.setdefault(fold_header(name), f.key)
    return out


def label(key: str, lang: Lang) -> str:
    """The column label of a field key in ``lang``; unknown keys are returned as they are."""
    f = FIELD_BY_KEY.get(key)
    return f.label(lang) if f else key


def choice_label(field_key: str, value: object, lang: Lang) -> object:
    """Display label of a picklist key; other values pass through unchanged."""
    f = FIELD_BY_KEY.get(field_key)
    if f is None or not f.choices or not isinstance(value, str):
        return value
    for c in f.choices:
        if c.key == value:
            return c.label(lang)
    return value
