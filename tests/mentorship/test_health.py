import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "cache": "ok", "status": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # Port 1 on loopback: nothing listens there, so the connection is refused.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "broker": "unavailable",
        "cache": "ok",
        "status": "unavailable",
    }


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHE_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "cache": "unavailable",
        "status": "unavailable",
    }


@pytest.mark.django_db
def test_healthz_is_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


class _Relay:
    """A TCP relay to Redis on a port of its own, which a test can cut and restore:
    what the app sees when Redis goes down and comes back at the same address."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.accepted = 0
        self._sockets: list[socket.socket] = []
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]

    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        self._sockets.append(listener)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return listener

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            self.accepted += 1
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._sockets = []

    def restore(self) -> None:
        self._listener = self._listen(self.port)


@pytest.fixture
def relay(settings):
    redis = urlsplit(settings.CACHE_URL or "redis://127.0.0.1:6379/0")
    relay = _Relay((redis.hostname, redis.port or 6379))
    yield relay, redis._replace(netloc=f"127.0.0.1:{relay.port}").geturl()
    relay.cut()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "part"), [("CACHE_URL", "cache"), ("CELERY_BROKER_URL", "broker")]
)
def test_healthz_keeps_its_redis_connection_and_sees_redis_go_down_and_come_back(
    client, settings, relay, setting, part
):
    relay, url = relay
    setattr(settings, setting, url)
    for _ in range(5):
        assert client.get("/healthz").json()[part] == "ok"
    assert relay.accepted == 1  # one connection kept, not one per probe

    relay.cut()
    started = time.monotonic()
    response = client.get("/healthz")
    assert (response.status_code, response.json()[part]) == (503, "unavailable")
    assert time.monotonic() - started < 3

    relay.restore()
    response = client.get("/healthz")
    assert (response.status_code, response.json()[part]) == (200, "ok")

    # Redis restarted between two probes: the kept connection is dead, Redis is not.
    relay.cut()
    relay.restore()
    response = client.get("/healthz")
    assert (response.status_code, response.json()[part]) == (200, "ok")
