"""FAQ, glossary, training page and coverage diagram in the built site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kit.edition import default_edition
from kit.errors import KitError
from kit.training import CALENDAR, DECK, DIAGRAM, GROUP, HANDOUT
from kit.training.deck import SECTIONS
from kit.training.lifecycle import PHASE_TEXT, lifecycle
from test_site_pages import parse

SVG = "{http://www.w3.org/2000/svg}"
OFFICIAL = ("notice.html", "annex.html", "declaration.html")
GLOSSARY_TERMS = {
    "ransom": "勒索损失", "business-interruption": "营业中断", "social-engineering": "社会工程学",
    "third-party-liability": "第三者责任", "deductible": "免赔额", "waiting-period": "等待期", "sum-insured": "保额",
    "sub-limit": "子限额", "cii": "关键信息基础设施", "mlps": "网络安全等级保护", "underwriting": "核保",
    "binding": "承保", "loss-prevention": "防灾减损", "claims": "理赔", "forensics": "溯源取证",
    "loss-assessment": "定责定损", "reinsurance": "再保险", "insurtech": "保险科技", "seam-seal": "骑缝章",
    "uscc": "统一社会信用代码", "premium": "保费", "word-count": "字数统计",
}


def article(site_dir: Path, name: str) -> str:
    html = (site_dir / name).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def resolve(site_dir: Path, page: Path, url: str) -> tuple[Path, str]:
    parts = urlparse(url)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return target, unquote(parts.fragment)


def faq_sections(site_dir: Path) -> list[tuple[str, str]]:
    """(question, the HTML of its answer) for every h3 of the FAQ."""
    body = article(site_dir, "faq.html")
    chunks = re.split(r"<h3 [^>]*>", body)[1:]
    return [(re.sub(r"<[^>]+>|¶", "", chunk.split("</h3>")[0]).strip(), chunk.split("</h3>")[1]) for chunk in chunks]


def test_faq_has_at_least_15_questions_each_resting_on_a_clause(site_dir):
    sections = faq_sections(site_dir)
    assert len(sections) >= 15, len(sections)
    for question, answer in sections:
        assert question.endswith("？"), question
        links = re.findall(r'href="([^"]+)"', answer)
        official = [u for u in links if urlparse(u).path in OFFICIAL and urlparse(u).fragment]
        assert official, f"“{question}”没有链接到通知或附件的具体条款"


def test_every_faq_link_resolves_to_an_existing_anchor(site_dir):
    page = site_dir / "faq.html"
    broken = []
    for url in re.findall(r'href="([^"]+)"', article(site_dir, "faq.html")):
        if urlparse(url).scheme:
            continue
        target, fragment = resolve(site_dir, page, url)
        if not target.exists() or (fragment and fragment not in parse(target).ids):
            broken.append(url)
    assert not broken, broken


def test_faq_answers_use_edition_figures(site_dir):
    ed = default_edition()
    text = re.sub(r"<[^>]+>", "", article(site_dir, "faq.html"))
    for figure in (f"不得超过{ed.limits.max_joint_applicants}家", f"不少于 {ed.limits.service_plan_min_chars} 字",
                   f"不超过 {ed.limits.intro_max_chars} 字", *(c.phone for c in ed.contacts)):
        assert figure in text, figure


def test_glossary_terms_have_stable_anchors(site_dir):
    body = article(site_dir, "glossary.html")
    headings = dict(re.findall(r'<h3 id="([^"]+)">(.*?)<a class="headerlink"', body))
    missing = {anchor: term for anchor, term in GLOSSARY_TERMS.items() if term not in headings.get(anchor, "")}
    assert not missing, missing
    assert all(re.fullmatch(r"[a-z0-9-]+", anchor) for anchor in headings), "术语锚点应为稳定的英文标识"


def test_training_page_links_every_material(site_dir):
    page = site_dir / "training.html"
    links = set(re.findall(r'href="([^"#]+)', article(site_dir, "training.html")))
    for name in (DECK, HANDOUT, CALENDAR, DIAGRAM, "offline-site.zip"):
        assert f"downloads/{name}" in links, name
    for url in links:
        if not urlparse(url).scheme:
            assert resolve(site_dir, page, url)[0].exists(), url
    assert {"faq.html", "glossary.html"} <= links
    text = re.sub(r"<[^>]+>", "", article(site_dir, "training.html"))
    assert all(section in text for section in SECTIONS), "议程应与课件的各部分一致"


def test_nav_lists_training_faq_and_glossary(site_dir):
    nav = (site_dir / "index.html").read_text(encoding="utf-8")
    for href in ("training.html", "faq.html", "glossary.html"):
        assert f'href="{href}"' in nav, href


def test_downloads_page_has_a_training_group(site_dir):
    html = article(site_dir, "downloads.html")
    section = html[html.index('<h2 id="training">'):]
    assert GROUP in section[:200]
    for name in (DECK, HANDOUT, CALENDAR, DIAGRAM):
        assert f"downloads/{name}" in section, name


@pytest.fixture(scope="module")
def diagram(site_dir) -> ET.Element:
    return ET.parse(site_dir / "downloads" / DIAGRAM).getroot()


def test_diagram_scales_and_has_real_text_for_every_coverage_item(diagram):
    assert diagram.tag == f"{SVG}svg" and re.fullmatch(r"0 0 \d+ \d+(\.\d+)?", diagram.get("viewBox"))
    texts = ["".join(t.itertext()) for t in diagram.iter(f"{SVG}text")]
    for item in default_edition().coverage:
        assert item.label in texts, item.label
    for _, title, _ in PHASE_TEXT:
        assert title in texts
    family = next(diagram.iter(f"{SVG}g")).get("font-family")
    assert "Noto Sans CJK SC" in family and "FandolHei" in family


def test_diagram_is_self_contained(site_dir):
    svg = (site_dir / "downloads" / DIAGRAM).read_text(encoding="utf-8")
    assert "<script" not in svg and "href" not in svg and "@import" not in svg and "<image" not in svg


def test_diagram_is_shown_on_coverage_and_training_pages(site_dir):
    assert f'src="../downloads/{DIAGRAM}"' in article(site_dir, "guide/coverage.html")
    assert f'src="downloads/{DIAGRAM}"' in article(site_dir, "training.html")


def test_phase_names_are_the_notices_own(site_dir):
    html = (site_dir / "notice.html").read_text(encoding="utf-8")
    goals = re.sub(r"<[^>]+>", "", html[html.index('id="part-1"'):html.index('id="part-2"')])
    for _, title, _ in PHASE_TEXT:
        assert title in goals, title


def test_every_coverage_item_must_be_placed_in_a_phase():
    ed = default_edition()
    extra = ed.coverage[0].model_copy(update={"id": "unplaced", "label": "新保障项目"})
    with pytest.raises(KitError, match="新保障项目"):
        lifecycle(ed.model_copy(update={"coverage": [*ed.coverage, extra]}))
    placed = [item.id for phase in lifecycle(ed) for item in phase.coverage]
    assert sorted(placed) == sorted(item.id for item in ed.coverage)
