"""Through a real gunicorn: what a client reads when the body is too large."""

import json

import pytest
import requests

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MB = 1024 * 1024


@pytest.mark.parametrize("size", [2 * MB, 20 * MB])
def test_an_oversized_api_body_is_a_413_in_json_that_the_client_reads(gunicorn_server, size):
    body = json.dumps({"email": "a@example.org", "full_name": "x" * size}).encode()
    response = requests.post(
        f"{gunicorn_server.url}/api/v1/auth/signup/",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_an_oversized_page_body_is_a_413_that_the_client_reads(gunicorn_server):
    response = requests.post(
        f"{gunicorn_server.url}/accounts/login/",
        data={"username": "x" * (20 * MB)},
        timeout=60,
    )
    assert response.status_code == 413


def test_the_server_still_answers_after_an_oversized_body(gunicorn_server):
    requests.post(
        f"{gunicorn_server.url}/api/v1/auth/signup/",
        data=b"x" * (20 * MB),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert requests.get(f"{gunicorn_server.url}/api/v1/goal-areas/", timeout=10).status_code == 200
