"""Guessing passwords across many accounts from one address, and forged client addresses."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
SIGNUP = "/api/v1/auth/signup/"
SPRAYER = {"REMOTE_ADDR": "203.0.113.66"}


def test_forged_forwarded_for_does_not_escape_the_sign_up_rate_limit(api, settings):
    answers = [
        api.post(SIGNUP, {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}", **SPRAYER)
        for n in range(70)
    ]
    assert 429 in [answer.status_code for answer in answers]


def test_forged_forwarded_for_does_not_escape_the_token_rate_limit(api):
    answers = [
        api.post(TOKEN, {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.1.{n}", **SPRAYER)
        for n in range(70)
    ]
    assert 429 in [answer.status_code for answer in answers]


def test_the_api_rate_limit_follows_the_proxy_count(settings):
    from rest_framework.settings import api_settings

    assert (settings.AXES_IPWARE_PROXY_COUNT or 0) == api_settings.NUM_PROXIES


def test_spraying_one_password_over_many_accounts_from_one_address_is_stopped_on_the_api(
    api, settings, monkeypatch
):
    # The request rate limit would stop a fast sprayer too; this is about failures.
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"auth": None})
    answers = [
        api.post(
            TOKEN, {"email": f"victim{n}@example.org", "password": "Spring2026!"},
            format="json", **SPRAYER,
        ).status_code
        for n in range(100)
    ]  # fmt: skip
    assert answers.count(429) >= 100 - settings.AXES_ADDRESS_FAILURE_LIMIT
    assert 429 not in answers[: settings.AXES_ADDRESS_FAILURE_LIMIT - 1]


def test_spraying_on_the_sign_in_page_is_stopped_with_a_page_that_says_when(client, settings):
    login = reverse("accounts:login")
    answers = [
        client.post(
            login, {"username": f"victim{n}@example.org", "password": "Spring2026!"}, **SPRAYER
        )
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT + 5)
    ]
    locked = answers[-1]
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("text/html")
    page = locked.content.decode()
    assert "<nav" in page or "<header" in page  # in the site's layout
    assert "Попробуйте снова через 60 мин." in page
    assert int(locked["Retry-After"]) == 3600


def test_the_spraying_page_is_in_english_for_english_readers(client, settings):
    login = reverse("accounts:login")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT + 1):
        locked = client.post(
            login,
            {"username": f"victim{n}@example.org", "password": "x"},
            HTTP_ACCEPT_LANGUAGE="en",
            **SPRAYER,
        )
    assert "Try again in 60 min." in locked.content.decode()


def test_the_real_person_elsewhere_still_signs_in_while_the_sprayer_is_locked(api, settings):
    person = UserFactory()
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT + 1):
        api.post(TOKEN, {"email": f"v{n}@example.org", "password": "x"}, format="json", **SPRAYER)
    locked = api.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json", **SPRAYER
    )
    assert locked.status_code == 429
    real = api.post(
        TOKEN, {"email": person.email, "password": PASSWORD}, format="json",
        REMOTE_ADDR="198.51.100.7",
    )  # fmt: skip
    assert real.status_code == 200


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(api, settings):
    own = UserFactory()
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        api.post(TOKEN, {"email": f"v{n}@example.org", "password": "x"}, format="json", **SPRAYER)
    assert (
        api.post(TOKEN, {"email": own.email, "password": PASSWORD}, format="json", **SPRAYER)
    ).status_code == 200
    api.post(TOKEN, {"email": "last@example.org", "password": "x"}, format="json", **SPRAYER)
    after = api.post(
        TOKEN, {"email": "more@example.org", "password": "x"}, format="json", **SPRAYER
    )
    assert after.status_code == 429


def test_a_few_mistakes_on_several_accounts_from_one_address_are_not_a_lockout(api, settings):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        for _ in range(2):
            api.post(TOKEN, {"email": person.email, "password": "x"}, format="json", **SPRAYER)
    good = api.post(
        TOKEN, {"email": people[0].email, "password": PASSWORD}, format="json", **SPRAYER
    )
    assert good.status_code == 200
