"""The stored facts of a suggestion: what the refresh writes and render() reads.

No database: the taxonomy codes are made up.
"""

import datetime as dt
import json

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import explain, scoring
from matching.features import Batch, Taxonomy
from matching.scoring import Format, explain_pair, pack_mentees, pack_mentors
from tests.matching.scoring_data import bits, mentee_row, mentor_row, random_batches

WEEK = dt.date(2026, 3, 23)
CODES = explain.Codes(
    skills={i: f"skill-{i}" for i in range(scoring.MAX_SKILLS)},
    goal_areas={i: f"area-{i}" for i in range(4)},
)
FAST = settings(max_examples=25, deadline=None)


def batch_of(mentees: scoring.MenteeFeatures, mentors: scoring.MentorFeatures) -> Batch:
    return Batch(mentees, mentors, Taxonomy({}, {}, {}, {}), WEEK)


def test_facts_of_a_pair_are_the_json_the_sentences_read():
    mentees = pack_mentees([mentee_row(skills=[3, 99], formats={Format.VIDEO, Format.CHAT})])
    mentors = pack_mentors(
        [mentor_row(availability=bits(*range(38, 44), 100), switch_from=8, years_experience=4.5)]
    )
    codes = explain.Codes(skills={3: "sql", 99: "python"}, goal_areas={2: "analytics"})

    facts = explain.facts(explain_pair(mentees, 0, mentors, 0), batch_of(mentees, mentors), codes)

    assert facts == {
        "f": [
            ["goal", 20.0, 1.0],
            ["skills", 25.0, 0.5],
            ["overlap", 20.0, 0.6667],
            ["format", 10.0, 1.0],
            ["stage", 10.0, 0.7],
            ["switch", 10.0, 0.6],
            ["track", 5.0, 1.0],
        ],
        "goal": "analytics",
        "skills": ["sql"],
        "wanted": 2,
        "minutes": 120,
        "intervals": [[19 * 60, 21 * 60]],
        "week": "2026-03-23",
        "formats": ["video", "chat"],
        "stage": "job_search",
        "years": 4.5,
        "switch": "to",
    }


@FAST
@given(st.integers(0, 2**32 - 1))
def test_refresh_stores_the_facts_one_pair_explanation_gives(seed):
    mentees, mentors = random_batches(seed, 5, 12)
    batch = batch_of(mentees, mentors)
    pairs = [(i, j) for i in range(5) for j in range(12)]

    stored = list(explain.facts_of_pairs(scoring.pair_facts(mentees, mentors, pairs), batch, CODES))

    assert stored == [
        explain.facts(explain_pair(mentees, i, mentors, j), batch, CODES) for i, j in pairs
    ]


@FAST
@given(st.integers(0, 2**32 - 1))
def test_facts_read_back_from_json_equal_the_computed_ones(seed):
    # What lets a refresh recognise an unchanged suggestion and not rewrite it.
    mentees, mentors = random_batches(seed, 4, 10)
    pairs = [(i, j) for i in range(4) for j in range(10)]
    for facts in explain.facts_of_pairs(
        scoring.pair_facts(mentees, mentors, pairs), batch_of(mentees, mentors), CODES
    ):
        assert json.loads(json.dumps(facts)) == facts


def test_common_hours_in_a_week_of_a_clock_change_read_as_the_chosen_local_times():
    # Both chose Monday 00:00-01:00 in Berlin; in the UTC week of 2026-03-23 that is
    # the summer-time Monday 2026-03-30 (Sunday 22:00-23:00 UTC). The sentence turns
    # the UTC hours back into local ones and must show the hour they chose.
    week = dt.date(2026, 3, 23)
    monday_midnight = scoring.week_bitset([scoring.Slot(0, 0, 60)], "Europe/Berlin", week)
    mentees = pack_mentees([mentee_row(availability=monday_midnight)])
    mentors = pack_mentors([mentor_row(availability=monday_midnight)])
    (pair,) = scoring.pair_facts(mentees, mentors, [(0, 0)])
    batch = Batch(mentees, mentors, Taxonomy({}, {}, {}, {}), week)
    facts = explain.facts_of_pairs([pair], batch, CODES)
    (stored,) = list(facts)

    with translation.override("ru"):
        sentence = explain.overlap_sentence(
            stored, reader_tz="Europe/Berlin", other_tz="Europe/Moscow", other_role="mentor"
        )

    assert stored["minutes"] == 60
    assert "пн\u00a000:00–01:00 у вас = пн\u00a001:00–02:00 у наставника (Москва)" in sentence


def test_an_explanation_has_the_weights_of_the_score_and_omits_factors_that_did_not_count():
    # A programme's weights: the track record and the career switch do not count.
    weights = scoring.Weights(skills=60, overlap=5, track=0, switch=0)
    mentees = pack_mentees([mentee_row(skills=[3, 99], formats={Format.VIDEO, Format.CHAT})])
    mentors = pack_mentors([mentor_row(availability=bits(*range(38, 44)), switch_from=8)])
    explanation = explain_pair(mentees, 0, mentors, 0, weights)
    facts = explain.facts(explanation, batch_of(mentees, mentors), CODES)

    with translation.override("ru"):
        rendered = explain.render(
            facts, reader_tz="UTC", other_tz="UTC", other_role="mentor", names={}
        )

    points = weights.points()
    assert [f["factor"] for f in rendered] == ["goal", "skills", "overlap", "format", "stage"]
    assert all(f["weight"] == points[f["factor"]] for f in rendered)
    total = sum(f["weight"] * f["value"] for f in rendered)
    assert abs(total - explanation.score) < 0.01


def test_the_stage_switch_and_track_sentences_speak_to_the_side_reading_them():
    facts = {
        "f": [["stage", 10.0, 0.7], ["switch", 10.0, 1.0], ["track", 5.0, 1.0]],
        "years": 4.5,
        "switch": "both",
        "rating": 4.63,
        "ratings": 12,
        "responds": 0.9,
    }

    def details(other_role: str, language: str) -> list[str]:
        with translation.override(language):
            rendered = explain.render(
                facts, reader_tz="UTC", other_tz="UTC", other_role=other_role, names={}
            )
        return [f["detail"] for f in rendered]

    assert details("mentor", "ru") == [
        "Опыт наставника: 4 года — учтён ваш этап перехода.",
        "Наставник сам сделал такой же переход: из той же сферы в ту же.",
        "Средняя оценка 4,6 по 12 отзывам; отвечает на запросы.",
    ]
    assert details("mentee", "ru") == [
        "Ваш опыт: 4 года — учтён этап перехода подопечного.",
        "Вы сами сделали такой же переход: из той же сферы в ту же.",
        "Ваша средняя оценка 4,6 по 12 отзывам; вы отвечаете на запросы.",
    ]
    assert details("mentee", "en") == [
        "Your experience: 4 years, weighed against the mentee's stage.",
        "You made the same switch yourself: from the same field into the same one.",
        "Your average rating 4.6 from 12 reviews; you answer requests.",
    ]
