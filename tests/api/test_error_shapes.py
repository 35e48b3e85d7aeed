"""Hostile or odd requests to the API get a 4xx in JSON, never a 500 or an HTML page."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup/"
TOKEN = "/api/v1/auth/token/"


def _is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json")


def test_deeply_nested_json_is_a_400_in_words_even_without_signing_in(api):
    body = "[" * 1000 + "]" * 1000
    response = api.post(SIGNUP, body, content_type="application/json")
    assert response.status_code == 400
    assert _is_json(response)
    assert "вложен" in response.json()["detail"]


def test_moderately_nested_json_past_the_depth_limit_is_a_400(api):
    body = '{"email": ' + "[" * 40 + '"x"' + "]" * 40 + "}"
    response = api.post(SIGNUP, body, content_type="application/json")
    assert response.status_code == 400
    assert "вложен" in response.json()["detail"]


def test_many_form_fields_on_a_page_are_a_400_not_a_500(client):
    fields = "&".join(f"a[{i}][b][c]=1" for i in range(3000))
    response = client.post(
        "/accounts/login/", fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_many_multipart_files_on_a_page_are_a_400_not_a_500(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {f"f{i}": SimpleUploadedFile(f"{i}.txt", b"x") for i in range(150)}
    response = client.post("/accounts/login/", files)
    assert response.status_code == 400


def test_an_unknown_api_address_is_a_404_in_json(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert _is_json(response)
    assert response.json()["detail"]


def test_an_unknown_api_address_in_english_answers_in_english(api):
    response = api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."


def test_a_wrong_method_is_a_405_in_json(api, user):
    api.force_authenticate(user)
    response = api.delete(TOKEN)
    assert response.status_code == 405
    assert _is_json(response)


def test_djangos_own_body_limit_on_the_api_is_json(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/auth/signup/", {"full_name": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert _is_json(response)
    assert response.json()["detail"]


def test_a_body_over_the_limit_on_a_page_is_a_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 5000})
    assert response.status_code == 413


def test_a_csrf_failure_on_the_api_is_json(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/matches/refresh/")
    assert response.status_code == 403
    assert _is_json(response)


def test_the_token_lockout_is_a_429_in_json_that_says_when_to_retry(api, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN, {"email": user.email, "password": "guess"}, format="json")
    response = api.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert _is_json(response)
    assert int(response["Retry-After"]) > 0
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert "detail" in response.json()


def test_asking_for_a_mentor_who_does_not_exist_is_404(api, mentee, stranger):
    api.force_authenticate(mentee.user)
    assert api.post("/api/v1/matches/", {"mentor": 999999}, format="json").status_code == 404
    assert api.post("/api/v1/matches/", {"mentor": stranger.pk}, format="json").status_code == 404


def test_signed_in_api_answers_are_not_stored_by_caches(api, user):
    token = api.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json").json()
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token['token']}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_signed_in_by_session_api_answers_are_not_stored_either(client):
    client.force_login(UserFactory())
    response = client.get("/api/v1/me/")
    assert "no-store" in response["Cache-Control"]


def test_djangos_own_400_on_the_api_is_json(api):
    # An unknown Host header is refused by Django itself, before any view.
    response = api.get("/api/v1/goal-areas/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert _is_json(response)
    assert response.json()["detail"]
