"""Mentors packed column by column (features.pack_mentors) are the mentors packed
row by row through scoring.MentorRow, as the refresh packed them before. No database."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import features, scoring
from matching.scoring.profiles import MENTOR_COLUMNS

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
