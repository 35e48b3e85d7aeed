"""The list of matches is written from plain rows (matching.selectors.match_rows and
matching.serializers.match_rows_out), not by MatchOutput per row: its answer must be
MatchOutput's, byte for byte, for every field, null or not, on both sides, in both
languages and with every filter."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from matching import explain, selectors, suggestions
from matching import serializers as s
from matching.filters import MatchFilter
from matching.models import Match, MatchOrigin
from mentorship import matches as services
from tests.clock import WEEKS
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/matches/"
NOW = WEEKS["winter"]
FILTERS = [{}, {"role": "mentee"}, {"role": "mentor"}, {"status": "suggested"}, {"role": ""}]
NULLABLE = ["mentorship", "programme", "requested_at", "withdrawn_at"]


# Mentee evenings in Vladivostok (UTC+10) are afternoons in Novosibirsk (UTC+7): hours in
# common, written in two different local times.
AFTERNOONS = [{"weekday": day, "start": "16:00", "end": "18:00"} for day in range(5)]


def _photo(user, n: int) -> None:
    user.photo = f"photos/{user.pk}/{n:032x}-512.jpg"
    user.save(update_fields=["photo"])


@pytest.fixture
def reader(programme):
    """Both mentee and mentor (in Vladivostok, with a photo), with a match of every kind:
    suggested (with shared skills and hours), requested with a note, withdrawn, accepted
    (its mentorship set), a programme's (no facts), and a request to them as a mentor."""
    person = UserFactory(timezone="Asia/Vladivostok")
    _photo(person, 1)
    me = MenteeFactory(user=person, skill_codes=["sql", "excel"])
    MentorFactory(user=person)
    suggested = MentorFactory(
        skill_codes=["sql", "excel"], user__timezone="Asia/Novosibirsk", availability=AFTERNOONS
    )
    _photo(suggested.user, 2)
    suggestions.suggestions_refresh(mentee_ids=[me.pk], now=NOW)
    assert Match.objects.filter(mentee=me, mentor=suggested).exists()
    requested, withdrawn, accepted = MentorFactory(), MentorFactory(), MentorFactory()
    services.match_request(user=person, mentor_id=requested.pk, note="Хочу в аналитику", now=NOW)
    services.match_request(user=person, mentor_id=withdrawn.pk, now=NOW)
    services.match_withdraw(user=person, match_id=withdrawn.matches.get().pk)
    services.match_request(user=person, mentor_id=accepted.pk, now=NOW)
    services.match_accept(user=accepted.user, match_id=accepted.matches.get().pk)
    Match.objects.create(
        mentee=me,
        mentor=MentorFactory(),
        programme=programme,
        origin=MatchOrigin.PROGRAMME,
        score=40,
        factors={},
        created_at=dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC),
    )
    asking = MenteeFactory(user__timezone="Asia/Novosibirsk", availability=AFTERNOONS)
    services.match_request(user=asking.user, mentor_id=person.pk, now=NOW)
    return person


def _by_serializer(user, query: dict) -> bytes:
    """What MatchOutput(many=True) answers for the same person and filters."""
    request = Request(APIRequestFactory().get(MATCHES, query))
    request.user = user
    rows = MatchFilter(
        request.query_params, queryset=selectors.matches_of(user=user), request=request
    ).qs
    return JSONRenderer().render(s.MatchOutput(rows, many=True, context={"request": request}).data)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_list_answers_as_the_serializer_does(api, reader, language):
    api.force_login(reader)  # a session: the reader's own zone is active
    for query in FILTERS:
        response = api.get(MATCHES, query, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, response.content
        assert response["Content-Language"] == language
        results = response.json()["results"]
        explain._rendered.clear()  # the serializer writes its own sentences
        with translation.override(language), timezone.override(reader.timezone):
            expected = _by_serializer(reader, query)
        assert JSONRenderer().render(results) == expected, query
    # The rows above showed each field both ways: a value and, where it may be, null.
    everything = api.get(MATCHES).json()["results"]
    assert len(everything) == 6
    assert {row["mentee"]["id"] == reader.pk for row in everything} == {True, False}
    for field in NULLABLE:
        assert {row[field] is None for row in everything} == {True, False}, field
    for side in ("mentee", "mentor"):
        assert {row[side]["photo_url"] is None for row in everything} == {True, False}
    assert {bool(row["explanation"]) for row in everything} == {True, False}
    overlap = {
        row["mentee"]["id"] == reader.pk: factor["detail"]
        for row in everything
        for factor in row["explanation"]
        if factor["factor"] == "overlap" and "(Новосибирск)" in factor["detail"]
    }
    assert set(overlap) == {True, False}  # hours in two zones, read from either side
    assert any(row["note"] for row in everything)


def test_instants_are_written_as_drf_writes_them():
    from rest_framework.fields import DateTimeField

    from core.rows import instant

    moment = dt.datetime(2027, 3, 28, 0, 30, 15, 123456, tzinfo=dt.UTC)
    for name in ("UTC", "Europe/Moscow", "Europe/Berlin", "America/St_Johns"):
        with timezone.override(zone := zoneinfo.ZoneInfo(name)):
            assert instant(moment, zone) == DateTimeField().to_representation(moment)
    assert instant(None, dt.UTC) is None
