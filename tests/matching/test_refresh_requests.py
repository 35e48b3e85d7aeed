"""Asking for fresh suggestions: one pending job per person, and a mentor's job is narrow."""

import logging

import pytest

from core.models import OutboxMessage
from matching import suggestions, tasks
from matching.models import Match
from mentorship.celery import app as celery_app
from tests.factories import MenteeFactory, MentorFactory, area

pytestmark = pytest.mark.django_db

REFRESH = "/api/v1/matches/refresh/"


def _queued() -> int:
    """Tasks on their way: in the outbox (this test's transaction never commits, so
    nothing leaves it) or already on the broker's queue."""
    with celery_app.connection_for_write() as conn:
        on_broker = conn.default_channel.client.llen(celery_app.conf.task_default_queue)
    return OutboxMessage.objects.count() + on_broker


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_twenty_refreshes_queue_one_job_while_it_is_pending(api, mentee, mentor, role):
    person = mentee if role == "mentee" else mentor
    api.force_authenticate(person.user)
    before = _queued()
    answers = [api.post(REFRESH) for _ in range(20)]
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.json()["task_id"] for answer in answers}) == 1
    assert _queued() - before == 1


def test_two_people_each_get_their_own_job(api, mentee):
    other = MenteeFactory()
    api.force_authenticate(mentee.user)
    first = api.post(REFRESH).json()["task_id"]
    api.force_authenticate(other.user)
    assert api.post(REFRESH).json()["task_id"] != first


def test_once_the_job_runs_a_new_refresh_is_queued_again(api, mentee):
    api.force_authenticate(mentee.user)
    first = api.post(REFRESH).json()["task_id"]
    tasks.refresh_person_suggestions.apply(args=[mentee.pk])
    second = api.post(REFRESH).json()["task_id"]
    assert second != first


def test_without_the_cache_a_refresh_is_still_queued_and_logged(api, mentee, monkeypatch, caplog):
    from matching import pending

    class CacheDown:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache is down")

            return fail

    # Only the refresh's mark loses its cache; the request rate limits keep theirs.
    monkeypatch.setattr(pending, "cache", CacheDown())
    api.force_authenticate(mentee.user)
    before = _queued()
    with caplog.at_level(logging.WARNING):
        response = api.post(REFRESH)
    assert response.status_code == 202
    assert _queued() - before == 1
    assert "cache" in caplog.text


def test_a_mentors_refresh_covers_the_mentees_who_could_be_matched_with_them(mentor):
    same_area = MenteeFactory(skill_codes=["excel"])
    shared_skill = MenteeFactory(goal_area=area("it"), skill_codes=["python"])
    elsewhere = MenteeFactory(goal_area=area("marketing"), skill_codes=["smm"])
    suggested_before = MenteeFactory(goal_area=area("marketing"), skill_codes=["smm"])
    Match.objects.create(mentee=suggested_before, mentor=mentor, score=50, factors={})
    scope = set(suggestions.refresh_scope(user_id=mentor.pk))
    assert {same_area.pk, shared_skill.pk, suggested_before.pk} <= scope
    assert elsewhere.pk not in scope


def test_a_person_who_is_mentee_and_mentor_refreshes_both_sides(mentor):
    both = MentorFactory()
    MenteeFactory(user=both.user)
    reachable = MenteeFactory()
    scope = set(suggestions.refresh_scope(user_id=both.pk))
    assert {both.pk, reachable.pk} <= scope


def test_a_mentors_job_rewrites_the_suggestions_within_reach_only(mentor):
    marketer = MentorFactory(area_codes=["marketing"], skill_codes=["smm"])
    reachable = MenteeFactory()
    elsewhere = MenteeFactory(goal_area=area("marketing"), skill_codes=["smm"])
    tasks.refresh_person_suggestions.apply(args=[mentor.pk])
    assert Match.objects.filter(mentee=reachable, mentor=mentor).exists()
    # Another mentor's pair that this mentor's change cannot touch is left to its own refresh.
    assert not Match.objects.filter(mentee=elsewhere, mentor=marketer).exists()
