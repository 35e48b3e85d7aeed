"""A Redis that is down is an empty cache (core/resilient_cache.py), not a 500."""

import logging
import socket
import threading

import pytest
from django.core.cache import caches
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from core import resilient_cache
from core.resilient_cache import ResilientRedisCache
from tests.faults.conftest import free_port


@pytest.fixture
def refusing(monkeypatch):
    """A Redis that answers every command with MISCONF (its disk is full)."""
    monkeypatch.setattr(resilient_cache, "_last_logged", 0.0)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer() -> None:
        while True:
            try:
                connection, _address = server.accept()
            except OSError:
                return
            with connection:
                while connection.recv(65536):
                    connection.sendall(b"-MISCONF Redis is configured to save RDB snapshots\r\n")

    threading.Thread(target=answer, daemon=True).start()
    yield ResilientRedisCache(f"redis://127.0.0.1:{server.getsockname()[1]}/0", {})
    server.close()


def test_a_redis_that_refuses_to_write_is_an_empty_cache_too(refusing, caplog):
    with caplog.at_level(logging.ERROR, logger="core.resilient_cache"):
        assert refusing.get("key", "default") == "default"
        refusing.set("key", 1)
        assert refusing.add("key", 1) is True
    assert [record.getMessage()[:17] for record in caplog.records] == ["cache unreachable"]


@pytest.fixture
def unreachable(monkeypatch):
    monkeypatch.setattr(resilient_cache, "_last_logged", 0.0)
    return ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


def test_reads_miss_and_writes_are_dropped_when_redis_is_down(unreachable):
    assert unreachable.get("key", "default") == "default"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.has_key("key") is False
    unreachable.set("key", 1)
    unreachable.set_many({"a": 1})
    assert unreachable.add("key", 1) is True  # as for a key that is not there
    assert unreachable.delete("key") is False
    unreachable.delete_many(["a"])
    assert unreachable.touch("key") is False
    with pytest.raises(ValueError, match="not found"):
        unreachable.incr("counter")


def test_the_outage_is_logged_once_a_minute_not_once_a_call(unreachable, caplog):
    with caplog.at_level(logging.ERROR, logger="core.resilient_cache"):
        for _ in range(5):
            unreachable.get("key")
    assert [record.getMessage()[:17] for record in caplog.records] == ["cache unreachable"]


def test_a_rate_limit_lets_requests_through_when_redis_is_down(unreachable, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "cache", unreachable)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    request = APIRequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert all(AnonRateThrottle().allow_request(request, None) for _ in range(3))


def test_a_reachable_redis_is_an_ordinary_cache():
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("resilient:key", {"a": 1})
    assert cache.get("resilient:key") == {"a": 1}
    assert cache.add("resilient:key", 2) is False
    cache.set("resilient:counter", 1)
    assert cache.incr("resilient:counter") == 2
