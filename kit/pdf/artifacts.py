"""The PDF kit's downloads."""

from __future__ import annotations

from pathlib import Path

from ..downloads import Artifact
from ..edition import Edition
from .pages import DOCS, render_page_pdf
from .render import render_annex_pdf, render_declaration_pdf

NOTICE_PDF = "tongzhi.pdf"
ANNEX_GUIDE_PDF = "gongzuo-fangan-shuoming.pdf"
ANNEX_FORM_PDF = "gongzuo-fangan-muban.pdf"
DECLARATION_PDF = "zeren-shengming-muban.pdf"
NOTICE_PAGE = DOCS / "notice.md"
ANNEX_PAGE = DOCS / "annex.md"
DECLARATION_PAGE = DOCS / "declaration.md"


def render_notice_pdf(edition: Edition, target: Path) -> None:
    render_page_pdf(edition, NOTICE_PAGE, edition.notice.title, target)


def render_annex_guide_pdf(edition: Edition, target: Path) -> None:
    render_page_pdf(edition, ANNEX_PAGE, "工作方案模板与填写要求", target, attach=DECLARATION_PAGE, commentary=True)


def artifacts() -> list[Artifact]:
    return [
        Artifact(ANNEX_FORM_PDF, "工作方案模板（可填写 PDF）", "PDF（可填写）", "申报模板",
                 "基本信息表、封面和责任声明的空白处可直接在阅读器中填写，打印后签章", render_annex_pdf),
        Artifact(DECLARATION_PDF, "申报主体责任声明（可填写 PDF）", "PDF（可填写）", "申报模板",
                 "每个申报单位各填一份、各自盖章", render_declaration_pdf),
        Artifact(NOTICE_PDF, "通知全文（打印版）", "PDF", "打印资料", "通知原文，A4 打印",
                 render_notice_pdf, sources=(NOTICE_PAGE,)),
        Artifact(ANNEX_GUIDE_PDF, "工作方案模板与填写要求（打印版）", "PDF", "打印资料", "附件原文（含责任声明），解读另列于后，A4 打印",
                 render_annex_guide_pdf, sources=(ANNEX_PAGE, DECLARATION_PAGE)),
    ]
