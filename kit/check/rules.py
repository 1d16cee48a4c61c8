"""The rules of the notice, each a function registered with its id and the clause it rests on.

Every number comes from the edition data. Lengths are counted as Word's 字数统计 counts (the plain hanzi count
is reported beside it)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Iterable

from ..application import LoadedApplication, nature_option
from ..docx.layout import plan_heading
from ..edition import Edition, cn_date
from ..formgrid import lead_attribute
from ..markup import plain_text
from . import pii
from .codes import check_code
from .findings import Finding, rule
from .wordcount import count

E, W = "error", "warning"
NATURE_SINGLE = "表中没有写明可否多选，建议只勾选一项"


def _shown(la: LoadedApplication, text: str) -> str:
    """The text as the finished document shows it: rendered Markdown for a .yaml, as read for a .docx."""
    return plain_text(text) if la.from_yaml else text


def _plan_shown(la: LoadedApplication, number: int, plan) -> str:
    """A plan as the finished document shows it: its heading line (服务方案一：…, as kit build writes it) and text."""
    if not la.from_yaml:
        return plan.text  # read back from the .docx, heading line included
    return "\n".join(filter(None, [plan_heading(number, plan.title) if plan.title else "", plain_text(plan.text)]))


def _len(text: str) -> str:
    c = count(text)
    return f"{c.words} 字（按 Word 字数统计；其中汉字 {c.hanzi} 个）"


@rule("LEN-NARRATIVE", "第二、三、四部分合计字数")
def narrative_length(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    texts = [_shown(la, la.app.parts.get(p.id, "")) for p in ed.annex.parts]
    total = count("\n".join(texts)).words
    if total < ed.limits.narrative_min_chars:
        yield Finding("LEN-NARRATIVE", E, la.where(("parts",)),
                      f"第二、三、四部分合计 {_len(chr(10).join(texts))}，少于 {ed.limits.narrative_min_chars} 字；"
                      f"请补充约 {ed.limits.narrative_min_chars - total} 字")


@rule("LEN-PLAN", "每个服务方案的字数")
def plan_length(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    if not la.app.service_plans:
        yield Finding("LEN-PLAN", E, la.where(("service_plans",)),
                      "没有网络安全保险服务方案；请至少填写一个服务方案（附件“附 网络安全保险服务方案”）")
    for i, plan in enumerate(la.app.service_plans):
        shown = _plan_shown(la, i + 1, plan)
        words = count(shown).words
        if words < ed.limits.service_plan_min_chars:
            yield Finding("LEN-PLAN", E, la.where(("service_plans", i, "text")),
                          f"服务方案 {i + 1}「{plan.title or '未命名'}」{_len(shown)}，少于 "
                          f"{ed.limits.service_plan_min_chars} 字；请补充约 {ed.limits.service_plan_min_chars - words} 字")


@rule("LEN-INTRO", "申报单位简介字数")
def intro_length(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    words = count(la.app.lead.intro).words
    if words > ed.limits.intro_max_chars:
        yield Finding("LEN-INTRO", E, la.where(("lead", "intro")),
                      f"申报单位简介 {_len(la.app.lead.intro)}，超过 {ed.limits.intro_max_chars} 字；"
                      f"请删减约 {words - ed.limits.intro_max_chars} 字")


def joint_limit_words(ed: Edition) -> str:
    """The notice's own words for the limit on joint applicants (通知 三（一）)."""
    return f"联合申报主体不得超过{ed.limits.max_joint_applicants}家"


def joint_limit_brief(ed: Edition) -> str:
    """joint_limit_guidance in one line, for a table cell or a handout."""
    n = ed.limits.max_joint_applicants
    return (f"“{joint_limit_words(ed)}”是否含牵头单位，通知未明确：本站自查对联合申报单位超过 {n} 家报错误、"
            f"恰为 {n} 家报警告；请向通知所列联系部门确认")


def joint_limit_guidance(ed: Edition) -> str:
    """The one explanation of the limit on joint applicants, for the site and the speaker notes: the notice's
    words, that they are ambiguous, what the checker does, and whom to ask. It must never add a rule of its own."""
    n = ed.limits.max_joint_applicants
    return (f"通知三（一）规定“{joint_limit_words(ed)}”，没有写明这 {n} 家是否包含牵头单位。"
            f"本站的自查（网页上的自查和命令行工具 kit check）对联合申报单位（不含牵头单位）超过 {n} 家的报错误，"
            f"对牵头单位与联合申报单位合计超过 {n} 家（即联合申报单位恰为 {n} 家）的报警告。"
            "提交前请向通知所列联系部门确认。")


