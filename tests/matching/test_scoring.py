"""Behaviour of matching.scoring: week grid, packing, scoring, top-k, explanations.

Pure numpy and hypothesis: no database, no Django, milliseconds per test.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import scoring
from matching.scoring import (
    DEFAULT_WEIGHTS,
    SLOTS_PER_WEEK,
    WORDS,
    Format,
    MenteeFeatures,
    MenteeRow,
    MentorFeatures,
    MentorRow,
    Slot,
    Stage,
    Weights,
    bitset_to_intervals,
    exclusion_mask,
    explain_pair,
    overlap_minutes,
    overlap_minutes_many,
    pack_mentees,
    pack_mentors,
    score_block,
    score_block_python,
    top_k,
    top_k_block,
    week_bitset,
)

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=40, deadline=None)

# Mondays around Berlin's spring change (last Sunday of March: 2026-03-29, 2027-03-28).
BEFORE_DST = {2026: dt.date(2026, 3, 23), 2027: dt.date(2027, 3, 22)}
AFTER_DST = {2026: dt.date(2026, 3, 30), 2027: dt.date(2027, 3, 29)}
WEEK = dt.date(2026, 3, 23)


# --- helpers -------------------------------------------------------------------


def bits(*slots: int) -> np.ndarray:
    """Bitset with the given UTC slot indices set."""
    out = np.zeros(WORDS, dtype=np.uint64)
    for slot in slots:
        out[slot // 64] |= np.uint64(1) << np.uint64(slot % 64)
    return out


def flags(bitset: np.ndarray) -> np.ndarray:
    """(336,) bool per slot, via Python ints (independent of the module's helpers)."""
    value = sum(int(word) << (64 * w) for w, word in enumerate(bitset))
    return np.array([bool(value >> s & 1) for s in range(SLOTS_PER_WEEK)])


def from_int(value: int) -> np.ndarray:
    return np.array([(value >> (64 * w)) & (2**64 - 1) for w in range(WORDS)], dtype=np.uint64)


def etc_zone(hours_east: int) -> str:
    """IANA fixed-offset zone for UTC+hours (the Etc/GMT names have inverted signs)."""
    return f"Etc/GMT{-hours_east:+d}"


MONDAY_EVENING = bits(*range(36, 42))  # Monday 18:00-21:00 UTC, 180 minutes


def mentee_row(**changes) -> MenteeRow:
    row = MenteeRow(
        id=1,
        goal_area=2,
        skills=[3, 70],
        languages={0},
        formats={Format.VIDEO},
        availability=MONDAY_EVENING,
        stage=Stage.JOB_SEARCH,
        switch_from=4,
        switch_to=5,
        city=7,
    )
    return replace(row, **changes)


def mentor_row(**changes) -> MentorRow:
    row = MentorRow(
        id=101,
        goal_areas=[2, 9],
        skills=[3, 70, 11],
        languages={0, 1},
        formats={Format.VIDEO, Format.CHAT},
        availability=MONDAY_EVENING,
        years_experience=12.0,
        free_places=2,
        accepting=True,
        switch_from=4,
        switch_to=5,
        city=7,
        track_record=1.0,
    )
    return replace(row, **changes)


def pair_score(mentee: MenteeRow, mentor: MentorRow, **kwargs) -> float:
    return float(score_block(pack_mentees([mentee]), pack_mentors([mentor]), **kwargs)[0, 0])


def pair_explanation(mentee: MenteeRow, mentor: MentorRow, **kwargs) -> scoring.Explanation:
    return explain_pair(pack_mentees([mentee]), 0, pack_mentors([mentor]), 0, **kwargs)


def factor(explanation: scoring.Explanation, code: str) -> scoring.Factor:
    return next(f for f in explanation.factors if f.code == code)


def random_batches(seed: int, n_mentees: int, n_mentors: int):
    """Random features from small value pools, so that every filter and factor
    takes both outcomes often; ids overlap so that some pairs are one person."""
    rng = np.random.default_rng(seed)

    def pool_masks(n: int, pool: list[int], p: float) -> list[int]:
        return [sum(1 << b for b in pool if rng.random() < p) for _ in range(n)]

    def words(values: list[int], n_words: int) -> np.ndarray:
        return np.array(
            [[(v >> (64 * w)) & (2**64 - 1) for w in range(n_words)] for v in values],
            dtype=np.uint64,
        ).reshape(len(values), n_words)

    # Slots on both sides of every word boundary and of the week's end.
    slot_pool = [0, 1, 40, 63, 64, 127, 128, 191, 192, 255, 256, 319, 320, 334, 335]
    skill_pool = [0, 1, 2, 63, 64, 65, 100, 127]

    def common(n: int) -> dict:
        return {
            "skills": words(pool_masks(n, skill_pool, 0.3), scoring.SKILL_WORDS),
            "languages": np.array(pool_masks(n, [0, 1, 2], 0.5), dtype=np.uint64),
            "formats": rng.integers(0, 8, size=n).astype(np.uint8),
            "availability": words(pool_masks(n, slot_pool, 0.35), WORDS),
            "switch_from": rng.integers(-1, 3, size=n),
            "switch_to": rng.integers(-1, 3, size=n),
            "city": rng.integers(-1, 3, size=n),
        }

    mentees = MenteeFeatures(
        ids=np.arange(1, n_mentees + 1),
        goal_area=rng.integers(-1, 4, size=n_mentees),
        stage=rng.integers(0, 4, size=n_mentees),
        **common(n_mentees),
    )
    track = np.where(rng.random(n_mentors) < 0.5, 0.5, rng.random(n_mentors))
    mentors = MentorFeatures(
        ids=np.arange(n_mentees - 1, n_mentees - 1 + n_mentors),
        goal_areas=np.array(pool_masks(n_mentors, [0, 1, 2, 3], 0.4), dtype=np.uint64),
        years_experience=rng.choice([0.0, 1.5, 2.0, 4.99, 5.0, 9.9, 10.0, 30.0], size=n_mentors),
        free_places=rng.integers(-1, 3, size=n_mentors),
        accepting=rng.random(n_mentors) < 0.85,
        track_record=track,
        **common(n_mentors),
    )
    return mentees, mentors


slots_strategy = st.builds(
    lambda weekday, start, length: Slot(weekday, start * 30, min(48, start + length) * 30),
    st.integers(0, 6),
    st.integers(0, 47),
    st.integers(1, 8),
)
bitsets = st.integers(0, 2**SLOTS_PER_WEEK - 1).map(from_int)
seeds = st.integers(0, 2**32 - 1)


# --- week grid -----------------------------------------------------------------


def test_kamchatka_monday_0100_is_sunday_1300_utc():
    bitset = week_bitset([Slot(0, 60, 90)], "Asia/Kamchatka", WEEK)
    assert np.flatnonzero(flags(bitset)).tolist() == [6 * 48 + 26]


def test_slot_across_week_boundary_overlaps_utc_sunday_slot():
    kamchatka = week_bitset([Slot(0, 30, 120)], "Asia/Kamchatka", WEEK)  # Mon 00:30-02:00
    utc_sunday = week_bitset([Slot(6, 13 * 60, 14 * 60)], "UTC", WEEK)  # Sun 13:00-14:00
    assert overlap_minutes(kamchatka, utc_sunday) == 60
    assert overlap_minutes(kamchatka, week_bitset([Slot(0, 30, 120)], "UTC", WEEK)) == 0


@FAST
@given(st.integers(0, 23), st.integers(1, 24))
def test_kamchatka_monday_morning_lands_on_utc_sunday(start_slot, length):
    end_slot = min(start_slot + length, 24)  # up to Monday 12:00 local = Monday 00:00 UTC
    local = week_bitset([Slot(0, start_slot * 30, end_slot * 30)], "Asia/Kamchatka", WEEK)
    utc = week_bitset([Slot(6, (start_slot + 24) * 30, (end_slot + 24) * 30)], "UTC", WEEK)
    assert np.array_equal(local, utc)
    assert overlap_minutes(local, utc) == (end_slot - start_slot) * 30


@FAST
@given(bitsets, bitsets)
def test_overlap_is_symmetric(a, b):
    assert overlap_minutes(a, b) == overlap_minutes(b, a)


@FAST
@given(bitsets, bitsets)
def test_overlap_counts_common_half_hours(a, b):
    expected = int(np.count_nonzero(flags(a) & flags(b))) * 30
    assert overlap_minutes(a, b) == expected


@FAST
@given(bitsets, st.lists(bitsets, min_size=0, max_size=6))
def test_overlap_many_equals_pairwise_overlap(one, many):
    stacked = np.array(many, dtype=np.uint64).reshape(len(many), WORDS)
    result = overlap_minutes_many(one, stacked)
    assert result.tolist() == [overlap_minutes(one, other) for other in many]


@FAST
@given(
    st.lists(slots_strategy, max_size=4),
    st.lists(slots_strategy, max_size=4),
    st.integers(-12, 14),
    st.integers(-12, 14),
    st.integers(-26, 26),
)
def test_shifting_both_zones_by_the_same_amount_changes_nothing(
    slots_a, slots_b, hours_a, hours_b, shift
):
    if not (-12 <= hours_a + shift <= 14 and -12 <= hours_b + shift <= 14):
        shift = 0 if shift == 0 else -hours_a  # keep the draw useful: move A to UTC
        if not -12 <= hours_b + shift <= 14:
            shift = 0
    a = week_bitset(slots_a, etc_zone(hours_a), WEEK)
    b = week_bitset(slots_b, etc_zone(hours_b), WEEK)
    a_moved = week_bitset(slots_a, etc_zone(hours_a + shift), WEEK)
    b_moved = week_bitset(slots_b, etc_zone(hours_b + shift), WEEK)
    # The whole week rotates by the shift; overlap is unchanged.
    assert np.array_equal(flags(a_moved), np.roll(flags(a), -2 * shift))
    assert overlap_minutes(a_moved, b_moved) == overlap_minutes(a, b)


def test_real_zones_with_constant_offset_match_fixed_offsets():
    slots = [Slot(2, 19 * 60, 22 * 60), Slot(5, 10 * 60, 12 * 60)]
    moscow = week_bitset(slots, "Europe/Moscow", WEEK)
    yekaterinburg = week_bitset(slots, "Asia/Yekaterinburg", WEEK)
    assert np.array_equal(moscow, week_bitset(slots, etc_zone(3), WEEK))
    assert overlap_minutes(moscow, yekaterinburg) == 60 + 0  # 19-22 MSK vs 17-20 MSK


@FAST
@given(st.sampled_from([2026, 2027]), st.integers(0, 5), st.integers(0, 47))
def test_berlin_slot_moves_one_hour_earlier_in_utc_after_spring_change(year, weekday, start):
    slot = Slot(weekday, start * 30, start * 30 + 30)
    winter = week_bitset([slot], "Europe/Berlin", BEFORE_DST[year])
    summer = week_bitset([slot], "Europe/Berlin", AFTER_DST[year])
    (winter_slot,) = np.flatnonzero(flags(winter))
    (summer_slot,) = np.flatnonzero(flags(summer))
    assert winter_slot == (weekday * 48 + start - 2) % SLOTS_PER_WEEK  # CET, UTC+1
    assert summer_slot == (weekday * 48 + start - 4) % SLOTS_PER_WEEK  # CEST, UTC+2


def test_moscow_slot_does_not_move_around_berlin_spring_change():
    slot = [Slot(2, 600, 630)]
    before = week_bitset(slot, "Europe/Moscow", BEFORE_DST[2026])
    after = week_bitset(slot, "Europe/Moscow", AFTER_DST[2026])
    assert np.array_equal(before, after)
    assert np.flatnonzero(flags(before)).tolist() == [2 * 48 + 14]  # Wed 07:00 UTC


def test_berlin_nonexistent_time_uses_offset_before_the_change():
    # 2026-03-29 02:30 does not exist in Berlin; fold=0 reads it as CET (UTC+1).
    gap = week_bitset([Slot(6, 150, 180)], "Europe/Berlin", BEFORE_DST[2026])
    after_gap = week_bitset([Slot(6, 210, 240)], "Europe/Berlin", BEFORE_DST[2026])
    assert np.flatnonzero(flags(gap)).tolist() == [6 * 48 + 3]  # Sunday 01:30 UTC
    assert np.array_equal(gap, after_gap)  # the same instant as 03:30 CEST


def test_berlin_ambiguous_time_is_its_first_occurrence():
    # 2026-10-25 02:30 happens twice in Berlin; fold=0 is the first (CEST, UTC+2).
    bitset = week_bitset([Slot(6, 150, 180)], "Europe/Berlin", dt.date(2026, 10, 19))
    assert np.flatnonzero(flags(bitset)).tolist() == [6 * 48 + 1]  # Sunday 00:30 UTC


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe/Nowhere", "", "../../etc/passwd"])
def test_unknown_zone_raises_value_error(zone):
    with pytest.raises(ValueError, match="unknown time zone"):
        week_bitset([Slot(0, 0, 30)], zone, WEEK)


@pytest.mark.parametrize(
    ("weekday", "start", "end"),
    [(0, 15, 45), (0, 0, 1470), (0, 60, 60), (0, 90, 30), (7, 0, 30), (-1, 0, 30), (0, -30, 30)],
)
def test_slot_off_grid_raises_value_error(weekday, start, end):
    with pytest.raises(ValueError, match="Slot"):
        Slot(weekday, start, end)


def test_slot_may_end_at_midnight():
    bitset = week_bitset([Slot(6, 1410, 1440)], "UTC", WEEK)
    assert np.flatnonzero(flags(bitset)).tolist() == [335]


def test_week_start_must_be_a_monday():
    with pytest.raises(ValueError, match="Monday"):
        week_bitset([Slot(0, 0, 30)], "UTC", dt.date(2026, 3, 24))


def test_intervals_are_merged_and_split_at_the_end_of_the_week():
    bitset = week_bitset([Slot(6, 23 * 60, 1440), Slot(0, 0, 60), Slot(2, 600, 660)], "UTC", WEEK)
    assert bitset_to_intervals(bitset) == [
        (0, 60),
        (2 * 1440 + 600, 2 * 1440 + 660),
        (10020, 10080),
    ]


@FAST
@given(bitsets)
def test_intervals_cover_exactly_the_set_slots(bitset):
    intervals = bitset_to_intervals(bitset)
    rebuilt = np.zeros(SLOTS_PER_WEEK, dtype=bool)
    for start, end in intervals:
        assert start < end
        rebuilt[start // 30 : end // 30] = True
    assert np.array_equal(rebuilt, flags(bitset))
    # Merged: no interval ends where the next one starts.
    assert all(a_end < b_start for (_, a_end), (b_start, _) in pairwise(intervals))


def test_bits_past_the_last_slot_are_rejected():
    bad = np.zeros(WORDS, dtype=np.uint64)
    bad[WORDS - 1] = np.uint64(1) << np.uint64(SLOTS_PER_WEEK - 64 * (WORDS - 1))
    with pytest.raises(ValueError, match="beyond slot"):
        bitset_to_intervals(bad)


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
    exclude = exclusion_mask(pairs, mentees, mentors) if as_mask else pairs
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
    monkeypatch.setattr(scoring, "_TILE_PAIRS", 64)
    monkeypatch.setattr(scoring, "_TILE_WIDTH", 16)
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


# --- top k ---------------------------------------------------------------------


def test_top_k_breaks_ties_by_mentor_id():
    mentors = pack_mentors([mentor_row(id=i) for i in (50, 10, 40, 20, 30)])
    result = top_k(0, pack_mentees([mentee_row()]), mentors, k=3)
    assert result == [(10, 100.0), (20, 100.0), (30, 100.0)]


@FAST
@given(seeds, st.integers(1, 12))
def test_top_k_is_sorted_best_first_and_matches_a_full_sort(seed, k):
    mentees, mentors = random_batches(seed, 4, 60)
    row = score_block(mentees, mentors)[2]
    expected = sorted(
        ((int(mentors.ids[j]), float(row[j])) for j in range(len(mentors)) if row[j] >= 0),
        key=lambda pair: (-pair[1], pair[0]),
    )[:k]
    assert top_k(2, mentees, mentors, k=k) == expected


@FAST
@given(seeds)
def test_top_k_does_not_depend_on_mentor_order(seed):
    mentees, mentors = random_batches(seed, 3, 50)
    shuffled = mentors.take(np.random.default_rng(seed).permutation(len(mentors)))
    assert top_k(1, mentees, mentors, k=8) == top_k(1, mentees, shuffled, k=8)


def test_top_k_returns_only_possible_mentors():
    mentors = pack_mentors([mentor_row(id=101), mentor_row(id=102, accepting=False)])
    assert top_k(0, pack_mentees([mentee_row()]), mentors, k=10) == [(101, 100.0)]


def test_top_k_rejects_k_below_one():
    mentees, mentors = pack_mentees([mentee_row()]), pack_mentors([mentor_row()])
    with pytest.raises(ValueError, match="at least 1"):
        top_k(0, mentees, mentors, k=0)
    with pytest.raises(ValueError, match="at least 1"):
        top_k_block(mentees, mentors, k=0)


@pytest.mark.parametrize("kind", ["pairs", "mask", "row_mask"])
def test_top_k_respects_exclusions(kind):
    mentees = pack_mentees([mentee_row(id=1), mentee_row(id=2)])
    mentors = pack_mentors([mentor_row(id=101), mentor_row(id=102)])
    exclude = {
        "pairs": {(2, 101)},
        "mask": np.array([[False, False], [True, False]]),
        "row_mask": np.array([True, False]),
    }[kind]
    assert top_k(1, mentees, mentors, k=5, exclude=exclude) == [(102, 100.0)]


@FAST
@given(seeds)
def test_top_k_block_agrees_with_top_k(seed):
    mentees, mentors = random_batches(seed, 6, 45)
    indices, scores = top_k_block(mentees, mentors, k=5, block=4)
    for i in range(len(mentees)):
        expected = top_k(i, mentees, mentors, k=5)
        got = [
            (int(mentors.ids[j]), float(s))
            for j, s in zip(indices[i], scores[i], strict=True)
            if j >= 0
        ]
        assert got == expected
        # Padding only at the end, with index -1 and score -1.
        assert indices[i, len(expected) :].tolist() == [-1] * (5 - len(expected))
        assert scores[i, len(expected) :].tolist() == [-1.0] * (5 - len(expected))


# --- explanations --------------------------------------------------------------


@FAST
@given(seeds, st.integers(0, 5), st.integers(0, 29))
def test_explain_pair_score_equals_score_block(seed, i, j):
    mentees, mentors = random_batches(seed, 6, 30)
    explanation = explain_pair(mentees, i, mentors, j)
    assert explanation.score == float(score_block(mentees, mentors)[i, j])
    assert explanation.passes == (explanation.score >= 0) == (not explanation.blockers)
    if explanation.passes:
        total = sum(f.points for f in explanation.factors)
        assert total == pytest.approx(explanation.score, abs=1e-4)


def test_explanation_carries_the_facts_for_sentences():
    mentee = mentee_row(skills=[3, 99], formats={Format.VIDEO, Format.CHAT})
    mentor = mentor_row(availability=bits(*range(38, 44)), switch_from=8)
    explanation = pair_explanation(mentee, mentor)
    assert [f.code for f in explanation.factors] == [
        "goal", "skills", "overlap", "format", "stage", "switch", "track",
    ]  # fmt: skip
    assert factor(explanation, "overlap").data["intervals"] == ((38 * 30, 42 * 30),)
    assert factor(explanation, "overlap").data["minutes"] == 120
    assert factor(explanation, "skills").data["shared_skills"] == (3,)
    assert factor(explanation, "format").data["shared_formats"] == ("video", "chat")
    assert factor(explanation, "switch").data["match"] == "to"
    assert factor(explanation, "stage").data["stage"] == "job_search"
    assert (explanation.mentee_id, explanation.mentor_id) == (1, 101)


# --- module boundary -----------------------------------------------------------


def test_scoring_module_does_not_import_django():
    code = (
        "import sys, matching.scoring; "
        "assert not any(m.split('.')[0] == 'django' for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@FAST
@given(seeds)
def test_pair_facts_are_the_facts_of_explain_pair(seed):
    mentees, mentors = random_batches(seed, 5, 12)
    pairs = [(i, j) for i in range(5) for j in range(12)]
    expected = [scoring.PairFacts.of(explain_pair(mentees, i, mentors, j)) for i, j in pairs]
    assert list(scoring.pair_facts(mentees, mentors, pairs)) == expected


@given(st.integers(min_value=0, max_value=2**336 - 1))
def test_runs_of_a_bitset_are_the_intervals_numpy_finds(value):
    words = np.array([(value >> (64 * w)) & (2**64 - 1) for w in range(WORDS)], dtype=np.uint64)
    expected = scoring.bitset_to_intervals(words)
    got = [(a * scoring.SLOT_MINUTES, b * scoring.SLOT_MINUTES) for a, b in scoring._runs(value)]
    assert got == expected
