"""The pair's pages, continued: the evaluation, notifications, and the links onward."""

import re

import pytest
from django.urls import reverse

from core import notifications
from core.models import NotificationKind, NotificationOptOut
from core.notifications import notify
from matching.models import Match
from mentorship import matches as matching
from mentorship import services, work
from mentorship.models import Mentorship, Phase
from tests.factories import MenteeFactory, MentorFactory
from tests.mentorship.test_pages import (
    EVALUATION,
    _error_next_to,
    _held_session,
    _page,
    _pair,
    _to_phase,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return _pair()


# --- The evaluation ----------------------------------------------------------------------------


def test_the_evaluation_asks_each_side_in_its_own_words(client, pair):
    mentee, mentor, mentorship = pair
    _to_phase(mentee, mentorship, Phase.CLOSING)
    page = _page(client, mentee, "mentorship:evaluation", mentorship.pk).content.decode()
    for text in ("Самооценка", "Профессиональные результаты", "Качество взаимодействия",
                 "Какие навыки вы приобрели?"):  # fmt: skip
        assert text in page
    page = _page(client, mentor, "mentorship:evaluation", mentorship.pk).content.decode()
    assert "Какие навыки приобрёл подопечный?" in page
    assert "Какие навыки вы приобрели?" not in page


def test_the_evaluation_is_closed_before_the_closing_phase(client, pair):
    mentee, _mentor, mentorship = pair
    page = _page(client, mentee, "mentorship:evaluation", mentorship.pk).content.decode()
    assert "Итоговую оценку заполняют на этапе завершения." in page
    assert 'data-testid="evaluation-form"' not in page


def test_an_evaluation_out_of_range_is_refused_next_to_the_field(client, pair):
    mentee, _mentor, mentorship = pair
    _to_phase(mentee, mentorship, Phase.CLOSING)
    client.force_login(mentee)
    url = reverse("mentorship:evaluation", args=[mentorship.pk])
    response = client.post(url, {**EVALUATION, "productivity": "7"})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "id_productivity", "Значение от 1 до 5.")
    assert not mentorship.evaluations.exists()


def test_both_answers_are_shown_to_both_sides_only_after_both_answered(client, pair):
    mentee, mentor, mentorship = pair
    _to_phase(mentee, mentorship, Phase.CLOSING)
    client.force_login(mentee)
    url = reverse("mentorship:evaluation", args=[mentorship.pk])
    response = client.post(url, {**EVALUATION, "successes": "Оффер в банк"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Спасибо! Итоговая оценка сохранена." in page
    assert "Оффер в банк" in page
    assert 'data-testid="waiting"' in page
    page = _page(client, mentor, "mentorship:evaluation", mentorship.pk).content.decode()
    assert "Оффер в банк" not in page  # not before the mentor has answered

    response = client.post(url, {**EVALUATION, "successes": "Два проекта в портфолио"})
    assert response.status_code == 302
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED
    for person, other_heading in ((mentee, "Ответы наставника"), (mentor, "Ответы подопечного")):
        page = _page(client, person, "mentorship:evaluation", mentorship.pk).content.decode()
        assert "Оффер в банк" in page
        assert "Два проекта в портфолио" in page
        assert "Ваши ответы" in page
        assert other_heading in page
        assert 'data-testid="evaluation-form"' not in page


# --- Notifications ---------------------------------------------------------------------------


def test_notifications_page_lists_them_with_links_on_this_site(client, pair):
    mentee, _mentor, mentorship = pair
    notify(
        user=mentee,
        kind=NotificationKind.SESSION_TOMORROW,
        key="test:soon",
        title="Скоро встреча: Анна Шмидт",
        url=notifications.absolute_url(reverse("mentorship:detail", args=[mentorship.pk])),
    )
    page = _page(client, mentee, "mentorship:notifications").content.decode()
    assert "Скоро встреча: Анна Шмидт" in page
    assert f'href="/mentorships/{mentorship.pk}/"' in page


def test_notification_settings_switch_a_kind_off_and_on(client, pair):
    mentee, _mentor, _mentorship = pair
    client.force_login(mentee)
    url = reverse("mentorship:notification-settings")
    every_kind_but_one = {
        kind: "on" for kind in NotificationKind.values if kind != NotificationKind.NO_SESSION_NUDGE
    }
    response = client.post(url, every_kind_but_one)
    assert response.status_code == 302
    assert notifications.notification_settings_of(mentee) == [NotificationKind.NO_SESSION_NUDGE]
    page = client.get(url).content.decode()
    assert "Настройки уведомлений сохранены." in page
    assert not re.search(r'name="no_session_nudge"[^>]*checked', page)
    assert re.search(r'name="session_tomorrow"[^>]*checked', page)

    # Every box unticked: the form sends nothing but still means "all off".
    assert client.post(url, {}).status_code == 302
    assert notifications.notification_settings_of(mentee) == sorted(NotificationKind.values)

    client.post(url, dict.fromkeys(NotificationKind.values, "on"))
    assert not NotificationOptOut.objects.filter(user=mentee).exists()


# --- Matching pages link onward --------------------------------------------------------------


def test_accepted_matches_link_to_the_mentorship_page(client, pair):
    mentee, mentor, mentorship = pair
    assert Match.objects.get(mentorship=mentorship)
    link = f'href="/mentorships/{mentorship.pk}/"'
    assert link in _page(client, mentee, "matching:suggestions").content.decode()
    assert link in _page(client, mentor, "matching:inbox").content.decode()


def test_answering_a_request_goes_back_to_the_page_it_came_from_but_never_off_site(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    inbox = reverse("matching:inbox")
    for target, expected in [
        (inbox, inbox),
        ("https://evil.example/phish", reverse("matching:suggestions")),
        ("//evil.example/phish", reverse("matching:suggestions")),
    ]:
        mentee = MenteeFactory()
        match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
        response = client.post(reverse("matching:decline", args=[match.pk]), {"next": target})
        assert response.status_code == 302
        assert response["Location"] == expected


def test_a_finished_pair_page_keeps_the_ratings_but_offers_no_rating_form(client, pair):
    mentee, mentor, mentorship = pair
    session = _held_session(mentee, mentorship)
    work.session_update(user=mentee, mentorship_id=mentorship.pk, session_id=session.pk, rating=4)
    services.mentorship_end(user=mentor, mentorship_id=mentorship.pk, reason="no_time")
    client.force_login(mentee)
    page = client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()
    assert "Ваша оценка: 4 из 5" in page
    assert reverse("mentorship:session-rating", args=[mentorship.pk, session.pk]) not in page
