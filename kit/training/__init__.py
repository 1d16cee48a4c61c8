"""Training and outreach pack: slide deck, handout, calendar and coverage diagram, built from the edition data."""

from __future__ import annotations

from ..downloads import Artifact

GROUP = "培训材料"
DECK = "training-slides.pptx"
HANDOUT = "training-handout.pdf"
CALENDAR = "pilot-dates.ics"
DIAGRAM = "coverage-diagram.svg"


def artifacts() -> list[Artifact]:
    """The pack's downloads, in the order the downloads page lists them."""
    from .deck import render_deck
    from .diagram import render_coverage_svg
    from .handout import render_handout
    from .ics import render_calendar

    return [
        Artifact(DECK, "培训课件", "PowerPoint（.pptx，16:9）", GROUP,
                 "试点要点、申报步骤、模板讲解、常见错误和常见问题，每页附讲稿备注，可直接修改", render_deck),
        Artifact(HANDOUT, "培训讲义", "PDF（A4，2 页）", GROUP, "一张纸正反面打印，发给学员", render_handout),
        Artifact(CALENDAR, "关键日期日历", "日历（.ics）", GROUP,
                 "申报截止、总结报告截止等日期，可导入 Outlook、手机日历；截止前 7 天和 1 天提醒", render_calendar),
        Artifact(DIAGRAM, "保障示意图", "SVG 图片", GROUP,
                 "事前预防、事中防护、事后补偿中的保障项目，可插入课件或打印", render_coverage_svg),
    ]
