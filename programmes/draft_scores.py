"""The scorer's word on a draft's pairs, with the programme's weights.

Every pair of a draft carries the facts its explanation is written from, and
those facts hold the weights that made its score (the programme's, never the
defaults), so the sentence and the number agree. A pair the solver did not
choose — one the coordinator adds by hand, or one a rule forced — is scored by
the same scorer, and when a hard filter fails, its blockers are kept with the
facts ("blockers": [codes]) so that the coordinator decides knowingly.
"""

import datetime as dt
from collections.abc import Iterable

from accounts.models import MenteeProfile, MentorProfile
from matching import explain, features, scoring
from matching.models import Match, MatchStatus
from programmes.models import MatchingRun, PairRule, Programme, RuleKind
from programmes.weights import scoring_weights, track_outcomes_of

# A drafted pair: (mentee_id, mentor_id, score, forced).
Drafted = tuple[int, int, float, bool]


def run_week(run: MatchingRun) -> dt.date:
    """The week whose hours a run scores: the one coming after the run started, for
    every chunk and the draft's facts alike, even when the run crosses a Monday."""
    return features.coming_week_start(run.created_at)


def weights_of(programme: Programme) -> scoring.Weights:
    return scoring_weights(programme.weights)


def track_outcomes(programme: Programme) -> float:
    """How much of the track factor the mentors' outcome share takes here (issue 16)."""
    return track_outcomes_of(programme.weights)


def excluded_pairs(programme: Programme, mentee_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Pairs never to propose: forbidden by the coordinator, or already final elsewhere."""
    mentee_ids = list(mentee_ids)
    forbidden = PairRule.objects.filter(
        programme=programme, kind=RuleKind.FORBIDDEN, mentee_id__in=mentee_ids
    ).values_list("mentee_id", "mentor_id")
    final = (
        Match.objects.filter(mentee_id__in=mentee_ids)
        .exclude(status=MatchStatus.SUGGESTED)
        .values_list("mentee_id", "mentor_id")
    )
    return set(forbidden) | set(final)


def drafted_scored(run: MatchingRun, pairs: list[Drafted]) -> list[tuple[Drafted, dict]]:
    """Each pair the solver drafted with its facts; a forced pair with its own score
    and, when a hard filter fails, its blockers (the solver gives it no score)."""
    if not pairs:
        return []
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk__in={e for e, *_ in pairs}),
        MentorProfile.objects.filter(pk__in={r for _e, r, *_ in pairs}),
        week=run_week(run),
        track_outcomes=track_outcomes(run.programme),
    )
    weights = weights_of(run.programme)
    codes = explain.Codes.of(batch)
    mentee_at = {pk: i for i, pk in enumerate(batch.mentees.ids.tolist())}
    mentor_at = {pk: j for j, pk in enumerate(batch.mentors.ids.tolist())}
    chosen = [(e, r) for e, r, _score, forced in pairs if not forced]
    found = scoring.pair_facts(
        batch.mentees, batch.mentors, [(mentee_at[e], mentor_at[r]) for e, r in chosen], weights
    )
    facts = dict(zip(chosen, explain.facts_of_pairs(found, batch, codes), strict=True))
    forced = {e for e, _r, _score, is_forced in pairs if is_forced}
    excluded = excluded_pairs(run.programme, forced) if forced else set()
    scored = []
    for e, r, score, is_forced in pairs:
        if is_forced:
            score, fact = _scored(batch, mentee_at[e], mentor_at[r], weights, excluded, codes)
        else:
            fact = facts[(e, r)]
        scored.append(((e, r, score, is_forced), fact))
    return scored


def pair_scored(*, run: MatchingRun, mentee_id: int, mentor_id: int) -> tuple[float, dict]:
    """One pair's score and facts as the run would score it (a pair added by hand)."""
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk=mentee_id),
        MentorProfile.objects.filter(pk=mentor_id),
        week=run_week(run),
        track_outcomes=track_outcomes(run.programme),
    )
    excluded = excluded_pairs(run.programme, [mentee_id])
    return _scored(batch, 0, 0, weights_of(run.programme), excluded)


def _scored(
    batch: features.Batch,
    i: int,
    j: int,
    weights: scoring.Weights,
    excluded: set[tuple[int, int]],
    codes: explain.Codes | None = None,
) -> tuple[float, dict]:
    pair = (int(batch.mentees.ids[i]), int(batch.mentors.ids[j]))
    explanation = scoring.explain_pair(
        batch.mentees, i, batch.mentors, j, weights, exclude=[pair] if pair in excluded else None
    )
    facts = explain.facts(explanation, batch, codes)
    if explanation.blockers:
        facts["blockers"] = list(explanation.blockers)
    # A pair that fails scores -1 in the scorer; the draft shows it as 0.
    return round(max(explanation.score, 0.0), 2), facts
