"""The list of mentorships is written from plain rows (mentorship.selectors.mentorship_rows
and mentorship.serializers.mentorship_rows_out), not by MentorshipOutput per row: its
answer must be MentorshipOutput's, byte for byte, for every field, null or not, for a
mentor, a mentee and a programme's coordinator, in both languages."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from mentorship import selectors, services
from mentorship import serializers as s
from mentorship.models import Message
from tests import query_counts as q
from tests.factories import EvaluationFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/mentorships/"


@pytest.fixture
def reader(coordinator, programme):
    """Mentor, mentee and a programme's coordinator at once (in Vladivostok), with pairs
    of every kind: one with a thread half read (messages from the other side, their
    own, an author whose account is gone), a ticked step and the mentee's evaluation;
    one ended early whose mentee deleted their account; one as the mentee; and two of
    the programme they coordinate, one of them without its mentor."""
    coordinator.timezone = "Asia/Vladivostok"
    coordinator.save(update_fields=["timezone"])
    MentorFactory(user=coordinator, capacity=5)
    MenteeFactory(user=coordinator)

    talking = q.mentorship_of(MenteeFactory().user, coordinator)
    first = q.message(talking, talking.mentee.user)
    q.message(talking, talking.mentee.user, "Второе")
    q.message(talking, coordinator, "Моё")
    Message.objects.create(mentorship=talking, author=None, body="Без автора")
    services.thread_mark_read(user=coordinator, mentorship_id=talking.pk, up_to=first.pk)
    services.checklist_item_set(
        user=coordinator, mentorship_id=talking.pk, key="acquaintance_goals", done=True
    )
    EvaluationFactory(mentorship=talking)

    gone = MenteeFactory()
    ended = q.mentorship_of(gone.user, coordinator)
    services.mentorship_end(
        user=coordinator, mentorship_id=ended.pk, reason="no_time", comment="Нет времени"
    )
    EvaluationFactory(mentorship=ended, side="mentor")
    gone.user.delete()

    q.mentorship_of(coordinator, MentorFactory().user)
    for _ in range(2):
        services.mentorship_start(
            mentee_id=MenteeFactory().pk, mentor_id=MentorFactory().pk, programme_id=programme.pk
        )
    first_of_programme = programme.mentorships.order_by("pk").first()
    first_of_programme.mentor.user.delete()
    # Listed newest first by when the pair started, which is not the order of their ids.
    talking.started_at += dt.timedelta(days=1)
    talking.save(update_fields=["started_at"])
    return coordinator


def _by_serializer(user) -> bytes:
    """What MentorshipOutput(many=True) answers for the same person."""
    request = Request(APIRequestFactory().get(URL))
    request.user = user
    rows = selectors.mentorships_of(user=user)
    return JSONRenderer().render(
        s.MentorshipOutput(rows, many=True, context={"request": request}).data
    )


def test_the_list_answers_as_the_serializer_does(api, reader):
    api.force_login(reader)  # a session: the reader's own zone is active
    for language in ("ru", "en", "ru"):
        response = api.get(URL, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, response.content
        assert response["Content-Language"] == language
        results = response.json()["results"]
        with translation.override(language), timezone.override(reader.timezone):
            expected = _by_serializer(reader)
        assert JSONRenderer().render(results) == expected, language
    # The rows above showed each field both ways: a value and, where it may be, null.
    assert len(results) == 5
    for field in ("mentee", "mentor", "ended_at", "programme", "unread_messages"):
        assert {row[field] is None for row in results} == {True, False}, field
    assert {row["unread_messages"] for row in results} == {None, 0, 2}
    assert {row["end_reason"] for row in results} == {"", "no_time"}
    for side in ("mentee", "mentor"):
        assert {row["evaluations"][side] for row in results} == {True, False}, side
    items = [item for row in results for item in row["checklist"]]
    assert {item["done_at"] is None for item in items} == {True, False}
    assert {item["required"] for item in items} == {True, False}
    assert {row["mentee"]["id"] == reader.pk for row in results if row["mentee"]} == {True, False}
    started = [row["started_at"] for row in results]
    assert started == sorted(started, reverse=True)
    assert [row["id"] for row in results] != sorted((row["id"] for row in results), reverse=True)


def test_a_full_page_counts_them_all_and_the_next_page_holds_the_rest(api, mentor):
    mentor.capacity = 20
    mentor.save(update_fields=["capacity"])
    pairs = [q.mentorship_of(MenteeFactory().user, mentor.user) for _ in range(21)]
    api.force_authenticate(mentor.user)

    first = api.get(URL).json()
    second = api.get(URL, {"page": 2}).json()

    assert (first["count"], len(first["results"])) == (21, 20)
    assert first["next"].endswith(f"{URL}?page=2")
    assert (second["count"], second["next"], len(second["results"])) == (21, None, 1)
    shown = [row["id"] for row in first["results"] + second["results"]]
    assert shown == [pair.pk for pair in reversed(pairs)]
    assert {len(row["checklist"]) for row in first["results"] + second["results"]} == {10}
    assert api.get(URL, {"page": 3}).status_code == 404
