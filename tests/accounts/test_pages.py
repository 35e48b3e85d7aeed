"""The accounts pages: sign-up with consent, onboarding, profile, catalogue, privacy."""

import json

import pytest
from django.urls import reverse

from accounts.models import Consent, MenteeProfile, MentorProfile, User
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db

SIGNUP_FORM = {
    "full_name": "Ольга Смирнова",
    "email": "olga@example.org",
    "password": "Zelenaya-Lampa-42",
    "timezone": "Asia/Yekaterinburg",
    "consent": "on",
}


def test_signup_page_creates_account_with_consent_and_starts_onboarding(client):
    response = client.post(reverse("accounts:signup"), SIGNUP_FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:onboarding")
    user = User.objects.get(email="olga@example.org")
    assert user.timezone == "Asia/Yekaterinburg"
    assert Consent.objects.filter(user=user, kind="personal_data").exists()


def test_signup_page_without_consent_says_why_and_creates_nothing(client):
    form = {key: value for key, value in SIGNUP_FORM.items() if key != "consent"}
    response = client.post(reverse("accounts:signup"), form)
    assert response.status_code == 200
    assert "Без согласия на обработку персональных данных" in response.content.decode()
    assert not User.objects.exists()


def test_signup_page_refuses_weak_password_next_to_the_field(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP_FORM, "password": "qwerty"})
    assert 'id="id_password_error"' in response.content.decode()
    assert not User.objects.exists()


def _wizard_post(client, step: str, data: dict) -> object:
    payload = {"onboarding_wizard-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(reverse("accounts:onboarding"), payload)


def test_onboarding_wizard_creates_the_mentee_profile(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:onboarding"))
    assert page.status_code == 200
    assert "Шаг 1 из" in page.content.decode()
    _wizard_post(client, "role", {"role": "mentee"})
    _wizard_post(
        client,
        "mentee_goals",
        {
            "goal_area": "marketing",
            "current_role": "продавец-консультант",
            "stage": "exploring",
            "goals": "Хочу в SMM",
        },
    )
    _wizard_post(client, "skills", {"skills": ["smm", "copywriting"]})
    done = client.post(
        reverse("accounts:onboarding"),
        {
            "onboarding_wizard-current_step": "availability",
            "availability-availability": ["0-38", "0-39", "0-40"],
            "availability-timezone": "Asia/Omsk",
            "availability-formats": ["chat"],
            "availability-languages": ["ru"],
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    profile = MenteeProfile.objects.get(user=user)
    assert profile.goal_area.code == "marketing"
    assert sorted(profile.skills.values_list("code", flat=True)) == ["copywriting", "smm"]
    assert profile.availability == [{"weekday": 0, "start": "19:00", "end": "20:30"}]
    assert profile.timezone == "Asia/Omsk"


def test_profile_edit_shows_errors_and_keeps_the_profile(client, mentor):
    client.force_login(mentor.user)
    url = reverse("accounts:profile-edit", args=["mentor"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"goals-capacity": "99"})
    assert response.status_code == 400
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_profile_page_offers_the_other_role(client, mentee):
    client.force_login(mentee.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "?role=mentor" in page


def test_catalogue_page_filters_by_goal_area(client):
    analyst = MentorFactory(area_codes=["analytics"])
    marketer = MentorFactory(area_codes=["marketing"], skill_codes=["smm"])
    page = client.get(reverse("mentor-catalogue"), {"goal_area": "marketing"}).content.decode()
    assert marketer.user.full_name in page
    assert analyst.user.full_name not in page


def test_mentor_card_page_shows_no_email(client, mentor):
    page = client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    assert mentor.user.full_name in page
    assert mentor.user.email not in page


def test_export_download_and_delete_from_the_profile_page(client, mentee):
    client.force_login(mentee.user)
    exported = client.get(reverse("accounts:export"))
    assert json.loads(exported.content)["account"]["email"] == mentee.user.email
    wrong = client.post(reverse("accounts:delete"), {"confirm_email": "not-me@example.org"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=mentee.pk).exists()
    done = client.post(reverse("accounts:delete"), {"confirm_email": mentee.user.email})
    assert done.status_code == 302
    assert not User.objects.filter(pk=mentee.pk).exists()
    assert not MentorProfile.objects.exists()


def test_language_switch_is_remembered_for_letters(client, user):
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert "Find a mentor" in client.get("/").content.decode()


def test_password_reset_by_email_sets_a_new_password(client, user):
    import re

    from django.core import mail

    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    [letter] = mail.outbox
    assert letter.to == [user.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", letter.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Novyi-Parol-2026!", "new_password2": "Novyi-Parol-2026!"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Novyi-Parol-2026!")


def test_admin_lets_staff_extend_the_taxonomy(admin_client):
    assert admin_client.get("/admin/accounts/skill/add/").status_code == 200
    assert admin_client.get("/admin/accounts/goalarea/").status_code == 200
