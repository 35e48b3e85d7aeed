"""The accounts API against ../shared/API.md: happy paths, someone else's objects, bad input."""

import pytest
from rest_framework.authtoken.models import Token

from accounts.models import Consent, MenteeProfile, MentorProfile, User
from tests.factories import PASSWORD, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
MENTEE = "/api/v1/me/mentee/"
MENTOR = "/api/v1/me/mentor/"

MENTEE_BODY = {
    "goal_area": "analytics",
    "skills": ["sql", "python"],
    "current_role": "Учитель математики",
    "stage": "learning",
    "goals": "Перейти в продуктовую аналитику за полгода",
    "formats": ["video", "chat"],
    "languages": ["ru"],
    "availability": [{"weekday": 0, "start": "19:00", "end": "21:00"}],
    "timezone": "Asia/Novosibirsk",
}
MENTOR_BODY = {
    "goal_areas": ["analytics"],
    "skills": ["sql", "product-analytics"],
    "headline": "Продуктовый аналитик",
    "bio": "Пришла в аналитику из бухгалтерии пять лет назад.",
    "years_experience": 5,
    "capacity": 3,
    "accepting_mentees": True,
    "formats": ["video"],
    "languages": ["ru", "en"],
    "availability": [{"weekday": 2, "start": "18:00", "end": "20:00"}],
    "timezone": "Europe/Berlin",
}


def signup_body(**overrides):
    body = {
        "email": "anna@example.org",
        "password": "Krasnaya-Ploshchad-1",
        "full_name": "Анна Петрова",
        "timezone": "Asia/Vladivostok",
        "consent": True,
    }
    return {**body, **overrides}


# --- Sign-up and token -------------------------------------------------------------


