"""A programme's pairs are first-class: scored and explained with the programme's weights
in the draft (also when the coordinator adds one by hand), the mentee a pair was taken
from listed among the unmatched, a published match shaped like any other and shown
first, and a member told what came of the matching."""

import pytest
from django.urls import reverse

from matching import suggestions
from matching.models import Match
from programmes import runs, services
from programmes.models import DraftPair, DraftUnmatched, MatchingRun
from programmes.weights import scoring_weights
from tests.factories import MenteeFactory, languages
from tests.programmes.conftest import run_inline

pytestmark = pytest.mark.django_db

# Weights far from the defaults, so that facts written with the defaults show.
WEIGHTS = {"skills": 60.0, "overlap": 5.0, "track": 0.0, "switch": 0.0}


@pytest.fixture
def weighted_draft(coordinator, programme, cohort) -> MatchingRun:
    services.programme_update(user=coordinator, programme_id=programme.pk, weights=WEIGHTS)
    run = runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    return run_inline(run)


def _assert_weighted(factors: dict, score: float) -> None:
    """Stored facts written with the programme's weights, adding up to the score."""
    points = scoring_weights(WEIGHTS).points()
    assert {code: weight for code, weight, _value in factors["f"]} == points
    total = sum(weight * value for _code, weight, value in factors["f"])
    assert total == pytest.approx(score, abs=0.05)


def _free_a_place(run: MatchingRun, mentor_id: int) -> DraftPair:
    pair = DraftPair.objects.filter(run=run, mentor_id=mentor_id).order_by("pk").first()
    services.draft_pair_remove(
        user=run.created_by, programme_id=run.programme_id, run_id=run.pk, pair_id=pair.pk
    )
    return pair


def _add(run: MatchingRun, mentee_id: int, mentor_id: int) -> DraftPair:
    return services.draft_pair_add(
        user=run.created_by,
        programme_id=run.programme_id,
        run_id=run.pk,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
    )


# --- The draft ---------------------------------------------------------------------------------


def test_the_drafts_facts_carry_the_weights_that_made_its_scores(weighted_draft):
    pairs = list(DraftPair.objects.filter(run=weighted_draft))
    assert len(pairs) == 4
    for pair in pairs:
        _assert_weighted(pair.factors, pair.score)


def test_a_pair_added_by_hand_is_scored_as_the_matching_scored_it(weighted_draft, cohort):
    _mentees, mentors = cohort
    removed = _free_a_place(weighted_draft, mentors[0].pk)
    added = _add(weighted_draft, removed.mentee_id, removed.mentor_id)
    assert added.added_by_coordinator
    assert removed.score > 0
    assert added.score == pytest.approx(removed.score, abs=0.01)
    assert added.factors == removed.factors
    _assert_weighted(added.factors, added.score)


def test_a_pair_that_fails_a_hard_filter_is_added_saying_what_fails(
    client, coordinator, programme, weighted_draft, cohort
):
    _mentees, mentors = cohort
    german = MenteeFactory(language_codes=["de"])  # no mentor speaks German
    services.programme_join(user=german.user, join_code=programme.join_code, role="mentee")
    _free_a_place(weighted_draft, mentors[0].pk)
    added = _add(weighted_draft, german.pk, mentors[0].pk)
    assert added.score == 0
    assert added.factors["blockers"] == ["no_common_language"]

    client.force_login(coordinator)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert 'data-testid="blockers"' in html
    assert "Нет общего языка." in html


def test_a_forced_pair_that_fails_a_hard_filter_says_what_fails(coordinator, programme, cohort):
    mentees, mentors = cohort
    mentors[1].languages.set(languages("de"))  # no language in common
    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[1].pk,
        kind="forced",
    )
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    forced = DraftPair.objects.get(run=run, mentee_id=mentees[0].pk)
    assert (forced.forced, forced.mentor_id, forced.score) == (True, mentors[1].pk, 0)
    assert forced.factors["blockers"] == ["no_common_language"]
    others = DraftPair.objects.filter(run=run, forced=False)
    assert all("blockers" not in pair.factors for pair in others)


def test_a_mentee_whose_pair_is_removed_is_listed_without_a_pair_until_paired_again(
    client, coordinator, programme, weighted_draft, cohort
):
    _mentees, mentors = cohort
    removed = _free_a_place(weighted_draft, mentors[0].pk)
    left = DraftUnmatched.objects.get(run=weighted_draft, mentee_id=removed.mentee_id)
    assert left.reason == "removed"

    client.force_login(coordinator)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "пару убрали из черновика" in html
    api_url = f"/api/v1/programmes/{programme.pk}/runs/{weighted_draft.pk}/unmatched/"
    listed = client.get(api_url).json()["results"]
    assert {(row["mentee"], row["reason"]) for row in listed} >= {(removed.mentee_id, "removed")}

    _add(weighted_draft, removed.mentee_id, removed.mentor_id)
    assert not DraftUnmatched.objects.filter(run=weighted_draft, mentee_id=removed.mentee_id)


# --- After publishing --------------------------------------------------------------------------


def test_a_published_match_keeps_the_drafts_score_facts_and_overlap(
    coordinator, programme, weighted_draft
):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=weighted_draft.pk)
    for pair in DraftPair.objects.filter(run=weighted_draft):
        match = Match.objects.get(mentee_id=pair.mentee_id, mentor_id=pair.mentor_id)
        assert (match.programme_id, match.score, match.factors) == (
            programme.pk,
            pair.score,
            pair.factors,
        )
        assert match.overlap_minutes_per_week == pair.factors["minutes"] == 600


def test_the_mentee_sees_the_programmes_pair_first_labelled_with_its_name(
    client, coordinator, programme, cohort, weighted_draft
):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=weighted_draft.pk)
    match = Match.objects.filter(programme=programme).select_related("mentee__user").first()
    # Ordinary suggestions that score higher than the programme's pair.
    suggestions.suggestions_refresh(mentee_ids=[match.mentee_id])
    Match.objects.filter(mentee_id=match.mentee_id, programme=None).update(score=99)
    client.force_login(match.mentee.user)
    response = client.get(reverse("matching:suggestions"))
    shown = response.context["suggested"]
    assert shown[0].pk == match.pk
    assert len(shown) > 1
    first, *others = response.content.decode().split('data-testid="suggestion"')[1:]
    assert 'data-testid="programme-label"' in first
    assert "Программа «Весенний поток»" in first
    assert not any('data-testid="programme-label"' in card for card in others)


def test_a_member_left_without_a_pair_reads_what_happened_and_what_comes_next(
    client, coordinator, programme, draft_and_left_out
):
    run, left_out = draft_and_left_out
    client.force_login(left_out)
    page = reverse("programmes:detail", args=[programme.pk])
    before = client.get(page).content.decode()
    assert "их предложит координатор после подбора" in before

    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    after = client.get(page).content.decode()
    assert "их предложит координатор после подбора" not in after
    assert 'data-testid="not-matched"' in after
    assert "В этом подборе пары для вас не нашлось" in after
    assert "подходящие наставники заняты другими участниками" in after
    assert "координатор может добавить пару вручную" in after
    assert f'href="{reverse("mentor-catalogue")}"' in after


@pytest.fixture
def draft_and_left_out(coordinator, programme, cohort):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    return run, DraftUnmatched.objects.get(run=run).mentee
