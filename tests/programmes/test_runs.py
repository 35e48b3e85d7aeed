"""Cohort matching from the database: the draft, rules, publishing, and a real chord."""

import threading
import time

import pytest
from django.db import connection, transaction

from accounts.models import MenteeProfile, MentorProfile
from core.errors import InvalidInput, ServiceError
from matching.models import Match, MatchOrigin
from mentorship import matches as matching
from programmes import runs, services
from programmes.models import (
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    PairRule,
    Programme,
    RunStatus,
)
from tests.clock import week_of
from tests.factories import MenteeFactory, UserFactory
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


# --- Draft edits: profiles, rules, and publishing one after another ---------------------------


def _draft(coordinator, programme) -> MatchingRun:
    return run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )


def test_a_mentee_without_a_profile_cannot_be_added_to_the_draft(coordinator, programme, cohort):
    _mentees, mentors = cohort
    no_profile = UserFactory()
    services.programme_join(user=no_profile, join_code=programme.join_code, role="mentee")
    run = _draft(coordinator, programme)
    assert DraftUnmatched.objects.get(run=run, mentee=no_profile).reason == "no_profile"
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()  # a free place
    with pytest.raises(InvalidInput) as error:
        services.draft_pair_add(
            user=coordinator,
            programme_id=programme.pk,
            run_id=run.pk,
            mentee_id=no_profile.pk,
            mentor_id=mentors[0].pk,
        )
    assert error.value.field == "mentee"
    assert "профиля подопечного" in error.value.message
    assert not DraftPair.objects.filter(run=run, mentee=no_profile).exists()


def test_a_forbidden_pair_cannot_be_added_by_hand(coordinator, programme, cohort):
    mentees, mentors = cohort
    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[0].pk,
        kind="forbidden",
    )
    run = _draft(coordinator, programme)
    DraftPair.objects.filter(run=run, mentee_id=mentees[0].pk).delete()
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()
    with pytest.raises(ServiceError) as error:
        services.draft_pair_add(
            user=coordinator,
            programme_id=programme.pk,
            run_id=run.pk,
            mentee_id=mentees[0].pk,
            mentor_id=mentors[0].pk,
        )
    assert (error.value.status, error.value.code) == (409, "forbidden_pair")
    assert not DraftPair.objects.filter(run=run, mentee_id=mentees[0].pk).exists()


def test_publishing_skips_a_pair_whose_mentee_deleted_their_profile(coordinator, programme, cohort):
    run = _draft(coordinator, programme)
    gone = DraftPair.objects.filter(run=run).first()
    MenteeProfile.objects.filter(pk=gone.mentee_id).delete()
    result = services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    assert result == {"created": 3, "updated": 0, "skipped": 1}
    assert not Match.objects.filter(mentee_id=gone.mentee_id).exists()
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.PUBLISHED


def test_created_counts_only_matches_really_inserted(coordinator, programme, cohort, monkeypatch):
    """A pair requested between the publish's look at existing matches and its insert
    is skipped by the unique constraint, and is not counted as created."""
    run = _draft(coordinator, programme)
    first = DraftPair.objects.filter(run=run).order_by("mentee_id").first()
    bulk_create = Match.objects.bulk_create

    def requested_meanwhile(objs, **kwargs):
        Match.objects.create(mentee_id=first.mentee_id, mentor_id=first.mentor_id)
        return bulk_create(objs, **kwargs)

    monkeypatch.setattr(Match.objects, "bulk_create", requested_meanwhile)
    result = services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    assert result == {"created": 3, "updated": 0, "skipped": 1}
    assert Match.objects.filter(programme=programme).count() == 3


def test_publish_creates_the_match_of_a_mentor_who_filled_up_meanwhile_but_never_oversells(
    coordinator, programme, cohort
):
    _mentees, mentors = cohort
    run = _draft(coordinator, programme)
    mentor = mentors[0]
    assert DraftPair.objects.filter(run=run, mentor_id=mentor.pk).count() == mentor.capacity == 2
    outsider = MenteeFactory()  # takes one of the mentor's places outside the programme
    request = matching.match_request(user=outsider.user, mentor_id=mentor.pk)
    matching.match_accept(user=mentor.user, match_id=request.pk)

    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    published = list(Match.objects.filter(programme=programme, mentor_id=mentor.pk))
    assert len(published) == 2
    first, second = published
    matching.match_accept(user=first.mentee.user, match_id=first.pk)
    assert matching.match_accept(user=mentor.user, match_id=first.pk).mentorship is not None
    matching.match_accept(user=second.mentee.user, match_id=second.pk)
    with pytest.raises(ServiceError) as error:
        matching.match_accept(user=mentor.user, match_id=second.pk)
    assert (error.value.status, error.value.code) == (409, "capacity_full")
    mentor.refresh_from_db()
    assert mentor.active_mentees == mentor.capacity == 2


