"""A person's roles are read in one query and kept for the request; a new role shows at once."""

import datetime as dt

import pytest

from programmes import services as programmes
from tests.api.test_accounts import ME, MENTEE, MENTEE_BODY, MENTOR, MENTOR_BODY
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_are_read_in_one_query_and_kept(django_assert_num_queries):
    person = MentorFactory(user=MenteeFactory().user).user
    with django_assert_num_queries(1):
        assert person.roles == ["mentee", "mentor"]
        assert person.roles == ["mentee", "mentor"]
        assert not person.is_coordinator


def test_roles_are_a_new_list_each_time():
    person = MenteeFactory().user
    person.roles.append("mentor")
    assert person.roles == ["mentee"]


def test_the_api_shows_a_profile_added_on_the_same_user(api):
    # force_authenticate keeps one User instance across the requests, as a request keeps
    # request.user: a role added by a service must not hide behind the kept answer.
    person = UserFactory()
    api.force_authenticate(person)
    assert api.get(ME).json()["roles"] == []
    assert api.put(MENTEE, MENTEE_BODY, format="json").status_code == 201
    assert api.get(ME).json()["roles"] == ["mentee"]
    assert api.put(MENTOR, MENTOR_BODY, format="json").status_code == 201
    assert api.get(ME).json()["roles"] == ["mentee", "mentor"]


def test_a_new_programme_makes_its_creator_a_coordinator_at_once():
    person = UserFactory()
    assert not person.is_coordinator
    today = dt.date(2026, 3, 2)
    programmes.programme_create(
        user=person,
        name="Поток",
        goal_areas=["analytics"],
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )
    assert person.is_coordinator
