"""IANA time zones: the list a person may choose from, and validation."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
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


@cache
def available_timezones() -> frozenset[str]:
    """The zones a person may choose: real places, and UTC."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC" or ("/" in name and name.split("/", 1)[0] in PLACE_AREAS)
    )


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("Неизвестный часовой пояс «%(value)s». Укажите имя IANA, например Europe/Moscow."),
            code="invalid_timezone",
            params={"value": value[:64]},
        )
