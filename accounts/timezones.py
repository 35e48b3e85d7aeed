"""IANA time zones: the list a person may choose from, and validation."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("Неизвестный часовой пояс «%(value)s». Укажите имя IANA, например Europe/Moscow."),
            code="invalid_timezone",
            params={"value": value[:64]},
        )
