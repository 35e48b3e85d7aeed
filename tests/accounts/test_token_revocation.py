"""API tokens end with a password change or reset, and on request."""

import re

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REVOKE = "/api/v1/auth/token/revoke/"
ME = "/api/v1/me/"
NEW_PASSWORD = "Novyi-Parol-2026!"


def _token(api, user, password=PASSWORD) -> str:
    response = api.post(TOKEN, {"email": user.email, "password": password}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def test_a_password_reset_ends_the_old_token(api, client, user):
    old = _token(api, user)
    client.post("/accounts/password-reset/", {"email": user.email})
    [letter] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", letter.body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert _token(api, user, NEW_PASSWORD) != old


def test_a_password_change_ends_the_old_token(api, client, user):
    old = _token(api, user)
    client.force_login(user)
    response = client.post(
        "/accounts/password-change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert _token(api, user, NEW_PASSWORD) != old
    # The person who changed it stays signed in on this browser.
    assert client.get("/accounts/profile/").status_code == 200


def test_a_wrong_old_password_changes_nothing(api, client, user):
    old = _token(api, user)
    client.force_login(user)
    response = client.post(
        "/accounts/password-change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code == 200


def test_the_admin_setting_a_password_ends_the_token(api, admin_client, user):
    old = _token(api, user)
    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=old).exists()


def test_revoke_ends_the_callers_own_token_only(api, user, stranger):
    mine = _token(api, user)
    theirs = _token(api, stranger)
    response = api.post(REVOKE, HTTP_AUTHORIZATION=f"Token {mine}")
    assert response.status_code == 204
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {mine}").status_code == 401
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {theirs}").status_code == 200
    assert _token(api, user) != mine


def test_revoke_needs_sign_in(api):
    assert api.post(REVOKE).status_code == 401
