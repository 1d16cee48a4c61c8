"""The site in a real browser: Chinese search, offline use from file://, no third-party requests."""

from __future__ import annotations

import re
import zipfile
from urllib.parse import urlparse

import pytest

SEARCH_CASES = [
    ("勒索", "notice.html"),
    ("营业中断", "notice.html"),
    ("骑缝章", "annex.html"),
    ("等级保护", "notice.html"),
]


def search(page, query: str) -> list[str]:
    """Type *query* into Material's search box and return the result links in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))")


def page_text(site_dir, href: str) -> str:
    html = (site_dir / urlparse(href).path.lstrip("/")).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"<[^>]+>", "", article)


@pytest.mark.parametrize("query,official_page", SEARCH_CASES)
def test_search_finds_word_from_middle_of_sentence(page, site_url, site_dir, query, official_page):
    page.goto(f"{site_url}/index.html")
    hrefs = search(page, query)
    assert hrefs, f"“{query}”没有搜索结果"
    assert query in page_text(site_dir, hrefs[0]), f"“{query}”的第一条结果 {hrefs[0]} 不含该词"
    pages = [urlparse(h).path.lstrip("/") for h in hrefs]
    assert official_page in pages, f"“{query}”的结果中没有官方原文页 {official_page}：{pages}"
    section = next(h for h in hrefs if official_page in h and "#" in h)
    assert query in page_text(site_dir, section), f"结果链接的条款 {section} 不含“{query}”"


def test_offline_zip_search_from_file_url(page, site_dir, tmp_path):
    with zipfile.ZipFile(site_dir / "downloads" / "offline-site.zip") as zf:
        zf.extractall(tmp_path)
    index = tmp_path / "site" / "index.html"
    assert index.exists()
    page.goto(index.as_uri())
    hrefs = search(page, "勒索")
    assert any("notice.html" in h for h in hrefs)


@pytest.mark.parametrize("path", ["index.html", "notice.html", "annex.html", "declaration.html", "downloads.html"])
def test_pages_request_nothing_from_other_hosts(page, site_url, path):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    foreign = [u for u in requested if not u.startswith(site_url) and not u.startswith("data:")]
    assert not foreign, f"{path} 请求了外部资源：{foreign}"
    assert len(requested) > 1
