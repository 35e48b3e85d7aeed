"""A mentee becomes a mentor: the registration form starts from their mentee profile."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Format, MentorProfile
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db

MORNINGS = [{"weekday": 5, "start": "09:00", "end": "11:00"}]
ONBOARDING = reverse("accounts:onboarding")


@pytest.fixture
def graduate():
    """A teacher from Yekaterinburg who switched into analytics as a mentee."""
    return MenteeFactory(
        current_field="education",
        current_role="учитель математики",
        target_role="аналитик данных",
        city="Екатеринбург",
        timezone="Asia/Yekaterinburg",
        formats=int(Format.VIDEO | Format.IN_PERSON),
        availability=MORNINGS,
        skill_codes=["sql", "statistics"],
        language_codes=["ru", "en"],
    )


def _step(client, step: str, data: dict):
    payload = {"onboarding_wizard-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(ONBOARDING, payload)


def _checked(page: str, name: str) -> set[str]:
    """Values of the checked checkboxes called `name` on the page."""
    tags = re.findall(r"<input [^>]*>", page)
    return {
        re.search(r'value="([^"]*)"', tag)[1]
        for tag in tags
        if f'name="{name}"' in tag and 'type="checkbox"' in tag and " checked" in tag
    }


def test_prefill_turns_the_mentee_profile_into_mentor_answers(graduate):
    prefill = services.mentor_prefill_from_mentee(user=graduate.user)

    assert {
        **prefill,
        "skills": sorted(prefill["skills"]),
        "languages": sorted(prefill["languages"]),
    } == {
        "goal_areas": ["analytics"],
        "skills": ["sql", "statistics"],
        "switched_from": "education",
        "switched_from_role": "учитель математики",
        "switched_to": "analytics",
        "headline": "Аналитик данных, в прошлом — учитель математики",
        "languages": ["en", "ru"],
        "formats": ["video", "in_person"],
        "availability": MORNINGS,
        "timezone": "Asia/Yekaterinburg",
        "city": "Екатеринбург",
    }


def test_prefill_suggests_no_headline_without_a_target_role_and_keeps_it_short():
    without_target = MenteeFactory(target_role="")
    long_before = MenteeFactory(target_role="аналитик данных", current_role="б" * 150)

    assert services.mentor_prefill_from_mentee(user=without_target.user)["headline"] == ""
    long = services.mentor_prefill_from_mentee(user=long_before.user)["headline"]
    assert long == "Аналитик данных"


def test_prefill_is_empty_without_a_mentee_profile(user):
    assert services.mentor_prefill_from_mentee(user=user) == {}


def test_the_invitation_opens_a_mentor_form_filled_from_the_mentee_profile(client, graduate):
    client.force_login(graduate.user)
    invitation = reverse("accounts:profile-edit", args=["mentor"]) + "?from=mentorship"

    start = client.get(invitation, follow=True)
    assert "Мы заполнили анкету наставника по вашему профилю подопечного" in start.content.decode()

    goals = _step(client, "role", {"role": "mentor"}).content.decode()
    assert 'value="Аналитик данных, в прошлом — учитель математики"' in goals
    assert 'value="учитель математики"' in goals
    assert _checked(goals, "mentor_goals-goal_areas") == {"analytics"}
    assert re.search(r'<option value="education" selected>', goals)

    skills = _step(
        client,
        "mentor_goals",
        {
            "goal_areas": ["analytics"],
            "headline": "Аналитик данных, в прошлом — учитель математики",
            "bio": "Десять лет в школе, теперь считаю продажи в ритейле.",
            "years_experience": "2",
            "switched_from": "education",
            "switched_from_role": "учитель математики",
            "switched_to": "analytics",
            "capacity": "2",
            "accepting_mentees": "on",
        },
    ).content.decode()
    assert _checked(skills, "skills-skills") == {"sql", "statistics"}

    availability = _step(client, "skills", {"skills": ["sql", "statistics"]}).content.decode()
    assert re.search(r'<option value="Asia/Yekaterinburg" selected>', availability)
    assert 'value="Екатеринбург"' in availability
    assert _checked(availability, "availability-formats") == {"video", "in_person"}
    assert _checked(availability, "availability-languages") == {"ru", "en"}
    assert {"5-18", "5-21"} <= _checked(availability, "availability-availability")

    done = _step(
        client,
        "availability",
        {
            "availability": ["5-18", "5-19", "5-20", "5-21"],
            "timezone": "Asia/Yekaterinburg",
            "formats": ["video", "in_person"],
            "languages": ["ru", "en"],
            "city": "Екатеринбург",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    mentor = MentorProfile.objects.get(user=graduate.user)
    assert (mentor.switched_from, mentor.switched_to.code) == ("education", "analytics")
    assert mentor.availability == MORNINGS


def test_someone_who_already_mentors_keeps_their_own_answers(client, graduate):
    MentorFactory(user=graduate.user, headline="Старший аналитик")
    client.force_login(graduate.user)

    start = client.get(f"{ONBOARDING}?role=mentor").content.decode()
    goals = _step(client, "role", {"role": "mentor"}).content.decode()

    assert "Мы заполнили анкету" not in start
    assert "в прошлом" not in goals
    assert _checked(goals, "mentor_goals-goal_areas") == set()


def test_without_a_mentee_profile_the_mentor_form_starts_empty(client):
    user = UserFactory(timezone="Asia/Omsk")
    client.force_login(user)

    start = client.get(f"{ONBOARDING}?role=mentor").content.decode()
    goals = _step(client, "role", {"role": "mentor"}).content.decode()

    assert "Мы заполнили анкету" not in start
    assert _checked(goals, "mentor_goals-goal_areas") == set()
