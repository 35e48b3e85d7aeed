"""The mentorships API: lifecycle, checklist, ending, and who may see what (every endpoint)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import MentorProfile
from mentorship import matches as matching
from mentorship import work
from mentorship.checklist import STEPS
from mentorship.models import Mentorship, Message, SessionPersonal
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

URL = "/api/v1/mentorships/"
EVALUATION = {
    "goal_progress": 7,
    "confidence_before": 4,
    "confidence_after": 8,
    "productivity": 4,
    "support_met": "yes",
    "would_recommend": 9,
}


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
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentor.user)
    for phase, following in (("initial", "main"), ("main", "closing")):
        _tick_phase(api, mentorship.pk, phase)
        response = api.post(f"{URL}{mentorship.pk}/advance/")
        assert response.status_code == 200, response.content
        assert response.json()["phase"] == following
    # Closing is left by the evaluations, not by a click: 409 until both sides answer.
    _tick_phase(api, mentorship.pk, "closing")
    for person, missing in (
        (mentee.user, ["evaluation:mentee", "evaluation:mentor"]),
        (mentor.user, ["evaluation:mentor"]),
    ):
        api.force_authenticate(person)
        refused = api.post(f"{URL}{mentorship.pk}/advance/")
        assert refused.status_code == 409
        assert refused.json()["missing"] == missing
        mentor.refresh_from_db()
        assert mentor.active_mentees == 1
        given = api.post(f"{URL}{mentorship.pk}/evaluation/", EVALUATION, format="json")
        assert given.status_code == 201, given.content
    body = api.get(f"{URL}{mentorship.pk}/").json()
    assert body["phase"] == "completed"
    assert body["ended_at"] is not None
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


def _pair_with_work(phase: str):
    """A pair in `phase` with one session, goal and task, by the ids the paths name."""
    mentee, mentor, mentorship = _pair()
    ids = {
        "session": work.session_create(
            user=mentee.user,
            mentorship_id=mentorship.pk,
            starts_at=timezone.now() + dt.timedelta(days=3),
            duration_minutes=60,
            format="video",
        ).pk,
        "goal": work.goal_create(user=mentee.user, mentorship_id=mentorship.pk, title="Цель").pk,
        "task": work.task_create(user=mentor.user, mentorship_id=mentorship.pk, title="Задание").pk,
    }
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=phase)
    return mentee, mentor, mentorship, ids


def _what_a_pair_holds(mentorship: Mentorship) -> tuple:
    mentorship.refresh_from_db()
    return (
        mentorship.phase,
        list(mentorship.checklist.values_list("key", "done")),
        list(mentorship.sessions.values_list("pk", "agenda", "status")),
        list(mentorship.goals.values_list("pk", "title", "status")),
        list(mentorship.tasks.values_list("pk", "title", "status")),
        mentorship.messages.count(),
        mentorship.evaluations.count(),
        SessionPersonal.objects.filter(session__mentorship=mentorship).count(),
    )


SESSION = {"duration_minutes": 60, "format": "chat", "agenda": "Разбор резюме"}

# Every operation on a mentorship: (method, path, body, what an insider gets, the phase it
# is tried in). An insider's 409 is the pair's rule answering, so the door was open.
EVERY_ENDPOINT = [
    ("get", "", None, 200, "initial"),
    ("post", "checklist/acquaintance_goals/", {"done": True}, 200, "initial"),
    ("post", "advance/", None, 409, "initial"),
    ("post", "end/", {"reason": "other"}, 200, "initial"),
    ("get", "messages/", None, 200, "initial"),
    ("post", "messages/", {"body": "Привет!"}, 201, "initial"),
    ("get", "sessions/", None, 200, "initial"),
    ("post", "sessions/", SESSION, 201, "initial"),
    ("get", "sessions/{session}/", None, 200, "initial"),
    ("patch", "sessions/{session}/", {"agenda": "Новая повестка"}, 200, "initial"),
    ("get", "calendar.ics", None, 200, "initial"),
    ("get", "goals/", None, 200, "initial"),
    ("post", "goals/", {"title": "Найти работу"}, 201, "initial"),
    ("patch", "goals/{goal}/", {"status": "done"}, 200, "initial"),
    ("get", "tasks/", None, 200, "initial"),
    ("post", "tasks/", {"title": "Прочитать главу"}, 201, "initial"),
    ("patch", "tasks/{task}/", {"status": "done"}, 200, "initial"),
    ("get", "evaluation/", None, 200, "closing"),
    ("post", "evaluation/", EVALUATION, 201, "closing"),
]


def _call(api, method, mentorship, ids, path, body):
    if body is SESSION:  # a time near now, whenever the test runs
        body = {**SESSION, "starts_at": (timezone.now() + dt.timedelta(days=5)).isoformat()}
    url = f"{URL}{mentorship.pk}/{path.format(**ids)}"
    return getattr(api, method)(url, body, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "allowed", "phase"), EVERY_ENDPOINT)
def test_only_the_two_people_see_a_mentorship(api, stranger, method, path, body, allowed, phase):
    _, _, mentorship, ids = _pair_with_work(phase)
    other_mentee, other_mentor, _ = _pair()
    before = _what_a_pair_holds(mentorship)
    for outsider in (stranger, other_mentee.user, other_mentor.user):
        api.force_authenticate(outsider)
        response = _call(api, method, mentorship, ids, path, body)
        assert response.status_code == 404, (outsider, response.content)
        assert mentorship.pk not in [m["id"] for m in api.get(URL).json()["results"]]
    api.force_authenticate(None)
    assert _call(api, method, mentorship, ids, path, body).status_code == 401
    assert _what_a_pair_holds(mentorship) == before

    # Each side on a pair of its own, so that one's write cannot decide the other's answer.
    for side in ("mentee", "mentor"):
        mentee, mentor, mentorship, ids = _pair_with_work(phase)
        api.force_authenticate(mentee.user if side == "mentee" else mentor.user)
        response = _call(api, method, mentorship, ids, path, body)
        assert response.status_code == allowed, (side, response.content)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
    # Reading the thread marks nothing: a client may fetch ahead of the person.
    assert api.get(f"{URL}{mentorship.pk}/").json()["unread_messages"] == 1
    read = api.post(f"{URL}{mentorship.pk}/messages/read/", {"up_to": thread[-1]["id"]})
    assert read.status_code == 200
    assert read.json() == {"unread_messages": 0}
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


@pytest.mark.django_db
def test_marking_read_refuses_another_threads_message_and_strangers(api, pair, stranger):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    api.post(f"{URL}{mentorship.pk}/messages/", {"body": "Привет!"})
    own = api.get(f"{URL}{mentorship.pk}/messages/").json()["results"][0]["id"]
    other = MentorshipFactory()
    foreign = Message.objects.create(mentorship=other, author=None, body="чужое")
    api.force_authenticate(mentor.user)
    url = f"{URL}{mentorship.pk}/messages/read/"
    refused = api.post(url, {"up_to": foreign.pk})
    assert refused.status_code == 400
    assert "up_to" in refused.json()
    assert api.post(url, {"up_to": "много"}).status_code == 400
    assert api.get(f"{URL}{mentorship.pk}/").json()["unread_messages"] == 1
    assert api.post(url, {"up_to": own}).json() == {"unread_messages": 0}
    api.force_authenticate(stranger)
    assert api.post(url, {}).status_code == 404


def test_a_programmes_pair_is_listed_once_however_many_coordinate_it(api, programme, coordinator):
    from programmes.models import Coordinator

    Coordinator.objects.create(programme=programme, user=MentorFactory().user)
    pair = MentorshipFactory(programme=programme)
    for person in (coordinator, pair.mentee.user, pair.mentor.user):
        api.force_authenticate(person)
        listed = api.get("/api/v1/mentorships/").json()
        assert listed["count"] == 1
        assert [row["id"] for row in listed["results"]] == [pair.pk]
