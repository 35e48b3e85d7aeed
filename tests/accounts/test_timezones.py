"""Time zones read as a place and an offset in the reader's language; the value stays IANA."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.forms import AccountForm
from accounts.timezones import (
    USUAL_ZONES,
    available_timezones,
    timezone_aliases,
    timezone_choices,
    timezone_label,
)

WINTER = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 4, 12, 0, tzinfo=dt.UTC)


def test_a_zone_reads_as_its_place_and_offset_in_each_language():
    assert timezone_label("Asia/Yekaterinburg", now=WINTER, language="ru") == (
        "Екатеринбург (UTC+5)"
    )
    assert timezone_label("Asia/Yekaterinburg", now=WINTER, language="en") == (
        "Yekaterinburg (UTC+5)"
    )


def test_the_offset_is_the_one_of_the_given_moment():
    assert timezone_label("Europe/London", now=WINTER, language="en") == "London (UTC+0)"
    assert timezone_label("Europe/London", now=SUMMER, language="en") == "London (UTC+1)"
    assert timezone_label("America/St_Johns", now=WINTER, language="ru") == (
        "Сент-Джонс (UTC\u22123:30)"
    )


def test_a_zone_renamed_in_iana_still_finds_its_localised_place():
    # Babel keeps the Russian name under the old key (Asia/Calcutta, Europe/Kiev).
    assert timezone_label("Asia/Kolkata", now=WINTER, language="ru") == "Калькутта (UTC+5:30)"
    assert timezone_label("Europe/Kyiv", now=WINTER, language="ru") == "Киев (UTC+2)"
    assert timezone_label("America/Argentina/Buenos_Aires", now=WINTER, language="en") == (
        "Buenos Aires (UTC\u22123)"
    )


def test_the_usual_zones_come_first_then_every_other_by_offset():
    usual, rest = timezone_choices(now=WINTER, language="ru")
    assert (str(usual[0]), str(rest[0])) == ("Часто выбирают", "Все часовые пояса")
    assert [name for name, _label in usual[1]] == list(USUAL_ZONES)
    assert usual[1][1] == ("Europe/Moscow", "Москва (UTC+3)")
    offsets = [WINTER.astimezone(ZoneInfo(name)).utcoffset() for name, _label in rest[1]]
    assert offsets == sorted(offsets)
    listed = [name for _group, options in (usual, rest) for name, _label in options]
    # Each place once: the old aliases stay valid but are not listed beside their new name.
    assert len(listed) == len(set(listed))
    assert set(listed) == available_timezones() - set(timezone_aliases())
    labels = [label for _group, options in (usual, rest) for _name, label in options]
    assert len(labels) == len(set(labels))


def test_the_list_follows_the_active_language():
    usual, _rest = timezone_choices(now=WINTER, language="en")
    assert ("Asia/Yekaterinburg", "Yekaterinburg (UTC+5)") in usual[1]


def test_an_old_alias_is_shown_and_saved_as_its_current_name():
    form = AccountForm(data={"full_name": "Ольга", "timezone": "Europe/Kiev"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["timezone"] == "Europe/Kyiv"
    shown = str(AccountForm(initial={"full_name": "Ольга", "timezone": "Europe/Kiev"}))
    assert re.search(r'<option value="Europe/Kyiv" selected>', shown)


@pytest.mark.django_db
def test_the_signup_page_lists_localised_zones_and_maps_old_aliases_for_the_browser(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert '<optgroup label="Часто выбирают">' in page
    assert '<option value="Asia/Yekaterinburg">Екатеринбург (UTC+5)</option>' in page
    assert "Asia/Calcutta&quot;: &quot;Asia/Kolkata" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("accounts:signup")).content.decode()
    assert '<option value="Asia/Yekaterinburg">Yekaterinburg (UTC+5)</option>' in english
    assert '<optgroup label="Often chosen">' in english
