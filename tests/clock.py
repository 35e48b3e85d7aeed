"""Fixed moments for tests that depend on the date, and the hours two people share in
a given week worked out from their zones (independently of matching.scoring).

The four weeks are those in which the hours people in Europe share with the rest
of the world move: a winter week; the week Europe's clocks go forward (Sunday
2027-03-28); a summer week; the week they go back (Sunday 2027-10-31). Each
moment is a Monday morning in UTC, so "the coming week" is the week of that Monday.
"""

import datetime as dt
from zoneinfo import ZoneInfo

WEEKS = {
    "winter": dt.datetime(2027, 1, 18, 9, 30, tzinfo=dt.UTC),
    "clocks-forward": dt.datetime(2027, 3, 22, 9, 30, tzinfo=dt.UTC),
    "summer": dt.datetime(2027, 7, 12, 9, 30, tzinfo=dt.UTC),
    "clocks-back": dt.datetime(2027, 10, 25, 9, 30, tzinfo=dt.UTC),
}

HALF_HOUR = dt.timedelta(minutes=30)
WEEK = dt.timedelta(days=7)


def week_of(now: dt.datetime) -> dt.date:
    """The Monday starting the week after `now` (its own Monday when it is one), UTC."""
    today = now.astimezone(dt.UTC).date()
    return today + dt.timedelta(days=-today.weekday() % 7)


def utc_half_hours(slots: list[dict], tz: str, week: dt.date) -> set[int]:
    """The half hours of the UTC week (0 = Monday 00:00 UTC) that local weekly slots
    cover on that week's real dates; a time outside the UTC week recurs a week on."""
    origin = dt.datetime.combine(week, dt.time(), tzinfo=dt.UTC)
    zone = ZoneInfo(tz)
    covered = set()
    for slot in slots:
        day = week + dt.timedelta(days=slot["weekday"])
        start_h, start_m = map(int, slot["start"].split(":"))
        end_h, end_m = map(int, slot["end"].split(":"))
        for minute in range(start_h * 60 + start_m, end_h * 60 + end_m, 30):
            local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)
            covered.add(((local.astimezone(dt.UTC) - origin) % WEEK) // HALF_HOUR)
    return covered


def shared_minutes(a: list[dict], tz_a: str, b: list[dict], tz_b: str, now: dt.datetime) -> int:
    """Minutes a week that two people's local slots overlap in the week after `now`."""
    week = week_of(now)
    return 30 * len(utc_half_hours(a, tz_a, week) & utc_half_hours(b, tz_b, week))
