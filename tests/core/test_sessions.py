"""Sessions (core/sessions.py): in the database, read through a copy in the cache.

A signed-in page asks no query for its session; with Redis down people stay
signed in; signing out ends the session; a copy never outlives the session nor
SESSION_CACHE_SECONDS (the bound on how stale it can be after an outage)."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from core import resilient_cache
from core.sessions import SessionStore
from tests import query_counts as q
from tests.faults.conftest import free_port

pytestmark = pytest.mark.django_db

DASHBOARD = "mentorship:dashboard"


def _signed_in(client, user) -> str:
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _copy_seconds_left(key: str) -> int:
    """How long Redis keeps the cached copy of session `key` (-2: there is none)."""
    cache = caches[settings.SESSION_CACHE_ALIAS]
    stored = cache.make_and_validate_key(SessionStore.cache_key_prefix + key)
    return cache._cache.get_client(stored).ttl(stored)


def test_a_signed_in_page_reads_its_session_from_the_cache(client, mentee):
    _signed_in(client, mentee.user)
    assert client.get(reverse(DASHBOARD)).status_code == 200
    _count, sql = q.queries(lambda: client.get(reverse(DASHBOARD)))
    assert not [line for line in sql if "django_session" in line]


def test_with_the_cache_down_people_stay_signed_in(client, mentee, settings, monkeypatch):
    key = _signed_in(client, mentee.user)
    monkeypatch.setattr(resilient_cache, "_last_logged", 0.0)
    closed = f"redis://127.0.0.1:{free_port()}/0"
    # Django's test signal builds the caches anew for the new settings (and after).
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": closed},
    }
    assert caches["default"].get("anything") is None  # down, answered as a miss

    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200  # not sent to the sign-in page
    assert Session.objects.filter(session_key=key).exists()


def test_signing_out_ends_the_session_in_the_database_and_the_cache(client, mentee):
    key = _signed_in(client, mentee.user)
    assert client.get(reverse(DASHBOARD)).status_code == 200
    assert _copy_seconds_left(key) > 0

    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert _copy_seconds_left(key) == -2
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, sent again
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_copy_lives_at_most_session_cache_seconds(client, mentee, settings):
    settings.SESSION_CACHE_SECONDS = 120
    key = _signed_in(client, mentee.user)
    assert 0 < _copy_seconds_left(key) <= 120
    # Read back from the database when the copy is gone, copied again with the bound.
    caches[settings.SESSION_CACHE_ALIAS].delete(SessionStore.cache_key_prefix + key)
    assert client.get(reverse(DASHBOARD)).status_code == 200
    assert 0 < _copy_seconds_left(key) <= 120


def test_a_copy_never_outlives_its_session(client, mentee):
    store = SessionStore()
    store["kept"] = "yes"
    store.set_expiry(60)
    store.save()
    assert 0 < _copy_seconds_left(store.session_key) <= 60
    assert SessionStore(store.session_key)["kept"] == "yes"


def test_an_expired_session_signs_nobody_in(client, mentee):
    key = _signed_in(client, mentee.user)
    caches[settings.SESSION_CACHE_ALIAS].delete(SessionStore.cache_key_prefix + key)
    Session.objects.filter(session_key=key).update(expire_date="2000-01-01T00:00:00Z")
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
