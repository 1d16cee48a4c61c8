"""The built site as files: fidelity to the official text, facts from the edition, links, anchors, no foreign hosts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from htmlpage import parse
from kit.edition import default_edition
from kit.edition import cn_date

SOURCE = Path(__file__).resolve().parent / "source" / "notice-2024-280.txt"  # the transcription the site follows
OFFICIAL_PAGES = ["notice.html", "annex.html", "declaration.html"]

# The transcription artefacts listed in the source README, and how the site writes them.
ARTEFACTS = [
    ("医疗卫生机构网络安全管理办法\n\n法》", "医疗卫生机构网络安全管理办法》"),
    ("）申报\n\n网络安全保险服务试点", "）申报网络安全保险服务试点"),
    # the joint letterhead: "文件" stands beside the three issuing bodies, not after the second one
    ("上海市卫生健康委员会 文件", "上海市卫生健康委员会\n文件"),
]




def normalise(text: str) -> str:
    """Remove whitespace and markup leftovers; fold half-width punctuation the transcription used."""
    text = re.sub(r"<input[^>]*>|☐", "", text)  # tick boxes are drawn by the form, one per option
    text = text.replace("\\_", "").replace("_", "").replace("*", "").replace("#", "").replace("¶", "")
    text = text.translate(str.maketrans({":": "：", "(": "（", ")": "）", ",": "，"}))
    return re.sub(r"\s+", "", text)


def official_paragraphs() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    for broken, fixed in ARTEFACTS:
        assert broken in text, "source changed: artefact not found"
        text = text.replace(broken, fixed)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        if block.strip() in ("", "---", "附", "附件"):
            continue
        # a line of a list or of the letterhead, and a cell of the flattened form table, each stand on their own
        for line in block.splitlines():
            for cell in re.split(r"\t+", line):
                cell = normalise(re.sub(r"^\s*\d+\.\s*", "", cell))  # list numbers are drawn by <ol>
                if cell:
                    paragraphs.append(cell)
    return paragraphs


@pytest.fixture(scope="module")
def official_text(site_dir) -> str:
    return normalise("".join("".join(parse(site_dir / p).text) for p in OFFICIAL_PAGES))


def test_every_official_paragraph_is_on_the_site(official_text):
    missing = [p for p in official_paragraphs() if p not in official_text]
    assert not missing, "以下官方原文段落未出现在网站上：\n" + "\n".join(missing[:10])


def test_notice_text_agrees_with_edition_data(site_dir):
    ed = default_edition()
    text = normalise("".join(parse(site_dir / "notice.html").text))
    assert normalise(ed.notice.number) in text
    for d in ed.dates:
        assert normalise(cn_date(d.date)) in text, d
    assert f"不得超过{ed.limits.max_projects_per_applicant}个" in text
    assert f"不得超过{ed.limits.max_joint_applicants}家" in text
    for item in ed.coverage:
        assert item.label in text
    for c in ed.contacts:
        assert c.person in text and c.phone in text
    for issuer in ed.notice.issuers:
        assert issuer in text


def test_every_part_and_clause_has_a_stable_anchor(site_dir):
    ids = parse(site_dir / "notice.html").ids
    expected = {"header", "part-1", "part-2", "part-3", "part-4", "part-5", "clause-2-1", "clause-2-2",
                "clause-4-1", "clause-4-2"} | {f"clause-3-{i}" for i in range(1, 6)}
    assert expected <= ids, expected - ids
    for d in default_edition().dates:
        assert d.anchor in ids


def test_form_table_has_merged_cells_and_tick_boxes(site_dir):
    html = (site_dir / "annex.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="form-table">'):]
    table = table[: table.index("</table>")]
    assert 'colspan="3"' in table and 'rowspan="2"' in table
    assert table.count("☐") == 7
    for option in default_edition().form.natures:
        assert option.name in table


def _internal_targets(site_dir: Path):
    for page in sorted(site_dir.rglob("*.html")):
        parsed = parse(page)
        for tag, url in parsed.links:
            yield page, tag, url


def test_no_page_loads_from_another_host(site_dir):
    offenders = []
    for page, tag, url in _internal_targets(site_dir):
        if tag in ("script", "link", "img", "iframe", "source", "video", "audio") and urlparse(url).netloc:
            offenders.append(f"{page.name}: <{tag}> {url}")
    for css in site_dir.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8", errors="replace")):
            if re.match(r"['\"]?https?://", url):
                offenders.append(f"{css.name}: {url}")
    assert not offenders, offenders


def test_every_internal_link_and_anchor_resolves(site_dir):
    cache: dict[Path, set[str]] = {}
    broken = []
    for page, tag, url in _internal_targets(site_dir):
        parts = urlparse(url)
        if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "data:", "javascript:")):
            continue
        base = site_dir if parts.path.startswith("/") else page.parent  # 404.html uses root-relative links
        target = page if not parts.path else (base / unquote(parts.path).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(site_dir)} → {url}")
            continue
        if parts.fragment and target.suffix == ".html":
            ids = cache.setdefault(target, parse(target).ids)
            if unquote(parts.fragment) not in ids:
                broken.append(f"{page.relative_to(site_dir)} → {url}（锚点不存在）")
    assert not broken, "\n".join(broken[:20])


def test_search_index_is_segmented_with_domain_terms(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])  # the browser splits the text with it
    tokens = {t for doc in index["docs"] for t in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))}
    assert {"骑缝章", "等级保护", "营业中断", "勒索"} <= tokens
