"""Every page's first view, before anyone searches, transfers at most 250 KB (raw), whatever the number of examples.

siteaudit.first_view_bytes() adds up what a page makes the browser fetch as it opens: the page, its stylesheets,
scripts, icon and images. That it is what Chromium really fetches is checked on two pages against Playwright's
requests.
"""

from __future__ import annotations

import pytest

from siteaudit import FIRST_VIEW_LIMIT, first_view_bytes, first_view_weights


def test_every_page_opens_within_the_limit(site_dir):
    weights = first_view_weights(site_dir)
    over = {path: size for path, size in weights.items() if size > FIRST_VIEW_LIMIT}
    assert not over, f"首次加载超过 {FIRST_VIEW_LIMIT:,} 字节的页面（请拆分页面或减少共用文件）：\n" + "\n".join(
        f"{path}: {size:,} 字节" for path, size in sorted(over.items(), key=lambda kv: -kv[1]))
    assert len(weights) >= 20


@pytest.mark.parametrize("path", ["index.html", "glossary.html"])
def test_the_count_is_what_chromium_fetches(browser, site_url, site_dir, path):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        page.wait_for_timeout(500)
        fetched = sum(r.sizes()["responseBodySize"] for r in finished)
        assert fetched == first_view_bytes(site_dir, path)
        assert not any("search_index" in r.url for r in finished)
    finally:
        context.close()
