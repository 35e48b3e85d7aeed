"""A word with the request, and withdrawing it (../shared/API.md, Matches; issue 15)."""

import pytest
from django.core import mail

from core.models import Notification
from core.notifications import notification_email_send
from matching import suggestions
from matching.models import Match, MatchStatus
from matching.services import MAX_OPEN_REQUESTS
from mentorship import matches
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/matches/"
NOTE = "Я тоже учитель и хочу в аналитику — вы прошли этот путь, поэтому пишу вам."


def _withdraw(api, match_id: int):
    return api.post(f"{MATCHES}{match_id}/withdraw/")


def test_the_note_goes_with_the_request_to_the_mentors_answer_and_email(api, mentee, mentor):
    api.force_authenticate(mentee.user)
    response = api.post(MATCHES, {"mentor": mentor.pk, "note": f"  {NOTE}  "}, format="json")
    assert response.status_code == 201
    assert response.json()["note"] == NOTE
    api.force_authenticate(mentor.user)
    [seen] = api.get(f"{MATCHES}?role=mentor").json()["results"]
    assert seen["note"] == NOTE
    told = Notification.objects.get(user=mentor.user, kind="new_request")
    assert notification_email_send(notification_id=told.pk, run_id="run") is True
    [letter] = mail.outbox
    assert NOTE in letter.body
    assert mentee.goals in letter.body


def test_without_a_note_the_mentor_reads_the_goals(mentee, mentor):
    matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    assert Notification.objects.get(kind="new_request").body == mentee.goals


