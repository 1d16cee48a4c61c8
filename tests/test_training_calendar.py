"""The key-dates calendar: parses, carries the edition's dates in Asia/Shanghai with a VTIMEZONE, stable UIDs,
DTSTAMP from SOURCE_DATE_EPOCH, reminders before deadlines, reproducible bytes; linked from the home page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import rendered_file
from kit.reproducible import source_date_epoch
from kit.edition import default_edition
from kit.training import CALENDAR
from kit.training.ics import TZID, event_uid, render_calendar


@pytest.fixture(scope="module")
def ics_path(tmp_path_factory) -> Path:
    return rendered_file(tmp_path_factory, render_calendar, CALENDAR)


@pytest.fixture(scope="module")
def calendar(ics_path) -> Calendar:
    return Calendar.from_ical(ics_path.read_bytes())


def events(calendar):
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_calendar_has_a_shanghai_timezone_component(calendar):
    zones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert [str(z["TZID"]) for z in zones] == [TZID] == ["Asia/Shanghai"]
    standard = [c for c in zones[0].walk() if c.name == "STANDARD"]
    assert standard and standard[0]["TZOFFSETTO"].td == dt.timedelta(hours=8)


def test_every_key_date_is_an_event_on_its_day_in_shanghai_time(calendar, ics_path):
    ed = default_edition()
    by_uid = {str(e["UID"]): e for e in events(calendar)}
    assert len(by_uid) == len(events(calendar)) == len(ed.dates), "UID 重复或事件数量不对"
    raw = ics_path.read_text(encoding="utf-8")
    for key_date in ed.dates:
        event = by_uid[event_uid(ed, key_date)]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.date() == key_date.date, key_date.id
        assert start.utcoffset() == dt.timedelta(hours=8) and end > start
        assert event["DTSTART"].params["TZID"] == TZID
        assert key_date.label in str(event["SUMMARY"])
        assert key_date.detail in str(event["DESCRIPTION"])
    assert raw.count("DTSTART;TZID=Asia/Shanghai:") == len(ed.dates)


def test_dtstamp_comes_from_source_date_epoch(calendar):
    expected = dt.datetime.fromtimestamp(source_date_epoch(), dt.timezone.utc)
    for event in events(calendar):
        assert event.decoded("DTSTAMP") == expected


def test_deadlines_have_reminders_and_the_issue_date_does_not(calendar):
    ed = default_edition()
    for event in events(calendar):
        alarms = [c for c in event.walk() if c.name == "VALARM"]
        day = event.decoded("DTSTART").date()
        if day > ed.issued:
            assert sorted(a.decoded("TRIGGER") for a in alarms) == [dt.timedelta(days=-7), dt.timedelta(days=-1)]
        else:
            assert not alarms


def test_calendar_bytes_are_reproducible(ics_path, site_dir, tmp_path):
    again = tmp_path / "again.ics"
    render_calendar(default_edition(), again)
    assert again.read_bytes() == ics_path.read_bytes()
    assert (site_dir / "downloads" / CALENDAR).read_bytes() == ics_path.read_bytes()
    assert b"\r\n" in ics_path.read_bytes(), "iCalendar 行尾应为 CRLF"


def test_home_page_timeline_offers_the_calendar(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    timeline = html[html.index('id="timeline"'):html.index('id="key-figures"')]
    link = re.search(r'<a [^>]*href="downloads/pilot-dates\.ics"[^>]*>([^<]*)', timeline)
    assert link and "添加到日历" in link.group(1)
    assert (site_dir / "downloads" / CALENDAR).is_file()
