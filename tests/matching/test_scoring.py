"""The scorer: packing, score_block against its plain-Python reference, and the
package boundary (numpy and the standard library only, never Django).

Pure numpy and hypothesis: no database, no Django, milliseconds per test.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.scoring
from matching import scoring
from matching.scoring import (
    DEFAULT_WEIGHTS,
    SLOTS_PER_WEEK,
    Format,
    Stage,
    Weights,
    explain_pair,
    kernel,
    pack_mentees,
    pack_mentors,
    score_block,
    score_block_python,
)
from tests.matching.scoring_data import (
    FAST,
    bits,
    factor,
    mentee_row,
    mentor_row,
    pair_explanation,
    pair_score,
    random_batches,
    seeds,
)

ROOT = Path(__file__).resolve().parents[2]


# --- packing -------------------------------------------------------------------


def test_pack_puts_skills_languages_and_formats_in_bitmasks():
    mentees = pack_mentees([mentee_row(skills=[3, 70, 127], languages={0, 5})])
    assert mentees.skills[0].tolist() == [1 << 3, (1 << 6) | (1 << 63)]
    assert int(mentees.languages[0]) == 0b100001
    assert int(mentees.formats[0]) == int(Format.VIDEO)
    mentors = pack_mentors([mentor_row(track_record=None, goal_areas=[0, 63])])
    assert float(mentors.track_record[0]) == scoring.TRACK_RECORD_UNKNOWN
    assert int(mentors.goal_areas[0]) == (1 << 63) | 1


@pytest.mark.parametrize(
    "changes", [{"skills": [128]}, {"languages": {64}}, {"formats": 8}, {"goal_area": 64}]
)
def test_pack_rejects_codes_outside_the_taxonomy(changes):
    with pytest.raises(ValueError, match=r"outside|format|goal_area"):
        pack_mentees([mentee_row(**changes)])


def test_packed_columns_are_read_only():
    mentors = pack_mentors([mentor_row()])
    with pytest.raises(ValueError, match="read-only"):
        mentors.free_places[0] = 0


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        pack_mentors([mentor_row(), mentor_row()])


# --- scoring -------------------------------------------------------------------


def test_perfect_pair_scores_100():
    assert pair_score(mentee_row(), mentor_row()) == 100.0


HARD_FILTERS = [
    ("no_common_language", {}, {"languages": {1, 2}}, scoring.NO_COMMON_LANGUAGE),
    ("no_common_format", {}, {"formats": {Format.CHAT}}, scoring.NO_COMMON_FORMAT),
    (
        "in_person_other_city",
        {"formats": {Format.IN_PERSON}},
        {"formats": {Format.IN_PERSON}, "city": 8},
        scoring.NO_COMMON_FORMAT,
    ),
    (
        "in_person_without_city",
        {"formats": {Format.IN_PERSON}, "city": -1},
        {"formats": {Format.IN_PERSON}, "city": -1},
        scoring.NO_COMMON_FORMAT,
    ),
    ("not_accepting", {}, {"accepting": False}, scoring.NOT_ACCEPTING),
    ("no_free_place", {}, {"free_places": 0}, scoring.NO_FREE_PLACE),
    ("overbooked", {}, {"free_places": -1}, scoring.NO_FREE_PLACE),
    ("no_common_goal", {}, {"goal_areas": [1], "skills": [4, 71]}, scoring.NO_COMMON_GOAL),
    ("no_common_hours", {}, {"availability": bits(100, 101)}, scoring.NO_COMMON_HOURS),
    ("same_person", {"id": 101}, {}, scoring.SAME_PERSON),
]


@pytest.mark.parametrize(
    ("mentee_changes", "mentor_changes", "blocker"),
    [case[1:] for case in HARD_FILTERS],
    ids=[case[0] for case in HARD_FILTERS],
)
def test_each_hard_filter_excludes_the_pair(mentee_changes, mentor_changes, blocker):
    assert pair_score(mentee_row(), mentor_row()) > 0  # the unmodified pair is possible
    mentee, mentor = mentee_row(**mentee_changes), mentor_row(**mentor_changes)
    assert pair_score(mentee, mentor) == -1.0
    explanation = pair_explanation(mentee, mentor)
    assert explanation.blockers == (blocker,)
    assert not explanation.passes
    assert explanation.score == -1.0


def test_shared_skill_is_enough_without_a_common_goal_area():
    mentor = mentor_row(goal_areas=[1])
    assert pair_score(mentee_row(), mentor) == 80.0  # loses the 20 goal points only


@pytest.mark.parametrize("as_mask", [False, True])
def test_excluded_pairs_fail(as_mask):
    mentees = pack_mentees([mentee_row(id=1), mentee_row(id=2)])
    mentors = pack_mentors([mentor_row(id=101), mentor_row(id=102)])
    pairs = {(2, 101), (7, 101)}  # an unknown id is ignored
    mask = np.array([[(int(e), int(r)) in pairs for r in mentors.ids] for e in mentees.ids])
    exclude = mask if as_mask else pairs
    scores = score_block(mentees, mentors, exclude=exclude)
    assert scores.tolist() == [[100.0, 100.0], [-1.0, 100.0]]
    explanation = explain_pair(mentees, 1, mentors, 0, exclude=exclude)
    assert explanation.blockers == (scoring.EXCLUDED,)
    assert explanation.score == -1.0


def test_no_common_hours_with_chat_remains_possible_without_overlap_points():
    mentee = mentee_row(formats={Format.VIDEO, Format.CHAT})
    mentor = mentor_row(availability=bits(100, 101))
    explanation = pair_explanation(mentee, mentor)
    assert explanation.passes
    assert factor(explanation, "overlap").value == 0.0
    assert factor(explanation, "format").value == 1.0
    assert pair_score(mentee, mentor) == 80.0


def test_in_person_counts_only_in_the_same_city():
    mentee = mentee_row(formats={Format.VIDEO, Format.IN_PERSON})
    mentor = mentor_row(formats={Format.VIDEO, Format.IN_PERSON})
    same_city = pair_explanation(mentee, mentor)
    other_city = pair_explanation(mentee, replace(mentor, city=8))
    assert factor(same_city, "format").value == 1.0
    assert factor(same_city, "format").data["shared_formats"] == ("video", "in_person")
    assert factor(other_city, "format").value == 0.5
    assert other_city.score == same_city.score - 5.0


def test_skill_coverage_is_shared_over_wanted():
    mentee = mentee_row(skills=[3, 70, 80, 81])
    explanation = pair_explanation(mentee, mentor_row())
    assert factor(explanation, "skills").value == 0.5
    assert factor(explanation, "skills").data["shared_skills"] == (3, 70)
    assert factor(explanation, "skills").data["missing_skills"] == (80, 81)
    assert explanation.score == pytest.approx(100 - 12.5)


@pytest.mark.parametrize(
    ("slots", "expected_points"), [(1, 20 / 6), (3, 10.0), (6, 20.0), (12, 20.0)]
)
def test_overlap_points_saturate_at_180_minutes(slots, expected_points):
    mentee = mentee_row(availability=bits(*range(36, 36 + 12)))
    mentor = mentor_row(availability=bits(*range(36, 36 + slots)))
    explanation = pair_explanation(mentee, mentor)
    overlap = factor(explanation, "overlap")
    assert overlap.data["minutes"] == slots * 30
    assert overlap.points == pytest.approx(expected_points)
    assert overlap.data["intervals"] == ((36 * 30, (36 + slots) * 30),)


@pytest.mark.parametrize("common_slots", [256, 257, SLOTS_PER_WEEK])
def test_many_common_hours_saturate_without_overflow(common_slots):
    # 256 common slots would wrap an 8-bit counter that is not saturated in time.
    mentee = mentee_row(availability=bits(*range(common_slots)))
    mentor = mentor_row(availability=bits(*range(SLOTS_PER_WEEK)))
    assert pair_score(mentee, mentor) == 100.0
    overlap = factor(pair_explanation(mentee, mentor), "overlap")
    assert overlap.data["minutes"] == common_slots * 30


@pytest.mark.parametrize(
    ("mentor_changes", "expected"),
    [({}, 1.0), ({"switch_from": 9}, 0.6), ({"switch_to": 9}, 0.0), ({"switch_to": -1}, 0.0)],
)
def test_same_switch_scores_both_or_only_target(mentor_changes, expected):
    explanation = pair_explanation(mentee_row(), mentor_row(**mentor_changes))
    assert factor(explanation, "switch").value == expected


def test_unknown_switch_never_matches_unknown():
    mentee = mentee_row(switch_from=-1, switch_to=-1)
    mentor = mentor_row(switch_from=-1, switch_to=-1)
    assert factor(pair_explanation(mentee, mentor), "switch").value == 0.0


def test_job_seekers_prefer_experienced_mentors_and_explorers_do_not_need_them():
    senior, junior = mentor_row(years_experience=15.0), mentor_row(years_experience=1.0)
    seeker = mentee_row(stage=Stage.JOB_SEARCH)
    explorer = mentee_row(stage=Stage.EXPLORING)
    assert pair_score(seeker, senior) - pair_score(seeker, junior) >= 5.0
    assert abs(pair_score(explorer, senior) - pair_score(explorer, junior)) <= 1.0


def test_custom_weights_are_normalised_to_100():
    goal_only = Weights(goal=1, skills=0, overlap=0, format=0, stage=0, switch=0, track=0)
    assert pair_score(mentee_row(), mentor_row(), weights=goal_only) == 100.0
    no_goal = mentor_row(goal_areas=[1])
    assert pair_score(mentee_row(), no_goal, weights=goal_only) == 0.0


def test_perfect_pair_never_exceeds_100_through_rounding():
    # With these weights the float32 points add up to 100.00001 unless capped.
    odd = Weights(goal=1, skills=1, overlap=1, format=1, stage=7, switch=1, track=7)
    assert pair_score(mentee_row(), mentor_row(), weights=odd) == 100.0


def test_high_language_and_goal_codes_match():
    mentee = mentee_row(languages={40}, goal_area=63, skills=[])
    assert pair_score(mentee, mentor_row(languages={0, 40}, goal_areas=[63])) > 0
    assert pair_score(mentee, mentor_row(languages={0, 8}, goal_areas=[63])) == -1.0
    assert pair_score(mentee, mentor_row(languages={40}, goal_areas=[62])) == -1.0


@pytest.mark.parametrize("changes", [{"goal": -1.0}, {"track": float("nan")}])
def test_weights_reject_negative_or_nan(changes):
    with pytest.raises(ValueError, match="finite number >= 0"):
        Weights(**changes)


def test_default_weights_sum_to_100():
    assert sum(DEFAULT_WEIGHTS.as_dict().values()) == 100.0


weights_strategy = st.builds(
    Weights,
    **{
        name: st.floats(0, 50, allow_nan=False)
        for name in ("goal", "skills", "overlap", "format", "stage", "switch")
    },
    track=st.floats(0.01, 50),
)


@FAST
@given(seeds, weights_strategy)
def test_scores_are_minus_one_or_within_0_and_100(seed, weights):
    mentees, mentors = random_batches(seed, 9, 31)
    scores = score_block(mentees, mentors, weights=weights)
    assert scores.dtype == np.float32
    assert scores.shape == (9, 31)
    assert np.all((scores == -1) | ((scores >= 0) & (scores <= 100)))


@FAST
@given(seeds)
def test_vectorised_scores_equal_the_plain_python_reference(seed):
    mentees, mentors = random_batches(seed, 7, 40)
    vectorised = score_block(mentees, mentors)
    reference = score_block_python(mentees, mentors)
    assert np.array_equal(vectorised >= 0, reference >= 0)
    np.testing.assert_allclose(vectorised, reference, atol=1e-4)


def test_tiling_and_threads_do_not_change_scores(monkeypatch):
    mentees, mentors = random_batches(7, 37, 301)
    expected = score_block_python(mentees, mentors)
    monkeypatch.setattr(kernel, "_TILE_PAIRS", 64)
    monkeypatch.setattr(kernel, "_TILE_WIDTH", 16)
    tiled = score_block(mentees, mentors)
    threaded = score_block(mentees, mentors, workers=2)
    np.testing.assert_allclose(tiled, expected, atol=1e-4)
    assert np.array_equal(tiled, threaded)


def test_same_person_is_found_among_many():
    mentees, mentors = random_batches(3, 20, 50)  # mentor ids start at 19
    scores = score_block(mentees, mentors)
    assert mentees.ids[18:20].tolist() == mentors.ids[:2].tolist()
    assert scores[18, 0] == -1.0
    assert scores[19, 1] == -1.0


def test_empty_batches_give_empty_scores():
    mentees, mentors = random_batches(1, 3, 4)
    assert score_block(mentees.take(slice(0, 0)), mentors).shape == (0, 4)
    assert score_block(mentees, mentors.take(slice(0, 0))).shape == (3, 0)


# --- package boundary ----------------------------------------------------------


def test_scoring_package_does_not_import_django():
    # Every module of the package, not only what __init__ happens to import.
    modules = [
        f"matching.scoring.{m.name}" for m in pkgutil.iter_modules(matching.scoring.__path__)
    ]
    # Nothing but the standard library, numpy and the package itself (not even
    # numba: the compiled kernel lives outside, in matching.compiled_kernel).
    code = (
        "import sys, importlib; before = set(sys.modules); "
        f"[importlib.import_module(m) for m in {modules!r}]; "
        "allowed = set(sys.stdlib_module_names) | {'numpy', 'matching'}; "
        "loaded = sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] not in allowed and not m.startswith('_')); "
        "assert not loaded, loaded; "
        "other = sorted(m for m in sys.modules if m.startswith('matching.') "
        "and not m.startswith('matching.scoring')); "
        "assert not other, other"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(modules) > 5
