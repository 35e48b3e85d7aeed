"""Mentors packed column by column (features.pack_mentors) are the mentors packed
row by row through scoring.MentorRow, as the refresh packed them before. No database."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import features, scoring
from matching.scoring.profiles import MENTEE_COLUMNS, MENTOR_COLUMNS

WEEK = dt.date(2026, 3, 23)
ZONES = ("Europe/Moscow", "Asia/Novosibirsk", "Europe/Berlin", "America/New_York")
SLOTS = (
    [],
    [{"weekday": 0, "start": "19:00", "end": "21:00"}],
    [{"weekday": d, "start": "08:30", "end": "10:00"} for d in range(5)],
    [{"weekday": 6, "start": "23:00", "end": "24:00"}],
)


def _row_by_row(source: features.MentorSource, tax: features.Taxonomy, percent: float):
    """The former packing: one scoring.MentorRow per mentor."""
    rows = source.rows
    bits = features.availability_bitsets([r[2] for r in rows], [r[3] for r in rows], WEEK)
    return scoring.pack_mentors(
        [
            scoring.MentorRow(
                id=pk,
                goal_areas=[tax.goal_areas[a] for a in source.goal_areas[pk]],
                skills=[tax.skills[s] for s in source.skills[pk]],
                languages=[tax.languages[code] for code in source.languages[pk]],
                formats=formats,
                availability=week_bits,
                years_experience=float(years),
                free_places=max(capacity - active, 0),
                accepting=accepting,
                switch_from=features.BACKGROUNDS.get(switched_from, -1),
                switch_to=tax.goal_areas.get(switched_to, -1),
                city=tax.city(city),
                track_record=scoring.track_with_outcomes(record, outcome, percent),
            )
            for (
                pk, formats, _slots, _tz, city, years, capacity, active, accepting, switched_from,
                switched_to, record, _avg, _count, _responds, outcome,
            ), week_bits in zip(rows, bits, strict=True)
        ]
    )  # fmt: skip


def _source(seed: int, n: int) -> tuple[features.MentorSource, features.Taxonomy]:
    rng = np.random.default_rng(seed)
    areas, skills = [11, 12, 13], list(range(100, 220))  # 120 skills: both words
    tax = features.Taxonomy(
        goal_areas={pk: i for i, pk in enumerate(areas)},
        skills={pk: i for i, pk in enumerate(skills)},
        languages={"de": 0, "en": 1, "ru": 2},
        cities={},
    )
    rows, by_skill, by_language, by_area = [], {}, {}, {}
    for k in range(n):
        pk = 1000 + 7 * k
        record = [None, 0.25, 0.9][k % 3]
        rows.append(
            (
                pk, int(rng.integers(0, 8)), SLOTS[k % 4], ZONES[k % 4],
                ["", "Москва", " москва ", "Berlin"][int(rng.integers(0, 4))],
                float(rng.integers(0, 40)) / 2, int(rng.integers(0, 4)), int(rng.integers(0, 5)),
                bool(k % 5), ["", "finance", "unknown", "education"][k % 4],
                [None, 11, 13, 99][int(rng.integers(0, 4))], record,
                None if record is None else 4.5, 0 if record is None else 3,
                None if record is None else 0.8, [None, 0.1, 0.7][int(rng.integers(0, 3))],
            )
        )  # fmt: skip
        if k % 6:  # some mentors have no links at all
            by_skill[pk] = [int(s) for s in rng.choice(skills, int(rng.integers(1, 5)), False)]
            by_language[pk] = sorted({"de", "en", "ru"} - {["de", "en", "ru"][k % 3]})
            by_area[pk] = [int(a) for a in rng.choice(areas, int(rng.integers(1, 3)), False)]
    source = features.MentorSource(rows, by_skill, by_language, by_area)
    for links in (source.skills, source.languages, source.goal_areas):
        for row in rows:
            links.setdefault(row[0], [])
    return source, tax


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.sampled_from([0.0, 30.0, 100.0]))
def test_column_by_column_is_row_by_row(seed, n, percent):
    source, tax = _source(seed, n)
    expected_tax = features.Taxonomy(tax.goal_areas, tax.skills, tax.languages, {})

    packed, track = features.pack_mentors(source, tax, WEEK, track_outcomes=percent)

    expected = _row_by_row(source, expected_tax, percent)
    for name in MENTOR_COLUMNS:
        got, want = getattr(packed, name), getattr(expected, name)
        assert got.dtype == want.dtype, name
        assert np.array_equal(got, want), name
    assert tax.cities == expected_tax.cities
    assert track == {
        row[0]: features.TrackFacts(row[12], row[13], row[14])
        for row in source.rows
        if row[11] is not None
    }


def test_a_language_without_a_bit_is_a_key_error():
    source, tax = _source(1, 3)
    source.languages[source.rows[0][0]] = ["fr"]
    with pytest.raises(KeyError):
        features.pack_mentors(source, tax, WEEK)


def _mentees_row_by_row(source: features.MenteeSource, tax: features.Taxonomy):
    """The former mentee packing: one scoring.MenteeRow per mentee."""
    rows = source.rows
    bits = features.availability_bitsets([r[5] for r in rows], [r[6] for r in rows], WEEK)
    return scoring.pack_mentees(
        [
            scoring.MenteeRow(
                id=pk,
                goal_area=tax.goal_areas[area],
                skills=[tax.skills[s] for s in source.skills[pk]],
                languages=[
                    tax.languages[code] for code in source.languages[pk] if code in tax.languages
                ],
                formats=formats,
                availability=week_bits,
                stage=features.STAGES[stage],
                switch_from=features.BACKGROUNDS.get(field, -1),
                switch_to=tax.goal_areas[area],
                city=tax.city(city),
            )
            for (pk, area, stage, field, formats, _slots, _tz, city), week_bits in zip(
                rows, bits, strict=True
            )
        ]
    )


def _mentee_source(seed: int, n: int) -> tuple[features.MenteeSource, features.Taxonomy]:
    rng = np.random.default_rng(seed)
    _mentors, tax = _source(seed, 0)
    stages = list(features.STAGES)
    rows, by_skill, by_language = [], {}, {}
    for k in range(n):
        pk = 5 + 3 * k
        rows.append(
            (
                pk, [11, 12, 13][int(rng.integers(0, 3))], stages[int(rng.integers(0, 4))],
                ["", "finance", "unknown", "education"][k % 4], int(rng.integers(1, 8)),
                SLOTS[int(rng.integers(0, 4))], ZONES[int(rng.integers(0, 4))],
                ["", "Москва", " москва ", "Berlin", "Kazan"][int(rng.integers(0, 5))],
            )
        )  # fmt: skip
        if k % 5:  # some mentees have no links at all
            by_skill[pk] = [int(s) for s in rng.choice(range(100, 220), rng.integers(1, 9))]
            # "fr" and "kk": languages no mentor speaks, which have no bit
            by_language[pk] = [
                str(c) for c in rng.choice(["de", "en", "ru", "fr", "kk"], rng.integers(1, 4))
            ]
    source = features.MenteeSource(rows, by_skill, by_language)
    for links in (source.skills, source.languages):
        for row in rows:
            links.setdefault(row[0], [])
    return source, tax


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40))
def test_mentees_column_by_column_are_row_by_row(seed, n):
    source, tax = _mentee_source(seed, n)
    expected_tax = features.Taxonomy(tax.goal_areas, tax.skills, tax.languages, {})

    packed = features.pack_mentee_source(source, tax, WEEK)

    expected = _mentees_row_by_row(source, expected_tax)
    for name in MENTEE_COLUMNS:
        got, want = getattr(packed, name), getattr(expected, name)
        assert got.dtype == want.dtype, name
        assert np.array_equal(got, want), name
    assert tax.cities == expected_tax.cities


def test_a_mentee_skill_or_goal_area_without_a_bit_is_a_key_error():
    source, tax = _mentee_source(1, 3)
    source.skills[source.rows[0][0]] = [999]
    with pytest.raises(KeyError):
        features.pack_mentee_source(source, tax, WEEK)
    source, tax = _mentee_source(1, 3)
    source.rows[1] = (source.rows[1][0], 99, *source.rows[1][2:])
    with pytest.raises(KeyError):
        features.pack_mentee_source(source, tax, WEEK)


def test_mentee_format_flags_outside_the_scorer_range_are_refused():
    source, tax = _mentee_source(2, 3)
    source.rows[2] = (*source.rows[2][:4], 8, *source.rows[2][5:])
    with pytest.raises(ValueError, match="format"):
        features.pack_mentee_source(source, tax, WEEK)


def test_stored_slots_pack_like_week_bitset_of_each_person():
    """features.availability_bitsets (stored "HH:MM" slots, everyone at once) against
    scoring.week_bitset person by person, in a week of Berlin's spring change."""
    people = [*SLOTS, [{"weekday": 0, "start": "00:00", "end": "03:30"}], SLOTS[2] + SLOTS[3]]
    zones = [*ZONES, "Europe/Berlin", "Asia/Kamchatka"]
    got = features.availability_bitsets(people, zones, WEEK)
    for slots, zone, row in zip(people, zones, got, strict=True):
        expected = scoring.week_bitset(
            [
                scoring.Slot(
                    s["weekday"], features._minutes(s["start"]), features._minutes(s["end"])
                )
                for s in slots
            ],
            zone,
            WEEK,
        )
        assert np.array_equal(row, expected), (slots, zone)


def test_a_stored_slot_off_the_half_hour_grid_is_refused():
    with pytest.raises(ValueError, match="30-minute grid"):
        features.availability_bitsets(
            [[{"weekday": 1, "start": "08:15", "end": "09:00"}]], ["Europe/Moscow"], WEEK
        )
