"""Print PDFs of site pages (the notice, the annex guidance): the page's Markdown, filled from the same page
context (kit.pagecontext) and rendered with the same Markdown extensions (kit.pagemarkdown) as the site, laid out
with the kit's print stylesheet."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .. import pagecontext, pagemarkdown
from ..edition import Edition
from ..fonts import css_stack
from .render import _environment, html_to_pdf

DOCS = Path(__file__).resolve().parents[2] / "docs"


def page_html(edition: Edition, source: Path, title: str) -> str:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    body = pagemarkdown.to_html(pagemarkdown.expand(pagecontext.environment(edition), text))
    body = re.sub(r'<a href="(?!https?:)[^"]*">(.*?)</a>', r"\1", body)  # site-relative links mean nothing on paper
    page = _environment(edition).from_string(
        '{% extends "pdf_base.html.j2" %}{% block body %}{{ body }}{% endblock %}'
    )
    return page.render(title=title, body=Markup(body))


def render_page_pdf(edition: Edition, source: Path, title: str, target: Path) -> None:
    html = page_html(edition, source, title)
    bold = (".admonition-title, .doc-header .issuers, .doc-header .doc-word, .doc-title, table:not(.form) th "
            f"{{ font-family: {css_stack(edition.formatting.heading1.font, 'sans-serif')}; font-weight: normal; }}\n")
    html = html.replace("</style>", PRINT_EXTRA + bold + "</style>", 1)  # bold in 黑体: see render.py
    html_to_pdf(html, target, title, forms=False)


PRINT_EXTRA = """
h1 { font-size: 16pt; text-align: center; }
.admonition { border: .6pt solid #999; padding: 2mm 3mm; margin: .6em 0; font-size: 12pt; }
.admonition p { text-indent: 0; }
.admonition-title { font-weight: bold; }
.doc-header { text-align: center; color: #c00; }
.doc-header .letterhead { display: flex; justify-content: center; align-items: center; }
.doc-header .issuers { font-size: 18pt; font-weight: bold; line-height: 1.5; text-indent: 0; }
.doc-header .doc-word { font-size: 26pt; font-weight: bold; margin-left: 4mm; text-indent: 0; }
.doc-header .doc-number { color: #000; border-bottom: 1.5pt solid #c00; padding-bottom: 2mm; text-indent: 0; }
.doc-title { font-size: 18pt; text-align: center; text-indent: 0; font-weight: bold; margin: 1em 0; }
.doc-signoff p, .signature p { text-align: right; text-indent: 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: .6pt solid #000; padding: 1mm 2mm; }
.headerlink { display: none; }
.blank { display: inline-block; min-width: 40mm; border-bottom: .6pt solid #000; }
.blank.short { min-width: 12mm; }
"""
