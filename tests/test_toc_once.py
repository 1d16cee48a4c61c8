"""A page's table of contents is sent once and copied into Material's second place for it as the page loads
(kit/website/toc_once.py): the page Material's bundle and the reader meet is the one Material wrote."""

from __future__ import annotations

import pytest

from kit.website import toc_once

TOC = ('<nav class="md-nav md-nav--secondary" aria-label="目录"><label class="md-nav__title" for="__toc">目录</label>'
       '<ul class="md-nav__list" data-md-component="toc"><li><a href="#a">甲</a><nav class="md-nav" aria-label="甲">'
       '<ul><li><a href="#b">乙</a></li></ul></nav></li></ul></nav>')
BUNDLE = '<script src="assets/javascripts/bundle.a5f9d56c.min.js"></script>'
PAGE = (f'<div class="md-sidebar md-sidebar--primary"><nav class="md-nav md-nav--primary"><ul><li>{TOC}</li></ul></nav>'
        f'</div><div class="md-sidebar md-sidebar--secondary">{TOC}</div><article>正文</article>{BUNDLE}')


def test_the_second_copy_is_left_empty_and_a_script_before_the_bundle_fills_it():
    shared = toc_once.share(PAGE)
    assert shared.count(TOC) == 1
    primary, secondary = shared.split('<div class="md-sidebar md-sidebar--secondary">')
    assert '<nav class="md-nav md-nav--secondary" aria-label="目录" data-kit-toc-copy></nav>' in primary
    assert TOC in secondary and shared.endswith(toc_once.COPY + BUNDLE)


@pytest.mark.parametrize("page", [
    PAGE.replace(BUNDLE, ""),  # no bundle to find the copy
    PAGE.replace("乙</a>", "丙</a>", 1),  # two different tables of contents
    PAGE.replace(f'<div class="md-sidebar md-sidebar--secondary">{TOC}</div>', ""),  # one only
    PAGE.replace('md-sidebar--secondary', 'md-sidebar--other'),  # not where Material puts them
])
def test_a_page_not_as_material_writes_it_is_left_as_it_is(page):
    assert toc_once.share(page) == page


PRIMARY = ".md-sidebar--primary .md-nav--secondary"
SECONDARY = ".md-sidebar--secondary .md-nav--secondary"


def test_the_loaded_page_has_both_copies_and_the_phone_menu_leads_to_a_heading(browser, site_url, site_dir):
    html = (site_dir / "glossary.html").read_text(encoding="utf-8")
    assert "data-kit-toc-copy" in html and html.count('<ul class="md-nav__list" data-md-component="toc"') == 1
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/glossary.html", wait_until="networkidle")
        copies = page.evaluate(f"""() => [document.querySelector("{PRIMARY}").outerHTML,
                                          document.querySelector("{SECONDARY}").outerHTML]""")
        assert copies[0] == copies[1] and copies[0].count("md-nav__link") > 10
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-sidebar--primary label[for=__toc]").first.click()  # the active page's 目录 in the menu
        link = page.locator(f"{PRIMARY} a.md-nav__link").nth(3)
        target = link.get_attribute("href")
        link.click()
        page.wait_for_timeout(500)
        assert page.evaluate("() => location.hash") == target
        assert page.evaluate(f"() => document.querySelector('{target}').getBoundingClientRect().top") < 200
    finally:
        context.close()


def test_the_menus_copy_follows_the_reader_too(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/glossary.html", wait_until="networkidle")
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(600)
        active = page.evaluate(f"""() => [...document.querySelectorAll("{PRIMARY} a.md-nav__link--active")]
                                        .map(a => a.getAttribute("href"))""")
        assert active and active == page.evaluate(f"""() => [...document.querySelectorAll(
            "{SECONDARY} a.md-nav__link--active")].map(a => a.getAttribute("href"))""")
    finally:
        context.close()