def test_a_note_over_1000_characters_is_400_and_nothing_is_sent(api, mentee, mentor):
    api.force_authenticate(mentee.user)
    response = api.post(MATCHES, {"mentor": mentor.pk, "note": "я" * 1001}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    assert not Match.objects.exists()
    fits = api.post(MATCHES, {"mentor": mentor.pk, "note": "я" * 1000}, format="json")
    assert fits.status_code == 201


def test_the_service_refuses_a_long_note_itself(mentee, mentor):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        matches.match_request(user=mentee.user, mentor_id=mentor.pk, note="я" * 1001)
    assert error.value.field == "note"
    assert not Match.objects.exists()


def test_three_open_requests_withdraw_one_and_a_fourth_is_accepted(api, mentee):
    mentors = [MentorFactory() for _ in range(MAX_OPEN_REQUESTS + 1)]
    api.force_authenticate(mentee.user)
    sent = [
        api.post(MATCHES, {"mentor": m.pk}, format="json").json()["id"]
        for m in mentors[:MAX_OPEN_REQUESTS]
    ]
    fourth = {"mentor": mentors[-1].pk, "note": NOTE}
    assert api.post(MATCHES, fourth, format="json").status_code == 409
    response = _withdraw(api, sent[0])
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawn_at"] is not None
    accepted = api.post(MATCHES, fourth, format="json")
    assert accepted.status_code == 201
    assert accepted.json()["note"] == NOTE
    assert Match.objects.open_requests().filter(mentee=mentee).count() == MAX_OPEN_REQUESTS


def test_the_mentor_is_told_of_the_withdrawal_and_cannot_accept_it(api, mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    api.force_authenticate(mentee.user)
    assert _withdraw(api, match.pk).status_code == 200
    told = Notification.objects.get(user=mentor.user, kind="request_withdrawn")
    assert mentee.user.full_name in told.title
    api.force_authenticate(mentor.user)
    late = api.post(f"{MATCHES}{match.pk}/accept/")
    assert late.status_code == 409
    assert "отозван" in late.json()["detail"]


def test_withdrawing_twice_is_harmless_and_tells_the_mentor_once(api, mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    api.force_authenticate(mentee.user)
    first = _withdraw(api, match.pk).json()
    second = _withdraw(api, match.pk)
    assert second.status_code == 200
    assert second.json()["withdrawn_at"] == first["withdrawn_at"]
    assert Notification.objects.filter(kind="request_withdrawn").count() == 1


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answered_request_cannot_be_withdrawn(api, mentee, mentor, answer):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    api.force_authenticate(mentor.user)
    api.post(f"{MATCHES}{match.pk}/{answer}/")
    api.force_authenticate(mentee.user)
    response = _withdraw(api, match.pk)
    assert response.status_code == 409
    assert response.json()["detail"]
    assert Match.objects.get(pk=match.pk).status != MatchStatus.WITHDRAWN


def test_a_suggestion_never_sent_cannot_be_withdrawn(api, mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    match = Match.objects.get(mentee=mentee, mentor=mentor)
    api.force_authenticate(mentee.user)
    response = _withdraw(api, match.pk)
    assert response.status_code == 409
    assert Match.objects.get(pk=match.pk).status == MatchStatus.SUGGESTED


def test_only_the_mentee_withdraws_and_a_stranger_sees_nothing(api, mentee, mentor, stranger):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    api.force_authenticate(mentor.user)
    assert _withdraw(api, match.pk).status_code == 403
    api.force_authenticate(stranger)
    assert _withdraw(api, match.pk).status_code == 404
    api.force_authenticate(None)
    assert _withdraw(api, match.pk).status_code == 401
    assert Match.objects.get(pk=match.pk).status == MatchStatus.SUGGESTED


def test_a_withdrawn_pair_is_not_suggested_again_until_the_mentee_asks_again(mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk, note="первый раз")
    matches.match_withdraw(user=mentee.user, match_id=match.pk)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    match.refresh_from_db()
    assert (match.status, match.mentee_accepted) == (MatchStatus.WITHDRAWN, True)
    assert Match.objects.filter(mentee=mentee).count() == 1

    again = matches.match_request(user=mentee.user, mentor_id=mentor.pk, note="второй раз")
    assert again.pk == match.pk
    assert (again.status, again.mentee_accepted, again.note) == (
        MatchStatus.SUGGESTED,
        True,
        "второй раз",
    )
    assert again.requested_at > match.withdrawn_at
    assert again.decided_at is None
    # The mentor hears of the new request, not only of the first one.
    assert Notification.objects.filter(user=mentor.user, kind="new_request").count() == 2
    assert Match.objects.open_requests().filter(pk=match.pk).exists()


def test_the_withdraw_button_on_the_suggestions_page(client, mentee, mentor):
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk, note=NOTE)
    client.force_login(mentee.user)
    page = client.get("/matches/").content.decode()
    assert f"/matches/{match.pk}/withdraw/" in page
    assert NOTE in page
    response = client.post(f"/matches/{match.pk}/withdraw/")
    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).status == MatchStatus.WITHDRAWN
    closed = client.get("/matches/").content.decode()
    assert "запрос отозван" in closed
    assert f"/matches/{match.pk}/withdraw/" not in closed


def test_the_request_form_on_the_card_sends_the_note_and_the_inbox_shows_it(client, mentee):
    mentor = MentorFactory()
    client.force_login(mentee.user)
    card = client.get(f"/mentors/{mentor.pk}/").content.decode()
    assert 'name="note"' in card
    assert 'maxlength="1000"' in card
    client.post(f"/matches/request/{mentor.pk}/", {"note": NOTE})
    match = Match.objects.get(mentee=mentee, mentor=mentor)
    assert (match.mentee_accepted, match.note) == (True, NOTE)
    # The card now offers to withdraw it, and after that to ask again.
    assert f"/matches/{match.pk}/withdraw/" in client.get(f"/mentors/{mentor.pk}/").content.decode()
    client.force_login(mentor.user)
    inbox = client.get("/matches/inbox/").content.decode()
    assert NOTE in inbox


def test_another_mentees_request_note_stays_with_its_own_mentor(api, mentee, mentor):
    other_mentor = MentorFactory()
    matches.match_request(user=mentee.user, mentor_id=mentor.pk, note=NOTE)
    other = MenteeFactory()
    matches.match_request(user=other.user, mentor_id=other_mentor.pk)
    api.force_authenticate(other_mentor.user)
    [seen] = api.get(MATCHES).json()["results"]
    assert seen["note"] == ""
