"""Pages that must say what is true: a mentor's card of a pending request or of one's
own mentor, and an empty suggestions page that says why it is empty."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Format
from matching import diagnosis, scoring
from matching.models import Match, MatchStatus
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

MORNINGS = [{"weekday": day, "start": "08:00", "end": "09:00"} for day in range(5)]


def _card(client, mentor) -> str:
    response = client.get(reverse("mentor-card", args=[mentor.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_card_of_a_pending_request_says_when_it_was_sent_and_until_when_to_wait(
    client, mentee, mentor
):
    sent = timezone.now() - dt.timedelta(days=3, hours=1)
    Match.objects.create(mentee=mentee, mentor=mentor, mentee_accepted=True, requested_at=sent)
    client.force_login(mentee.user)
    page = _card(client, mentor)
    answer_by = (sent + dt.timedelta(days=7)).astimezone(ZoneInfo(mentee.user.timezone))
    assert "Запрос отправлен 3 дня назад, ответ до" in page
    assert f"ответ до {answer_by.day} " in page
    assert "невозможна" not in page
    assert "Эта пара уже была" not in page


def test_card_of_ones_own_mentor_links_to_the_mentorship(client, mentee, mentor):
    pair = MentorshipFactory(mentee=mentee, mentor=mentor)
    Match.objects.create(
        mentee=mentee,
        mentor=mentor,
        status=MatchStatus.ACCEPTED,
        mentee_accepted=True,
        mentor_accepted=True,
        mentorship=pair,
    )
    client.force_login(mentee.user)
    page = _card(client, mentor)
    assert "Это ваш наставник" in page
    assert reverse("mentorship:detail", args=[pair.pk]) in page
    assert "невозможна" not in page


def test_card_of_a_declined_pair_still_says_it_cannot_be(client, mentee, mentor):
    Match.objects.create(mentee=mentee, mentor=mentor, status=MatchStatus.DECLINED)
    client.force_login(mentee.user)
    assert "Сейчас эта пара невозможна" in _card(client, mentor)


def _suggestions(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("matching:suggestions"))
    assert response.status_code == 200
    return response.content.decode()


def test_empty_suggestions_name_the_missing_common_hours_with_a_link_to_change_them(client):
    mentee = MenteeFactory(formats=int(Format.VIDEO))
    MentorFactory(availability=MORNINGS)
    MentorFactory(availability=MORNINGS, formats=int(Format.VIDEO))
    page = _suggestions(client, mentee.user)
    assert 'data-testid="reason-no_common_hours"' in page
    assert "Нет общих часов, а переписку выбрали не оба — так у 2 из 2 наставников." in page
    assert reverse("accounts:profile-edit", args=["mentee"]) + "#availability" in page
    assert "обычно это минута" not in page


def test_empty_suggestions_name_language_and_full_mentors_most_common_first(client):
    mentee = MenteeFactory()
    MentorFactory(language_codes=["en"])
    MentorFactory(language_codes=["en"])
    MentorFactory(capacity=1, active_mentees=1)
    page = _suggestions(client, mentee.user)
    language = page.index('data-testid="reason-no_common_language"')
    place = page.index('data-testid="reason-no_place"')
    assert language < place
    assert "Нет общего языка — так у 2 из 3 наставников." in page
    assert "Добавить язык" in page


def test_empty_suggestions_with_no_mentor_in_reach_offer_another_area(client):
    mentee = MenteeFactory()
    MentorFactory(area_codes=["marketing"], skill_codes=["smm"])
    page = _suggestions(client, mentee.user)
    assert 'data-testid="reason-no_mentors"' in page
    assert reverse("accounts:profile-edit", args=["mentee"]) + "#goals" in page


def test_empty_suggestions_wait_for_the_refresh_only_when_someone_would_be_found(client):
    mentee = MenteeFactory()
    MentorFactory()
    page = _suggestions(client, mentee.user)
    assert 'data-testid="refresh-pending"' in page
    assert "обычно это минута" in page
    assert 'data-testid="reason-' not in page


def test_diagnosis_counts_a_pair_already_requested_as_taken_not_possible():
    mentee = MenteeFactory()
    mentor = MentorFactory()
    Match.objects.create(mentee=mentee, mentor=mentor, mentee_accepted=True)
    found = diagnosis.suggestions_diagnose(mentee=mentee)
    assert (found.reach, found.possible) == (1, 0)
    assert [reason.code for reason in found.reasons] == [scoring.EXCLUDED]


def test_diagnosis_counts_a_mentor_without_a_language_once_per_reason():
    mentee = MenteeFactory()
    MentorFactory(language_codes=["en"], accepting_mentees=False)
    found = diagnosis.suggestions_diagnose(mentee=mentee)
    counts = {reason.code: reason.count for reason in found.reasons}
    assert counts == {scoring.NO_COMMON_LANGUAGE: 1, diagnosis.NO_PLACE: 1}
    assert found.possible == 0
