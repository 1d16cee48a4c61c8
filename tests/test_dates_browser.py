"""Key dates against the visitor's own day, in Chromium: 未截止 / 即将截止 / 已截止 computed in the page from the
edition's dates, from file:// as from a server, with no request to anything but the page's own files; without
JavaScript the plain dates show."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.edition import cn_date, default_edition

ED = default_edition()
DEADLINE = ED.date("application_deadline").date
SUMMARY = ED.date("summary_deadline").date


def statuses(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector(".timeline")
    return page.locator(".timeline .date-status").all_inner_texts()


def at(day: dt.date) -> str:
    return f"{day.isoformat()}T10:00:00+08:00"


@pytest.mark.parametrize("today,expected", [
    (DEADLINE - dt.timedelta(days=30), ["未截止：还有 30 天", f"未截止：还有 {(SUMMARY - DEADLINE).days + 30} 天"]),
    (DEADLINE - dt.timedelta(days=6), ["即将截止：还有 6 天", f"未截止：还有 {(SUMMARY - DEADLINE).days + 6} 天"]),
    (DEADLINE, ["今天截止", f"未截止：还有 {(SUMMARY - DEADLINE).days} 天"]),
    (DEADLINE + dt.timedelta(days=1), ["已截止", f"未截止：还有 {(SUMMARY - DEADLINE).days - 1} 天"]),
    (SUMMARY + dt.timedelta(days=1), ["已截止", "已截止"]),
])
def test_timeline_shows_each_deadline_against_the_visitors_day(browser, site_dir, today, expected):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.clock.set_fixed_time(at(today))
    try:
        assert statuses(page, (site_dir / "index.html").as_uri()) == expected
    finally:
        context.close()


def test_todays_visitor_sees_that_the_round_has_closed(page, site_url):
    """No fixed clock: the machine's own date, which is after the round (it closed on the edition's deadline)."""
    assert dt.date.today() > DEADLINE
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/index.html")
    banner = page.locator("p.round-status")
    assert cn_date(DEADLINE) in banner.inner_text() and "本轮申报已截止" in banner.inner_text()
    assert all(url.startswith(site_url) for url in requests), requests


def test_without_javascript_the_plain_dates_show(browser, site_dir):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((site_dir / "index.html").as_uri())
        timeline = page.locator(".timeline").inner_text()
        assert cn_date(DEADLINE) in timeline and cn_date(SUMMARY) in timeline
        assert "截止：" not in timeline and "已截止" not in timeline
        assert page.locator(".date-status").first.is_hidden()
    finally:
        context.close()