@rule("JOINT-COUNT", "联合申报主体数量")
def joint_count(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    # The notice does not say whether the lead counts towards its limit. More joint units than the limit breaks
    # it on either reading (an error); exactly the limit breaks it only if the lead counts (a warning that says so).
    limit = ed.limits.max_joint_applicants
    n = len([u for u in la.app.joint if u.name or u.org_code])
    if n > limit:
        yield Finding("JOINT-COUNT", E, la.where(("joint",)),
                      f"联合申报单位有 {n} 家（不含牵头单位），超过通知“{joint_limit_words(ed)}”的上限，"
                      f"无论是否包含牵头单位都已超出；请减少到不超过 {limit} 家")
    elif n and n + 1 > limit:
        yield Finding("JOINT-COUNT", W, la.where(("joint",)),
                      f"联合申报单位有 {n} 家，连同牵头单位共 {n + 1} 家。通知未明确“{joint_limit_words(ed)}”"
                      f"是否包含牵头单位：不包含则符合要求，包含则超出。提交前请向通知所列联系部门确认，"
                      f"或把联合申报单位减少到 {limit - 1} 家")


@rule("FIELD-REQUIRED", "必填项")
def required(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    if not la.app.plan_name:
        yield Finding("FIELD-REQUIRED", E, la.where(("plan_name",)), "缺少方案名称；请在封面填写方案名称")
    if la.app.apply_date is None:
        yield Finding("FIELD-REQUIRED", E, la.where(("apply_date",)), "缺少申报日期；请填写封面上的申报日期")
    for field in ed.form.fields:  # which fields exist and which may stay empty: the edition data says
        key = lead_attribute(field.id)
        if field.kind == "table" or getattr(la.app.lead, key) or (field.kind == "choice" and la.nature_ticks):
            continue
        if field.optional:
            yield Finding("FIELD-REQUIRED", W, la.where(("lead", key)), f"未填写“{field.label}”；{OPTIONAL_BLANK}")
        else:
            yield Finding("FIELD-REQUIRED", E, la.where(("lead", key)), f"缺少“{field.label}”；请填写")
    columns = {c.id: c.label for c in ed.form.joint_columns}
    for i, unit in enumerate(la.app.joint):
        for key in ("name", "nature", "org_code"):
            if not getattr(unit, key):
                yield Finding("FIELD-REQUIRED", E, la.where(("joint", i, key)),
                              f"联合申报单位 {i + 1} 缺少“{columns[key]}”；请填写")


@rule("FIELD-CODE", "组织机构代码/统一社会信用代码")
def codes(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    units = [(("lead", "org_code"), "牵头单位", la.app.lead.org_code)]
    units += [(("joint", i, "org_code"), f"联合申报单位 {i + 1}", u.org_code) for i, u in enumerate(la.app.joint)]
    for path, who, code in units:
        if not code:
            continue
        result = check_code(code)
        if result.problem:
            yield Finding("FIELD-CODE", E, la.where(path), f"{who}的代码“{code}”{result.problem}；请核对营业执照或事业单位法人证书")
        elif result.expected_check:
            yield Finding("FIELD-CODE", W, la.where(path),
                          f"{who}的代码“{code}”校验位不符：按 {'GB 32100' if result.kind == 'uscc' else 'GB 11714'} "
                          f"计算应为“{result.expected_check}”；请逐位核对证书（少数早期代码确实不符合校验规则）")
        elif path[0] == "lead" and result.kind == "uscc" and result.normalised[2:4] != ed.notice.region_code:
            region, code = ed.notice.region, ed.notice.region_code
            yield Finding("FIELD-CODE", W, la.where(path),
                          f"牵头单位代码第 3–4 位为“{result.normalised[2:4]}”，不是{region}（{code}）的行政区划；"
                          f"申报主体应在{region}内注册，请核对")


PHONE = re.compile(r"^(?:\(?0\d{2,3}\)?-?)?\d{7,8}(?:[-转]\d{1,6})?$|^1[3-9]\d{9}$", re.ASCII)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# 2001年5月3日 (month and day optional, as are the last 月 or 日), or 2001-05-03 with one separator (- . /).
FOUNDED_DATE = re.compile(r"^(\d{4})(?:年(?:(\d{1,2})(?:月(?:(\d{1,2})日?)?)?)?|([-./])(\d{1,2})(?:\4(\d{1,2}))?)?$", re.ASCII)


def compact(text: str) -> str:
    """A form value as compared: full-width digits and punctuation folded (NFKC), all whitespace removed, so that
    “2001 年 5 月” (as the template's hint writes it) and “０２１－１２３４５６７８” are read as meant."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_loose_date(text: str) -> dt.date | None:
    m = FOUNDED_DATE.match(compact(text))
    if not m:
        return None
    year, month, day = m[1], m[2] or m[5], m[3] or m[6]
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


@rule("FIELD-FORMAT", "电话、传真、邮箱、成立时间、注册资本、所在地区的格式")
def formats(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    lead = la.app.lead
    for key, label in (("phone", "联系电话"), ("fax", "传真")):
        value = getattr(lead, key)
        if value and compact(value) != "无" and not PHONE.match(compact(value)):
            yield Finding("FIELD-FORMAT", E, la.where(("lead", key)),
                          f"“{label}”“{value}”不是有效的电话号码；请写成 021-12345678 或 11 位手机号")
    if lead.email and not EMAIL.match(lead.email):
        yield Finding("FIELD-FORMAT", E, la.where(("lead", "email")), f"“邮箱”“{lead.email}”格式不正确；请写成 name@example.org")
    if lead.founded:
        day = parse_loose_date(lead.founded)
        if day is None:
            yield Finding("FIELD-FORMAT", E, la.where(("lead", "founded")),
                          f"“成立时间”“{lead.founded}”无法识别；请写成 1950-03-01 或 1950年3月")
        elif day > (la.app.apply_date or dt.date.today()):
            yield Finding("FIELD-FORMAT", E, la.where(("lead", "founded")), "“成立时间”晚于申报日期；请核对")
    if lead.capital:
        try:
            if float(lead.capital.replace(",", "")) < 0:
                raise ValueError
        except ValueError:
            yield Finding("FIELD-FORMAT", E, la.where(("lead", "capital")),
                          f"“注册资本（万元）”应为数字，现为“{lead.capital}”；请只填数字，如 12000")
    if lead.region and not any(m in lead.region for m in ed.limits.region_markers):
        yield Finding("FIELD-FORMAT", E, la.where(("lead", "region")),
                      f"“所在地区”“{lead.region}”不在{ed.notice.region}；通知四（一）：申报主体为{ed.eligibility[0]}")


@rule("NATURE", "单位性质")
def nature(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    units = [(("lead",), "牵头单位", la.app.lead)] + [(("joint", i), f"联合申报单位 {i + 1}", u)
                                                    for i, u in enumerate(la.app.joint)]
    if la.nature_ticks is not None and len(la.nature_ticks) > 1:
        yield Finding("NATURE", W, la.where(("lead", "nature")),
                      f"单位性质勾选了 {len(la.nature_ticks)} 项（{'、'.join(la.nature_ticks)}）；{NATURE_SINGLE}")
    for path, who, unit in units:
        if not unit.nature:
            continue
        option = nature_option(ed, unit.nature)
        if option is None:
            choices = "、".join(o.name for o in ed.form.natures)
            yield Finding("NATURE", E, la.where(path + ("nature",)), f"{who}的单位性质“{unit.nature}”不是表中的选项；请从 {choices} 中选一项")
        elif option.needs_note and not unit.nature_note:
            yield Finding("NATURE", E, la.where(path + ("nature_note",)), f"{who}的单位性质为“其他”，请注明具体性质")


@rule("PLAN-POINTS", "服务方案的四项必备内容")
def plan_points(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    for i, plan in enumerate(la.app.service_plans):
        for n, point in enumerate(ed.annex.service_plan.points, 1):
            hits = [k for k in point.keywords if k in plan.text]
            if len(hits) < point.min_hits:
                yield Finding("PLAN-POINTS", E, la.where(("service_plans", i, "text")),
                              f"服务方案 {i + 1} 似乎未写第 {n} 项“{point.text.rstrip('；。')}”：只找到 {len(hits)} 个相关词"
                              f"（{'、'.join(hits) or '无'}），至少应有 {point.min_hits} 个；请补写这一项")


CRITICAL_INFRASTRUCTURE = "关键信息基础设施"
# 通知四（二） asks that these systems be 纳入试点工作方案; it says nothing about how, nor what a unit without them
# writes. So the checker only warns, and says so.
NO_CRITICAL_INFRASTRUCTURE = ("方案未提及“关键信息基础设施”。通知四（二）要求申报主体将本单位关键信息基础设施纳入试点工作方案；"
                              "本单位有关键信息基础设施的，请在方案中写明。没有的怎样表述，通知未作规定，建议写明情况")
NO_LEVEL_THREE = ("方案中未找到网络安全等级保护第三级及以上信息系统。通知四（二）要求申报主体将这些系统纳入试点工作方案；"
                  "本单位有这类系统的，请在方案中写明（写在哪一部分、怎样列出，通知未作规定）")
OPTIONAL_BLANK = "附件未说明此栏可否空着；建议没有时填“无”，或向受理部门确认"
PII_ADVICE = "责任声明第 3 条承诺方案内容未涉及个人信息；请删除"
# A system of 网络安全等级保护 level three or four named in the text (第三级, 三级, 等保三级 …).
LEVEL_THREE_SYSTEMS = re.compile(r"等级保护[^。\n]{0,30}(第?[三四3-4]级|三级|四级)|(第?[三四]级)[^。\n]{0,10}等级保护|等保[三四]级")


@rule("SYSTEMS", "关键信息基础设施与等级保护三级及以上系统")
def systems(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    text = "\n".join(list(la.app.parts.values()) + [p.text for p in la.app.service_plans])
    if CRITICAL_INFRASTRUCTURE not in text:
        yield Finding("SYSTEMS", W, la.where(("parts",)), NO_CRITICAL_INFRASTRUCTURE)
    if not LEVEL_THREE_SYSTEMS.search(text):
        yield Finding("SYSTEMS", W, la.where(("parts",)), NO_LEVEL_THREE)


@rule("DECLARATION", "每个申报单位的责任声明")
def declarations(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    units = la.app.units()
    if la.declarations is not None:
        if la.app.joint and la.declarations < len(units):
            yield Finding("DECLARATION", W, la.where(("declaration",)),
                          f"共 {len(units)} 个申报单位，本文件只含 {la.declarations} 份责任声明；"
                          "每个联合申报单位还需各自提供单独的责任声明（可用 kit build 为每家生成一份）")
        return
    for i, unit in enumerate(la.app.joint):
        if not unit.name:
            yield Finding("DECLARATION", E, la.where(("joint", i, "name")),
                          f"联合申报单位 {i + 1} 没有名称，无法为其生成责任声明和签章栏；请填写单位全称")


@rule("PERSONAL-INFO", "方案内容不涉及个人信息")
def personal_information(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    names = {"id_card": "身份证号", "mobile": "手机号码", "bank_card": "银行卡号"}
    texts = [(("lead", "intro"), la.app.lead.intro), (("plan_name",), la.app.plan_name)]
    texts += [(("parts", k), v) for k, v in la.app.parts.items()]
    texts += [(("service_plans", i, "text"), p.text) for i, p in enumerate(la.app.service_plans)]
    for path, text in texts:
        for hit in pii.find(text):
            location = la.origin(path).locate(text, hit.start) if la.from_yaml else la.where(path)
            yield Finding("PERSONAL-INFO", E, location,
                          f"疑似{names[hit.kind]}（{pii.mask(hit.text)}）；{PII_ADVICE}")


@rule("DEADLINE", "申报日期")
def deadline(la: LoadedApplication, ed: Edition) -> Iterable[Finding]:
    due = ed.date("application_deadline").date
    if la.app.apply_date and la.app.apply_date > due:
        yield Finding("DEADLINE", W, la.where(("apply_date",)), deadline_message(la.app.apply_date.isoformat(), ed))


def deadline_message(apply_date: str, ed: Edition) -> str:
    """The notice sets when the plan is submitted (上报), not the date on its cover: a later cover date is worth a
    look, not an error."""
    due = cn_date(ed.date("application_deadline").date)
    return (f"封面申报日期 {apply_date} 晚于{due}。通知三（一）要求工作方案“于{due}之前上报”，"
            f"规定的是上报时间，未对封面日期作要求；请核对申报日期")
