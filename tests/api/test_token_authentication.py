"""API token sign-in (accounts.authentication): the token, its person and the roles in one query."""

import itertools

import pytest
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from accounts.authentication import token_with_user
from accounts.models import User
from tests import query_counts as q
from tests.factories import MenteeFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def _signed_in(api, user: User):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def _person(mentee: bool, mentor: bool, coordinator: bool) -> User:
    return q.person_with(mentee=mentee, mentor=mentor, coordinator=coordinator)


@pytest.mark.parametrize("held", list(itertools.product([False, True], repeat=3)))
def test_the_token_brings_the_roles_the_profiles_give_without_another_query(
    held, django_assert_num_queries
):
    user = _person(*held)
    key = Token.objects.create(user=user).key
    stored = User.objects.get(pk=user.pk)
    expected = (stored.roles, stored.is_coordinator)  # User._held's own query
    profiles = [role for role, on in zip(("mentee", "mentor"), held[:2], strict=True) if on]
    assert expected == (profiles, held[2])
    with django_assert_num_queries(1):
        token = token_with_user(key)
        assert (token.user.roles, token.user.is_coordinator) == expected


def test_the_token_brings_the_same_person_and_token_as_the_orm():
    user = _person(True, False, False)
    key = Token.objects.create(user=user).key
    token = token_with_user(key)
    stored = Token.objects.select_related("user").get(key=key)
    assert (token.key, token.user_id, token.created) == (stored.key, stored.user_id, stored.created)
    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(token.user, name) for name in fields] == [
        getattr(stored.user, name) for name in fields
    ]
    assert token.user._state.adding is False
    assert token.user._state.db == "default"


def test_an_unknown_token_is_none():
    assert token_with_user("0" * 40) is None


def test_me_with_a_token_asks_the_database_once(api, django_assert_num_queries):
    user = _person(True, True, True)
    _signed_in(api, user)
    api.get(ME)  # per-process caches
    with django_assert_num_queries(1):
        response = api.get(ME)
    assert response.status_code == 200
    assert response.json()["roles"] == ["mentee", "mentor", "coordinator"]


def test_me_with_a_token_does_not_grow_with_the_programmes_coordinated(api):
    user = _person(True, False, False)
    _signed_in(api, user)

    def fetch(_n: int) -> None:
        response = api.get(ME)
        assert response.json()["roles"] == ["mentee", "coordinator"]

    q.assert_flat(lambda n: [q.programme_of(user) for _ in range(n)], fetch)


def test_a_wrong_token_is_refused_with_drfs_message(api):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": gettext("Invalid token.")}  # DRF's message
    assert response.json()["detail"] == "Недействительный токен."


def test_the_token_of_a_deactivated_person_is_refused(api):
    user = _person(False, False, False)
    _signed_in(api, user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": gettext("User inactive or deleted.")}
    assert response.json()["detail"] != "User inactive or deleted."  # in Russian


def test_a_new_profile_shows_in_the_roles_of_the_next_request(api):
    user = _person(False, False, False)
    _signed_in(api, user)
    assert api.get(ME).json()["roles"] == []
    MenteeFactory(user=user)
    assert api.get(ME).json()["roles"] == ["mentee"]
