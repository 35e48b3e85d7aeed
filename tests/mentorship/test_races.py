"""Two people at once against PostgreSQL, with real threads: one valid state at the end."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import MentorProfile
from mentorship import evaluations, services, work
from mentorship import matches as matching
from mentorship.models import Evaluation, Mentorship, Phase, Session
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    return mentee, mentor, matching.match_accept(user=mentor.user, match_id=match.pk).mentorship


def _run(*calls):
    """Runs each call in its own thread and connection; returns what each raised or returned."""
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_session_planned_while_the_other_side_ends_the_mentorship_is_never_after_the_end(
    monkeypatch,
):
    mentee, mentor, mentorship = _pair()
    inserting = threading.Event()
    real_create = Session.objects.create

    def slow_create(**fields):
        # The planner has passed every check; the other side ends right now.
        inserting.set()
        threading.Event().wait(0.5)
        return real_create(**fields)

    monkeypatch.setattr(Session.objects, "create", slow_create)

    def plan():
        return work.session_create(
            user=mentee.user,
            mentorship_id=mentorship.pk,
            starts_at=timezone.now() + dt.timedelta(days=1),
            duration_minutes=60,
            format="video",
        )

    def end():
        inserting.wait(5)
        return services.mentorship_end(
            user=mentor.user, mentorship_id=mentorship.pk, reason="no_time"
        )

    _run(plan, end)
    ended = Mentorship.objects.get(pk=mentorship.pk)
    assert ended.phase == Phase.ENDED
    for session in Session.objects.filter(mentorship=ended):
        assert session.created_at <= ended.ended_at  # planned before the end, never after
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


def test_two_evaluations_at_once_complete_the_mentorship_once():
    mentee, mentor, mentorship = _pair()
    # A second running pair of the same mentor: a place freed twice would show.
    other = MenteeFactory()
    match = matching.match_request(user=other.user, mentor_id=mentor.pk)
    matching.match_accept(user=mentor.user, match_id=match.pk)
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 2
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)
    answers = {
        "goal_progress": 8, "confidence_before": 3, "confidence_after": 8, "productivity": 5,
        "support_met": "yes", "would_recommend": 9,
    }  # fmt: skip
    barrier = threading.Barrier(2)

    def evaluate(user):
        def call():
            barrier.wait()
            return evaluations.evaluation_submit(user=user, mentorship_id=mentorship.pk, **answers)

        return call

    results = _run(evaluate(mentee.user), evaluate(mentor.user))
    assert not [r for r in results if isinstance(r, Exception)], results
    done = Mentorship.objects.get(pk=mentorship.pk)
    assert done.phase == Phase.COMPLETED
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1  # freed once, not twice


def test_an_evaluation_sent_while_the_other_side_ends_never_lands_after_the_end(monkeypatch):
    mentee, mentor, mentorship = _pair()
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)
    inserting = threading.Event()
    real_create = Evaluation.objects.create

    def slow_create(**fields):
        inserting.set()
        threading.Event().wait(0.5)
        return real_create(**fields)

    monkeypatch.setattr(Evaluation.objects, "create", slow_create)

    def evaluate():
        return evaluations.evaluation_submit(
            user=mentee.user, mentorship_id=mentorship.pk, goal_progress=8,
            confidence_before=3, confidence_after=8, productivity=5, support_met="yes",
            would_recommend=9,
        )  # fmt: skip

    def end():
        inserting.wait(5)
        return services.mentorship_end(
            user=mentor.user, mentorship_id=mentorship.pk, reason="no_time"
        )

    _run(evaluate, end)
    ended = Mentorship.objects.get(pk=mentorship.pk)
    assert ended.phase == Phase.ENDED
    for evaluation in Evaluation.objects.filter(mentorship=ended):
        assert evaluation.created_at <= ended.ended_at


def test_the_second_evaluation_and_the_beat_job_completing_at_once_free_the_place_once():
    _mentee, mentor, mentorship = _pair()
    other = MenteeFactory()
    match = matching.match_request(user=other.user, mentor_id=mentor.pk)
    matching.match_accept(user=mentor.user, match_id=match.pk)
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)
    barrier = threading.Barrier(2)
    later = timezone.now() + dt.timedelta(days=15)

    def after_the_evaluations():
        barrier.wait()
        return services.mentorship_complete(mentorship_id=mentorship.pk)

    def the_beat_job():
        barrier.wait()
        return services.mentorships_complete_overdue(now=later)

    completed, overdue = _run(after_the_evaluations, the_beat_job)
    assert [completed, bool(overdue)].count(True) == 1  # one of them did it
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1