def _in_thread(call):
    """Runs `call` on its own connection; returns (thread, outcome: {"error"|"result": …})."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = call()
        except Exception as error:  # the test reads it
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_waiting_for_a_publish_is_refused_after_it(coordinator, programme, cohort):
    _mentees, mentors = cohort
    run = _draft(coordinator, programme)
    [left_out] = DraftUnmatched.objects.filter(run=run).values_list("mentee_id", flat=True)
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()
    with transaction.atomic():  # the publish holds the run's row until this commits
        services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
        thread, outcome = _in_thread(
            lambda: services.draft_pair_add(
                user=coordinator,
                programme_id=programme.pk,
                run_id=run.pk,
                mentee_id=left_out,
                mentor_id=mentors[0].pk,
            )
        )
        thread.join(timeout=1)
        assert thread.is_alive()  # waiting for the lock, not writing into the draft
    thread.join(timeout=10)
    assert outcome["error"].code == "not_a_draft"
    assert not DraftPair.objects.filter(run=run, mentee_id=left_out).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_before_a_publish_is_published_with_it(coordinator, programme, cohort):
    _mentees, mentors = cohort
    run = _draft(coordinator, programme)
    [left_out] = DraftUnmatched.objects.filter(run=run).values_list("mentee_id", flat=True)
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()
    with transaction.atomic():
        services.draft_pair_add(
            user=coordinator,
            programme_id=programme.pk,
            run_id=run.pk,
            mentee_id=left_out,
            mentor_id=mentors[0].pk,
        )
        thread, outcome = _in_thread(
            lambda: services.draft_publish(
                user=coordinator, programme_id=programme.pk, run_id=run.pk
            )
        )
        thread.join(timeout=1)
        assert thread.is_alive()
    thread.join(timeout=10)
    assert outcome["result"] == {"created": 4, "updated": 0, "skipped": 0}
    assert Match.objects.filter(programme=programme, mentee_id=left_out).exists()


# --- Starting: a lost send, forced pairs that cannot hold --------------------------------------


def test_a_run_whose_send_failed_waits_in_the_outbox_and_the_next_start_sends_it(
    coordinator, programme, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from core.models import OutboxMessage
    from programmes import tasks

    sent = []

    def apply_async(args, kwargs, task_id, **options):
        sent.append((tuple(args), task_id))
        if len(sent) == 1:
            raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.run_cohort_matching, "apply_async", apply_async)
    # The broker refusing does not fail the start: the message waits.
    with django_capture_on_commit_callbacks(execute=True):
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    run = MatchingRun.objects.get()
    assert run.status == RunStatus.QUEUED
    waiting = OutboxMessage.objects.get()
    assert (waiting.task_id, waiting.args, waiting.attempts) == (run.task_id, [run.pk], 1)

    with django_capture_on_commit_callbacks(execute=True):
        again = runs.matching_run_start(
            user=coordinator, programme_id=programme.pk, objective="score"
        )
    assert again.pk == run.pk
    assert sent == [((run.pk,), run.task_id)] * 2
    assert not OutboxMessage.objects.exists()
    # Once a worker has claimed it, a click does not send it again.
    assert runs.matching_run_plan(run_id=run.pk) is not None
    with django_capture_on_commit_callbacks(execute=True):
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    assert len(sent) == 2


def test_forced_pairs_beyond_a_mentors_open_places_fail_the_run_naming_the_mentor(
    coordinator, programme, cohort
):
    mentees, mentors = cohort
    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[0].pk,
        kind="forced",
    )
    MentorProfile.objects.filter(pk=mentors[0].pk).update(accepting_mentees=False)
    run = _draft(coordinator, programme)
    assert run.status == RunStatus.FAILED
    assert run.error.startswith(
        "Обязательные пары противоречат друг другу или местам наставников: "
    )
    assert f"наставник {mentors[0].user.full_name} — " in run.error
    assert "обязательных пар: 1, а мест, открытых для подбора: 0" in run.error


def test_a_run_that_lost_its_workers_is_failed_after_an_hour_and_a_new_one_can_start(
    coordinator, programme, cohort
):
    import datetime as dt

    from django.utils import timezone

    stuck = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    runs.matching_run_plan(run_id=stuck.pk)  # running; its chord never comes back
    now = timezone.now()
    assert runs.matching_runs_fail_stuck(now=now + dt.timedelta(minutes=30)) == 0
    assert runs.matching_runs_fail_stuck(now=now + dt.timedelta(hours=2)) == 1
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert "запустите его снова" in stuck.error
    # A late callback of the failed run writes nothing; a new start is possible.
    assert runs.cohort_assign(run_id=stuck.pk, payloads=[], mentee_ids=[], mentor_ids=[]) is False
    fresh = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    assert fresh.pk != stuck.pk


def test_every_chunk_and_the_drafts_facts_are_scored_for_the_week_after_the_run_started(
    coordinator, programme, cohort, fixed_now
):
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    # As if started at `fixed_now` and scored later: whatever the clock says when a
    # chunk runs, the run keeps one week.
    MatchingRun.objects.filter(pk=run.pk).update(created_at=fixed_now)
    run = run_inline(run)
    weeks = {pair.factors["week"] for pair in DraftPair.objects.filter(run=run)}
    assert weeks == {week_of(fixed_now).isoformat()}


def test_the_draft_is_optimal_over_every_pair_not_only_each_mentees_best_few(
    coordinator, programme, cohort, monkeypatch
):
    full = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    # One candidate per mentee: most share the same best mentor, whose two places
    # are soon taken; the proof of optimality rescores them against the other one.
    monkeypatch.setattr(runs, "CANDIDATES_PER_MENTEE", 1)
    pruned = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    assert pruned.matched == full.matched == 4
    assert pruned.total_score == full.total_score
