"""Guards of programmes (services.py, runs.py) that only a broken rule would show: each
test fails when the permission check, filter or conditional UPDATE it names is dropped
(`make mutate`). Runs and drafts are made directly, not solved, to keep them fast."""

import datetime as dt

import pytest

from core.errors import InvalidInput, ServiceError
from matching.models import Match, MatchStatus
from mentorship.models import Mentorship, Phase
from programmes import draft_scores, runs, services
from programmes.models import (
    DraftPair,
    MatchingRun,
    PairRule,
    Role,
    RuleKind,
    RunStatus,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _other_programme(coordinator=None):
    today = dt.date.today()
    return services.programme_create(
        user=coordinator or UserFactory(),
        name="Осенний поток",
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )


def _draft(programme, **fields) -> MatchingRun:
    return MatchingRun.objects.create(
        programme=programme, objective="score", status=RunStatus.DRAFT, **fields
    )


# --- Access ---------------------------------------------------------------------------------


def test_coordinating_another_programme_gives_no_rights_in_this_one(programme, cohort):
    mentees, _mentors = cohort
    member = mentees[0].user
    _other_programme(coordinator=member)

    assert not services.is_coordinator(user=member, programme=programme)
    with pytest.raises(services.NotCoordinator) as error:
        services.programme_coordinated(user=member, programme_id=programme.pk)
    assert error.value.code == "not_coordinator"  # the API's contract


def test_a_run_of_another_programme_is_not_found_through_this_one(coordinator, programme):
    theirs = _draft(_other_programme(coordinator=coordinator))

    with pytest.raises(MatchingRun.DoesNotExist):
        services.run_of(user=coordinator, programme_id=programme.pk, run_id=theirs.pk)
    with pytest.raises(MatchingRun.DoesNotExist):
        services.draft_pair_remove(
            user=coordinator, programme_id=programme.pk, run_id=theirs.pk, pair_id=0
        )


def test_a_programme_ending_today_can_still_be_joined(user):
    today = dt.date.today()
    programme = services.programme_create(
        user=UserFactory(), name="Последний день", starts_on=today, ends_on=today
    )

    member = services.programme_join(user=user, join_code=programme.join_code, role=Role.MENTEE)

    assert member.programme_id == programme.pk


def test_a_programme_that_ended_yesterday_cannot_be_joined(user):
    today = dt.date.today()
    programme = services.programme_create(
        user=UserFactory(), name="Вчера", starts_on=today - dt.timedelta(days=1), ends_on=today
    )
    programme.__class__.objects.filter(pk=programme.pk).update(ends_on=today - dt.timedelta(days=1))

    with pytest.raises(ServiceError) as error:
        services.programme_join(user=user, join_code=programme.join_code, role=Role.MENTEE)

    assert error.value.code == "programme_over"


# --- Pair rules -------------------------------------------------------------------------------


def test_a_rule_needs_a_mentee_of_the_programme_in_the_mentee_role(coordinator, programme, cohort):
    _mentees, mentors = cohort
    with pytest.raises(InvalidInput) as error:
        services.pair_rule_set(
            user=coordinator,
            programme_id=programme.pk,
            mentee_id=mentors[0].pk,
            mentor_id=mentors[1].pk,
            kind=RuleKind.FORBIDDEN,
        )
    assert error.value.field == "mentee"


def test_setting_the_same_forced_pair_again_is_harmless(coordinator, programme, cohort):
    mentees, mentors = cohort
    rule = {"mentee_id": mentees[0].pk, "mentor_id": mentors[0].pk, "kind": RuleKind.FORCED}
    services.pair_rule_set(user=coordinator, programme_id=programme.pk, **rule)

    services.pair_rule_set(user=coordinator, programme_id=programme.pk, **rule)

    assert PairRule.objects.filter(programme=programme).count() == 1


def test_a_forced_pair_in_another_programme_does_not_clash(coordinator, programme, cohort):
    mentees, mentors = cohort
    other = _other_programme(coordinator=coordinator)
    PairRule.objects.create(
        programme=other, mentee=mentees[0].user, mentor=mentors[1].user, kind=RuleKind.FORCED
    )

    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[0].pk,
        kind=RuleKind.FORCED,
    )

    assert PairRule.objects.filter(programme=programme, kind=RuleKind.FORCED).count() == 1


# --- Draft edits ------------------------------------------------------------------------------


def _add(coordinator, programme, run, mentee, mentor):
    return services.draft_pair_add(
        user=coordinator,
        programme_id=programme.pk,
        run_id=run.pk,
        mentee_id=mentee.pk,
        mentor_id=mentor.pk,
    )


def test_a_mentor_takes_pairs_up_to_their_free_places_in_the_draft(coordinator, programme, cohort):
    mentees, mentors = cohort  # two places each
    run = _draft(programme)
    _add(coordinator, programme, run, mentees[0], mentors[0])
    _add(coordinator, programme, run, mentees[1], mentors[0])

    with pytest.raises(ServiceError) as error:
        _add(coordinator, programme, run, mentees[2], mentors[0])

    assert error.value.code == "capacity_full"


