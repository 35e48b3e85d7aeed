"""Time in the stories: their days are set relative to now, in the people's own zones."""

import datetime as dt
from zoneinfo import ZoneInfo


def next_weekly(
    now: dt.datetime, zone: str, weekday: int, hour: int, minute: int = 0
) -> dt.datetime:
    """The first `weekday` at hour:minute in `zone` more than a day after `now`.

    Earlier sessions of a weekly rhythm are this minus whole weeks, which keeps
    the local time (the zones used have no daylight saving)."""
    after = (now + dt.timedelta(days=1)).astimezone(ZoneInfo(zone))
    moment = after.replace(hour=hour, minute=minute, second=0, microsecond=0)
    moment += dt.timedelta(days=(weekday - after.weekday()) % 7)
    return moment if moment > after else moment + dt.timedelta(weeks=1)


def at(moment: dt.datetime, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`days` after `moment`, at hour:minute of that day in `moment`'s zone."""
    return (moment + dt.timedelta(days=days)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
