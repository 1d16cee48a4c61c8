"""The search index as written: complete for the official text and guidance, compact, ranked by page kind;
the guard on Material's search code."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from appfactory import ED
from kit.errors import BuildError, InputError
from kit.example_pages import example_pages, example_parts, page_name
from kit.examples import find_examples
from kit.markup import plain_text
from kit.website import search_fix, search_index

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = find_examples(ROOT / "examples")

OFFICIAL_AND_GUIDANCE = ["notice.html", "annex.html", "declaration.html", "faq.html", "glossary.html",
                         "guide/about.html", "guide/eligibility.html", "guide/coverage.html", "index.html"]


class _ArticleText(HTMLParser):
    """The visible text of a page's <article>, without permalink marks."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and (tag in ("script", "style") or dict(attrs).get("class") == "headerlink"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.skip and tag in ("script", "style", "a"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def norm(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", re.sub(r"<[^>]+>", "", text))


@pytest.fixture(scope="module")
def index_text(site_dir):
    raw = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    return raw, json.loads(raw)


def test_index_is_utf8_without_escapes(index_text):
    raw, _ = index_text
    escapes = re.findall(r"(?<!\\)\\u([0-9a-fA-F]{4})", raw)
    assert not [e for e in escapes if int(e, 16) > 0x7F], escapes[:5]
    assert "网络安全" in raw


@pytest.mark.parametrize("path", OFFICIAL_AND_GUIDANCE)
def test_every_sentence_of_official_and_guidance_pages_is_searchable(site_dir, index_text, path):
    _, index = index_text
    parser = _ArticleText()
    parser.feed((site_dir / path).read_text(encoding="utf-8"))
    indexed = norm("".join(d["title"] + d["text"] for d in index["docs"] if d["location"].split("#")[0] == path))
    sentences = [s for s in re.split(r"[。；！？\n]", "".join(parser.parts)) if len(norm(s)) >= 4]
    missing = [s.strip() for s in sentences if norm(s) not in indexed]
    assert len(sentences) > 3
    assert not missing, f"{path}：{len(missing)} 句不在搜索索引中，如：{missing[:3]}"


def test_examples_are_excerpts_and_rank_below_guidance(index_text):
    _, index = index_text
    data = search_index.load()
    boosts = {d["location"].split("#")[0]: d.get("boost", 1) for d in index["docs"]}
    example = data.kind("examples/zonghe-yiyuan.html")
    assert boosts["examples/zonghe-yiyuan.html"] < boosts["faq.html"] < boosts["notice.html"]
    for doc in index["docs"]:
        if doc["location"].startswith("examples/zonghe-yiyuan.html"):
            assert len(norm(doc["text"])) <= example.excerpt + 1


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.slug for e in EXAMPLES])
def test_every_page_of_an_example_is_indexed_as_an_example(index_text, example):
    """The overview and every part page are in the index as examples (boost and excerpts), the overview first."""
    _, index = index_text
    data = search_index.load()
    overview, *parts = example_pages(example, ED)
    overview_kind = data.kind(overview.path.replace(".md", ".html"))
    assert overview_kind.boost < data.kind("faq.html").boost
    for page in [overview, *parts]:
        location = page.path.replace(".md", ".html")
        kind = data.kind(location)
        docs = [d for d in index["docs"] if d["location"].split("#")[0] == location]
        assert kind.name == "示例" and kind.boost <= overview_kind.boost and kind.excerpt and docs, location
        assert {d.get("boost", 1) for d in docs} == {kind.boost}, location
        assert all(len(norm(d["text"])) <= kind.excerpt + 1 for d in docs), location
        assert norm(page.title) in norm(docs[0]["title"]), location
    assert data.kind(parts[0].path.replace(".md", ".html")).boost < overview_kind.boost


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.slug for e in EXAMPLES])
def test_every_section_of_every_part_is_findable(index_text, example):
    """Each heading of a part and the opening of the text under it are in the index, on the part's own page."""
    _, index = index_text
    for part in example_parts(example, ED):
        for j, chunk in enumerate(part.chunks):
            location = f"examples/{example.slug}/{page_name(part, j)}.html"
            docs = [d for d in index["docs"] if d["location"].split("#")[0] == location]
            titles, texts = norm("".join(d["title"] for d in docs)), norm("".join(d["text"] for d in docs))
            pieces = re.split(r"^#+\s+(.*)$", chunk, flags=re.M)  # opening, heading, text, heading, text, …
            for heading in pieces[1::2]:
                assert norm(plain_text(heading)) in titles, (location, heading)
            for text in pieces[::2]:
                opening = norm(re.sub(r"^\d+\.", "", plain_text(text), flags=re.M))[:20]
                assert opening in texts, (location, opening)


def test_synonyms_reach_the_browser(index_text):
    _, index = index_text
    assert ["第三方", "第三者"] in index["config"]["synonyms"]


def test_zero_width_spaces_only_between_words():
    assert search_index.compact("<p>\u200b准备\u200b在\u200b截止\u200b日前\u200b。</p>") == "<p>准备\u200b在\u200b截止\u200b日前。</p>"


def test_excerpt_ends_at_a_word():
    html = "<p>" + "\u200b".join(["网络安全"] * 30) + "</p>"
    assert search_index.excerpt(html, 10) == "<p>网络安全\u200b网络安全…</p>"


def test_broken_search_data_names_the_line(tmp_path):
    path = tmp_path / "search.yaml"
    path.write_text("ranking:\n  - {kind: 官方原文, pages: [notice.html], boost: -1}\nsynonyms: []\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        search_index.load(path)
    assert "search.yaml:2" in str(err.value) and "boost" in str(err.value)


def test_guard_names_what_changed_in_material():
    worker = "".join(text for where, text, _ in search_fix.GUARDS if where == "worker") + search_fix.BUGGY
    bundle = "".join(text for where, text, _ in search_fix.GUARDS if where == "bundle")
    search_fix.check(worker, bundle)  # the adapted version passes
    with pytest.raises(BuildError) as err:
        search_fix.check(worker.replace(search_fix.BUGGY, "for(;;)"), bundle.replace('h(e,"keyup")', ""))
    message = str(err.value)
    assert search_fix.MATERIAL_VERSION in message and "keyup" in message and "分词" in message
