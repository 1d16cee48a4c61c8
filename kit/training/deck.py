"""The training slide deck (.pptx, 16:9) for associations running a session on the pilot.

Every fact on a slide comes from the edition data; the speaker notes carry the explanations and say where in the
notice each point comes from. The file is reproducible: fixed core properties and a normalised zip.
"""

from __future__ import annotations

from pathlib import Path

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from ..check.rules import joint_limit_guidance
from ..edition import Edition
from ..reproducible import build_datetime, normalise_zip
from ..edition import cn_date
from . import content
from .lifecycle import CAVEAT, lifecycle
from .pptx_style import (ACCENT, CONTENT_TOP, CONTENT_WIDTH, MARGIN, MUTED, SLIDE_WIDTH, TITLE_FONT, TITLE_LAYOUT,
                         WHITE, accent_bar, footer, new_presentation, notes, panel, rule, set_title, table,
                         text_box, write)

COVERAGE_GROUPS = [("first_party", "本单位的直接损失"), ("third_party", "对他人的赔偿责任"), ("costs", "相关的费用损失")]


def _columns(count: int, gap=Inches(0.3), left=MARGIN, width=CONTENT_WIDTH):
    col = (width - gap * (count - 1)) / count
    return [(int(left + i * (col + gap)), int(col)) for i in range(count)]


def _slide(prs, ed: Edition, title: str, speaker_notes: str):
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    set_title(slide, title)
    rule(slide, MARGIN, Inches(1.2), SLIDE_WIDTH - MARGIN, Inches(1.2), color=ACCENT, width=1.5)
    footer(slide, f"{ed.notice.number} · {content.SERIES_TITLE}")
    notes(slide, speaker_notes)
    return slide


def _source(slide, text: str) -> None:
    text_box(slide, MARGIN, Inches(6.45), CONTENT_WIDTH, Inches(0.4), [text], 12, color=MUTED, space_after=0)


def title_slide(prs, ed: Edition) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    accent_bar(slide, height=Inches(0.18))
    set_title(slide, content.SERIES_TITLE, top=Inches(1.9), size=40, color=ACCENT)
    slide.shapes.title.height = Inches(1.0)
    text_box(slide, MARGIN, Inches(3.0), CONTENT_WIDTH, Inches(1.0), [ed.notice.short_title], 22)
    text_box(slide, MARGIN, Inches(4.0), CONTENT_WIDTH, Inches(1.2),
             [ed.notice.number, f"{content.issuers(ed)}　{cn_date(ed.issued)}印发"], 16, color=MUTED)
    text_box(slide, MARGIN, Inches(6.3), CONTENT_WIDTH, Inches(0.5), [content.DISCLAIMER], 12, color=MUTED)
    accent_bar(slide, top=Inches(7.32), height=Inches(0.18))
    notes(slide, f"""开场：介绍本次培训的目的——帮助医疗卫生机构和服务机构了解试点要求，按时提交合格的工作方案。
说明培训依据：{ed.notice.number}《{ed.notice.short_title}》，由{content.issuers(ed)}于{cn_date(ed.issued)}联合印发。
提醒学员：课件中的解读不代表发文机关意见，条款以正式文件为准。""")


def agenda_slide(prs, ed: Edition, sections: list[str]) -> None:
    slide = _slide(prs, ed, "培训内容", f"""按这 {len(sections)} 部分讲解，约 90 分钟（含答疑）。
通知三（三）鼓励服务机构、行业协会开展政策解读、宣贯培训和交流对接，本次培训即属此类支撑服务。""")
    lines = [(f"{i:02d}　", s) for i, s in enumerate(sections, start=1)]
    text_box(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.8), lines, 22, space_after=10)


def glance_slide(prs, ed: Edition) -> None:
    slide = _slide(prs, ed, "试点一览", f"""用一页说清试点：谁发的、面向谁、保什么、什么时候交。
申报截止：{content.deadline(ed, 'application_deadline')}之前（通知三（一））；总结报告：{content.deadline(ed, 'summary_deadline')}之前（通知三（五））。
保费列支依据通知第二部分：财政预算单位可在部门信息化预算中列支网络安全保险服务费。""")
    rows = [["事项", "内容"]] + [[k, v] for k, v in content.at_a_glance(ed)]
    table(slide, rows, MARGIN, CONTENT_TOP, CONTENT_WIDTH, [1, 5], size=17)


