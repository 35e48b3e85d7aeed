"""The suggestion refresh (matching/suggestions.py), against PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import MentorProfile
from matching import suggestions
from matching.models import Match, MatchStatus
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db


def test_refresh_suggests_compatible_mentors_best_first_with_facts(mentee):
    good = MentorFactory(skill_codes=["sql", "python"])
    weaker = MentorFactory(skill_codes=["excel"])
    MentorFactory(language_codes=["de"])  # no common language
    MentorFactory(area_codes=["marketing"], skill_codes=["smm"])  # nothing in common

    written = suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    matches = list(Match.objects.filter(mentee=mentee).order_by("-score"))
    assert written == 2
    assert [m.mentor_id for m in matches] == [good.pk, weaker.pk]
    assert all(m.status == MatchStatus.SUGGESTED for m in matches)
    assert sorted(matches[0].factors["skills"]) == ["python", "sql"]
    # Both work weekday evenings in Moscow: five two-hour evenings.
    assert matches[0].overlap_minutes_per_week == 5 * 120


def test_refresh_twice_changes_nothing_and_never_duplicates(mentee):
    MentorFactory.create_batch(3)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    first = sorted(Match.objects.values_list("mentee_id", "mentor_id", "score"))
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert sorted(Match.objects.values_list("mentee_id", "mentor_id", "score")) == first


def test_refresh_writes_nothing_when_no_suggestion_changed(mentee):
    MentorFactory.create_batch(3)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    with CaptureQueriesContext(connection) as queries:
        assert suggestions.suggestions_refresh(mentee_ids=[mentee.pk]) == 3
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE", "CREATE"} & set(statements), statements


def test_refresh_rewrites_suggestions_whose_stored_score_or_facts_are_out_of_date(mentee):
    MentorFactory.create_batch(2)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    fresh = {m.pk: (m.score, m.factors) for m in Match.objects.filter(mentee=mentee)}
    old_facts, old_score = list(fresh)
    Match.objects.filter(pk=old_facts).update(factors={**fresh[old_facts][1], "week": "2020-01-06"})
    Match.objects.filter(pk=old_score).update(score=fresh[old_score][0] / 2)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    assert {m.pk: (m.score, m.factors) for m in Match.objects.filter(mentee=mentee)} == fresh


def test_refresh_keeps_at_most_ten_and_drops_stale_suggestions(mentee):
    mentors = MentorFactory.create_batch(12)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert Match.objects.filter(mentee=mentee).count() == 10
    for mentor in mentors:
        MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    assert not Match.objects.filter(mentee=mentee).exists()