def test_signup_creates_the_account_with_its_consent_and_a_token(api):
    response = api.post(SIGNUP, signup_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(email="anna@example.org")
    assert body == {
        "id": user.pk,
        "email": "anna@example.org",
        "full_name": "Анна Петрова",
        "token": Token.objects.get(user=user).key,
    }
    assert user.timezone == "Asia/Vladivostok"
    consent = Consent.objects.get(user=user)
    assert consent.kind == "personal_data"
    assert consent.version == "2026-11"


def test_signup_refuses_a_weak_password(api):
    response = api.post(SIGNUP, signup_body(password="12345678"), format="json")
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.exists()


def test_signup_refuses_without_consent(api):
    for consent in (False, None):
        body = signup_body()
        if consent is None:
            del body["consent"]
        else:
            body["consent"] = consent
        response = api.post(SIGNUP, body, format="json")
        assert response.status_code == 400
        assert "consent" in response.json()
    assert not User.objects.exists()


def test_signup_refuses_a_duplicate_email_in_any_case(api, user):
    response = api.post(SIGNUP, signup_body(email=user.email.upper()), format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_signup_refuses_an_unknown_time_zone_in_russian_by_default(api):
    response = api.post(SIGNUP, signup_body(timezone="Mars/Olympus"), format="json")
    assert response.status_code == 400
    assert "Неизвестный часовой пояс" in response.json()["timezone"][0]


def test_signup_errors_are_english_with_accept_language_en(api):
    response = api.post(
        SIGNUP, signup_body(timezone="Mars/Olympus"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Unknown time zone" in response.json()["timezone"][0]


def test_signup_keeps_cyrillic_unchanged(api):
    name = "Ёлкина Юлия-Мария Щукина"
    response = api.post(SIGNUP, signup_body(full_name=name), format="json")
    assert response.json()["full_name"] == name


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        '{"email": ',
        "[1, 2, 3]",
        '{"email": ["x"], "password": {"a": 1}, "full_name": 5, "consent": "maybe"}',
        '{"email": "a@b.org", "password": "Krasnaya-Ploshchad-1", "full_name": "x\\u0000y",'
        ' "consent": true}',
        '{"email": "a@b.org", "password": "Krasnaya-Ploshchad-1", "full_name": "'
        + "я" * 100_000
        + '", "consent": true}',
    ],
    ids=["garbage", "truncated", "list", "wrong-types", "nul-byte", "huge-string"],
)
def test_signup_answers_bad_input_with_400_and_stores_nothing(api, body):
    response = api.generic("POST", SIGNUP, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()
    assert not User.objects.exists()


def test_token_for_right_credentials_and_400_for_wrong(api, user):
    good = api.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json")
    assert good.status_code == 200
    assert good.json()["token"] == Token.objects.get(user=user).key
    bad = api.post(TOKEN, {"email": user.email, "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert "non_field_errors" in bad.json()


def test_repeated_failures_lock_the_account_for_that_address_only(api, user, settings):
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN, {"email": user.email, "password": "guess"}, format="json", **attacker)
    locked = api.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json", **attacker)
    assert locked.status_code == 429
    # The real person, from their own address, still signs in.
    real = api.post(
        TOKEN,
        {"email": user.email, "password": PASSWORD},
        format="json",
        REMOTE_ADDR="198.51.100.7",
    )
    assert real.status_code == 200


def test_token_authenticates_and_basic_auth_does_not(api, user):
    import base64

    token = api.post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json").json()
    assert api.get(ME, HTTP_AUTHORIZATION=f"Token {token['token']}").status_code == 200
    basic = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
    assert api.get(ME, HTTP_AUTHORIZATION=f"Basic {basic}").status_code == 401


# --- Me ------------------------------------------------------------------------------


def test_me_requires_sign_in(api):
    assert api.get(ME).status_code == 401


def test_me_shows_the_caller_and_their_roles(api, mentee):
    MentorFactory(user=mentee.user)
    api.force_authenticate(mentee.user)
    body = api.get(ME).json()
    assert body == {
        "id": mentee.user.pk,
        "email": mentee.user.email,
        "full_name": mentee.user.full_name,
        "timezone": "Europe/Moscow",
        "roles": ["mentee", "mentor"],
        "photo_url": None,
        "email_confirmed": True,
    }


def test_me_lists_coordinator_for_whoever_coordinates_a_programme(api, programme, coordinator):
    from programmes import services as programme_services

    api.force_authenticate(coordinator)
    assert api.get(ME).json()["roles"] == ["coordinator"]
    member = MentorFactory()
    programme_services.programme_join(
        user=member.user, join_code=programme.join_code, role="mentor"
    )
    api.force_authenticate(member.user)
    assert api.get(ME).json()["roles"] == ["mentor"]


def test_me_patch_changes_name_and_zone_and_refuses_unknown_zone(api, user):
    api.force_authenticate(user)
    ok = api.patch(
        ME, {"full_name": "Иван Иванов", "timezone": "Europe/Kaliningrad"}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["timezone"] == "Europe/Kaliningrad"
    bad = api.patch(ME, {"timezone": "Europe/Atlantis"}, format="json")
    assert bad.status_code == 400
    user.refresh_from_db()
    assert (user.full_name, user.timezone) == ("Иван Иванов", "Europe/Kaliningrad")


# --- Goal areas ------------------------------------------------------------------------


def test_goal_areas_are_public_and_follow_accept_language(api):
    ru = api.get("/api/v1/goal-areas/").json()
    assert [area["code"] for area in ru] == ["it", "marketing", "analytics", "management"]
    assert ru[0]["name"] == "IT и программирование"
    assert {"code": "python", "name": "Python"} in ru[0]["skills"]
    en = api.get("/api/v1/goal-areas/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en[1]["name"] == "Digital marketing"


# --- Profiles --------------------------------------------------------------------------


def test_put_mentee_creates_then_replaces_the_profile(api, user):
    api.force_authenticate(user)
    created = api.put(MENTEE, MENTEE_BODY, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["id"] == user.pk
    assert body["goal_area"] == "analytics"
    assert sorted(body["skills"]) == ["python", "sql"]
    assert body["formats"] == ["video", "chat"]
    assert body["timezone"] == "Asia/Novosibirsk"
    replaced = api.put(MENTEE, {**MENTEE_BODY, "stage": "job_search"}, format="json")
    assert replaced.status_code == 200
    assert replaced.json()["stage"] == "job_search"
    assert api.get(ME).json()["roles"] == ["mentee"]


def test_patch_mentee_changes_only_what_is_sent(api, mentee):
    api.force_authenticate(mentee.user)
    response = api.patch(MENTEE, {"goals": "Новая цель"}, format="json")
    assert response.status_code == 200
    mentee.refresh_from_db()
    assert mentee.goals == "Новая цель"
    assert mentee.current_role == "учитель математики"


def test_mentee_profile_of_a_person_without_one_is_404(api, user):
    api.force_authenticate(user)
    assert api.get(MENTEE).status_code == 404
    assert api.patch(MENTEE, {"goals": "x"}, format="json").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"goal_area": "astrology"}, "goal_area"),
        ({"skills": ["sql", "telepathy"]}, "skills"),
        ({"stage": "retired"}, "stage"),
        ({"formats": []}, "formats"),
        ({"formats": ["fax"]}, "formats"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"availability": [{"weekday": 0, "start": "19:15", "end": "21:00"}]}, "availability"),
        ({"availability": [{"weekday": 7, "start": "19:00", "end": "21:00"}]}, "availability"),
        ({"availability": [{"weekday": 0, "start": "21:00", "end": "19:00"}]}, "availability"),
        ({"availability": "monday evenings"}, "availability"),
        ({"timezone": "Moscow"}, "timezone"),
        ({"goals": "x" * 5000}, "goals"),
        ({"current_role": "a\x00b"}, "current_role"),
        ({"skills": ["\x00"]}, "skills"),
        ({"goal_area": "it\x00"}, "goal_area"),
        ({"languages": ["r\x00"]}, "languages"),
    ],
)
def test_put_mentee_refuses_invalid_fields_and_keeps_the_old_profile(api, mentee, change, field):
    api.force_authenticate(mentee.user)
    before = api.get(MENTEE).json()
    response = api.put(MENTEE, {**MENTEE_BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert api.get(MENTEE).json() == before


def test_availability_is_merged_and_sorted(api, user):
    api.force_authenticate(user)
    slots = [
        {"weekday": 3, "start": "10:00", "end": "11:00"},
        {"weekday": 0, "start": "19:00", "end": "20:00"},
        {"weekday": 0, "start": "19:30", "end": "21:00"},
        {"weekday": 0, "start": "21:00", "end": "24:00"},
    ]
    body = api.put(MENTEE, {**MENTEE_BODY, "availability": slots}, format="json").json()
    assert body["availability"] == [
        {"weekday": 0, "start": "19:00", "end": "24:00"},
        {"weekday": 3, "start": "10:00", "end": "11:00"},
    ]


def test_put_mentor_registers_and_capacity_must_be_1_to_20(api, user):
    api.force_authenticate(user)
    for capacity in (0, 21, "many"):
        response = api.put(MENTOR, {**MENTOR_BODY, "capacity": capacity}, format="json")
        assert response.status_code == 400
        assert "capacity" in response.json()
    assert not MentorProfile.objects.exists()
    response = api.put(MENTOR, MENTOR_BODY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["capacity"] == 3
    assert body["languages"] == ["en", "ru"]
    assert body["timezone"] == "Europe/Berlin"


def test_a_mentee_becomes_a_mentor_too(api, mentee):
    api.force_authenticate(mentee.user)
    assert api.put(MENTOR, MENTOR_BODY, format="json").status_code == 201
    assert api.get(ME).json()["roles"] == ["mentee", "mentor"]
    assert MenteeProfile.objects.filter(user=mentee.user).exists()


def test_patch_mentor_pauses_accepting(api, mentor):
    api.force_authenticate(mentor.user)
    response = api.patch(MENTOR, {"accepting_mentees": False}, format="json")
    assert response.status_code == 200
    assert response.json()["accepting_mentees"] is False


# --- Catalogue -----------------------------------------------------------------------------


def test_catalogue_is_public_and_shows_no_contact_data(api, mentor):
    response = api.get("/api/v1/mentors/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    card = body["results"][0]
    assert card["id"] == mentor.user.pk
    assert card["full_name"] == mentor.user.full_name
    assert mentor.user.email not in response.content.decode()
    assert "email" not in card


def test_catalogue_filters_narrow_the_list(api):
    analyst = MentorFactory(area_codes=["analytics"], language_codes=["ru", "en"])
    marketer = MentorFactory(
        area_codes=["marketing"], skill_codes=["smm", "seo"], language_codes=["ru"], formats=1
    )
    chat_only = MentorFactory(area_codes=["it"], skill_codes=["python"], formats=2)

    def ids(query: str) -> set[int]:
        response = api.get(f"/api/v1/mentors/?{query}")
        assert response.status_code == 200, response.content
        return {card["id"] for card in response.json()["results"]}

    assert ids("goal_area=marketing") == {marketer.pk}
    assert ids("skill=smm") == {marketer.pk}
    assert ids("language=en") == {analyst.pk}
    assert ids("format=chat") == {analyst.pk, chat_only.pk}
    assert ids("format=in_person") == set()
    assert ids("goal_area=analytics&language=ru") == {analyst.pk}


@pytest.mark.parametrize(
    "query", ["goal_area=astrology", "format=fax", "language=zz", "skill=%00", "accepting=maybe"]
)
def test_catalogue_refuses_unknown_filter_values(api, query):
    assert api.get(f"/api/v1/mentors/?{query}").status_code == 400


def test_mentor_card_by_user_id_and_404_for_someone_without_a_mentor_profile(api, mentor, user):
    assert api.get(f"/api/v1/mentors/{mentor.pk}/").json()["id"] == mentor.user.pk
    assert api.get(f"/api/v1/mentors/{user.pk}/").status_code == 404


# --- Privacy ---------------------------------------------------------------------------------


def test_export_holds_the_callers_data_and_nothing_of_anyone_elses(api, mentee, stranger):
    other = MentorFactory()
    api.force_authenticate(mentee.user)
    response = api.get("/api/v1/me/export/")
    assert response.status_code == 200
    body = response.json()
    assert body["account"]["email"] == mentee.user.email
    assert body["mentee_profile"]["goals"] == mentee.goals
    assert body["mentor_profile"] is None
    assert body["consents"][0]["kind"] == "personal_data"
    text = response.content.decode()
    for someone in (stranger, other.user):
        assert someone.email not in text
        assert someone.full_name not in text


def test_export_holds_the_persons_programmes_and_the_rules_only_for_the_coordinator(
    api, programme, coordinator, mentee
):
    from programmes import services as programme_services

    mentor = MentorFactory()
    for profile, role in ((mentee, "mentee"), (mentor, "mentor")):
        programme_services.programme_join(
            user=profile.user, join_code=programme.join_code, role=role
        )
    programme_services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentee.pk,
        mentor_id=mentor.pk,
        kind="forbidden",
    )

    api.force_authenticate(mentee.user)
    section = api.get("/api/v1/me/export/").json()["programmes"]
    [membership] = section["memberships"]
    assert membership["programme"] == programme.pk
    assert membership["name"] == programme.name
    assert membership["role"] == "mentee"
    assert membership["joined_at"]
    assert section["coordinated"] == []
    assert section["pair_rules"] == []  # the coordinator's decision, not the mentee's data

    api.force_authenticate(coordinator)
    response = api.get("/api/v1/me/export/")
    section = response.json()["programmes"]
    assert section["memberships"] == []
    [coordinated] = section["coordinated"]
    assert (coordinated["programme"], coordinated["name"]) == (programme.pk, programme.name)
    assert coordinated["starts_on"] == programme.starts_on.isoformat()
    assert coordinated["ends_on"] == programme.ends_on.isoformat()
    assert section["pair_rules"] == [
        {"programme": programme.pk, "mentee": mentee.pk, "mentor": mentor.pk, "kind": "forbidden"}
    ]
    for someone in (mentee.user, mentor.user):  # ids only, no one's contact data
        assert someone.email not in response.content.decode()


def test_delete_erases_the_person_from_every_table(api, mentee, django_db_blocker):
    from django.apps import apps
    from django.db import models

    MentorFactory(user=mentee.user)
    email, name = mentee.user.email, mentee.user.full_name
    api.post(TOKEN, {"email": email, "password": "wrong"}, format="json")  # an axes record
    api.force_authenticate(mentee.user)
    assert api.delete(ME).status_code == 204

    leftovers = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            if any(email in str(value) or name in str(value) for value in row):
                leftovers.append(model.__name__)
    assert leftovers == []
    assert not User.objects.filter(pk=mentee.pk).exists()


def test_delete_needs_sign_in(api):
    assert api.delete(ME).status_code == 401


def test_other_users_are_unaffected_by_a_deletion(api, mentee):
    other = UserFactory()
    api.force_authenticate(mentee.user)
    api.delete(ME)
    assert User.objects.filter(pk=other.pk).exists()
