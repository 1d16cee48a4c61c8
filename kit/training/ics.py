"""The pilot's key dates as an iCalendar file (.ics) that Outlook, phone calendars and WPS can import.

Reproducible: UIDs are derived from the edition and the date's id, DTSTAMP is SOURCE_DATE_EPOCH, and the
Asia/Shanghai VTIMEZONE is written out by hand (China has kept UTC+8 without daylight saving since 1991), so the
bytes do not depend on the machine's tz database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard

from ..edition import Edition, KeyDate
from ..reproducible import build_datetime
from ..edition import cn_date
from .content import DISCLAIMER

TZID = "Asia/Shanghai"
REMINDER_START = dt.time(9, 0)  # a timed reminder on the day; the notice sets dates, not times of day
REMINDER_LENGTH = dt.timedelta(minutes=30)
ALARMS_BEFORE = [dt.timedelta(days=7), dt.timedelta(days=1)]


def _timezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    tz.add_component(standard)
    return tz


def event_uid(edition: Edition, key_date: KeyDate) -> str:
    return f"{edition.edition}-{key_date.id}@cyber-insurance-pilot.kit"


def _event(edition: Edition, key_date: KeyDate, stamp: dt.datetime) -> Event:
    start = dt.datetime.combine(key_date.date, REMINDER_START, tzinfo=ZoneInfo(TZID))
    event = Event()
    event.add("uid", event_uid(edition, key_date))
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    event.add("summary", f"网络安全保险试点：{key_date.label}（{cn_date(key_date.date)}）")
    event.add("dtstart", start)
    event.add("dtend", start + REMINDER_LENGTH)
    event.add("transp", "TRANSPARENT")
    event.add("description", "\n".join([
        key_date.detail,
        f"依据：{edition.notice.number}《{edition.notice.short_title}》",
        "日程中的时刻只是提醒，通知规定的是日期；具体时刻以主管部门要求为准。",
        DISCLAIMER,
    ]))
    if key_date.date > edition.issued:  # deadlines get reminders
        for before in ALARMS_BEFORE:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{key_date.label}：{cn_date(key_date.date)}")
            alarm.add("trigger", -before)
            event.add_component(alarm)
    return event


def pilot_calendar(edition: Edition) -> Calendar:
    stamp = build_datetime().replace(tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", f"-//cyber-insurance-pilot kit//{edition.notice.number}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"网络安全保险服务试点关键日期（{edition.notice.number}）")
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_timezone())
    for key_date in sorted(edition.dates, key=lambda d: d.date):
        cal.add_component(_event(edition, key_date, stamp))
    return cal


def render_calendar(edition: Edition, target: Path) -> None:
    target.write_bytes(pilot_calendar(edition).to_ical())