def background_slide(prs, ed: Edition) -> None:
    policies = ed.notice.policies
    slide = _slide(prs, ed, "为什么开展试点", f"""政策背景（本页为解读）：
通知引言写明落实{"".join(f"《{p.title}》" for p in policies)}等政策要求；括号中的发文机关和时间为本站补充。
通知的工作目标：培育事前预防、事中防护、事后补偿的全周期网络安全保险服务保障模式。""")
    lines = [("政策依据　", f"《{p.title}》（{p.about}）" if p.about else f"《{p.title}》") for p in policies] + [
        ("试点目标　", "医疗卫生机构利用网络安全保险防范风险；培育事前预防、事中防护、事后补偿的全周期服务保障模式；"
                   "形成典型案例和可复制推广的解决方案"),
    ]
    text_box(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.6), lines, 22, space_after=24)
    _source(slide, "依据：通知引言及第一部分“工作目标”")


def eligibility_slide(prs, ed: Edition) -> None:
    lim = ed.limits
    slide = _slide(prs, ed, "谁可以申报", f"""左侧是通知四（一）对申报主体的{len(ed.eligibility)}项条件，须同时满足；民营医疗机构不符合“公立”的要求。
右侧是通知三（一）列举的服务机构类型，医院可以联合它们申报。
数量上限：每个申报主体申报项目不超过 {lim.max_projects_per_applicant} 个。
{joint_limit_guidance(ed)}""")
    (lx, lw), (rx, rw) = _columns(2)
    box = panel(slide, lx, CONTENT_TOP, lw, Inches(3.6))
    write(box.text_frame, [("申报主体：公立医疗卫生机构", "")] + [f"✓ {c}" for c in ed.eligibility], 18)
    box = panel(slide, rx, CONTENT_TOP, rw, Inches(3.6))
    write(box.text_frame, [("可联合的网络安全保险服务机构", "")] + list(ed.applicant_types), 18)
    band = panel(slide, MARGIN, Inches(5.2), CONTENT_WIDTH, Inches(0.9), fill=ACCENT, line=None)
    band.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    write(band.text_frame, [f"每个申报主体不超过 {lim.max_projects_per_applicant} 个项目　｜　"
                            f"联合申报主体不得超过 {lim.max_joint_applicants} 家（是否含牵头单位未明确）"], 20, color=WHITE, bold=True,
          align=PP_ALIGN.CENTER)
    _source(slide, "依据：通知三（一）、四（一）")


def coverage_slide(prs, ed: Edition) -> None:
    slide = _slide(prs, ed, "保险保障什么", f"""通知第二部分列举了{content.coverage_summary(ed)}，按性质分三类讲解。
举例（情形为示意）：勒索软件加密影像系统——勒索损失；HIS 瘫痪导致门诊中断——营业中断；冒充供应商诱导转账——欺诈和社会工程学犯罪损失；患者信息泄露被索赔——第三者损失赔偿责任。
具体保什么、赔多少，以保险合同条款为准。""")
    for (x, w), (kind, heading) in zip(_columns(3), COVERAGE_GROUPS):
        box = panel(slide, x, CONTENT_TOP, w, Inches(4.6))
        items = [f"■ {item.label}" for item in ed.coverage if item.kind == kind]
        write(box.text_frame, [(heading, "")] + items, 20, space_after=12)
    _source(slide, "依据：通知第二部分（二、试点对象及内容）")


def lifecycle_slide(prs, ed: Edition) -> None:
    slide = _slide(prs, ed, "事前预防 · 事中防护 · 事后补偿", f"""把保障项目放到事件的时间线上（本页归类为解读）。
事前：保险机构和安全企业提供风险评估、风险监测等服务，核保时了解风险，帮助防灾减损。
事中：应急处置、对外沟通的费用；溯源取证查明原因。
事后：按合同补偿损失和赔偿责任；定责定损后理赔。
{CAVEAT}""")
    for (x, w), phase in zip(_columns(3), lifecycle(ed)):
        head = panel(slide, x, CONTENT_TOP, w, Inches(0.9), fill=ACCENT, line=None)
        head.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        write(head.text_frame, [phase.title], 22, color=WHITE, font=TITLE_FONT, align=PP_ALIGN.CENTER, space_after=0)
        body = panel(slide, x, CONTENT_TOP + Inches(0.9), w, Inches(3.95))
        lines = [phase.subtitle] + [f"■ {item.label}" for item in phase.coverage] + [f"□ {s}" for s in phase.services]
        write(body.text_frame, lines, 15, space_after=4)
        body.text_frame.paragraphs[0].runs[0].font.color.rgb = MUTED
    _source(slide, f"■ 通知列明的保障项目　□ 附件服务方案中的服务。{CAVEAT}")


