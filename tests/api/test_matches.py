"""The matches API against ../shared/API.md."""

import pytest

from accounts.models import MentorProfile
from matching import suggestions
from matching.models import Match
from mentorship import matches as services
from tests.clock import shared_minutes
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/matches/"


@pytest.fixture
def suggested(mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    return Match.objects.get(mentee=mentee, mentor=mentor)


def test_list_shows_the_callers_matches_best_first_with_explanations(
    api, mentee, mentor, fixed_now
):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    suggested = Match.objects.get(mentee=mentee, mentor=mentor)
    MentorFactory(skill_codes=["excel"])
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk], now=fixed_now)
    api.force_authenticate(mentee.user)
    body = api.get(MATCHES).json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["id"] == suggested.pk
    assert [r["score"] for r in body["results"]] == sorted(
        (r["score"] for r in body["results"]), reverse=True
    )
    assert first["mentee"]["id"] == mentee.pk
    assert first["mentor"]["id"] == suggested.mentor_id
    assert "email" not in first["mentor"]
    assert first["status"] == "suggested"
    assert first["mentorship"] is None
    # An ordinary suggestion belongs to no programme; a programme's match answers with
    # its programme's id (tests/api/test_programme_matches.py).
    assert (first["programme"], first["origin"]) == (None, "suggestion")
    assert 0 <= first["score"] <= 100
    factors = {f["factor"]: f for f in first["explanation"]}
    assert set(factors) >= {"goal", "skills", "overlap", "format"}
    assert "SQL" in factors["skills"]["detail"]
    # Hours in both people's local times: Moscow evenings on both sides.
    assert (
        "пн\u00a019:00–21:00 у вас = пн\u00a019:00–21:00 у наставника (Москва)"
        in factors["overlap"]["detail"]
    )
    # Moscow keeps one offset all year: ten evening hours in every week.
    assert first["overlap_minutes_per_week"] == 600
    assert first["overlap_minutes_per_week"] == shared_minutes(
        mentee.availability, mentee.timezone, mentor.availability, mentor.timezone, fixed_now
    )


def test_explanation_names_hours_in_each_readers_zone(api, fixed_now):
    # Monday 08:00 in Vladivostok (UTC+10, no daylight saving) is Sunday 22:00 UTC: 23:00
    # in Berlin in winter, when a Sunday 22:00–24:00 in Berlin shares an hour with it;
    # none in summer. The week the pair is scored for decides which.
    mentee = MenteeFactory(
        timezone="Asia/Vladivostok",
        availability=[{"weekday": 0, "start": "08:00", "end": "10:00"}],
    )
    mentor = MentorFactory(
        timezone="Europe/Berlin",
        availability=[{"weekday": 6, "start": "22:00", "end": "24:00"}],
    )
    shared = shared_minutes(
        mentee.availability, mentee.timezone, mentor.availability, mentor.timezone, fixed_now
    )
    match = services.match_request(user=mentee.user, mentor_id=mentor.pk, now=fixed_now)
    assert match.overlap_minutes_per_week == shared

    def overlap_detail(**headers) -> str:
        body = api.get(f"{MATCHES}{match.pk}/", **headers).json()
        return next(f["detail"] for f in body["explanation"] if f["factor"] == "overlap")

    api.force_authenticate(mentee.user)
    mentee_reads = overlap_detail()
    api.force_authenticate(mentor.user)
    mentor_reads = overlap_detail(HTTP_ACCEPT_LANGUAGE="en")
    if shared:
        assert shared == 60
        assert mentee_reads == (
            "Общие часы — 1 ч в неделю: пн\u00a008:00–09:00 у вас = "
            "вс\u00a023:00–24:00 у наставника (Берлин)."
        )
        assert mentor_reads == (
            "Common hours, 1 h a week: Sun\u00a023:00–24:00 for you = "
            "Mon\u00a008:00–09:00 for the mentee (Vladivostok)."
        )
    else:
        assert mentee_reads == "Общих часов нет — остаётся переписка."
        assert mentor_reads == "No common hours; chat remains."


def test_filters_by_role_and_status_and_refuses_unknown_values(api, mentee, suggested):
    MentorFactory(user=mentee.user.__class__.objects.get(pk=mentee.pk))
    api.force_authenticate(mentee.user)
    assert api.get(f"{MATCHES}?role=mentee").json()["count"] == 1
    assert api.get(f"{MATCHES}?role=mentor").json()["count"] == 0
    assert api.get(f"{MATCHES}?status=declined").json()["count"] == 0
    assert api.get(f"{MATCHES}?role=boss").status_code == 400
    assert api.get(f"{MATCHES}?status=maybe").status_code == 400


