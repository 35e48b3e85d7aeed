"""Cohort matching from the database: the draft, rules, publishing, and a real chord."""

import time

import pytest
from django.db import transaction

from matching import services as matching
from matching.models import Match, MatchOrigin
from mentorship.errors import ServiceError
from programmes import runs, services
from programmes.models import (
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    PairRule,
    Programme,
    RunStatus,
)
from tests.factories import MenteeFactory
from tests.programmes.conftest import run_inline

pytestmark = pytest.mark.django_db


def test_the_draft_respects_every_mentors_capacity_and_explains_the_unmatched(
    coordinator, programme, cohort
):
    _mentees, mentors = cohort
    nobody = MenteeFactory(language_codes=["de"])  # no mentor speaks German
    services.programme_join(user=nobody.user, join_code=programme.join_code, role="mentee")
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    run = run_inline(run)
    assert run.status == RunStatus.DRAFT
    pairs = list(DraftPair.objects.filter(run=run))
    assert len(pairs) == 4 == run.matched
    for mentor in mentors:
        assert sum(p.mentor_id == mentor.pk for p in pairs) <= 2
    assert len({p.mentee_id for p in pairs}) == 4
    reasons = dict(DraftUnmatched.objects.filter(run=run).values_list("mentee_id", "reason"))
    assert reasons[nobody.pk] == "no_candidate"
    assert sorted(reasons.values()) == ["capacity", "no_candidate"]
    assert pairs[0].factors  # the explanation's facts are stored with the pair
    assert run.total_score >= run.greedy_score


def test_forced_and_forbidden_pairs_are_honoured(coordinator, programme, cohort):
    mentees, mentors = cohort
    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[1].pk,
        kind="forced",
    )
    for mentee in mentees[1:3]:
        services.pair_rule_set(
            user=coordinator,
            programme_id=programme.pk,
            mentee_id=mentee.pk,
            mentor_id=mentors[0].pk,
            kind="forbidden",
        )
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="coverage")
    )
    pairs = {p.mentee_id: p for p in DraftPair.objects.filter(run=run)}
    assert pairs[mentees[0].pk].mentor_id == mentors[1].pk
    assert pairs[mentees[0].pk].forced
    for mentee in mentees[1:3]:
        assert pairs.get(mentee.pk) is None or pairs[mentee.pk].mentor_id != mentors[0].pk


def test_starting_twice_returns_the_running_run(coordinator, programme, cohort):
    first = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    second = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    assert first.pk == second.pk
    assert MatchingRun.objects.count() == 1
    # Each step run twice does its work once.
    run_inline(first)
    assert runs.matching_run_plan(run_id=first.pk) is None
    assert runs.cohort_assign(run_id=first.pk, payloads=[], mentee_ids=[], mentor_ids=[]) is False
    assert DraftPair.objects.filter(run=first).count() == 4


def test_published_pairs_become_programme_matches_both_sides_accept(coordinator, programme, cohort):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    result = services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    assert result == {"created": 4, "updated": 0, "skipped": 0}
    with pytest.raises(ServiceError):  # a double click publishes once
        services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    match = Match.objects.filter(programme=programme).first()
    assert match.origin == MatchOrigin.PROGRAMME
    matching.match_accept(user=match.mentee.user, match_id=match.pk)
    match = matching.match_accept(user=match.mentor.user, match_id=match.pk)
    assert match.mentorship.programme_id == programme.pk


def test_the_coordinator_edits_the_draft_within_capacity(coordinator, programme, cohort):
    _mentees, mentors = cohort
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    [left_out] = DraftUnmatched.objects.filter(run=run).values_list("mentee_id", flat=True)
    with pytest.raises(ServiceError) as error:
        services.draft_pair_add(
            user=coordinator,
            programme_id=programme.pk,
            run_id=run.pk,
            mentee_id=left_out,
            mentor_id=mentors[0].pk,
        )
    assert error.value.code == "capacity_full"
    pair = DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first()
    services.draft_pair_remove(
        user=coordinator, programme_id=programme.pk, run_id=run.pk, pair_id=pair.pk
    )
    added = services.draft_pair_add(
        user=coordinator,
        programme_id=programme.pk,
        run_id=run.pk,
        mentee_id=left_out,
        mentor_id=mentors[0].pk,
    )
    assert added.added_by_coordinator
    assert not DraftUnmatched.objects.filter(run=run, mentee_id=left_out).exists()


def test_a_member_is_not_a_coordinator_and_a_stranger_sees_nothing(programme, cohort):
    from tests.factories import UserFactory

    mentees, _ = cohort
    with pytest.raises(services.NotCoordinator):
        runs.matching_run_start(user=mentees[0].user, programme_id=programme.pk, objective="score")
    with pytest.raises(Programme.DoesNotExist):
        runs.matching_run_start(user=UserFactory(), programme_id=programme.pk, objective="score")
    assert not PairRule.objects.exists()


@pytest.mark.worker
def test_the_real_chord_produces_the_draft(celery_worker, coordinator, programme, cohort):
    with transaction.atomic():
        run = runs.matching_run_start(
            user=coordinator, programme_id=programme.pk, objective="coverage"
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.DRAFT, RunStatus.FAILED):
            break
        time.sleep(0.2)
    assert run.status == RunStatus.DRAFT, (run.error, celery_worker.log())
    assert run.progress == 100
    assert run.matched == 4
    assert "programmes.tasks.score_cohort_chunk" in celery_worker.log()
    assert "programmes.tasks.assign_cohort" in celery_worker.log()


def test_publishing_adopts_untouched_suggestions_and_leaves_decided_pairs(
    coordinator, programme, cohort
):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    first, second, *_rest = DraftPair.objects.filter(run=run).order_by("mentee_id")
    suggestion = Match.objects.create(mentee_id=first.mentee_id, mentor_id=first.mentor_id)
    declined = Match.objects.create(
        mentee_id=second.mentee_id, mentor_id=second.mentor_id, status="declined"
    )
    result = services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    assert result == {"created": 2, "updated": 1, "skipped": 1}
    suggestion.refresh_from_db()
    declined.refresh_from_db()
    assert (suggestion.origin, suggestion.programme_id) == ("programme", programme.pk)
    assert (declined.status, declined.programme_id) == ("declined", None)
    assert Match.objects.filter(programme=programme).count() == 3
