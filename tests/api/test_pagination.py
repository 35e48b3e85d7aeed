"""API pages (core.pagination): a short first page is answered without a COUNT query,
with the same body as any page: {count, next, previous, results}."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.models import Match
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db


def _matches(mentee, n: int) -> None:
    for score in range(n):
        Match.objects.create(mentee=mentee, mentor=MentorFactory(), score=score, factors={})


def _get(api, url: str) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in captured.captured_queries]


def _counts(sql: list[str]) -> int:
    return sum(line.startswith("SELECT COUNT(*)") for line in sql)


def test_a_short_first_page_is_counted_from_its_rows(api, mentee):
    _matches(mentee, 3)
    api.force_authenticate(mentee.user)

    body, sql = _get(api, "/api/v1/matches/")

    assert (body["count"], body["next"], body["previous"]) == (3, None, None)
    assert len(body["results"]) == 3
    assert _counts(sql) == 0


def test_an_empty_list_is_one_page_of_none(api, mentee):
    api.force_authenticate(mentee.user)

    body, sql = _get(api, "/api/v1/matches/")

    assert body == {"count": 0, "next": None, "previous": None, "results": []}
    assert _counts(sql) == 0


def test_a_full_first_page_still_counts_them_all(api, mentee):
    _matches(mentee, 23)
    api.force_authenticate(mentee.user)

    body, sql = _get(api, "/api/v1/matches/")

    assert body["count"] == 23
    assert body["next"].endswith("/api/v1/matches/?page=2")
    assert len(body["results"]) == 20
    assert _counts(sql) == 1
    second, _sql = _get(api, "/api/v1/matches/?page=2")
    assert (second["count"], len(second["results"])) == (23, 3)
    assert second["previous"].endswith("/api/v1/matches/")


def test_a_page_past_the_end_is_a_404(api, mentee):
    _matches(mentee, 3)
    api.force_authenticate(mentee.user)

    assert api.get("/api/v1/matches/?page=2").status_code == 404
    assert api.get("/api/v1/matches/?page=x").status_code == 404