def timeline_slide(prs, ed: Edition) -> None:
    dates = sorted(ed.dates, key=lambda d: d.date)
    slide = _slide(prs, ed, "关键时间", "\n".join(
        [f"{cn_date(d.date)}　{d.label}：{d.detail}" for d in dates]
        + ["通知写的是“之前上报”，建议提前准备，留出盖章和报送的时间。可在网站首页把这些日期添加到日历。"]))
    y = Inches(3.0)
    rule(slide, MARGIN, y, SLIDE_WIDTH - MARGIN, y, color=ACCENT, width=3)
    for (x, w), d in zip(_columns(len(dates)), dates):
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x + Inches(0.1), y - Inches(0.15), Inches(0.3), Inches(0.3))
        dot.fill.solid()
        dot.fill.fore_color.rgb = ACCENT
        dot.line.fill.background()
        text_box(slide, x, Inches(1.85), w, Inches(1.0), [cn_date(d.date)], 26, color=ACCENT, font=TITLE_FONT)
        text_box(slide, x, Inches(3.35), w, Inches(2.6), [(d.label, ""), d.detail], 18, space_after=8)
    _source(slide, "依据：通知落款日期、三（一）、三（五）")


def steps_slide(prs, ed: Edition) -> None:
    steps = content.application_steps(ed)
    slide = _slide(prs, ed, "申报步骤", "\n".join(
        ["按步骤组织申报工作（本页为解读，顺序可按实际调整）："] + [f"{i}. {s.title}：{s.detail}" for i, s in enumerate(steps, 1)]))
    cols = _columns(2)
    for i, step in enumerate(steps):
        x, w = cols[i // 3]
        y = CONTENT_TOP + Inches(1.65) * (i % 3)
        badge = panel(slide, x, y, Inches(0.6), Inches(0.6), fill=ACCENT, line=None, shape=MSO_SHAPE.OVAL)
        badge.text_frame.margin_left = badge.text_frame.margin_right = 0
        write(badge.text_frame, [str(i + 1)], 20, color=WHITE, bold=True, align=PP_ALIGN.CENTER, space_after=0)
        text_box(slide, x + Inches(0.75), y - Inches(0.05), w - Inches(0.75), Inches(1.55),
                 [(step.title, ""), step.detail], 15, space_after=4)


def template_cover_slide(prs, ed: Edition) -> None:
    annex = ed.annex
    slide = _slide(prs, ed, "模板讲解（一）：封面、基本信息与承诺", f"""工作方案模板依次为：封面、{annex.basic_info_heading}（含基本信息表和{annex.pledge.title}）、第二至第四部分、服务方案，另附责任声明。
基本信息表：“组织机构代码/三证合一码”填 18 位统一社会信用代码或 9 位组织机构代码；单位性质建议只勾选一项（表中未写明可否多选）。
申报单位简介不超过 {ed.limits.intro_max_chars} 字。
{annex.pledge.title}：牵头单位和每家联合申报单位都要法定代表人签章并加盖公章。""")
    (lx, lw), (mx, mw), (rx, rw) = _columns(3)
    cover = [f"{f.label}{f.suffix}" for f in annex.cover]
    box = panel(slide, lx, CONTENT_TOP, lw, Inches(4.9))
    write(box.text_frame, [("封面", "")] + cover, 16)
    box = panel(slide, mx, CONTENT_TOP, mw, Inches(4.9))
    write(box.text_frame, [(annex.basic_info_subheading, "")] + ["、".join(f.label for f in ed.form.fields)], 15)
    box = panel(slide, rx, CONTENT_TOP, rw, Inches(4.9))
    write(box.text_frame, [(annex.pledge.title, ""), annex.pledge.text, annex.pledge.note], 15)
    _source(slide, "依据：附件《工作方案》封面、一、基本情况")


def template_parts_slide(prs, ed: Edition) -> None:
    parts = ed.annex.parts
    slide = _slide(prs, ed, "模板讲解（二）：第二至第四部分", "\n".join(
        [f"{ed.annex.narrative_note}：三部分合计计算。"]
        + [f"{p.heading}：{p.guidance}" for p in parts]
        + ["通知四（二）：关键信息基础设施、等级保护第三级及以上信息系统要纳入方案——建议在第二部分列出系统清单，在第四部分说明对应的保障。"]))
    rows = [["部分", "要写什么（模板原文）"]] + [[p.heading, p.guidance] for p in parts]
    table(slide, rows, MARGIN, CONTENT_TOP, CONTENT_WIDTH, [1.7, 5], size=18)
    _source(slide, f"合计不少于 {ed.limits.narrative_min_chars} 字。依据：附件第二至第四部分；通知四（二）")


def template_service_plan_slide(prs, ed: Edition) -> None:
    plan = ed.annex.service_plan
    slide = _slide(prs, ed, f"模板讲解（三）：{plan.title}", f"""{plan.guidance}
可以填写多个服务方案，每个都要单独达到 {ed.limits.service_plan_min_chars} 字。
单价保费及保额：写清保费、保额，如有子限额、免赔额、等待期也一并说明。""")
    lines = [f"{i}. {p.text}" for i, p in enumerate(plan.points, start=1)]
    text_box(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.6), lines, 22, space_after=18)
    _source(slide, f"每个服务方案不少于 {ed.limits.service_plan_min_chars} 字；有几个服务方案就写几份。依据：附件服务方案")


