"""Print PDFs of site pages (the notice, the annex guidance): the page's Markdown, filled from the same page
context (kit.pagecontext) and rendered with the same Markdown extensions (kit.pagemarkdown) as the site, laid out
with the kit's print stylesheet."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html
from markupsafe import Markup

from .. import pagecontext, pagemarkdown
from ..edition import Edition
from ..fonts import css_stack
from .render import _environment, html_to_pdf

DOCS = Path(__file__).resolve().parents[2] / "docs"


COMMENTARY_HEADING = "本站解读（不属于原文）"
PERMALINK = "¶"  # the headings' anchor links (hidden in print)
WEB_ONLY = "abstract"  # admonition type of the notes about the web page itself (links, ¶ anchors)


def page_html(edition: Edition, source: Path, title: str, attach: Path | None = None,
              commentary: bool = False) -> str:
    """The print of a site page of official text: the official text only, without the page's own heading and its
    web-only note. The 解读 boxes are left out, or with *commentary* gathered after the text under their own
    heading. *attach*: a page whose official text replaces the section of *source* that points to it (the
    section whose heading is that page's title)."""
    root = _official_text(edition, source)
    notes = _take_commentary(root)
    if attach is not None:
        attached = _official_text(edition, attach)
        notes += _take_commentary(attached)
        _replace_section(root, attached)
    if commentary and notes:
        root.append(_commentary_section(notes))
    body = "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    page = _environment(edition).from_string(
        '{% extends "pdf_base.html.j2" %}{% block body %}{{ body }}{% endblock %}'
    )
    return page.render(title=title, body=Markup(body))


def _official_text(edition: Edition, source: Path):
    """The page's Markdown rendered with the site's macros, as an element; its heading and web-only notes dropped."""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    body = pagemarkdown.to_html(pagemarkdown.expand(pagecontext.environment(edition), text))
    body = re.sub(r'<a href="(?!https?:)[^"]*">(.*?)</a>', r"\1", body)  # site-relative links mean nothing on paper
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    web_only = root.xpath(f"div[contains(@class, 'admonition') and contains(@class, '{WEB_ONLY}')]")
    for element in [*root.findall("h1"), *web_only]:
        root.remove(element)
    return root


def _take_commentary(root) -> list[tuple[str, object]]:
    """Remove the 解读 boxes; each with the heading it stood under (identical boxes once)."""
    notes, seen = [], set()
    for box in root.xpath("div[contains(@class, 'admonition')]"):
        heading = box.xpath("preceding-sibling::*[self::h2 or self::h3][1]")
        root.remove(box)
        key = box.text_content()
        if key not in seen:
            seen.add(key)
            notes.append((heading[0].text_content().rstrip(PERMALINK) if heading else "", box))
    return notes


def _replace_section(root, attached) -> None:
    """Put *attached* in place of the section of *root* headed by *attached*'s title (its doc-title paragraph)."""
    title = "".join(attached.xpath("string(p[contains(@class, 'doc-title')])").split())
    for heading in root.xpath("h2"):
        if "".join(heading.text_content().split()).rstrip(PERMALINK) != title:
            continue
        for sibling in list(heading.itersiblings()):
            if sibling.tag == "h2":
                break
            root.remove(sibling)
        for child in list(attached):
            heading.addprevious(child)
        root.remove(heading)
        return
    raise ValueError(f"页面中没有标题为“{title}”的部分")


def _commentary_section(notes):
    section = lxml_html.fragment_fromstring(f'<section class="commentary"><h2>{COMMENTARY_HEADING}</h2></section>')
    for heading, box in notes:
        title = box.find("p")
        if title is not None and "admonition-title" in title.get("class", "") and heading:
            title.text = f"{heading} · {title.text_content()}"
        section.append(box)
    return section


def render_page_pdf(edition: Edition, source: Path, title: str, target: Path, attach: Path | None = None,
                    commentary: bool = False) -> None:
    html = page_html(edition, source, title, attach, commentary)
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
.doc-title { font-size: 16pt; text-align: center; text-indent: 0; font-weight: bold; margin: 1em 0; }
.doc-signoff p, .signature p { text-align: right; text-indent: 0; }
.doc-signoff { margin-top: 1.5em; break-inside: avoid; break-before: avoid; }  /* the issuers and date stay with the text */
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: .6pt solid #000; padding: 1mm 2mm; }
tr { break-inside: avoid; }
.form-table col.lab { width: 32mm; }
.form-table th { font-weight: normal; }
.doc-attachment-label { font-family: inherit; text-indent: 0; break-after: avoid; }
.commentary { break-before: page; }
.commentary .admonition { break-inside: avoid; }
.headerlink { display: none; }
.blank { display: inline-block; min-width: 40mm; border-bottom: .6pt solid #000; }
.blank.short { min-width: 12mm; }
"""
