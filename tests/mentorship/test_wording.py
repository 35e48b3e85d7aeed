"""How the site speaks Russian: names stay in the nominative, no verb is split by gender,
a phase is never «этап «основной этап»», and each side reads a sentence written for it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from core.models import Notification, NotificationKind
from matching import services as matching_services
from mentorship import matches, reminders
from mentorship.models import Phase, Session
from tests.mentorship.test_pages import _pair, _to_phase

ROOT = Path(settings.BASE_DIR)
SOURCES = [
    *ROOT.glob("templates/**/*.html"),
    *ROOT.glob("templates/**/*.txt"),
    *(
        path
        for app in ("core", "accounts", "matching", "mentorship", "programmes")
        for path in (ROOT / app).glob("**/*.py")
        if "migrations" not in path.parts
    ),
]
# «заполнил(а)», «пришёл(ла)», «шёл(шла)», «он(а)», «записался(ась)».
GENDER_SPLIT = re.compile(r"[а-яё]\((?:а|ла|шла|ась|на|ло|ы)\)")
# A name, a programme or a phase put after a preposition: «запрос от %(name)s»,
# «встреча с {{ name }}», «к этапу «%(phase)s»» — Russian would have to decline it.
NAME_AFTER_PREPOSITION = re.compile(
    r"(?<![а-яё])(?:от|с|со|у|к|ко|для|о|об|про|между|без|по|на|в|из)\s+"
    r"(?:«)?(?:%\((?:name|mentor|mentee|phase|names)\)s|\{\{\s*(?:name|mentor|mentee|phase)\b)",
    re.IGNORECASE,
)


def _offences(pattern: re.Pattern) -> list[str]:
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_no_message_splits_a_verb_by_gender():
    assert _offences(GENDER_SPLIT) == []


def test_no_message_declines_a_name_after_a_preposition():
    assert _offences(NAME_AFTER_PREPOSITION) == []


def test_no_phase_heading_says_phase_twice():
    assert _offences(re.compile(r"Этап «")) == []


# --- Notifications ---------------------------------------------------------------------------


@pytest.fixture
def people(db):
    from tests.factories import MenteeFactory, MentorFactory

    mentee = MenteeFactory(user__full_name="Ольга Смирнова", user__timezone="Europe/Moscow")
    mentor = MentorFactory(user__full_name="Анна Кузнецова", user__timezone="Europe/Berlin")
    return mentee, mentor


def _told(user, kind) -> Notification:
    return Notification.objects.filter(user=user, kind=kind).latest("pk")


def test_the_requests_notifications_name_the_person_in_the_nominative(people):
    mentee, mentor = people
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    assert _told(mentor.user, NotificationKind.NEW_REQUEST).title == (
        "Новый запрос: Ольга Смирнова"
    )
    matches.match_withdraw(user=mentee.user, match_id=match.pk)
    assert _told(mentor.user, NotificationKind.REQUEST_WITHDRAWN).title == (
        "Запрос отозван: Ольга Смирнова"
    )

    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    matching_services.requests_expire(now=timezone.now() + dt.timedelta(days=8))
    assert _told(mentee.user, NotificationKind.REQUEST_EXPIRED).title == (
        "Запрос закрыт без ответа: Анна Кузнецова"
    )


def test_a_formed_pair_is_told_to_start_with_getting_to_know_each_other(people):
    mentee, mentor = people
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    matches.match_accept(user=mentor.user, match_id=match.pk)
    for person in (mentee.user, mentor.user):
        told = _told(person, NotificationKind.MATCH_ACCEPTED)
        assert told.body.startswith("Начните со знакомства:")


def test_the_phase_and_session_notifications_name_the_other_side_in_the_nominative(db):
    mentee, mentor, mentorship = _pair()
    _to_phase(mentee, mentorship, Phase.MAIN)
    assert _told(mentor, NotificationKind.PHASE_ADVANCED).title == (
        "Наставничество: Ольга Смирнова. Сейчас: основной этап"
    )

    starts_at = timezone.now() + dt.timedelta(hours=20)
    Session.objects.create(
        mentorship=mentorship, starts_at=starts_at, duration_minutes=60, format="video"
    )
    reminders.sessions_remind_tomorrow(now=timezone.now())
    assert _told(mentee, NotificationKind.SESSION_TOMORROW).title.startswith(
        "Скоро встреча: Анна Шмидт, "
    )
    assert _told(mentor, NotificationKind.SESSION_TOMORROW).title.startswith(
        "Скоро встреча: Ольга Смирнова, "
    )


# --- The pair's page -------------------------------------------------------------------------


def _page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_pair_page_names_phases_once_and_the_other_side_in_the_nominative(client, db):
    mentee, mentor, mentorship = _pair()
    _to_phase(mentee, mentorship, Phase.CLOSING)
    path = f"/mentorships/{mentorship.pk}/"

    page = _page(client, mentee, path)
    assert "<h3>Этап завершения</h3>" in page
    assert "<summary>Начальный этап</summary>" in page
    assert "<summary>Основной этап</summary>" in page
    assert "Анна Шмидт: итоговая оценка ещё не заполнена." in page
    assert "Сообщений пока нет — начните переписку." in page

    page = _page(client, mentor, path)
    assert "Ольга Смирнова: итоговая оценка ещё не заполнена." in page
