"""What predicts a switch: the regression recovers known effects; the page's thresholds."""

import datetime as dt

import numpy as np
import pytest
from django.urls import reverse

from matching.models import Match, MatchStatus
from mentorship.follow_up_models import FollowUp
from programmes import predictors
from programmes.predictors import FACTORS, Association, fit_associations, suggested_weights
from tests.factories import MentorFactory, MentorshipFactory

# Known effects (log-odds from a factor's worst to its best value); the rest are 0.
TRUE_EFFECTS = {"skills": 2.0, "overlap": -1.5, "switch": 1.0}
INTERCEPT = -0.5


def synthetic(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(n, len(FACTORS)))
    x[:, FACTORS.index("goal")] = 1.0  # every matched pair shares the goal area
    logit = INTERCEPT + sum(x[:, FACTORS.index(f)] * b for f, b in TRUE_EFFECTS.items())
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(float)
    return x, y


def test_the_regression_recovers_the_signs_and_rough_sizes_of_known_effects():
    x, y = synthetic(3000)
    found = {a.factor: a for a in fit_associations(x, y, FACTORS)}
    assert found["goal"].coefficient is None  # it never varied
    for factor in FACTORS[1:]:
        truth = TRUE_EFFECTS.get(factor, 0.0)
        a = found[factor]
        assert abs(a.coefficient - truth) < 0.5, (factor, a)
        assert a.ci_low < a.coefficient < a.ci_high
        # A real effect is told apart from none; a null effect is not called one.
        assert a.clear == (truth != 0.0), (factor, a)
    assert np.sign(found["overlap"].coefficient) == -1


def test_the_suggestion_moves_only_clear_factors_and_keeps_the_total():
    current = {"goal": 20.0, "skills": 25.0, "overlap": 20.0, "track": 5.0}
    associations = [
        Association("skills", 1.0, 0.4, 1.6, 0.001),
        Association("overlap", -1.0, -1.8, -0.2, 0.01),
        Association("track", 3.0, -0.5, 6.5, 0.2),  # unclear: unchanged
        Association("goal", None, None, None, None),
    ]
    suggested = suggested_weights(current, associations)
    assert suggested["skills"] > 25.0 * 1.2
    assert suggested["overlap"] < 20.0 * 0.8
    assert sum(suggested.values()) == pytest.approx(70.0, abs=1.0)
    # Unchanged factors only move by the rescaling, in the same proportion.
    assert suggested["goal"] / suggested["track"] == pytest.approx(4.0, rel=0.1)


def _six_month_answers(programme, count: int, x: np.ndarray, y: np.ndarray) -> None:
    due = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    mentor = MentorFactory()
    for i in range(count):
        mentorship = MentorshipFactory(mentor=mentor, programme=programme, phase="completed")
        Match.objects.create(
            mentee=mentorship.mentee, mentor=mentorship.mentor, mentorship=mentorship,
            status=MatchStatus.ACCEPTED, mentee_accepted=True, mentor_accepted=True,
            factors={"f": [[name, 10.0, float(x[i, j])] for j, name in enumerate(FACTORS)]},
        )  # fmt: skip
        FollowUp.objects.create(
            mentee=mentorship.mentee.user, mentorship=mentorship, programme=programme,
            months=6, due_at=due, answered_at=due,
            in_target_field="yes" if y[i] else "not_yet",
        )  # fmt: skip


@pytest.mark.django_db
def test_below_fifty_answers_the_page_says_how_many_more_are_needed(client, coordinator, programme):
    x, y = synthetic(49)
    _six_month_answers(programme, 49, x, y)
    result = predictors.predictors(programme)
    assert (result["answers"], result["missing"], result["associations"]) == (49, 1, [])
    client.force_login(coordinator)
    page = client.get(reverse("programmes:predictors", args=[programme.pk])).content.decode()
    assert "Нужно ещё 1 ответов" in page
    # Nothing to apply yet: refused, the weights unchanged.
    client.post(reverse("programmes:predictors", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.weights == {}


@pytest.mark.django_db
def test_from_fifty_answers_a_table_and_weights_applied_only_on_request(
    client, coordinator, programme
):
    x, y = synthetic(60, seed=3)
    _six_month_answers(programme, 60, x, y)
    client.force_login(coordinator)
    page = client.get(reverse("programmes:predictors", args=[programme.pk])).content.decode()
    assert 'data-testid="predictors"' in page
    programme.refresh_from_db()
    assert programme.weights == {}  # shown, never applied by itself
    suggested = predictors.predictors(programme)["suggested_weights"]
    assert client.post(reverse("programmes:predictors", args=[programme.pk])).status_code == 302
    programme.refresh_from_db()
    assert programme.weights == suggested


@pytest.mark.django_db
def test_the_whole_sites_table_is_for_the_sites_staff_only(client, coordinator, stranger):
    url = reverse("programmes:site-predictors")
    client.force_login(stranger)
    assert client.get(url).status_code == 302  # to the admin sign-in
    stranger.is_staff = True
    stranger.save()
    page = client.get(url).content.decode()
    assert 'data-testid="predictors-missing"' in page
    assert "Нужно ещё 50 ответов" in page