def declaration_slide(prs, ed: Edition) -> None:
    dec = ed.declaration
    slide = _slide(prs, ed, f"模板讲解（四）：{dec.title}", f"""{dec.preamble}
联合申报时，每个申报单位均需提供单独的责任声明。
第 3 项：方案中不得写入国家秘密、个人信息和其他敏感信息——不要写患者信息、员工身份证号、系统口令等。
第 5 项：试点期内出现责任不落实、重大问题等情形的，退出试点。""")
    lines = [f"{i}. {item}" for i, item in enumerate(dec.items, start=1)] + [dec.closing]
    text_box(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.8), lines, 19, space_after=12)
    _source(slide, "依据：附件《申报主体责任声明》；填报说明第 5 条")


def mistakes_slide(prs, ed: Edition) -> None:
    mistakes = content.common_mistakes(ed)
    slide = _slide(prs, ed, "常见错误：数量、字数与格式", f"""逐条对照自查。字数：通知未规定统计方法，申报单位通常以 Word 的“字数统计”为准，建议留有余量。
格式：正文 {ed.formatting.body.font} {ed.formatting.body.size}（{ed.formatting.body.size_pt:g} 磅），一级标题 {ed.formatting.heading1.size}{ed.formatting.heading1.font}，二级标题 {ed.formatting.heading2.size}{ed.formatting.heading2.font}加粗；纸张 {ed.formatting.paper}。
本站提供的 Word 模板已按这些要求设好样式。""")
    rows = [["常见错误", "要求"]] + [[m, rule_text] for m, rule_text in mistakes]
    table(slide, rows, MARGIN, CONTENT_TOP, CONTENT_WIDTH, [1, 1.2], size=16, row_height=Inches(0.5))


def faq_slide(prs, ed: Edition) -> None:
    faqs = content.faq_highlights(ed)
    slide = _slide(prs, ed, "常见问题", "\n".join(
        ["挑选几个最常被问到的问题（解读）。完整的问答见网站“常见问题”页，每条答案都链接到通知条款。"]
        + [f"问：{q} 答：{a}" for q, a in faqs]))
    cols = _columns(2)
    for i, (q, a) in enumerate(faqs):
        x, w = cols[i % 2]
        y = CONTENT_TOP + Inches(1.7) * (i // 2)
        box = panel(slide, x, y, w, Inches(1.55))
        write(box.text_frame, [("问：", q), ("答：", a)], 15, space_after=4)


def contacts_slide(prs, ed: Edition) -> None:
    slide = _slide(prs, ed, "联系方式与资料", f"""通知第五部分列出的三位联系人，分别来自{content.issuers(ed)}。
网站提供：通知原文（条款可链接）、工作方案模板、责任声明、常见问题、术语表、培训材料和离线网站包。
{content.DISCLAIMER}""")
    rows = [["单位", "联系人", "电话"]] + [[c.body, c.person, c.phone] for c in ed.contacts]
    table(slide, rows, MARGIN, CONTENT_TOP, CONTENT_WIDTH, [3, 1, 1.2], size=18, row_height=Inches(0.55))
    text_box(slide, MARGIN, Inches(4.1), CONTENT_WIDTH, Inches(1.8),
             [("网站资料：", "通知全文、工作方案模板、申报主体责任声明、常见问题、术语表、培训材料、离线网站"),
              ("提示：", content.DISCLAIMER)], 16, space_after=10)
    _source(slide, "依据：通知第五部分（联系方式）")


SECTIONS = ["试点一览与政策背景", "谁可以申报", "保险保障什么", "关键时间与申报步骤", "工作方案模板逐项讲解",
            "常见错误与常见问题", "联系方式与资料"]


def build_deck(edition: Edition):
    prs = new_presentation()
    title_slide(prs, edition)
    agenda_slide(prs, edition, SECTIONS)
    for make in (glance_slide, background_slide, eligibility_slide, coverage_slide, lifecycle_slide, timeline_slide,
                 steps_slide, template_cover_slide, template_parts_slide, template_service_plan_slide,
                 declaration_slide, mistakes_slide, faq_slide, contacts_slide):
        make(prs, edition)
    props = prs.core_properties
    props.title = content.SERIES_TITLE
    props.subject = edition.notice.short_title
    props.author = props.last_modified_by = "网络安全保险服务试点申报指南"
    props.keywords = f"{edition.notice.number}; 网络安全保险; 培训"
    props.language = "zh-CN"
    props.created = props.modified = build_datetime()
    props.revision = 1
    return prs


def render_deck(edition: Edition, target: Path) -> None:
    build_deck(edition).save(str(target))
    normalise_zip(target)
