"""One page, one rendering: the site and the page's print PDF read the same Markdown settings
(kit.pagemarkdown) and the same page context (kit.pagecontext)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from kit.edition import default_edition
from kit.pdf.pages import DOCS, page_html

PAGES = ["notice.md", "annex.md"]  # the pages that have a print PDF


def blocks(root) -> list[tuple[str, str, str]]:
    """Headings with their anchors, paragraphs, list items, definitions, admonitions and table cells, in order,
    with the text a reader sees (whitespace collapsed; permalink marks dropped)."""
    for mark in root.xpath('//a[contains(@class, "headerlink")]'):
        mark.drop_tree()
    out = []
    for el in root.iter("h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "div"):
        if el.tag == "div" and "admonition" not in (el.get("class") or "").split():
            continue
        text = re.sub(r"\s+", " ", el.text_content()).strip() if el.tag != "div" else el.get("class")
        out.append((el.tag, el.get("id") or "", text))
    return out


@pytest.mark.parametrize("name", PAGES)
def test_site_and_print_pdf_render_a_page_alike(site_dir, name):
    site = lxml.html.fromstring((site_dir / name.replace(".md", ".html")).read_text(encoding="utf-8"))
    (article,) = site.xpath('//article[contains(@class, "md-content__inner")]')
    printed = lxml.html.fromstring(page_html(default_edition(), DOCS / name, "标题"))
    on_site, on_paper = blocks(article), blocks(printed.body)
    # The print holds the official text only (no page heading, no web-only notes or commentary): every block it
    # has is on the site too, with the same anchor and the same text, in the same order.
    remaining = iter(on_site)
    missing = [block for block in on_paper if block not in remaining]
    assert len(on_paper) > len(on_site) / 2 and missing == []


def test_mkdocs_yml_cannot_set_other_markdown_extensions(tmp_path):
    """A second list of extensions would let the site and the print PDFs drift apart: the build names the one place."""
    from kit.errors import BuildError
    from kit.sitebuild import build

    root = DOCS.parent
    config = tmp_path / "mkdocs.yml"
    config.write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                      .replace("docs_dir: docs", f"docs_dir: {DOCS}")
                      .replace("custom_dir: overrides", f"custom_dir: {root / 'overrides'}")
                      .replace("jieba_dict_user: kit/", f"jieba_dict_user: {root}/kit/")
                      .replace("  - kit\n", f"  - kit:\n      examples: {root}/examples\n      edition: {root}/kit/editions/2024.yaml\n")
                      + "markdown_extensions:\n  - abbr\n", encoding="utf-8")
    with pytest.raises(BuildError, match="abbr.*kit/pagemarkdown.py"):
        build(config, tmp_path / "site", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "site").exists()
