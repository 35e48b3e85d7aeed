"""The mentorships API: lifecycle, checklist, ending, and who may see what."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import MentorProfile
from matching import services as matching
from mentorship.checklist import STEPS
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory

URL = "/api/v1/mentorships/"


def _pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


@pytest.fixture
def pair(db):
    return _pair()


def _tick_phase(api, mentorship_id, phase):
    for step in STEPS:
        if step.phase == phase and step.required:
            response = api.post(f"{URL}{mentorship_id}/checklist/{step.key}/", {"done": True})
            assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_a_new_mentorship_starts_in_initial_with_the_seeded_checklist(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    body = api.get(f"{URL}{mentorship.pk}/").json()
    assert body["phase"] == "initial"
    assert [item["key"] for item in body["checklist"]] == [step.key for step in STEPS]
    assert body["checklist"][0]["title"] == "Знакомство и цели"
    # Inside the mentorship each side sees the other's contact data.
    assert body["mentor"]["email"] == mentor.user.email


@pytest.mark.django_db
def test_advance_refuses_when_checklist_incomplete(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    api.post(f"{URL}{mentorship.pk}/checklist/acquaintance_goals/", {"done": True})
    response = api.post(f"{URL}{mentorship.pk}/advance/")
    assert response.status_code == 409
    assert response.json()["missing"] == ["level_assessed", "schedule_agreed"]
    assert Mentorship.objects.get(pk=mentorship.pk).phase == "initial"


@pytest.mark.django_db
def test_the_pair_goes_through_all_phases_and_completion_frees_the_place(api, pair):
    _, mentor, mentorship = pair
    api.force_authenticate(mentor.user)
    for phase, following in (("initial", "main"), ("main", "closing"), ("closing", "completed")):
        _tick_phase(api, mentorship.pk, phase)
        response = api.post(f"{URL}{mentorship.pk}/advance/")
        assert response.status_code == 200, response.content
        assert response.json()["phase"] == following
    mentor.refresh_from_db()
    assert mentor.active_mentees == 0
    assert api.post(f"{URL}{mentorship.pk}/advance/").status_code == 409


@pytest.mark.django_db
def test_a_step_of_a_later_phase_cannot_be_ticked_yet(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    assert (
        api.post(f"{URL}{mentorship.pk}/checklist/results_evaluated/", {"done": True}).status_code
        == 409
    )
    assert (
        api.post(f"{URL}{mentorship.pk}/checklist/no_such_step/", {"done": True}).status_code == 404
    )
    assert (
        api.post(f"{URL}{mentorship.pk}/checklist/level_assessed/", {"done": "x"}).status_code
        == 400
    )


@pytest.mark.django_db
def test_ending_early_needs_a_reason_and_frees_the_place(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    assert api.post(f"{URL}{mentorship.pk}/end/", {}).status_code == 400
    assert api.post(f"{URL}{mentorship.pk}/end/", {"reason": "bored"}).status_code == 400
    response = api.post(f"{URL}{mentorship.pk}/end/", {"reason": "no_time"})
    assert response.status_code == 200
    assert response.json()["phase"] == "ended"
    mentor.refresh_from_db()
    assert mentor.active_mentees == 0
    assert api.post(f"{URL}{mentorship.pk}/end/", {"reason": "no_time"}).status_code == 409
    assert api.post(f"{URL}{mentorship.pk}/advance/").status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "", None),
        ("post", "checklist/acquaintance_goals/", {"done": True}),
        ("post", "advance/", None),
        ("post", "end/", {"reason": "other"}),
    ],
)
def test_only_the_two_people_see_a_mentorship(api, pair, stranger, method, path, body):
    mentee, mentor, mentorship = pair
    other_mentee, other_mentor, _ = _pair()
    for outsider in (stranger, other_mentee.user, other_mentor.user):
        api.force_authenticate(outsider)
        response = getattr(api, method)(f"{URL}{mentorship.pk}/{path}", body, format="json")
        assert response.status_code == 404, (outsider, response.content)
        assert mentorship.pk not in [m["id"] for m in api.get(URL).json()["results"]]
    for insider in (mentee.user, mentor.user):
        api.force_authenticate(insider)
        assert api.get(f"{URL}{mentorship.pk}/").status_code == 200
    api.force_authenticate(None)
    assert (
        getattr(api, method)(f"{URL}{mentorship.pk}/{path}", body, format="json").status_code == 401
    )
    assert Mentorship.objects.get(pk=mentorship.pk).phase == "initial"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_advances_end_with_one_winner_and_one_409():
    mentee, mentor, mentorship = _pair()
    api = APIClient()
    api.force_authenticate(mentee.user)
    _tick_phase(api, mentorship.pk, "initial")
    # The main phase's steps stay undone, so a second advance could never pass the
    # checklist: the 409 shows the phase guard, not a skipped phase.
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def advance(user) -> None:
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait()
            answers.append(client.post(f"{URL}{mentorship.pk}/advance/").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=advance, args=(u,)) for u in (mentee.user, mentor.user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 409]
    assert Mentorship.objects.get(pk=mentorship.pk).phase == "main"
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1


@pytest.mark.django_db
def test_messages_go_both_ways_with_unread_counts(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    sent = api.post(
        f"{URL}{mentorship.pk}/messages/", {"body": "Привет! Когда удобно созвониться?"}
    )
    assert sent.status_code == 201
    assert sent.json()["author"] == mentee.pk
    api.force_authenticate(mentor.user)
    assert api.get(f"{URL}{mentorship.pk}/").json()["unread_messages"] == 1
    thread = api.get(f"{URL}{mentorship.pk}/messages/").json()["results"]
    assert [m["body"] for m in thread] == ["Привет! Когда удобно созвониться?"]
    assert api.get(f"{URL}{mentorship.pk}/").json()["unread_messages"] == 0
    api.post(f"{URL}{mentorship.pk}/messages/", {"body": "В среду в 19:00 по Москве."})
    api.force_authenticate(mentee.user)
    assert api.get(f"{URL}{mentorship.pk}/").json()["unread_messages"] == 1


@pytest.mark.django_db
def test_messages_refuse_empty_strangers_and_closed_mentorships(api, pair, stranger):
    mentee, _, mentorship = pair
    api.force_authenticate(stranger)
    assert api.get(f"{URL}{mentorship.pk}/messages/").status_code == 404
    assert api.post(f"{URL}{mentorship.pk}/messages/", {"body": "hi"}).status_code == 404
    api.force_authenticate(mentee.user)
    assert api.post(f"{URL}{mentorship.pk}/messages/", {"body": "   "}).status_code == 400
    assert api.post(f"{URL}{mentorship.pk}/messages/", {"body": "x\x00"}).status_code == 400
    api.post(f"{URL}{mentorship.pk}/end/", {"reason": "mismatch"})
    assert api.post(f"{URL}{mentorship.pk}/messages/", {"body": "hi"}).status_code == 409
    assert api.get(f"{URL}{mentorship.pk}/messages/").status_code == 200
