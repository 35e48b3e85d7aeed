"""The onboarding wizard keeps the answers of someone who leaves and comes back,
asks the skills question for the role, and ends where the next step is taken."""

import re

import pytest
from django.urls import reverse

from accounts.models import MenteeProfile

pytestmark = pytest.mark.django_db

GOALS = {
    "goal_area": "marketing",
    "current_role": "продавец-консультант",
    "stage": "exploring",
    "goals": "Хочу в SMM",
}


def _post(client, step: str, data: dict):
    payload = {"onboarding_wizard-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(reverse("accounts:onboarding"), payload)


def _open(client, query: str = "") -> str:
    response = client.get(reverse("accounts:onboarding") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_coming_back_opens_the_step_left_with_the_answers_kept(client, user):
    client.force_login(user)
    _post(client, "role", {"role": "mentee"})
    _post(client, "mentee_goals", GOALS)
    client.get(reverse("mentor-catalogue"))  # away, then back
    page = _open(client)
    assert "Шаг 3 из 4" in page
    assert "Чему хотите научиться?" in page
    back = client.post(
        reverse("accounts:onboarding"),
        {"onboarding_wizard-current_step": "skills", "wizard_goto_step": "mentee_goals"},
    ).content.decode()
    assert 'value="продавец-консультант"' in back


def test_reset_starts_the_wizard_again(client, user):
    client.force_login(user)
    _post(client, "role", {"role": "mentee"})
    assert "Шаг 2 из 4" in _open(client)
    assert "Шаг 1 из 4" in _open(client, "?reset")


def test_asking_for_the_other_role_starts_that_role_afresh(client, user):
    client.force_login(user)
    _post(client, "role", {"role": "mentee"})
    page = _open(client, "?role=mentor")
    assert "Шаг 1 из 4" in page
    assert re.search(r'value="mentor"[^>]*checked', page)


def test_a_mentor_is_asked_what_they_can_help_with(client, user):
    client.force_login(user)
    _post(client, "role", {"role": "mentor"})
    _post(
        client,
        "mentor_goals",
        {
            "goal_areas": ["analytics"],
            "headline": "Аналитик",
            "bio": "Пять лет в аналитике.",
            "years_experience": "5",
            "capacity": "2",
        },
    )
    page = _open(client)
    assert "В чём можете помочь?" in page
    assert "Чему хотите научиться?" not in page


def test_the_last_step_leads_a_mentee_to_the_suggestions(client, user):
    client.force_login(user)
    _post(client, "role", {"role": "mentee"})
    _post(client, "mentee_goals", GOALS)
    _post(client, "skills", {"skills": ["smm"]})
    done = _post(
        client,
        "availability",
        {
            "availability": ["0-38"],
            "timezone": "Asia/Omsk",
            "formats": ["chat"],
            "languages": ["ru"],
        },
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("matching:suggestions")
    assert MenteeProfile.objects.filter(user=user).exists()
    assert "Шаг 1 из 4" in _open(client)  # a finished wizard starts afresh


def test_profile_edit_of_an_unknown_role_is_not_found(client, user):
    client.force_login(user)
    assert client.get("/accounts/profile/wizard/").status_code == 404
