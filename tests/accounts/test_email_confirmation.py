"""A confirmed address: the letter's signed link works once and expires; until it is opened
a person sends and accepts no request, and a mentor is found by no one."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import confirmation
from accounts.models import User
from core.models import OutboxMessage
from matching.models import Match, MatchStatus
from matching.suggestions import suggestions_refresh
from tests import clock
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
RESEND = "/api/v1/me/confirm-email/"
LETTER = "accounts.tasks.send_confirmation_email"
NOW = clock.WEEKS["winter"]


def _letters_queued(user: User) -> list[list]:
    return [
        row.args for row in OutboxMessage.objects.filter(task_name=LETTER).order_by("pk")
        if row.args[0] == user.pk
    ]  # fmt: skip


def _link_in(letter) -> str:
    [link] = re.findall(r"https?://\S+", letter.body)
    return link


def _unconfirmed(**fields) -> User:
    return UserFactory(email_confirmed_at=None, **fields)


# --- The letter and its link ---------------------------------------------------------------


def test_sign_up_queues_the_letter_and_me_says_the_address_is_unconfirmed(api):
    response = api.post(
        "/api/v1/auth/signup/",
        {"email": "anna@example.org", "password": "Krasnaya-Ploshchad-1",
         "full_name": "Анна Петрова", "consent": True},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    user = User.objects.get(email="anna@example.org")
    assert _letters_queued(user) == [[user.pk, 1]]
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(ME).json()["email_confirmed"] is False


def test_the_letters_link_is_on_site_url_and_confirms_the_address_once(client, settings):
    settings.SITE_URL = "https://nastavnik.example.org"
    user = _unconfirmed(email="olga@example.org", full_name="Ольга Смирнова")
    assert confirmation.confirmation_email_send(user_id=user.pk, number=1) is True
    [letter] = mail.outbox
    assert letter.to == ["olga@example.org"]
    assert "Ольга Смирнова" in letter.body
    link = _link_in(letter)
    assert link.startswith("https://nastavnik.example.org/accounts/confirm-email/")
    path = link.removeprefix(settings.SITE_URL)

    first = client.get(path)
    assert first.status_code == 200
    assert "Адрес подтверждён" in first.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed

    again = client.get(path)
    assert again.status_code == 400
    assert "уже использована" in again.content.decode()


def test_the_link_works_until_it_expires_and_not_after(settings):
    settings.EMAIL_CONFIRMATION_HOURS = 72
    user = _unconfirmed()
    assert confirmation.confirmation_email_send(user_id=user.pk, number=1, now=NOW) is True
    token = _link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    late = NOW + dt.timedelta(hours=72, seconds=1)
    with pytest.raises(confirmation.ServiceError) as refused:
        confirmation.email_confirm(token=token, now=late)
    assert refused.value.code == "confirmation_expired"
    user.refresh_from_db()
    assert not user.email_confirmed

    in_time = NOW + dt.timedelta(hours=71, minutes=59)
    assert confirmation.email_confirm(token=token, now=in_time).pk == user.pk
    user.refresh_from_db()
    assert user.email_confirmed_at == in_time


@pytest.mark.parametrize("spoil", ["tamper", "other_salt", "other_email"])
def test_a_spoiled_link_confirms_nothing(spoil):
    user = _unconfirmed(email="ivan@example.org")
    token = confirmation.confirmation_link(user=user, now=NOW).rstrip("/").rsplit("/", 1)[1]
    if spoil == "tamper":
        token = token.replace(f"{user.pk}:", f"{user.pk + 1}:")
    elif spoil == "other_salt":
        from django.core import signing

        token = signing.TimestampSigner(salt="another").sign(f"{user.pk}:{user.email}")
    else:
        User.objects.filter(pk=user.pk).update(email="ivan.new@example.org")
    with pytest.raises(confirmation.ServiceError) as refused:
        confirmation.email_confirm(token=token, now=NOW)
    assert refused.value.code in {"confirmation_invalid", "confirmation_used"}
    assert not User.objects.get(pk=user.pk).email_confirmed


def test_a_letter_is_sent_once_and_an_older_one_not_after_a_newer(settings):
    user = _unconfirmed()
    assert confirmation.confirmation_email_send(user_id=user.pk, number=2) is True
    assert confirmation.confirmation_email_send(user_id=user.pk, number=2) is False  # redelivered
    assert confirmation.confirmation_email_send(user_id=user.pk, number=1) is False  # superseded
    assert len(mail.outbox) == 1
    User.objects.filter(pk=user.pk).update(email_confirmed_at=NOW)
    assert confirmation.confirmation_email_send(user_id=user.pk, number=3) is False
    assert len(mail.outbox) == 1


# --- Asking for the letter again ---------------------------------------------------------


def test_the_letter_is_sent_again_on_request_a_few_times_an_hour(api, settings):
    settings.EMAIL_CONFIRMATION_LETTER_LIMIT = 3
    user = _unconfirmed()
    api.force_authenticate(user)
    for _ in range(3):
        response = api.post(RESEND)
        assert response.status_code == 202, response.content
        assert user.email in response.json()["detail"]
    assert _letters_queued(user) == [[user.pk, 1], [user.pk, 2], [user.pk, 3]]
    too_many = api.post(RESEND)
    assert too_many.status_code == 429
    assert "через час" in too_many.json()["detail"]
    assert len(_letters_queued(user)) == 3


def test_a_confirmed_address_gets_no_letter_and_a_stranger_no_answer(api, user):
    api.force_authenticate(user)
    response = api.post(RESEND)
    assert response.status_code == 409
    assert response.json()["detail"] == "Адрес уже подтверждён."
    assert api.get(ME).json()["email_confirmed"] is True
    assert not _letters_queued(user)
    api.force_authenticate(None)
    assert api.post(RESEND).status_code == 401


def test_the_banner_shows_until_confirmed_and_its_button_sends_the_letter(client):
    user = _unconfirmed()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="confirm-banner"' in page
    response = client.post(
        reverse("accounts:confirm-email-resend"), {"next": reverse("accounts:profile")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert _letters_queued(user) == [[user.pk, 1]]
    # The button never sends the person elsewhere.
    away = client.post(reverse("accounts:confirm-email-resend"), {"next": "https://evil.example"})
    assert away["Location"] == "/"

    User.objects.filter(pk=user.pk).update(email_confirmed_at=timezone.now())
    assert (
        'data-testid="confirm-banner"'
        not in client.get(reverse("accounts:profile")).content.decode()
    )


# --- What an unconfirmed person cannot do -------------------------------------------------


def test_an_unconfirmed_mentee_can_fill_a_profile_but_not_send_a_request(api):
    mentee = MenteeFactory(user__email_confirmed_at=None)
    mentor = MentorFactory()
    api.force_authenticate(mentee.user)
    assert api.patch("/api/v1/me/mentee/", {"goals": "Стать аналитиком"}).status_code == 200
    response = api.post("/api/v1/matches/", {"mentor": mentor.pk})
    assert response.status_code == 403
    assert "подтвердите адрес" in response.json()["detail"]
    assert mentee.user.email in response.json()["detail"]
    assert not Match.objects.exists()

    english = api.post("/api/v1/matches/", {"mentor": mentor.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 403
    assert "confirm" in english.json()["detail"].lower()


def test_an_unconfirmed_person_accepts_no_request_and_no_suggestion(api):
    mentee, mentor = MenteeFactory(), MentorFactory(user__email_confirmed_at=None)
    asked = Match.objects.create(mentee=mentee, mentor=mentor, mentee_accepted=True, score=80)
    api.force_authenticate(mentor.user)
    response = api.post(f"/api/v1/matches/{asked.pk}/accept/")
    assert response.status_code == 403
    assert "подтвердите адрес" in response.json()["detail"]

    unconfirmed_mentee = MenteeFactory(user__email_confirmed_at=None)
    suggested = Match.objects.create(mentee=unconfirmed_mentee, mentor=MentorFactory(), score=70)
    api.force_authenticate(unconfirmed_mentee.user)
    assert api.post(f"/api/v1/matches/{suggested.pk}/accept/").status_code == 403
    assert not Match.objects.filter(mentee_accepted=True, mentor_accepted=True).exists()
    assert set(Match.objects.values_list("status", flat=True)) == {MatchStatus.SUGGESTED}


def test_an_unconfirmed_mentor_is_not_in_the_catalogue_nor_its_card_nor_requested(api):
    hidden = MentorFactory(user__email_confirmed_at=None, headline="Скрытый наставник")
    shown = MentorFactory(headline="Видимый наставник")
    mentee = MenteeFactory()
    api.force_authenticate(mentee.user)
    listed = api.get("/api/v1/mentors/").json()
    assert [card["id"] for card in listed["results"]] == [shown.pk]
    assert api.get(f"/api/v1/mentors/{hidden.pk}/").status_code == 404
    assert api.post("/api/v1/matches/", {"mentor": hidden.pk}).status_code == 404
    assert api.post("/api/v1/matches/", {"mentor": shown.pk}).status_code == 201


def test_an_unconfirmed_mentor_is_suggested_to_no_one_until_the_link_is_opened():
    mentee = MenteeFactory()
    mentor = MentorFactory(user__email_confirmed_at=None)
    suggestions_refresh(now=NOW)
    assert not Match.objects.filter(mentor=mentor).exists()
    # An unconfirmed mentee still sees suggestions.
    waiting = MenteeFactory(user__email_confirmed_at=None)
    other = MentorFactory()
    suggestions_refresh(now=NOW)
    assert Match.objects.filter(mentee=waiting, mentor=other).exists()

    token = confirmation.confirmation_link(user=mentor.user, now=NOW).rstrip("/").rsplit("/")[-1]
    confirmation.email_confirm(token=token, now=NOW)
    suggestions_refresh(now=NOW)
    assert Match.objects.filter(mentee=mentee, mentor=mentor).exists()
