"""Applicants' Markdown → safe HTML. Raw HTML in the source is shown literally, never interpreted."""

from __future__ import annotations

import html

import markdown

EXTENSIONS = ["tables", "sane_lists"]


def to_html(text: str) -> str:
    """Markdown (headings, paragraphs, lists, pipe tables, emphasis) to HTML; '<', '>' and '&' stay literal."""
    escaped = html.escape(text, quote=False)  # no raw HTML, no entities of the applicant's own
    return markdown.markdown(escaped, extensions=EXTENSIONS, output_format="html")


def plain_text(text: str) -> str:
    """What a reader sees of *text* once rendered: Markdown syntax removed, blocks on their own lines.
    Lengths are counted on this, so that a .yaml and the .docx built from it give the same figures."""
    import lxml.html

    if not text.strip():
        return ""
    root = lxml.html.fragment_fromstring(to_html(text), create_parent="div")
    for block in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content().strip()
