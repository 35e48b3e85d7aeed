"""Bodies that are valid JSON but not valid Unicode text: a 400 everywhere, never a 500."""

import pytest
from rest_framework.test import APIClient

from mentorship import matches as matching
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

LONE_SURROGATE = '"\\ud800"'  # JSON's escape of half a UTF-16 pair


@pytest.fixture
def pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    return mentee, matching.match_accept(user=mentor.user, match_id=match.pk).mentorship


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "mentorships/{m}/end/", '{"reason": %s}'),
        ("post", "mentorships/{m}/sessions/",
         '{"format": %s, "starts_at": "2030-01-01T10:00+03:00", "duration_minutes": 60}'),
        ("post", "mentorships/{m}/messages/", '{"body": %s}'),
        ("put", "me/notification-settings/", '{"off": [%s]}'),
        ("post", "programmes/join/", '{"join_code": "ABC", "role": %s}'),
        ("patch", "me/mentee/", '{"stage": %s}'),
        ("post", "programmes/", '{"name": "x", "starts_on": "2027-01-01", "ends_on": "2027-02-01", '
         '"goal_areas": [%s]}'),
    ],
)  # fmt: skip
def test_a_lone_surrogate_anywhere_is_a_400_in_words(pair, method, path, body):
    mentee, mentorship = pair
    api = APIClient()
    api.force_authenticate(mentee.user)
    response = getattr(api, method)(
        "/api/v1/" + path.format(m=mentorship.pk),
        data=(body % LONE_SURROGATE).encode(),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "суррогат" in response.json()["detail"]
    assert Mentorship.objects.get(pk=mentorship.pk).phase == "initial"
    assert not mentorship.messages.exists()
