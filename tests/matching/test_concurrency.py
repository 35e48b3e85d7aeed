"""Races against PostgreSQL: real threads, each on its own connection, released at once.

They check the concurrency policies in the docstrings of matching/services.py
(a locked match row, a place taken by one conditional UPDATE) and
matching/suggestions.py (suggestions upserted on the pair's unique key).
"""

import threading
import traceback
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from rest_framework.test import APIClient

from accounts.models import MenteeProfile, MentorProfile, User
from core.errors import ServiceError
from core.models import Notification, NotificationKind
from matching import services as matching_services
from matching import suggestions
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship import matches as services
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory

# Transactional tests flush every table; serialized_rollback restores the seeded taxonomy.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPACITY_FULL = "У наставника не осталось свободных мест."


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Runs each call in its own thread, all released together; returns results or errors.

    Every thread connects before the barrier, so the race is between the
    queries themselves and not between connection handshakes.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            results[i] = call()
        except BaseException as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return results


def _unexpected(results: list[Any], expected: type[BaseException] | None = None) -> str:
    """The tracebacks of errors other than `expected`, for the assertion message."""
    return "\n".join(
        "".join(traceback.format_exception(r))
        for r in results
        if isinstance(r, BaseException) and not (expected and isinstance(r, expected))
    )


def _client_of(user: User) -> APIClient:
    client = APIClient()
    # A user instance of its own per thread, as each real request would load.
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def _accept_url(match: Match) -> str:
    return f"/api/v1/matches/{match.pk}/accept/"


def _post(client: APIClient, url: str) -> Callable[[], tuple[int, dict]]:
    def call() -> tuple[int, dict]:
        response = client.post(url)
        return response.status_code, response.json()

    return call


def test_eight_mentees_race_for_the_last_place_and_one_wins():
    mentor = MentorFactory(capacity=1)
    matches = [
        Match.objects.create(mentee=MenteeFactory(), mentor=mentor, mentor_accepted=True)
        for _ in range(8)
    ]
    calls = [_post(_client_of(m.mentee.user), _accept_url(m)) for m in matches]

    results = _race(calls)

    assert not _unexpected(results), _unexpected(results)
    statuses = [status for status, _body in results]
    assert sorted(statuses) == [200] + [409] * 7, results
    winner = matches[statuses.index(200)]
    assert results[statuses.index(200)][1]["status"] == MatchStatus.ACCEPTED
    assert all(body == {"detail": CAPACITY_FULL} for status, body in results if status == 409)

    mentorship = Mentorship.objects.get()
    assert (mentorship.mentee_id, mentorship.mentor_id) == (winner.mentee_id, mentor.pk)
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1
    winner.refresh_from_db()
    assert winner.status == MatchStatus.ACCEPTED
    assert winner.mentorship_id == mentorship.pk
    losers = Match.objects.exclude(pk=winner.pk)
    assert (
        list(losers.values_list("status", "mentee_accepted", "mentor_accepted", "mentorship"))
        == [(MatchStatus.SUGGESTED, False, True, None)] * 7
    )