def test_pairs_of_an_older_run_take_no_place_in_this_draft(coordinator, programme, cohort):
    mentees, mentors = cohort
    older = _draft(programme)
    MatchingRun.objects.filter(pk=older.pk).update(status=RunStatus.SUPERSEDED)
    for mentee in mentees[:2]:
        DraftPair.objects.create(run=older, mentee=mentee.user, mentor=mentors[0].user)
    run = _draft(programme)

    _add(coordinator, programme, run, mentees[2], mentors[0])

    assert run.pairs.count() == 1


def test_a_forced_rule_or_another_programmes_forbidden_rule_does_not_forbid_a_pair(
    coordinator, programme, cohort
):
    mentees, mentors = cohort
    PairRule.objects.create(
        programme=programme, mentee=mentees[0].user, mentor=mentors[0].user, kind=RuleKind.FORCED
    )
    PairRule.objects.create(
        programme=_other_programme(),
        mentee=mentees[1].user,
        mentor=mentors[0].user,
        kind=RuleKind.FORBIDDEN,
    )
    run = _draft(programme)

    _add(coordinator, programme, run, mentees[0], mentors[0])
    _add(coordinator, programme, run, mentees[1], mentors[0])

    assert run.pairs.count() == 2


def test_a_published_run_cannot_be_edited(coordinator, programme, cohort):
    mentees, mentors = cohort
    run = _draft(programme)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.PUBLISHED)

    with pytest.raises(ServiceError) as error:
        _add(coordinator, programme, run, mentees[0], mentors[0])

    assert error.value.code == "not_a_draft"


# --- Publishing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"mentee_accepted": True},
        {"mentor_accepted": True},
        {"status": MatchStatus.EXPIRED},
    ],
    ids=["mentee said yes", "mentor said yes", "expired"],
)
def test_publishing_leaves_a_pair_someone_acted_on(coordinator, programme, cohort, state):
    mentees, mentors = cohort
    run = _draft(programme)
    DraftPair.objects.create(run=run, mentee=mentees[0].user, mentor=mentors[0].user)
    acted = Match.objects.create(mentee=mentees[0], mentor=mentors[0], **state)
    before = Match.objects.values().get(pk=acted.pk)

    result = services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)

    assert result == {"created": 0, "updated": 0, "skipped": 1}
    assert Match.objects.values().get(pk=acted.pk) == before


def test_publishing_adopts_only_the_drafted_pair_of_a_mentee(coordinator, programme, cohort):
    mentees, mentors = cohort
    run = _draft(programme)
    DraftPair.objects.create(run=run, mentee=mentees[0].user, mentor=mentors[0].user)
    other_suggestion = Match.objects.create(mentee=mentees[0], mentor=mentors[1])

    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)

    other_suggestion.refresh_from_db()
    assert (other_suggestion.origin, other_suggestion.programme_id) == ("suggestion", None)


# --- The run's steps --------------------------------------------------------------------------


def _queued(programme) -> MatchingRun:
    return MatchingRun.objects.create(programme=programme, objective="score")


def test_the_plan_claims_only_a_queued_run(programme):
    run = _queued(programme)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    assert runs.matching_run_plan(run_id=run.pk) is None


def test_the_plan_leaves_out_mentees_in_an_active_pair_of_the_programme_and_inactive_people(
    programme, cohort
):
    mentees, mentors = cohort
    busy = Mentorship.objects.create(
        mentee=mentees[0], mentor=mentors[0], programme=programme, phase=Phase.MAIN
    )
    Mentorship.objects.create(
        mentee=mentees[1], mentor=mentors[0], programme=programme, phase=Phase.ENDED
    )
    for person in (mentees[2].user, mentors[1].user):
        person.is_active = False
        person.save(update_fields=["is_active"])

    plan = runs.matching_run_plan(run_id=_queued(programme).pk)

    assert busy.mentee_id not in plan["mentee_ids"]
    assert plan["mentee_ids"] == sorted(m.pk for m in (mentees[1], mentees[3], mentees[4]))
    assert plan["mentor_ids"] == [mentors[0].pk]


def test_pairs_forbidden_here_or_decided_anywhere_are_never_candidates(programme, cohort):
    mentees, mentors = cohort
    other = _other_programme()
    rules = [
        (programme, mentees[0], mentors[0], RuleKind.FORBIDDEN),
        (programme, mentees[1], mentors[0], RuleKind.FORCED),
        (other, mentees[2], mentors[0], RuleKind.FORBIDDEN),
    ]
    for where, mentee, mentor, kind in rules:
        PairRule.objects.create(programme=where, mentee=mentee.user, mentor=mentor.user, kind=kind)
    Match.objects.create(mentee=mentees[3], mentor=mentors[0], status=MatchStatus.DECLINED)
    Match.objects.create(mentee=mentees[4], mentor=mentors[0])  # untouched: may be proposed

    excluded = draft_scores.excluded_pairs(programme, [m.pk for m in mentees])

    assert excluded == {(mentees[0].pk, mentors[0].pk), (mentees[3].pk, mentors[0].pk)}


