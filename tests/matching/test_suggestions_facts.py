"""The refresh's facts built for all suggestions at once (matching/suggestions_facts.py)
are the facts built pair by pair (explain.facts_of_pairs). No database."""

import datetime as dt
import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import explain, scoring, suggestions_facts
from matching.features import Batch, Taxonomy, TrackFacts
from tests.matching.scoring_data import random_batches

WEEK = dt.date(2026, 3, 23)
CODES = explain.Codes(
    skills={i: f"skill-{i}" for i in range(scoring.MAX_SKILLS)},
    goal_areas={i: f"area-{i}" for i in range(4)},
)


def _batch(seed: int, n: int, m: int) -> Batch:
    mentees, mentors = random_batches(seed, n, m)
    # Every other mentor has a track record (stored with the facts), one of them partial.
    track = {
        int(pk): TrackFacts(4.25, 3, None if k % 4 else 0.8)
        for k, pk in enumerate(mentors.ids.tolist())
        if k % 2 == 0
    }
    return Batch(mentees, mentors, Taxonomy({}, {}, {}, {}), WEEK, track)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_the_facts_of_all_pairs_at_once_are_the_facts_pair_by_pair(seed):
    batch = _batch(seed, 6, 15)
    pairs = [(i, j) for i in range(6) for j in range(15)]
    rows, cols = (np.array(side) for side in zip(*pairs, strict=True))

    texts, fingerprints, minutes = suggestions_facts.facts_texts(batch, CODES, rows, cols)

    expected = list(
        explain.facts_of_pairs(
            scoring.pair_facts(batch.mentees, batch.mentors, pairs), batch, CODES
        )
    )
    decoded = [json.loads(text) for text in texts]
    assert [facts.pop(suggestions_facts.FINGERPRINT) for facts in decoded] == fingerprints
    assert decoded == expected
    assert minutes == [facts["minutes"] for facts in expected]


def test_the_fingerprint_changes_with_the_facts_and_only_with_them():
    batch = _batch(7, 3, 4)
    rows, cols = np.array([0, 0, 1, 0]), np.array([0, 1, 0, 0])

    _texts, fingerprints, _minutes = suggestions_facts.facts_texts(batch, CODES, rows, cols)
    next_week = Batch(batch.mentees, batch.mentors, batch.taxonomy, WEEK + dt.timedelta(7))
    _texts, moved, _minutes = suggestions_facts.facts_texts(next_week, CODES, rows, cols)

    assert fingerprints[0] == fingerprints[3]  # the same pair, the same facts
    assert len(set(fingerprints[:3])) == 3
    assert not set(moved) & set(fingerprints)


def test_no_pairs_no_facts():
    batch = _batch(1, 2, 2)
    empty = np.array([], dtype=np.intp)
    assert suggestions_facts.facts_texts(batch, CODES, empty, empty) == ([], [], [])
