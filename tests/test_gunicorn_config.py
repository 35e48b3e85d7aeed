"""gunicorn.conf.py: valid, named by docker-compose and bench/api.py; a server starts with it."""

import http.client
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
sys.path.insert(0, str(ROOT / "bench"))

from _load import Gunicorn  # noqa: E402 - bench/ is not a package


def _settings() -> dict:
    return {
        name: value
        for name, value in runpy.run_path(str(CONFIG)).items()
        if not name.startswith("_") and name != "os"
    }


def test_every_setting_is_one_gunicorn_knows_and_accepts():
    config = Config()
    for name, value in _settings().items():
        assert name in config.settings, f"gunicorn has no setting {name!r}"
        config.set(name, value)  # gunicorn's own validation
    # sync, as measured (the file says why); more threads would make it gthread.
    assert config.worker_class_str == "sync"
    assert config.threads == 1


def test_docker_compose_runs_the_web_server_with_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["command"]
    assert "gunicorn mentorship.wsgi:application --config gunicorn.conf.py" in command
    # Workers and the address come from the file, not from flags that would override it.
    assert "--workers" not in command
    assert "--worker-class" not in command


def test_the_api_bench_measures_it():
    command = Gunicorn({}).command()
    assert command[command.index("--config") + 1] == str(CONFIG)
    assert "--worker-class" not in command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server():
    port = _free_port()
    env = {**os.environ, "DEBUG": "0", "HTTPS": "0", "SECRET_KEY": "gunicorn-config-test"}
    env.pop("GUNICORN_CMD_ARGS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mentorship.wsgi:application",
         "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "gunicorn exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not listen in 60 s"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_server_started_with_it_answers(server):
    connection = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    try:
        # An unknown API address: answered by the middleware, no database needed.
        connection.request("GET", "/api/v1/no-such-endpoint/")
        response = connection.getresponse()
        assert response.status == 404
        assert response.getheader("Content-Type") == "application/json"
    finally:
        connection.close()