def test_a_duplicate_assignment_of_a_run_no_longer_running_writes_nothing(programme, cohort):
    run = _queued(programme)
    plan = runs.matching_run_plan(run_id=run.pk)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)

    assert not runs.cohort_assign(
        run_id=run.pk, payloads=[], mentee_ids=plan["mentee_ids"], mentor_ids=plan["mentor_ids"]
    )

    assert not run.pairs.exists()
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.FAILED


def test_only_runs_in_progress_for_over_an_hour_are_failed(programme):
    old = [_queued(programme), _queued(_other_programme())]
    MatchingRun.objects.filter(pk=old[1].pk).update(status=RunStatus.RUNNING)
    young = _queued(_other_programme())
    MatchingRun.objects.filter(pk__in=[r.pk for r in old]).update(
        created_at=NOW - dt.timedelta(hours=1, minutes=1)
    )
    MatchingRun.objects.filter(pk=young.pk).update(created_at=NOW - dt.timedelta(minutes=59))
    done = _draft(programme, created_at=NOW - dt.timedelta(days=1))

    assert runs.matching_runs_fail_stuck(now=NOW) == 2

    rows = {r.pk: (r.status, r.finished_at) for r in MatchingRun.objects.all()}
    assert rows == {
        old[0].pk: (RunStatus.FAILED, NOW),
        old[1].pk: (RunStatus.FAILED, NOW),
        young.pk: (RunStatus.QUEUED, None),
        done.pk: (RunStatus.DRAFT, None),
    }


def test_a_failed_chord_fails_only_a_run_in_progress(programme):
    """A chord's error callback arriving after the draft was written leaves the draft."""
    running = _queued(programme)
    elsewhere = _queued(_other_programme())
    MatchingRun.objects.filter(pk__in=[running.pk, elsewhere.pk]).update(status=RunStatus.RUNNING)
    done = _draft(_other_programme())

    runs.matching_run_fail(run_id=running.pk, error="x" * 3000)
    runs.matching_run_fail(run_id=done.pk, error="late")

    failed = MatchingRun.objects.get(pk=running.pk)
    assert (failed.status, failed.error) == (RunStatus.FAILED, "x" * 2000)
    assert failed.finished_at is not None
    assert MatchingRun.objects.get(pk=done.pk).status == RunStatus.DRAFT
    assert MatchingRun.objects.get(pk=elsewhere.pk).status == RunStatus.RUNNING


def test_a_run_failed_while_its_assignment_was_solved_gets_no_draft(
    coordinator, programme, cohort, monkeypatch
):
    """The draft is written by a conditional UPDATE (`status = running`): a run failed
    by the hourly job while the solver worked stays failed and empty."""
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    plan = runs.matching_run_plan(run_id=run.pk)
    payloads = [
        runs.cohort_chunk_score(
            run_id=run.pk, mentee_ids=chunk, mentor_ids=plan["mentor_ids"], first_index=0
        )
        for chunk in plan["chunks"]
    ]
    greedy = runs.cohort.greedy

    def greedy_while_the_run_is_failed(*args, **kwargs):
        MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        return greedy(*args, **kwargs)

    monkeypatch.setattr(runs.cohort, "greedy", greedy_while_the_run_is_failed)

    runs.cohort_assign(
        run_id=run.pk,
        payloads=payloads,
        mentee_ids=plan["mentee_ids"],
        mentor_ids=plan["mentor_ids"],
    )

    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.FAILED
    assert not run.pairs.exists()


def test_the_same_run_solved_undisturbed_gets_its_draft(coordinator, programme, cohort):
    """The premise of the test above."""
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")

    assert runs.matching_run_in_process(run_id=run.pk)

    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.DRAFT
    assert run.pairs.count() == 4


def test_a_stuck_run_that_finishes_as_it_is_failed_keeps_its_draft(programme, monkeypatch):
    """The hourly job fails a run with a conditional UPDATE (`status in progress`):
    a run reaching its draft between the job's read and its update keeps the draft."""
    run = MatchingRun.objects.create(
        programme=programme,
        objective="score",
        created_by=UserFactory(),
        created_at=NOW - dt.timedelta(hours=2),
    )
    in_language = runs.in_language

    def in_language_as_the_run_finishes(person):
        MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.DRAFT)
        return in_language(person)

    monkeypatch.setattr(runs, "in_language", in_language_as_the_run_finishes)

    assert runs.matching_runs_fail_stuck(now=NOW) == 0

    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.DRAFT


@pytest.mark.parametrize(
    ("weights", "names"),
    [
        ({"charm": 5}, "charm"),
        ({"skills": "много"}, "100"),
        ({"skills": -1}, "100"),
        (dict.fromkeys(services.WEIGHT_NAMES, 0), "нуля"),
    ],
)
def test_refused_weights_say_why_in_words(coordinator, programme, weights, names):
    with pytest.raises(InvalidInput) as error:
        services.programme_update(user=coordinator, programme_id=programme.pk, weights=weights)

    assert error.value.field == "weights"
    assert names in str(error.value.message)
