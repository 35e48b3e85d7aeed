"""Odd but well-formed input: pseudo time zones and invisible names."""

import pytest

from accounts.timezones import available_timezones

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup/"
ME = "/api/v1/me/"


def _signup(api, **overrides):
    body = {
        "email": "anna@example.org",
        "password": "Krasnaya-Ploshchad-1",
        "full_name": "Анна Петрова",
        "timezone": "Asia/Vladivostok",
        "consent": True,
        **overrides,
    }
    return api.post(SIGNUP, body, format="json")


@pytest.mark.parametrize(
    "zone", ["localtime", "Factory", "EST5EDT", "Etc/GMT+3", "posixrules", "CST6CDT", "GMT"]
)
def test_pseudo_time_zones_are_refused(api, zone):
    response = _signup(api, timezone=zone)
    assert response.status_code == 400
    assert "timezone" in response.json()


@pytest.mark.parametrize("zone", ["Europe/Moscow", "America/Argentina/Buenos_Aires", "UTC"])
def test_real_place_zones_and_utc_are_accepted(api, zone):
    assert _signup(api, timezone=zone).status_code == 201


def test_the_zone_list_offers_only_place_names():
    zones = available_timezones()
    assert "Asia/Kamchatka" in zones
    assert not {"localtime", "Factory", "EST5EDT", "Etc/UTC", "Etc/GMT-3"} & zones
    assert all(zone == "UTC" or "/" in zone for zone in zones)


@pytest.mark.parametrize(
    "name",
    [
        "\u200b\u200b\u200b",  # zero-width spaces
        "\u202e\u202d",  # bidi overrides
        "\u200d\u2060\ufeff",
        " \u200b ",
        "...",
    ],
)
def test_a_name_without_visible_letters_is_refused_on_sign_up(api, name):
    response = _signup(api, full_name=name)
    assert response.status_code == 400
    assert "full_name" in response.json()


def test_a_name_without_visible_letters_is_refused_on_change(api, user):
    api.force_authenticate(user)
    response = api.patch(ME, {"full_name": "\u200b\u202e"}, format="json")
    assert response.status_code == 400
    assert "full_name" in response.json()
    user.refresh_from_db()
    assert user.full_name != "\u200b\u202e"


def test_bidi_overrides_are_stripped_from_a_name(api):
    response = _signup(api, full_name="\u202eАнна\u202c Петрова\u2066")
    assert response.status_code == 201
    assert response.json()["full_name"] == "Анна Петрова"


def test_the_account_page_refuses_an_invisible_name_with_a_message(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/profile/account/", {"full_name": "\u200b\u200b", "timezone": "Europe/Moscow"}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.full_name != "\u200b\u200b"


def test_the_sign_up_page_refuses_an_invisible_name(client):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "\u202e\u200b",
            "email": "b@example.org",
            "password": "Krasnaya-Ploshchad-1",
            "timezone": "Europe/Moscow",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
