"""The mentee's timeline on the dashboard, and the landing page's one public number."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.follow_up_models import FollowUp
from tests.factories import MentorshipFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_way_to_the_switch_and_the_follow_up_due(client, finished):
    person = finished.mentee.user
    SessionFactory(mentorship=finished)
    first = FollowUp.objects.get(mentorship=finished, months=1)
    FollowUp.objects.filter(pk=first.pk).update(
        answered_at=timezone.now(), interviews=2, offers=1, in_target_field="yes",
        role_now="аналитик данных",
    )  # fmt: skip
    three = FollowUp.objects.get(mentorship=finished, months=3)
    FollowUp.objects.filter(pk=three.pk).update(due_at=timezone.now())
    client.force_login(person)
    page = client.get(reverse("mentorship:dashboard")).content.decode()
    assert 'data-testid="timeline"' in page
    for text in ("Регистрация", "Начало наставничества", "встреч: 1", "собеседований: 2",
                 "предложений о работе: 1", "Работаю в новой сфере — аналитик данных"):  # fmt: skip
        assert text in page, text
    assert reverse("mentorship:follow-up", args=[three.pk]) in page
    # The six-month one is not due: no link to it.
    six = FollowUp.objects.get(mentorship=finished, months=6)
    assert reverse("mentorship:follow-up", args=[six.pk]) not in page


def test_the_dashboard_timeline_is_the_persons_own(client, finished, stranger):
    client.force_login(finished.mentor.user)
    assert (
        'data-testid="timeline"' not in client.get(reverse("mentorship:dashboard")).content.decode()
    )


def _six_month_answers(count: int, working: int) -> None:
    due = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(count):
        mentorship = MentorshipFactory(phase="completed")
        FollowUp.objects.create(
            mentee=mentorship.mentee.user, mentorship=mentorship, months=6, due_at=due,
            answered_at=due + dt.timedelta(minutes=i),
            in_target_field="yes" if i < working else "not_yet",
        )  # fmt: skip


def test_the_landing_page_says_nothing_below_thirty_six_month_answers(client):
    _six_month_answers(29, 20)
    assert 'data-testid="public-outcome"' not in client.get("/").content.decode()


def test_the_landing_page_gives_one_honest_number_in_steps_of_ten(client):
    _six_month_answers(34, 20)  # the first 30 answers: 20 of them working
    page = client.get("/").content.decode()
    assert "20 из 30 ответивших через полгода работают в новой сфере" in page
