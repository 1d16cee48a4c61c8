"""Guidance says what the notice says: no rule the notice does not make, in any page or download a user reads;
the submission checklist cites a clause on every line and marks what the notice leaves open."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import pdftotext
from htmlpage import parse
from kit.edition import default_edition

ED = default_edition()

# Claims the notice does not make, as earlier versions of this kit wrote them (issue: guidance that over-states).
OVERSTATEMENTS = {
    "硬性内容": "四（二）只说纳入试点工作方案",
    "逐一列出": "四（二）没有要求逐一列出",
    "未认定": "通知没有要求写明“未认定”",
    "盖章提示": "通知只说加盖公章及骑缝章",
    "右侧虚线": "通知没有规定骑缝章的位置",
    "应把这些要素说清楚": "附件只要求单价保费及保额",
    "不得晚于": "通知写的是“之前上报”",
    "保障项目共": "通知的列举以“等”结尾",
    "单位座机": "附件没有规定电话种类",
    "可填“无”": "附件没有说明空栏怎样填",
}


def page_text(path: Path) -> str:
    return "".join(parse(path).text)


def deck_text(path: Path) -> str:
    texts = []
    for slide in Presentation(str(path)).slides:
        texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        texts += [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
        texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def readable(site: Path):
    """(name, text) of every page and every PDF and slide deck a user reads, examples excluded (their text is the
    fictional applicants' own)."""
    for path in sorted(site.rglob("*.html")):
        if "examples" not in path.parts or path.name == "walkthrough.html":
            yield path.relative_to(site).as_posix(), page_text(path)
    for path in sorted((site / "downloads").glob("*.pdf")):
        if not path.name.startswith("shili"):
            yield path.name, pdftotext(path)
    for path in sorted((site / "downloads").glob("*.pptx")):
        yield path.name, deck_text(path)


def test_no_page_or_download_states_a_rule_the_notice_does_not_make(site_dir):
    found = []
    read = 0
    for name, text in readable(site_dir):
        read += 1
        flat = re.sub(r"\s+", "", text)
        found += [f"{name}：“{claim}”（{why}）" for claim, why in OVERSTATEMENTS.items() if claim in flat]
    assert read > 20
    assert not found, "\n".join(found)


def test_the_notice_page_says_what_clause_4_2_leaves_open(site_dir):
    text = re.sub(r"\s+", "", page_text(site_dir / "notice.html"))
    assert "“纳入试点工作方案”" in text and "没有这类系统时怎样表述，通知没有规定" in text
    assert "纳入试点工作方案" in re.sub(r"\s+", "", pdftotext(site_dir / "downloads" / "tongzhi.pdf"))


class _Rows(HTMLParser):
    """Rows of the checklist's tables: their text and whether they hold a link to the notice or the annex."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._row: list[str] | None = None
        self._links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row, self._links = [], []
        elif tag == "a" and self._row is not None:
            self._links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(("".join(self._row), self._links))
            self._row = None

    def handle_data(self, data):
        if self._row is not None:
            self._row.append(data)


def test_checklist_cites_a_clause_on_every_line_and_marks_what_is_open(site_dir):
    page = site_dir / "guide" / "checklist.html"
    rows = _Rows()
    rows.feed(page.read_text(encoding="utf-8"))
    body = [(text, links) for text, links in rows.rows if links or "出处" not in text]
    assert len(body) >= 15
    for text, links in body:
        assert any(re.search(r"(notice|annex|declaration|faq)\.html", link) for link in links), text
    text = page_text(page)
    assert text.count("通知未规定") >= 5 and "通知未明确" in text
    assert cn_deadline() in text and "加盖公章及骑缝章" in text and "按受理部门的要求" in text


def cn_deadline() -> str:
    d = ED.date("application_deadline").date
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.mark.parametrize("page", ["index.html", "guide/about.html", "faq.html", "notice.html"])
def test_checklist_is_reached_from_the_home_page_and_the_navigation(site_dir, page):
    html = (site_dir / page).read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)?(guide/)?checklist\.html"', html), page


def test_checklist_title_answers_what_people_search_for(site_dir):
    html = (site_dir / "guide" / "checklist.html").read_text(encoding="utf-8")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    assert all(word in title for word in ("要交什么", "提交材料", "清单")), title