def test_mentor_accepting_six_requests_at_once_takes_exactly_capacity():
    mentor = MentorFactory(capacity=2)
    matches = [
        Match.objects.create(mentee=MenteeFactory(), mentor=mentor, mentee_accepted=True)
        for _ in range(6)
    ]
    users = [User.objects.get(pk=mentor.pk) for _ in matches]
    calls = [
        (lambda u=u, m=m: services.match_accept(user=u, match_id=m.pk))
        for u, m in zip(users, matches, strict=True)
    ]

    results = _race(calls)

    assert not _unexpected(results, ServiceError), _unexpected(results, ServiceError)
    won = [r for r in results if isinstance(r, Match)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(won) == 2
    assert [error.code for error in refused] == ["capacity_full"] * 4
    assert sorted(Mentorship.objects.values_list("mentee_id", flat=True)) == sorted(
        m.mentee_id for m in won
    )
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 2
    assert Match.objects.filter(status=MatchStatus.ACCEPTED).count() == 2
    # The four refused requests are still open, as if the mentor had not answered.
    assert Match.objects.open_requests().filter(mentor=mentor).count() == 4


@pytest.mark.parametrize("second", ["mentee", "mentor"])
def test_double_click_on_accept_starts_one_mentorship_and_answers_every_click(second):
    mentee, mentor = MenteeFactory(), MentorFactory(capacity=2)
    match = Match.objects.create(
        mentee=mentee,
        mentor=mentor,
        mentee_accepted=second == "mentor",
        mentor_accepted=second == "mentee",
    )
    clicker = mentee.user if second == "mentee" else mentor.user
    calls = [_post(_client_of(clicker), _accept_url(match)) for _ in range(4)]

    results = _race(calls)

    assert not _unexpected(results), _unexpected(results)
    assert [status for status, _body in results] == [200] * 4, results
    assert all(body["status"] == MatchStatus.ACCEPTED for _status, body in results)
    mentorship = Mentorship.objects.get()
    match.refresh_from_db()
    assert match.status == MatchStatus.ACCEPTED
    assert match.mentorship_id == mentorship.pk
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1
    # Each person hears about the new pair once.
    told = Notification.objects.filter(kind=NotificationKind.MATCH_ACCEPTED)
    assert sorted(told.values_list("user_id", flat=True)) == sorted([mentee.pk, mentor.pk])


def _pairs() -> list[tuple[int, int, float]]:
    return sorted(Match.objects.values_list("mentee_id", "mentor_id", "score"))


def _refresh_race(mentee_ids: list[int], threads: int = 3) -> list[tuple[int, int, float]]:
    """Races `threads` refreshes; checks the result is one a lone refresh would keep."""
    results = _race(
        [lambda: suggestions.suggestions_refresh(mentee_ids=mentee_ids) for _ in range(threads)]
    )
    assert not _unexpected(results), _unexpected(results)
    duplicated = Match.objects.values("mentee", "mentor").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicated.exists()
    per_mentee = Counter(mentee_id for mentee_id, _mentor, _score in _pairs())
    assert max(per_mentee.values()) <= suggestions.SUGGESTIONS_PER_MENTEE
    raced = _pairs()
    suggestions.suggestions_refresh(mentee_ids=mentee_ids)
    assert _pairs() == raced, "a lone refresh after the race changed the suggestions"
    return raced


def test_concurrent_refreshes_never_duplicate_and_end_with_a_valid_set():
    mentees = MenteeFactory.create_batch(3)
    mentors = MentorFactory.create_batch(12)
    ids = [m.pk for m in mentees]

    first = _refresh_race(ids)
    assert Counter(mentee for mentee, _m, _s in first) == dict.fromkeys(ids, 10)

    # Now the races also replace and delete rows: four suggested mentors stop accepting.
    closed = {mentor.pk for mentor in mentors[:4]}
    MentorProfile.objects.filter(pk__in=closed).update(accepting_mentees=False)
    second = _refresh_race(ids)
    assert not {mentor_id for _mentee, mentor_id, _s in second} & closed
    assert Counter(mentee for mentee, _m, _s in second) == dict.fromkeys(ids, 8)


def test_a_mentee_sending_eight_requests_at_once_gets_exactly_three_sent():
    mentee = MenteeFactory()
    mentors = MentorFactory.create_batch(8)
    calls = [
        (lambda mentor=mentor: services.match_request(user=mentee.user, mentor_id=mentor.pk))
        for mentor in mentors
    ]

    results = _race(calls)

    assert not _unexpected(results, ServiceError), _unexpected(results, ServiceError)
    sent = [r for r in results if isinstance(r, Match)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(sent) == matching_services.MAX_OPEN_REQUESTS
    assert [error.code for error in refused] == ["too_many_requests"] * 5
    assert sorted(Match.objects.open_requests().values_list("pk", flat=True)) == sorted(
        match.pk for match in sent
    )
    # A refused request leaves no row behind.
    assert Match.objects.count() == matching_services.MAX_OPEN_REQUESTS


def test_eight_requests_at_once_through_the_api_answer_three_201_and_five_409():
    mentee = MenteeFactory()
    mentors = MentorFactory.create_batch(8)
    clients = [_client_of(mentee.user) for _ in mentors]

    def send(client: APIClient, mentor_id: int) -> Callable[[], tuple[int, dict]]:
        def call() -> tuple[int, dict]:
            response = client.post("/api/v1/matches/", {"mentor": mentor_id}, format="json")
            return response.status_code, response.json()

        return call

    results = _race([send(c, m.pk) for c, m in zip(clients, mentors, strict=True)])

    assert not _unexpected(results), _unexpected(results)
    assert sorted(status for status, _body in results) == [201] * 3 + [409] * 5, results
    assert all(body["open_requests"] == 3 for status, body in results if status == 409)
    assert Match.objects.open_requests().filter(mentee=mentee).count() == 3
    assert Match.objects.count() == 3


def test_a_request_sent_while_a_refresh_is_writing_keeps_its_own_score_and_facts(monkeypatch):
    mentee, mentor = MenteeFactory(), MentorFactory()
    # A row of the mentee's already (a suggestion no longer made: no common language),
    # so their suggestions are upserted, not copied in as a new mentee's.
    Match.objects.create(mentee=mentee, mentor=MentorFactory(language_codes=["de"]), score=10)
    real_upsert = suggestions._upsert_on_postgresql
    sent: list[Match] = []

    def request_lands_first(rows, stamp):
        # The refresh has scored the pair with the mentee's old zone. Before it
        # writes, the mentee moves to New York and sends a request on another
        # connection; the request is scored with the new zone and commits.
        assert [(row[0], row[1]) for row in rows] == [(mentee.pk, mentor.pk)]

        def move_and_request():
            MenteeProfile.objects.filter(pk=mentee.pk).update(timezone="America/New_York")
            sent.append(services.match_request(user=mentee.user, mentor_id=mentor.pk))

        assert _race([move_and_request]) == [None]
        real_upsert(rows, stamp)

    monkeypatch.setattr(suggestions, "_upsert_on_postgresql", request_lands_first)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    [request] = sent
    stored = Match.objects.get()
    assert (stored.origin, stored.mentee_accepted) == (MatchOrigin.REQUEST, True)
    assert (stored.score, stored.factors, stored.overlap_minutes_per_week) == (
        request.score,
        request.factors,
        request.overlap_minutes_per_week,
    )


def test_a_request_sent_while_a_new_mentees_suggestions_are_copied_in_keeps_its_own_facts(
    monkeypatch,
):
    mentee, mentor, other = MenteeFactory(), MentorFactory(), MentorFactory()
    real_insert = suggestions._insert_first_on_postgresql
    sent: list[Match] = []
    copied: list[bool] = []

    def request_lands_first(rows, stamp):
        # The refresh read no row of the mentee's, so it copies their suggestions in.
        # Before it does, the mentee moves to New York and sends one mentor a request.
        assert {row[:2] for row in rows} == {(mentee.pk, mentor.pk), (mentee.pk, other.pk)}

        def move_and_request():
            MenteeProfile.objects.filter(pk=mentee.pk).update(timezone="America/New_York")
            sent.append(services.match_request(user=mentee.user, mentor_id=mentor.pk))

        assert _race([move_and_request]) == [None]
        copied.append(real_insert(rows, stamp))
        return copied[-1]

    monkeypatch.setattr(suggestions, "_insert_first_on_postgresql", request_lands_first)

    assert suggestions.suggestions_refresh(mentee_ids=[mentee.pk]) == 2

    assert copied == [False]  # the pair's unique key stopped the copy: upserted instead
    [request] = sent
    stored = Match.objects.get(mentor=mentor)
    assert (stored.origin, stored.mentee_accepted) == (MatchOrigin.REQUEST, True)
    assert (stored.score, stored.factors, stored.overlap_minutes_per_week) == (
        request.score,
        request.factors,
        request.overlap_minutes_per_week,
    )
    # The other mentor is suggested all the same.
    suggested = Match.objects.get(mentor=other)
    assert (suggested.origin, suggested.mentee_accepted) == (MatchOrigin.SUGGESTION, False)


def test_a_mentee_accepting_eight_suggestions_at_once_sends_exactly_three():
    mentee = MenteeFactory()
    matches = [Match.objects.create(mentee=mentee, mentor=MentorFactory()) for _ in range(8)]
    calls = [_post(_client_of(mentee.user), _accept_url(m)) for m in matches]

    results = _race(calls)

    assert not _unexpected(results), _unexpected(results)
    assert sorted(status for status, _body in results) == [200] * 3 + [409] * 5, results
    assert Match.objects.open_requests().filter(mentee=mentee).count() == 3
    # The refused ones are still untouched suggestions the mentee can send later.
    assert Match.objects.filter(mentee=mentee, mentee_accepted=False).count() == 5
