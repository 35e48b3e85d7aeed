"""The security baseline: deploy checks, headers, NUL bytes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "mentor.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The subprocess gets only what a deployment would have, not the test run's extras.
    dropped = {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_broker():
    env = {**PRODUCTION_ENV, "REDIS_URL": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_the_demo_without_a_broker_still_runs_tasks_in_process():
    code = "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER)"
    result = _manage("shell", "--no-imports", "-c", code, env={"DEBUG": "1", "REDIS_URL": ""})
    assert result.stdout.split() == ["True"], result.stderr


def test_production_cookies_are_secure_and_host_prefixed():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True"]


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("/%00", {}),
        ("/?q=%00", {}),
        ("/?%00=1", {}),
        ("/accounts/login/", {"HTTP_COOKIE": 'sessionid="\\000"'}),
        ("/api/v1/%00/", {}),
    ],
)
def test_nul_byte_in_path_query_or_cookie_is_a_400(client, path, kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_nul_byte_answer_is_json_on_the_api(client):
    response = client.get("/api/v1/me/?x=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
