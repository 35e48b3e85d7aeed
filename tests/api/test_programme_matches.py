"""A programme's match is a match like any other, from any client: after a real publish it
answers with its `programme` id, its overlap and its explanation, written with the weights
that made its score (the programme's), on the mentee's side and on the mentor's."""

import pytest

from matching import suggestions
from matching.models import Match
from programmes.models import MatchingRun
from programmes.weights import scoring_weights
from tests.clock import shared_minutes
from tests.factories import MenteeFactory, MentorFactory
from tests.programmes.conftest import run_inline

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/matches/"
# Weights far from the defaults, so that an explanation written with the defaults shows.
WEIGHTS = {"skills": 60.0, "overlap": 5.0, "track": 0.0, "switch": 0.0}


def _join(api, programme, profile, role: str) -> None:
    api.force_authenticate(profile.user)
    joined = api.post("/api/v1/programmes/join/", {"join_code": programme.join_code, "role": role})
    assert joined.status_code == 201, joined.json()


def _publish(api, coordinator, programme) -> MatchingRun:
    """The coordinator sets the weights, runs the matching and publishes, all by the API."""
    api.force_authenticate(coordinator)
    base = f"/api/v1/programmes/{programme.pk}/"
    assert api.patch(base, {"weights": WEIGHTS}, format="json").status_code == 200
    started = api.post(f"{base}match/", {"objective": "score"})
    assert started.status_code == 202
    run = run_inline(MatchingRun.objects.get(pk=started.json()["run"]["id"]))
    published = api.post(f"{base}runs/{run.pk}/publish/")
    assert published.status_code == 200, published.json()
    return run


def _assert_explained_with_the_programmes_weights(answer: dict) -> None:
    points = scoring_weights(WEIGHTS).points()
    weights = {f["factor"]: f["weight"] for f in answer["explanation"]}
    assert weights, "a programme's match explains itself"
    for factor, weight in weights.items():
        assert weight == pytest.approx(points[factor])
    # The sentence and the number agree: the factors add up to the score.
    total = sum(f["weight"] * f["value"] for f in answer["explanation"])
    assert total == pytest.approx(answer["score"], abs=0.1)


def test_a_published_programme_match_answers_like_any_match_on_both_sides(
    api, coordinator, programme
):
    mentee, mentor = MenteeFactory(), MentorFactory()
    _join(api, programme, mentee, "mentee")
    _join(api, programme, mentor, "mentor")
    run = _publish(api, coordinator, programme)
    overlap = shared_minutes(
        mentee.availability, mentee.timezone, mentor.availability, mentor.timezone, run.created_at
    )
    assert overlap == 600  # Moscow evenings, five days a week

    for person, role in ((mentee.user, "mentee"), (mentor.user, "mentor")):
        api.force_authenticate(person)
        [answer] = api.get(MATCHES, {"role": role}).json()["results"]
        assert (answer["mentee"]["id"], answer["mentor"]["id"]) == (mentee.pk, mentor.pk)
        assert answer["programme"] == programme.pk
        assert answer["origin"] == "programme"
        assert answer["overlap_minutes_per_week"] == overlap
        _assert_explained_with_the_programmes_weights(answer)
        overlap_detail = next(f for f in answer["explanation"] if f["factor"] == "overlap")
        assert "Общие часы — 10 ч в неделю" in overlap_detail["detail"]
        assert api.get(f"{MATCHES}{answer['id']}/").json() == answer


def test_a_programme_match_comes_first_and_an_adopted_suggestion_takes_the_programmes_score(
    api, coordinator, programme
):
    mentee = MenteeFactory()
    # The programme's mentor shares no skill with the mentee; a mentor outside the
    # programme shares two, and scores higher as an ordinary suggestion.
    mentor = MentorFactory(skill_codes=["excel"])
    outsider = MentorFactory()
    _join(api, programme, mentee, "mentee")
    _join(api, programme, mentor, "mentor")
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    before = Match.objects.get(mentee=mentee, mentor=mentor)
    assert before.programme_id is None

    _publish(api, coordinator, programme)
    api.force_authenticate(mentee.user)
    first, second = api.get(MATCHES).json()["results"]
    assert (first["id"], first["programme"], first["origin"]) == (
        before.pk,
        programme.pk,
        "programme",
    )
    assert (second["mentor"]["id"], second["programme"], second["origin"]) == (
        outsider.pk,
        None,
        "suggestion",
    )
    assert second["score"] > first["score"]  # first for being the programme's, not by score
    _assert_explained_with_the_programmes_weights(first)
    assert first["overlap_minutes_per_week"] == 600


def test_a_pair_added_by_hand_answers_with_its_score_explanation_and_blockers(
    api, coordinator, programme, cohort
):
    _mentees, mentors = cohort
    german = MenteeFactory(language_codes=["de"])  # no mentor speaks German
    _join(api, programme, german, "mentee")
    api.force_authenticate(coordinator)
    base = f"/api/v1/programmes/{programme.pk}/"
    assert api.patch(base, {"weights": WEIGHTS}, format="json").status_code == 200
    started = api.post(f"{base}match/", {"objective": "score"})
    run = run_inline(MatchingRun.objects.get(pk=started.json()["run"]["id"]))
    pairs_url = f"{base}runs/{run.pk}/pairs/"
    drafted = api.get(pairs_url).json()["results"]
    removed = next(pair for pair in drafted if pair["mentor"] == mentors[0].pk)
    assert removed["blockers"] == []
    assert api.delete(f"{pairs_url}{removed['id']}/").status_code == 204
    unmatched = api.get(f"{base}runs/{run.pk}/unmatched/").json()["results"]
    assert {"mentee": removed["mentee"], "reason": "removed"}.items() <= next(
        row for row in unmatched if row["mentee"] == removed["mentee"]
    ).items()

    added = api.post(pairs_url, {"mentee": german.pk, "mentor": mentors[0].pk})
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["score"], body["added_by_coordinator"]) == (0, True)
    assert body["blockers"] == ["Нет общего языка."]
    assert body["explanation"]
    points = scoring_weights(WEIGHTS).points()
    assert {f["factor"]: f["weight"] for f in body["explanation"]} == {
        f["factor"]: points[f["factor"]] for f in body["explanation"]
    }

    # Put back, the removed pair scores and reads as the matching drafted it.
    assert api.delete(f"{pairs_url}{body['id']}/").status_code == 204
    again = api.post(pairs_url, {"mentee": removed["mentee"], "mentor": removed["mentor"]}).json()
    assert (again["score"], again["explanation"], again["blockers"]) == (
        removed["score"],
        removed["explanation"],
        [],
    )