def test_someone_elses_match_is_404_everywhere(api, suggested, stranger):
    api.force_authenticate(stranger)
    assert api.get(f"{MATCHES}{suggested.pk}/").status_code == 404
    assert api.post(f"{MATCHES}{suggested.pk}/accept/").status_code == 404
    assert api.post(f"{MATCHES}{suggested.pk}/decline/").status_code == 404
    assert api.get(MATCHES).json()["count"] == 0
    suggested.refresh_from_db()
    assert not suggested.mentee_accepted


def test_matches_need_sign_in(api, suggested):
    assert api.get(MATCHES).status_code == 401
    assert api.post(f"{MATCHES}{suggested.pk}/accept/").status_code == 401


def test_accept_by_both_sides_sets_the_mentorship(api, suggested):
    api.force_authenticate(suggested.mentee.user)
    first = api.post(f"{MATCHES}{suggested.pk}/accept/")
    assert first.status_code == 200
    assert first.json()["mentee_accepted"] is True
    assert first.json()["status"] == "suggested"
    api.force_authenticate(suggested.mentor.user)
    second = api.post(f"{MATCHES}{suggested.pk}/accept/").json()
    assert second["status"] == "accepted"
    assert second["mentorship"] is not None
    again = api.post(f"{MATCHES}{suggested.pk}/accept/")
    assert again.status_code == 200
    assert again.json()["mentorship"] == second["mentorship"]


def test_accept_when_the_mentor_is_full_is_409(api, suggested):
    MentorProfile.objects.filter(pk=suggested.mentor_id).update(capacity=1, active_mentees=1)
    Match.objects.filter(pk=suggested.pk).update(mentor_accepted=True)
    api.force_authenticate(suggested.mentee.user)
    response = api.post(f"{MATCHES}{suggested.pk}/accept/")
    assert response.status_code == 409
    assert "мест" in response.json()["detail"]


def test_decline_is_final(api, suggested):
    api.force_authenticate(suggested.mentor.user)
    assert api.post(f"{MATCHES}{suggested.pk}/decline/").json()["status"] == "declined"
    api.force_authenticate(suggested.mentee.user)
    assert api.post(f"{MATCHES}{suggested.pk}/accept/").status_code == 409


def test_mentee_asks_a_catalogue_mentor(api, mentee, mentor):
    api.force_authenticate(mentee.user)
    response = api.post(MATCHES, {"mentor": mentor.pk}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["mentee_accepted"] is True
    assert body["mentor"]["id"] == mentor.pk


@pytest.mark.parametrize("body", [{}, {"mentor": "x"}, {"mentor": -1}, {"mentor": [1]}])
def test_ask_with_invalid_body_is_400(api, mentee, body):
    api.force_authenticate(mentee.user)
    response = api.post(MATCHES, body, format="json")
    assert response.status_code == 400
    assert "mentor" in response.json()


def test_ask_for_someone_who_is_not_a_mentor_is_404_and_creates_nothing(api, mentee, stranger):
    api.force_authenticate(mentee.user)
    response = api.post(MATCHES, {"mentor": stranger.pk}, format="json")
    assert response.status_code == 404
    assert not Match.objects.exists()


def test_refresh_answers_202_with_a_task_id(api, mentee):
    api.force_authenticate(mentee.user)
    response = api.post(f"{MATCHES}refresh/")
    assert response.status_code == 202
    assert response.json()["task_id"]


def test_why_a_catalogue_mentor_scores_low(api, mentee):
    german = MentorFactory(language_codes=["de"])
    api.force_authenticate(mentee.user)
    body = api.get(f"/api/v1/mentors/{german.pk}/fit/").json()
    assert body["possible"] is False
    assert body["blockers"] == ["Нет общего языка."]
    english = api.get(f"/api/v1/mentors/{german.pk}/fit/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["blockers"] == ["No common language."]


def test_refresh_by_a_mentor_is_202_and_without_any_profile_409(api, mentor, stranger):
    api.force_authenticate(mentor.user)
    assert api.post(f"{MATCHES}refresh/").status_code == 202
    api.force_authenticate(stranger)
    response = api.post(f"{MATCHES}refresh/")
    assert response.status_code == 409
    assert "профиль" in response.json()["detail"]
