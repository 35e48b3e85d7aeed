"""The suggestion refresh (matching/suggestions.py), against PostgreSQL."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import MentorProfile
from matching import suggestions
from matching.models import Match, MatchStatus
from tests.clock import WEEKS, shared_minutes
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def test_refresh_suggests_compatible_mentors_best_first_with_facts(mentee, fixed_now):
    good = MentorFactory(skill_codes=["sql", "python"])
    weaker = MentorFactory(skill_codes=["excel"])
    MentorFactory(language_codes=["de"])  # no common language
    MentorFactory(area_codes=["marketing"], skill_codes=["smm"])  # nothing in common

    written = suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)

    matches = list(Match.objects.filter(mentee=mentee).order_by("-score"))
    assert written == 2
    assert [m.mentor_id for m in matches] == [good.pk, weaker.pk]
    assert all(m.status == MatchStatus.SUGGESTED for m in matches)
    assert sorted(matches[0].factors["skills"]) == ["python", "sql"]
    # Both work weekday evenings in Moscow, which keeps one offset all year: five
    # two-hour evenings in every week.
    assert matches[0].overlap_minutes_per_week == 5 * 120
    assert matches[0].overlap_minutes_per_week == shared_minutes(
        mentee.availability, mentee.timezone, good.availability, good.timezone, fixed_now
    )
    assert matches[0].factors["week"] == fixed_now.date().isoformat()  # a Monday: its own week


# Weekday evenings, 19:00–21:00 in Moscow (16–18 UTC all year) and 17:00–19:00 in
# Berlin (16–18 UTC in winter, 15–17 in summer). The weekdays of the week the clocks
# go forward (Sunday 2027-03-28) are still winter; those of the week they go back
# (Sunday 2027-10-31) are still summer.
MOSCOW_BERLIN_MINUTES = {
    WEEKS["winter"]: 5 * 120,
    WEEKS["clocks-forward"]: 5 * 120,
    WEEKS["summer"]: 5 * 60,
    WEEKS["clocks-back"]: 5 * 60,
}


def test_refresh_counts_the_hours_shared_across_zones_in_the_week_it_scores(fixed_now):
    evenings = [{"weekday": day, "start": "19:00", "end": "21:00"} for day in range(5)]
    mentee = MenteeFactory(timezone="Europe/Moscow", availability=evenings)
    berlin = [{"weekday": day, "start": "17:00", "end": "19:00"} for day in range(5)]
    mentor = MentorFactory(timezone="Europe/Berlin", availability=berlin)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)

    match = Match.objects.get(mentee=mentee, mentor=mentor)
    assert match.overlap_minutes_per_week == MOSCOW_BERLIN_MINUTES[fixed_now]
    assert match.overlap_minutes_per_week == shared_minutes(
        evenings, "Europe/Moscow", berlin, "Europe/Berlin", fixed_now
    )


def test_refresh_twice_changes_nothing_and_never_duplicates(mentee, fixed_now):
    MentorFactory.create_batch(3)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    first = sorted(Match.objects.values_list("mentee_id", "mentor_id", "score"))
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    assert sorted(Match.objects.values_list("mentee_id", "mentor_id", "score")) == first


def test_refresh_writes_nothing_when_no_suggestion_changed(mentee, fixed_now):
    MentorFactory.create_batch(3)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    with CaptureQueriesContext(connection) as queries:
        assert suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now) == 3
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE", "CREATE"} & set(statements), statements


def test_refresh_rewrites_suggestions_whose_stored_score_or_facts_are_out_of_date(
    mentee, fixed_now
):
    MentorFactory.create_batch(2)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    fresh = {m.pk: (m.score, m.factors) for m in Match.objects.filter(mentee=mentee)}
    old_facts, old_score = list(fresh)
    # Facts written by something else than a refresh carry no fingerprint ("v").
    written_elsewhere = {**fresh[old_facts][1], "week": "2020-01-06"}
    del written_elsewhere["v"]
    Match.objects.filter(pk=old_facts).update(factors=written_elsewhere)
    Match.objects.filter(pk=old_score).update(score=fresh[old_score][0] / 2)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)

    assert {m.pk: (m.score, m.factors) for m in Match.objects.filter(mentee=mentee)} == fresh


def test_a_refresh_in_a_new_week_rewrites_the_facts_of_last_weeks_suggestions(mentee, fixed_now):
    MentorFactory.create_batch(2)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now - dt.timedelta(days=7))
    last_week = dict(Match.objects.values_list("pk", "factors"))

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)

    this_week = dict(Match.objects.values_list("pk", "factors"))
    assert this_week.keys() == last_week.keys()
    assert {facts["week"] for facts in this_week.values()} == {fixed_now.date().isoformat()}
    assert all(this_week[pk]["v"] != last_week[pk]["v"] for pk in this_week)


def test_refresh_keeps_at_most_ten_and_drops_stale_suggestions(mentee):
    mentors = MentorFactory.create_batch(12)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert Match.objects.filter(mentee=mentee).count() == 10
    for mentor in mentors:
        MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert not Match.objects.filter(mentee=mentee).exists()


def test_a_new_mentees_first_suggestions_are_copied_in_without_a_staging_table():
    fixed_now = WEEKS["winter"]
    newcomer, known = MenteeFactory(), MenteeFactory()
    MentorFactory.create_batch(3)
    suggestions.suggestions_refresh(mentee_ids=[known.pk], now=fixed_now - dt.timedelta(days=7))

    with CaptureQueriesContext(connection) as queries:
        assert suggestions.suggestions_refresh(mentee_ids=[newcomer.pk], now=fixed_now) == 3
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert "CREATE" not in statements, statements
    assert Match.objects.filter(mentee=newcomer).count() == 3

    # A mentee with rows already (last week's facts, all rewritten) is upserted.
    with CaptureQueriesContext(connection) as queries:
        assert suggestions.suggestions_refresh(mentee_ids=[known.pk], now=fixed_now) == 3
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements.count("CREATE") == 1, statements


def test_copied_suggestions_are_the_rows_the_upsert_writes():
    fixed_now = WEEKS["winter"]
    copied, upserted = MenteeFactory(), MenteeFactory()
    mentors = MentorFactory.create_batch(2)
    # Text a JSON string may hold: quotes, backslashes, escaped tabs and newlines,
    # Cyrillic, a character outside the BMP.
    facts = json.dumps({"f": [["goal", 20.0, 1.0]], "note": 'a\\b "c"\td\ne ё 😀', "v": "x"})
    rows = [(mentor.pk, 42.5 + i, facts, 90 * i) for i, mentor in enumerate(mentors)]

    assert suggestions._insert_first_on_postgresql([(copied.pk, *row) for row in rows], fixed_now)
    suggestions._upsert_on_postgresql([(upserted.pk, *row) for row in rows], fixed_now)

    def stored(mentee) -> list[dict]:
        return list(
            Match.objects.filter(mentee=mentee).order_by("mentor_id").values(*_WRITTEN_FIELDS)
        )

    assert stored(copied) == stored(upserted)
    assert stored(copied)[0]["factors"] == json.loads(facts)
    assert stored(copied)[1]["created_at"] == fixed_now


_WRITTEN_FIELDS = [
    f.attname for f in Match._meta.concrete_fields if f.attname not in {"id", "mentee_id"}
]
