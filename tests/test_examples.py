"""The worked examples: complete, fictional beyond doubt, clean under the checker, on the site and downloadable."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from appfactory import ED
from kit.check.codes import check_code
from kit.check.pii import find
from kit.check.run import check
from kit.check.wordcount import count
from kit.example_pages import (ExamplePage, example_pages, example_parts, page_name, shift_headings,
                                split_text)
from kit.examples import find_examples
from kit.markup import plain_text
from kit.yamlsource import load_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = find_examples(ROOT / "examples")
IDS = [e.slug for e in EXAMPLES]


def test_three_examples():
    assert IDS == ["jijiu-zhongxin", "shequ-zhongxin", "zonghe-yiyuan"]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_passes_the_checker_with_no_error(example):
    assert [str(f) for f in check(example.loaded, ED) if f.severity == "error"] == []


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_is_fictional_beyond_doubt(example):
    app = example.loaded.app
    assert app.fictional
    for unit in app.units():
        assert "虚构" in unit.name or "示例" in unit.name, unit.name
        assert check_code(unit.org_code).valid and re.fullmatch(r"(12|91)3100000000000\w{3}", unit.org_code)
    assert app.lead.email.endswith("@example.org")
    texts = [app.lead.intro, *app.parts.values(), *(p.text for p in app.service_plans)]
    assert not [h for t in texts for h in find(t)]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_lengths_clear_the_limits_with_a_margin(example):
    app = example.loaded.app
    narrative = count("\n".join(plain_text(t) for t in app.parts.values())).words
    assert narrative >= ED.limits.narrative_min_chars * 1.1
    for plan in app.service_plans:
        assert count(plain_text(plan.text)).words >= ED.limits.service_plan_min_chars * 1.05
    assert count(app.lead.intro).words <= ED.limits.intro_max_chars


def test_example_shapes():
    by_slug = {e.slug: e.loaded.app for e in EXAMPLES}
    assert len(by_slug["zonghe-yiyuan"].joint) == 4 and len(by_slug["zonghe-yiyuan"].service_plans) == 2
    assert by_slug["shequ-zhongxin"].joint == [] and len(by_slug["shequ-zhongxin"].service_plans) == 1
    assert len(by_slug["jijiu-zhongxin"].joint) == 2 and len(by_slug["jijiu-zhongxin"].service_plans) == 1


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_example_page_in_catalogue_search_and_downloads(site_dir, example):
    page = site_dir / "examples" / f"{example.slug}.html"
    html = page.read_text(encoding="utf-8")
    assert "虚构示例" in html and example.loaded.app.plan_name in html
    catalogue = site_dir / "examples" / "index.html"
    assert f'href="{example.slug}.html"' in catalogue.read_text(encoding="utf-8")
    search = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"].startswith(f"examples/{example.slug}.html") for d in search["docs"])
    bundle = site_dir / "downloads" / example.file_name("-zeren-shengming.zip")
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
    for suffix in (".docx", ".pdf"):  # every unit's declaration, and nothing else (the 工作方案 is its own download)
        assert len([n for n in names if "责任声明" in n and n.endswith(suffix)]) == len(example.loaded.app.units())
    assert len(names) == 2 * len(example.loaded.app.units())
    for suffix in ("-gongzuo-fangan.docx", "-gongzuo-fangan.pdf"):
        assert (site_dir / "downloads" / example.file_name(suffix)).stat().st_size > 10_000


def test_walkthrough_page_links_the_example(site_dir):
    html = (site_dir / "examples" / "walkthrough.html").read_text(encoding="utf-8")
    assert 'href="zonghe-yiyuan.html"' in html and "虚构示例" in html


# The example's pages: an overview and one page per part ------------------------------------------------------------

PAGES = {e.slug: example_pages(e, ED) for e in EXAMPLES}
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def _unshifted(text: str) -> str:
    """*text* without heading marks and blank runs: the same whether its headings were moved or not."""
    lines = (re.sub(r"^#+\s+", "", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _blocks(text: str) -> list[str]:
    return [_unshifted(b) for b in re.split(r"\n\s*\n", text) if b.strip()]


def _part_pages(example) -> list[ExamplePage]:
    return PAGES[example.slug][1:]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_part_is_on_its_pages_whole_and_in_order(example):
    """The part's pages, in the chain's order, hold exactly its text (headings moved up a level at most)."""
    pages = {p.path: p for p in _part_pages(example)}
    app = example.loaded.app
    sources = [app.parts.get(p.id, "") for p in ED.annex.parts] + [p.text for p in app.service_plans]
    parts = example_parts(example, ED)
    assert len(parts) == len(sources) == len(ED.annex.parts) + len(app.service_plans)
    for part, source in zip(parts, sources):
        assert _unshifted("\n".join(part.chunks)) == _unshifted(source), part.name
        for j, chunk in enumerate(part.chunks):
            page = pages[f"examples/{example.slug}/{page_name(part, j)}.md"]
            assert _unshifted(chunk) in _unshifted(page.body)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_paragraph_of_a_part_is_on_exactly_one_page(example):
    """A paragraph is on as many pages as the example's texts that contain it: once, unless two parts share it."""
    app = example.loaded.app
    sources = [app.lead.intro, *app.parts.values(), *(p.text for p in app.service_plans)]
    overview, *parts = (_unshifted(p.body) for p in PAGES[example.slug])
    for source in sources[1:]:
        for block in _blocks(source):
            expected = sum(_unshifted(s).count(block) for s in sources[1:])
            assert sum(body.count(block) for body in parts) == expected, block[:60]
    paragraphs = [b for source in sources[1:] for b in re.split(r"\n\s*\n", source) if b.strip()]
    assert not [b for b in paragraphs if not b.startswith("#") and _unshifted(b) in overview]  # headings are links there


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_overview_links_every_part_page(example):
    overview, *parts = PAGES[example.slug]
    assert overview.path == example.page
    linked = {target for _, target in LINK.findall(overview.body.split("## 方案各部分")[1])}
    assert linked == {p.path.removeprefix("examples/") for p in parts}
    assert "[← 全部示例](index.md)" in overview.body


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_every_page_of_an_example_is_marked_fictional(example):
    for page in PAGES[example.slug]:
        assert '!!! warning "虚构示例"\n    本页是**虚构示例**' in page.body, page.path
        assert page.markdown.startswith(f"---\ndescription: 虚构示例")


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_part_pages_are_chained_in_the_order_of_the_plan(example):
    pages = _part_pages(example)
    names = [p.path.rsplit("/", 1)[1] for p in pages]
    headings = [p.heading for p in example_parts(example, ED)]
    # a plan's title as its Word document opens it: 服务方案一：…, whether or not the title already reads so
    plans = [(f"服务方案{'一二三四五六七八九'[i]}：", s.title) for i, s in enumerate(example.loaded.app.service_plans)]
    assert headings == [*(p.heading for p in ED.annex.parts),
                        *(title if title.startswith(opening) else opening + title for opening, title in plans)]
    assert not any(h.count("服务方案一") > 1 for h in headings)
    position = 0
    for n, page in enumerate(pages):
        links = dict((label, target) for label, target in LINK.findall(page.body.rsplit("\n---\n", 1)[1]))
        assert links.get("← 上一部分") == (names[n - 1] if n else None), page.path
        assert links.get("下一部分 →") == (names[n + 1] if n + 1 < len(pages) else None), page.path
        assert links["返回概览"] == f"../{example.slug}.md"
        assert f"({page.path.split('/')[1]}.md)" not in page.body  # the overview is ../<slug>.md, nothing else
        while not page.title.startswith(headings[position]):  # titles follow the parts' order, none skipped
            position += 1
        assert f"的第 {position + 1} 部分（共 {len(headings)} 部分）" in page.body
    assert position == len(headings) - 1


