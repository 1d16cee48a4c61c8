"""What the slides and the handout say, built from the edition data.

Facts (文号, dates, limits, coverage items, applicant types, template parts, formatting rules, contacts) come from
the edition; the sentences around them are this kit's plain-language reading (解读) and say so where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..check.rules import joint_limit_brief, joint_limit_words
from ..edition import Edition
from ..edition import cn_date

SERIES_TITLE = "网络安全保险服务试点申报培训"
DISCLAIMER = "本材料为申报辅助的解读材料，不代表发文机关意见；以发文机关发布的正式文件为准。"


@dataclass(frozen=True)
class Step:
    title: str
    detail: str


def deadline(edition: Edition, date_id: str) -> str:
    return cn_date(edition.date(date_id).date)


def issuers(edition: Edition) -> str:
    return "、".join(edition.notice.issuers)


def partner_types(edition: Edition) -> str:
    return "、".join(edition.applicant_types)


def at_a_glance(edition: Edition, with_document: bool = True) -> list[tuple[str, str]]:
    """The pilot in a few rows; *with_document* False leaves out 文件 and 印发 where a page header shows them."""
    ed = edition
    document = [
        ("文件", f"{ed.notice.number}《{ed.notice.short_title}》"),
        ("印发", f"{issuers(ed)}，{cn_date(ed.issued)}"),
    ]
    return (document if with_document else []) + [
        ("试点对象", "本市公立医疗卫生机构，可自行申报，也可联合网络安全保险服务机构申报"),
        ("试点险种", f"网络安全保险；通知列举了{coverage_summary(ed)}"),
        ("保费列支", "财政预算单位可在部门信息化预算中列支网络安全保险服务费"),
        ("申报截止", f"{deadline(ed, 'application_deadline')}之前上报工作方案"),
        ("总结报告", f"{deadline(ed, 'summary_deadline')}之前上报书面总结报告"),
    ]


def coverage_summary(edition: Edition) -> str:
    """How many items the notice lists, and that its list is open (it ends with 等)."""
    return f" {len(edition.coverage)} 项保障（原文列举以“等”结尾，不限于这些）"


def format_rules(edition: Edition) -> list[tuple[str, str]]:
    fmt = edition.formatting

    def style(s) -> str:
        return f"{s.size}（{s.size_pt:g} 磅）{s.font}{'加粗' if s.bold else ''}"

    return [
        ("纸张", f"{fmt.paper} 幅面，纵向"),
        ("正文", f"{style(fmt.body)}，{fmt.line_spacing:g} 倍行距，两端对齐"),
        ("一级标题", style(fmt.heading1)),
        ("二级标题", style(fmt.heading2)),
        ("用印", "申报材料加盖公章及骑缝章"),
    ]


def application_steps(edition: Edition) -> list[Step]:
    lim = edition.limits
    return [
        Step("确定申报主体和合作方",
             f"医院作为申报主体，可自行申报，也可联合{partner_types(edition)}等服务机构；"
             f"每个申报主体申报项目不超过 {lim.max_projects_per_applicant} 个；联合申报主体的家数上限见“常见错误”。"),
        Step("梳理重点信息系统",
             "梳理本单位的关键信息基础设施和网络安全等级保护第三级及以上信息系统；通知四（二）要求将其纳入试点工作方案。"),
        Step("与服务机构共同设计服务方案",
             "明确保障对象、范围和主要风险场景，核保、承保、防灾减损、理赔流程，安全服务内容，以及单价保费和保额。"),
        Step("按模板编写工作方案",
             f"封面、基本信息表、真实性承诺、第{'、'.join(p.number for p in edition.annex.parts)}部分"
             f"（合计不少于 {lim.narrative_min_chars} 字）和服务方案（每个不少于 {lim.service_plan_min_chars} 字）。"),
        Step("准备责任声明并用印",
             "每个申报单位各提供一份责任声明；申报材料加盖公章及骑缝章。"),
        Step("自查后按时上报",
             f"对照字数和格式要求自查，于{deadline(edition, 'application_deadline')}之前上报；"
             "报送方式以主管部门要求为准，有疑问可咨询通知所列联系人。"),
    ]


def common_mistakes(edition: Edition) -> list[tuple[str, str]]:
    """(mistake, what the notice or annex asks) — limits and formatting. A checker may extend this list."""
    lim = edition.limits
    fmt = edition.formatting
    return [
        ("联合申报单位超过上限，或一家单位申报项目过多",
         f"{joint_limit_brief(edition)}；每个申报主体不超过 {lim.max_projects_per_applicant} 个项目"),
        ("第二至第四部分写得太短", f"三部分合计不少于 {lim.narrative_min_chars} 字"),
        ("多个服务方案合写成一份、字数不足", f"每个服务方案分别不少于 {lim.service_plan_min_chars} 字"),
        ("申报单位简介写得过长", f"不超过 {lim.intro_max_chars} 字"),
        ("正文字体、字号、行距不符",
         f"{fmt.body.font} {fmt.body.size}，{fmt.line_spacing:g} 倍行距，两端对齐"),
        ("标题字体不符",
         f"一级标题{fmt.heading1.size}{fmt.heading1.font}；二级标题{fmt.heading2.size}{fmt.heading2.font}"
         f"{'加粗' if fmt.heading2.bold else ''}"),
        ("漏盖骑缝章，或联合单位缺少单独的责任声明", "加盖公章及骑缝章；每个申报单位单独提供责任声明"),
    ]


def faq_highlights(edition: Edition) -> list[tuple[str, str]]:
    lim = edition.limits
    return [
        ("民营医院可以作为申报主体吗？",
         f"按通知四（一），申报主体为{edition.eligibility[0]}。"),
        (f"“{joint_limit_words(edition)}”含不含牵头单位？",
         f"通知没有明说。本站自查对联合申报单位超过 {lim.max_joint_applicants} 家报错误、恰为 "
         f"{lim.max_joint_applicants} 家报警告；请事先向通知所列联系部门确认。"),
        ("字数怎么算？",
         "通知未规定统计方法。申报单位通常以 Word 的“字数统计”为准；建议留有余量，不要靠表格凑字数。"),
        ("方案里能写患者信息吗？",
         "不能。责任声明要求所提交内容不涉及国家秘密、个人信息和其他敏感信息。"),
        ("保费从哪里出？", "财政预算单位可在部门信息化预算中列支网络安全保险服务费（通知第二部分）。"),
        ("方案入选后要做什么？",
         "通知三（二）：参与试点工作的医疗卫生机构和服务机构定期报告试点工作进展；三（五）：试点单位于"
         f"{deadline(edition, 'summary_deadline')}之前上报书面总结报告。"),
    ]
