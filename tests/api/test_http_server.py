"""Through a real gunicorn: what a client reads when the body is too large."""

import json

import pytest
import requests

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


def test_a_plain_client_that_sends_all_before_reading_reads_the_413(gunicorn_server):
    """Not every client reads the answer once its upload breaks (urllib3 does, curl
    and many others do not): the server must read the body and then answer."""
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(gunicorn_server.url)
    body = b"x" * (20 * MB)
    head = (
        f"POST /api/v1/auth/signup/ HTTP/1.1\r\nHost: {address.hostname}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=60) as sock:
        sock.sendall(head)
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"413"
    head_part, _, payload = rest.partition(b"\r\n\r\n")
    assert b"application/json" in head_part
    # The body may come in chunks: the JSON object is the one between braces.
    assert json.loads(payload[payload.index(b"{") : payload.rindex(b"}") + 1])["detail"]