def test_split_text_cuts_at_headings_keeps_the_opening_and_joins_what_fits():
    text = "开头一段。\n\n### （一）甲\n\n" + "甲" * 300 + "\n\n### （二）乙\n\n#### 1. 丙\n\n" + "丙" * 300 \
        + "\n\n#### 2. 丁\n\n" + "丁" * 300 + "\n\n### （三）戊\n\n戊。"
    pieces = split_text(text, budget=1200)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert pieces[0].startswith("开头一段。") and "### （一）甲" in pieces[0]
    assert pieces[1].startswith("### （二）乙") and pieces[2].startswith("#### 2. 丁")
    assert pieces[2].endswith("戊。")  # the short last section joins the piece before it
    assert all(len(p.encode()) <= 1200 for p in pieces)
    assert split_text(text, budget=len(text.encode())) == [text]
    assert split_text("无标题" * 1000, budget=100) == ["无标题" * 1000]


def test_shift_headings_moves_the_highest_to_level_two_outside_code():
    text = "### 甲\n\n```\n### 代码\n```\n\n#### 乙"
    assert shift_headings(text) == "## 甲\n\n```\n### 代码\n```\n\n### 乙"
    assert shift_headings("没有标题") == "没有标题"


def test_navigation_lists_the_catalogue_not_each_example_page():
    config, _ = load_file(ROOT / "mkdocs.yml")

    def paths(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from paths(value) if isinstance(value, list) else [value]

    listed = set(paths(config["nav"]))
    assert {"examples/index.md", "examples/walkthrough.md"} <= listed
    generated = {p.path for pages in PAGES.values() for p in pages}
    assert not listed & generated and not [p for p in listed if p.startswith("examples/") and p.count("/") > 1]


PAGE_BUDGET = 26_000  # bytes of a page's own HTML: a 250 KB first view less the files every page shares (~224 KB)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_built_example_pages_are_all_there_marked_and_small(site_dir, example):
    catalogue = (site_dir / "examples" / "index.html").read_text(encoding="utf-8")
    overview = (site_dir / example.page.replace(".md", ".html")).read_text(encoding="utf-8")
    assert f'href="{example.slug}.html"' in catalogue
    for page in PAGES[example.slug]:
        path = site_dir / page.path.replace(".md", ".html")
        html = path.read_text(encoding="utf-8")
        assert "虚构示例" in html and "<h1" in html and page.title in html, page.path
        assert len(html.encode()) <= PAGE_BUDGET, (page.path, len(html.encode()))
        if page.path != example.page:
            assert f'href="{page.path.removeprefix("examples/").replace(".md", ".html")}"' in overview
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"{example.slug}.html" not in home  # not in the navigation every page carries
