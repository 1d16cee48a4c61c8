"""Search as visitors use it, in Chromium: the query set, narrow screens, pasted text, and when the index loads."""

from __future__ import annotations

import zipfile

import pytest

from searchbox import open_box, queries, rank, result_pages, search, wait_for_results

CASES = queries()
NARROW = ["5月31日", "〔2024〕280号", "数据泄露", "第三方责任", "联系电话", "试点退出", "等保三级", "骑缝章"]


def test_query_set_is_large_enough():
    assert len(CASES) >= 40
    assert len({c["query"] for c in CASES}) == len(CASES), "查询重复"


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_query_finds_its_page_in_top_three(page, site_url, site_dir, case):
    if not any((site_dir / p).exists() for p in case["pages"]):
        pytest.xfail(f"{case['pages']} 尚不存在")
    pages = search(page, site_url, case["query"])
    assert (rank(case, pages) or 99) <= 3, f"“{case['query']}”的前三个结果中没有 {case['pages']}：{pages[:5]}"


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("case", [c for c in CASES if c["query"] in NARROW], ids=NARROW)
def test_query_at_390_px(narrow_page, site_url, case):
    pages = search(narrow_page, site_url, case["query"])
    assert (rank(case, pages) or 99) <= 3, f"390 px：“{case['query']}”的前三个结果中没有 {case['pages']}：{pages[:5]}"


def test_results_list_no_words_the_visitor_did_not_type(page, site_url):
    """第三方责任 is also searched as 第三者责任: no result says 缺少 第三方 or 第三者."""
    search(page, site_url, "第三方责任")
    assert page.locator(".md-search-result__terms").count() == 0


def test_examples_rank_below_official_text_and_guidance(page, site_url):
    pages = search(page, site_url, "数据泄露")
    first_example = next(i for i, p in enumerate(pages) if p.startswith("examples/") and p != "examples/index.html")
    guidance = [p for p in pages[:first_example] if not p.startswith("examples/")]
    assert len(guidance) >= 2, pages[:6]


@pytest.mark.parametrize("how", ["paste", "dictation"])
def test_text_entered_without_keys_is_searched(page, site_url, how):
    """A long-press paste or dictation fires input events only (no key-up)."""
    page.goto(f"{site_url}/index.html")
    open_box(page)
    if how == "paste":
        page.keyboard.insert_text("试点退出")
    else:  # dictation: the text arrives in steps, each one input event
        for part in ["试点", "试点退出"]:
            page.evaluate("""(text) => {
                const box = document.querySelector('input.md-search__input');
                box.value = text;
                box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertText', data: text}));
            }""", part)
    wait_for_results(page)
    assert result_pages(page, site_url)[0] == "notice.html"


def test_index_and_worker_load_when_search_starts(page, site_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}/notice.html", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert not [u for u in requested if "search_index" in u or "/workers/" in u], requested
    open_box(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("勒索")
    wait_for_results(page)
    assert any(u.endswith("search/search_index.json") for u in requested)
    assert "notice.html" in result_pages(page, site_url)[:3]


def test_keyboard_shortcut_starts_search(page, site_url):
    page.goto(f"{site_url}/faq.html", wait_until="networkidle")
    with page.expect_request(lambda r: r.url.endswith("search/search_index.json")):
        page.keyboard.press("/")
    page.keyboard.insert_text("骑缝章")
    wait_for_results(page)
    assert "glossary.html" in result_pages(page, site_url)[:3]


def test_result_page_opened_from_search_highlights(page, site_url):
    """A result link carries ?h=…: that page loads the index at once to mark the words."""
    page.goto(f"{site_url}/index.html")
    open_box(page).fill("骑缝章")
    page.keyboard.press("End")
    wait_for_results(page)
    page.locator(".md-search-result__item > a[href*='#']").first.click()
    page.wait_for_selector("article mark", timeout=15000)
    assert "骑缝章" in page.locator("article mark").first.inner_text()


def test_offline_bundle_searches_from_file_url(page, site_dir, tmp_path):
    with zipfile.ZipFile(site_dir / "downloads" / "offline-site.zip") as zf:
        zf.extractall(tmp_path)
    start = tmp_path / "site" / "index.html"
    base = start.parent.as_uri()
    page.goto(start.as_uri())
    page.wait_for_timeout(500)
    assert page.evaluate("typeof __index") == "undefined", "离线包在开始搜索前就加载了索引"
    pages = search(page, base, "5月31日")
    assert pages and pages[0] == "notice.html", pages[:5]
