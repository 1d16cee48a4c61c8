"""Every page of the built site as a phone and a screen reader meet it: axe-core at 390 px and 1366 px, no sideways
overflow at 360 px, the annex form readable on a phone, the contacts separated and tap-to-call."""

from __future__ import annotations

import re

import pytest

from kit.edition import default_edition
from searchbox import search
from siteaudit import AXE, BLOCKING, axe_violations, overflow, site_pages

# Rules held to zero although axe rates them "moderate": a skipped heading level misleads screen-reader navigation.
ALSO_REQUIRED = {"heading-order"}


def _context(browser, width: int):
    if not AXE.exists():
        pytest.fail("缺少 axe-core：请运行 make test（scripts/fetch-test-js.sh 从 npm 取得）")
    return browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})


@pytest.mark.parametrize("width", [390, 1366])
def test_every_page_has_no_serious_axe_finding(browser, site_url, site_dir, width):
    context = _context(browser, width)
    page = context.new_page()
    failures = {}
    for path in site_pages(site_dir):
        page.goto(f"{site_url}/{path}")
        found = _blocking(page)
        if found:
            failures[path] = found
    context.close()
    assert not failures, "\n".join(f"{path}: {v['id']} ({v['impact']}, {v['nodes']} 处) {v['targets']}"
                                   for path, found in failures.items() for v in found)


def _blocking(page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING or v["id"] in ALSO_REQUIRED]


@pytest.mark.parametrize("width", [390, 1366])
def test_search_results_and_the_menu_pass_axe(browser, site_url, width):
    """What only shows on demand: the search dialog with results, and on a phone the navigation drawer."""
    context = _context(browser, width)
    page = context.new_page()
    assert search(page, site_url, "勒索"), "没有搜索结果"
    found = {"search": _blocking(page)}
    if width < 768:
        page.goto(f"{site_url}/notice.html")
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        found["menu"] = _blocking(page)
    context.close()
    assert not any(found.values()), found


def test_no_page_overflows_a_360px_screen(browser, site_url, site_dir):
    context = _context(browser, 360)
    page = context.new_page()
    failures = {}
    for path in site_pages(site_dir):
        page.goto(f"{site_url}/{path}")
        measured = overflow(page)
        if measured["scrollWidth"] > measured["innerWidth"] or measured["offenders"]:
            failures[path] = measured
    context.close()
    assert not failures, failures


def test_every_page_declares_simplified_chinese(site_dir):
    wrong = [p for p in site_pages(site_dir)
             if not re.search(r'<html lang="zh-CN"', (site_dir / p).read_text(encoding="utf-8"))]
    assert not wrong, wrong


# Lines of text a box renders its content on (distinct line tops of the text's boxes).
_LINES_JS = """el => { const r = document.createRange(); r.selectNodeContents(el);
                     return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""


@pytest.mark.parametrize("width", [360, 1366])
def test_annex_form_labels_are_readable(browser, site_url, width):
    """Before: at 390 px the label column was one character wide (组织机构代码/三证合一码 on 11 lines)."""
    context = _context(browser, width)
    page = context.new_page()
    page.goto(f"{site_url}/annex.html")
    lines = {th.inner_text(): th.evaluate(_LINES_JS) for th in page.locator("table.form-table th").all()}
    context.close()
    assert len(lines) >= 12
    assert all(n <= 2 for n in lines.values()), lines


def test_contacts_are_tap_to_call_links_with_the_area_code(site_dir):
    ed = default_edition()
    assert ed.phone_area_code.removeprefix("0") in ed.tel_uri("1")
    for path, area_code_shown in (("notice.html", False), ("faq.html", True)):
        html = (site_dir / path).read_text(encoding="utf-8")
        for c in ed.contacts:
            shown = f"{ed.phone_area_code}-{c.phone}" if area_code_shown else c.phone
            assert f'href="{ed.tel_uri(c.phone)}">{shown}</a>' in html, (path, c)


def test_contacts_are_separated_on_a_phone(browser, site_url):
    """Before: 国家金融监督管理总局上海监管局么老师 ran together; each part now stands apart on the screen."""
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(f"{site_url}/notice.html")
    rows = page.evaluate("""() => [...document.querySelectorAll('table.contacts tr')].map(tr =>
        [...tr.cells].map(td => { const r = document.createRange(); r.selectNodeContents(td);
                                  const b = r.getBoundingClientRect();
                                  return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; }))""")
    tapped = page.eval_on_selector_all("table.contacts a[href^='tel:']", "as => as.length")
    context.close()
    assert len(rows) == len(default_edition().contacts) == tapped
    for row in rows:
        for a, b in zip(row, row[1:]):  # each next part below the previous one or at least 8 px to its right
            assert b["top"] >= a["bottom"] - 1 or b["left"] >= a["right"] + 8, row
    assert max(cell["right"] for row in rows for cell in row) <= 360


def test_wide_tables_are_named_keyboard_stops_on_a_phone(browser, site_url):
    """A table that scrolls sideways can be reached with Tab and is announced by the section it belongs to."""
    context = _context(browser, 390)
    page = context.new_page()
    page.goto(f"{site_url}/examples/zonghe-yiyuan.html")
    wraps = page.eval_on_selector_all(".md-typeset__scrollwrap", """els => els.map(e => ({
        scrolls: e.scrollWidth > e.clientWidth + 1, tabindex: e.getAttribute('tabindex'),
        role: e.getAttribute('role'), label: e.getAttribute('aria-label')}))""")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_function("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .every(e => e.scrollWidth > e.clientWidth + 1 || !e.hasAttribute('tabindex'))""")
    context.close()
    scrolling = [w for w in wraps if w["scrolls"]]
    assert scrolling, "no table scrolls sideways at 390 px: pick another page for this test"
    assert all(w["tabindex"] == "0" and w["role"] == "region" and w["label"].startswith("表格：") for w in scrolling), wraps
    assert len({w["label"] for w in scrolling}) == len(scrolling), [w["label"] for w in scrolling]
