"""Password reset letters: limited per address and per recipient, links to SITE_URL."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
SENT = "/accounts/password-reset/sent/"


def test_one_address_asking_for_one_person_thirty_times_sends_a_few_letters(client, user, settings):
    for _ in range(30):
        response = client.post(RESET, {"email": user.email}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
        assert response["Location"] == SENT
    assert 1 <= len(mail.outbox) <= settings.PASSWORD_RESET_EMAIL_LIMIT


def test_one_address_asking_for_many_people_is_limited_too(client, settings):
    people = [UserFactory() for _ in range(30)]
    for person in people:
        response = client.post(RESET, {"email": person.email}, REMOTE_ADDR="203.0.113.9")
        assert response["Location"] == SENT
    assert 1 <= len(mail.outbox) <= settings.PASSWORD_RESET_ADDRESS_LIMIT


def test_many_addresses_asking_for_one_person_send_a_few_letters(client, user, settings):
    for n in range(30):
        client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"203.0.113.{n + 1}")
    assert 1 <= len(mail.outbox) <= settings.PASSWORD_RESET_EMAIL_LIMIT


def test_the_limit_answers_like_an_unknown_address_does(client, user, settings):
    for _ in range(settings.PASSWORD_RESET_EMAIL_LIMIT):
        client.post(RESET, {"email": user.email})
    limited = client.post(RESET, {"email": user.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert (limited.status_code, limited["Location"]) == (unknown.status_code, unknown["Location"])


def test_the_link_is_built_from_site_url_not_the_host_header(client, user, settings):
    settings.SITE_URL = "https://mentor.example.org"
    settings.ALLOWED_HOSTS = ["localhost", "mentor.example.org"]
    client.post(RESET, {"email": user.email}, HTTP_HOST="localhost:6666")
    [letter] = mail.outbox
    assert "localhost" not in letter.body
    assert re.search(r"https://mentor\.example\.org/accounts/password-reset/\S+/", letter.body)


def test_the_reset_still_works_end_to_end(client, user):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    [letter] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", letter.body).group(1)
    page = client.get(link, follow=True)
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Novyi-Parol-2026!", "new_password2": "Novyi-Parol-2026!"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Novyi-Parol-2026!")
