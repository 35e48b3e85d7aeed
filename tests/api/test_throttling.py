"""Rate limits counted in Redis in one round trip (core/throttling.py), as DRF counts them."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory
from rest_framework import throttling as drf
from rest_framework.request import Request

from core import throttling
from core.resilient_cache import ResilientRedisCache

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
GOAL_AREAS = "/api/v1/goal-areas/"  # open to anyone: the address is counted


@pytest.fixture(autouse=True)
def _redis_cache():
    # The tests' cache is Redis (CACHE_URL), as in every deployment.
    assert isinstance(caches["default"], RedisCache)


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setattr(
        drf.SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )


@pytest.fixture
def clock(monkeypatch):
    """The throttles' time, moved by the test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(drf.SimpleRateThrottle, "timer", lambda self: now[0])
    return now


def test_a_person_is_refused_past_the_limit_and_told_when_to_come_back(api, user, rates, clock):
    api.force_authenticate(user)
    for _ in range(3):
        assert api.get(ME).status_code == 200
        clock[0] += 10
    clock[0] -= 5  # 25 s after the first
    refused = api.get(ME)
    assert refused.status_code == 429
    # The first of the three leaves the window 60 s after it came: 60 - 25 = 35 s from now.
    assert refused["Retry-After"] == "35"


def test_the_window_slides(api, user, rates, clock):
    api.force_authenticate(user)
    for _ in range(3):
        assert api.get(ME).status_code == 200
        clock[0] += 20
    assert api.get(ME).status_code == 200  # the first is 60 s old: out of the window
    assert api.get(ME).status_code == 429


def test_refused_requests_do_not_count(api, user, rates, clock):
    api.force_authenticate(user)
    for _ in range(3):
        assert api.get(ME).status_code == 200
    for _ in range(5):
        assert api.get(ME).status_code == 429
    clock[0] += 60
    assert [api.get(ME).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_each_person_has_a_limit_of_their_own(api, user, stranger, rates, clock):
    api.force_authenticate(user)
    for _ in range(3):
        api.get(ME)
    assert api.get(ME).status_code == 429
    api.force_authenticate(stranger)
    assert api.get(ME).status_code == 200


def test_an_address_without_sign_in_is_limited(api, rates, clock):
    assert [api.get(GOAL_AREAS).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("counted", [0, 1, 2, 3, 5])
def test_retry_after_is_drfs(rates, clock, user, counted):
    """After the same requests at the same times, both answer alike (DRF's list in its cache)."""

    def request():
        made = Request(RequestFactory().get(ME))
        made.user = user
        return made

    ours, theirs = throttling.UserRateThrottle(), drf.UserRateThrottle()
    answers = []
    for _ in range(counted + 1):
        clock[0] += 7
        answers.append((ours.allow_request(request(), None), theirs.allow_request(request(), None)))
    assert [a for a, _ in answers] == [b for _, b in answers]
    if not answers[-1][0]:
        assert ours.wait() == pytest.approx(theirs.wait())


def test_one_round_trip_to_redis_per_request(api, user, rates, monkeypatch):
    api.force_authenticate(user)
    api.get(ME)
    commands = []
    client_class = caches["default"]._cache._client
    original = client_class.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(client_class, "execute_command", counted)
    assert api.get(ME).status_code == 200
    assert commands == ["EVALSHA"]


def test_an_unreachable_redis_lets_requests_through(api, user, rates, monkeypatch):
    unreachable = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    monkeypatch.setattr(drf.SimpleRateThrottle, "cache", unreachable)
    api.force_authenticate(user)
    assert [api.get(ME).status_code for _ in range(5)] == [200] * 5


def test_requests_at_once_are_counted_one_by_one(rates, clock, user):
    """Each check is one atomic script: twenty at once let exactly the limit through."""

    def check(_i: int) -> bool:
        made = Request(RequestFactory().get(ME))
        made.user = user
        return throttling.UserRateThrottle().allow_request(made, None)

    with ThreadPoolExecutor(max_workers=20) as pool:
        allowed = list(pool.map(check, range(20)))
    assert sum(allowed) == 3


def test_a_limit_of_zero_refuses_everyone_with_a_429(api, clock, monkeypatch):
    """A rate of 0 closes a scope (no oldest request in the window to wait for)."""
    monkeypatch.setattr(
        drf.SimpleRateThrottle, "THROTTLE_RATES", {"user": "0/minute", "anon": "0/minute"}
    )
    response = api.get(GOAL_AREAS)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
