"""IANA time zones: the list a person may choose from, its labels, and validation.

The stored value (and the API's) is always the IANA name; people read the
place in their own language and the offset: «Екатеринбург (UTC+5)».
"""

import datetime as dt
import zoneinfo
from functools import cache, lru_cache

from babel import Locale
from babel.core import get_global
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The areas of the IANA database whose zones name a place (Area/Location).
# Left out: POSIX-style rules (EST5EDT), fixed offsets (Etc/GMT+3), aliases
# kept for old systems (US/Eastern, W-SU) and files that are no zone at all
# (localtime, Factory, posixrules), which some systems list too.
PLACE_AREAS = frozenset(
    {
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
        "Europe", "Indian", "Pacific",
    }
)  # fmt: skip

# Shown first: Russia from west to east, then where Russian speakers abroad live most.
RUSSIAN_ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok",
    "Asia/Magadan", "Asia/Kamchatka",
)  # fmt: skip
ABROAD_ZONES = (
    "Europe/Minsk", "Europe/Kyiv", "Asia/Almaty", "Asia/Tashkent", "Asia/Bishkek",
    "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Europe/Istanbul", "Europe/Riga",
    "Europe/Berlin", "Europe/London", "Europe/Belgrade", "Asia/Jerusalem", "Asia/Dubai",
    "America/New_York",
)  # fmt: skip
USUAL_ZONES = RUSSIAN_ZONES + ABROAD_ZONES


@cache
def available_timezones() -> frozenset[str]:
    """The zones a person may choose: real places, and UTC (old aliases included)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC" or ("/" in name and name.split("/", 1)[0] in PLACE_AREAS)
    )


@cache
def timezone_aliases() -> dict[str, str]:
    """Old names of a zone that is listed under its current name: Europe/Kiev → Europe/Kyiv.

    Both stay valid (a stored or an API value may be either); the list shows the
    current one only, so no place appears twice.
    """
    zones = available_timezones()
    return {
        old: new
        for old, new in get_global("zone_aliases").items()
        if old != new and old in zones and new in zones
    }


def canonical_timezone(name: str) -> str:
    return timezone_aliases().get(name, name)


@cache
def _cldr_names() -> dict[str, list[str]]:
    # Babel's aliases point to the new IANA names, but its locale data is keyed by
    # CLDR's (older) ones: Asia/Kolkata's city is under Asia/Calcutta.
    names: dict[str, list[str]] = {}
    for old, new in get_global("zone_aliases").items():
        names.setdefault(new, []).append(old)
    return names


def timezone_place(name: str, *, language: str | None = None) -> str:
    """The zone's place as the language writes it: Екатеринбург, Yekaterinburg."""
    if name == "UTC":
        return "UTC"
    zones = Locale.parse(language or get_language() or "ru").time_zones
    for key in (name, *_cldr_names().get(name, [])):
        city = zones.get(key, {}).get("city")
        if city:
            return city
    return name.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(name: str, *, moment: dt.datetime) -> str:
    """The zone's offset at a moment: UTC+5, UTC+5:30, UTC−3 (a real minus sign)."""
    offset = moment.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def timezone_label(
    name: str, *, now: dt.datetime | None = None, language: str | None = None
) -> str:
    """«Екатеринбург (UTC+5)»: the place, and the offset at `now`."""
    if name == "UTC":
        return "UTC"
    place = timezone_place(name, language=language)
    return f"{place} ({utc_offset(name, moment=now or timezone.now())})"


def timezone_choices(*, now: dt.datetime | None = None, language: str | None = None) -> list:
    """The usual zones first, then every other one by offset and place (<optgroup>s)."""
    now = now or timezone.now()
    # Offsets change on the hour or the quarter: the list computed for this quarter holds.
    quarter = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return _choices(language or get_language() or "ru", quarter)


@lru_cache(maxsize=8)
def _choices(language: str, now: dt.datetime) -> list:
    usual = [(name, timezone_label(name, now=now, language=language)) for name in USUAL_ZONES]
    hidden = set(USUAL_ZONES) | set(timezone_aliases())
    rest = sorted(
        (
            (now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset(), label.casefold(), name, label)
            for name in available_timezones() - hidden
            for label in [timezone_label(name, now=now, language=language)]
        ),
    )
    return [
        (_("Часто выбирают"), usual),
        (_("Все часовые пояса"), [(name, label) for _offset, _key, name, label in rest]),
    ]


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("Неизвестный часовой пояс «%(value)s». Укажите имя IANA, например Europe/Moscow."),
            code="invalid_timezone",
            params={"value": value[:64]},
        )
