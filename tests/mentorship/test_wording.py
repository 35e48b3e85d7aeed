"""How the site speaks Russian: names stay in the nominative, no verb is split by gender,
a phase is never «этап «основной этап»», and each side reads a sentence written for it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from core.models import Notification, NotificationKind
from matching import services as matching_services
from mentorship import evaluations, matches, reminders
from mentorship.models import Phase, Session
from tests.mentorship.test_lifecycle import ANSWERS
from tests.mentorship.test_pages import _held_session, _pair, _to_phase

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


def test_the_requests_notifications_name_the_person_in_the_nominative(people, fixed_now):
    mentee, mentor = people
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk, now=fixed_now)
    assert _told(mentor.user, NotificationKind.NEW_REQUEST).title == (
        "Новый запрос: Ольга Смирнова"
    )
    matches.match_withdraw(user=mentee.user, match_id=match.pk)
    assert _told(mentor.user, NotificationKind.REQUEST_WITHDRAWN).title == (
        "Запрос отозван: Ольга Смирнова"
    )

    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk, now=fixed_now)
    matching_services.requests_expire(now=fixed_now + dt.timedelta(days=8))
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


def test_the_phase_and_session_notifications_name_the_other_side_in_the_nominative(db, fixed_now):
    mentee, mentor, mentorship = _pair()
    _to_phase(mentee, mentorship, Phase.MAIN)
    assert _told(mentor, NotificationKind.PHASE_ADVANCED).title == (
        "Наставничество: Ольга Смирнова. Сейчас: основной этап"
    )

    starts_at = fixed_now + dt.timedelta(hours=20)
    Session.objects.create(
        mentorship=mentorship, starts_at=starts_at, duration_minutes=60, format="video"
    )
    reminders.sessions_remind_tomorrow(now=fixed_now)
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


# --- Each side reads a sentence written for it ----------------------------------------------


def test_the_inbox_and_the_suggestions_explain_the_match_to_each_side(client, people):
    mentee, mentor = people
    matches.match_request(user=mentee.user, mentor_id=mentor.pk)

    to_mentor = _page(client, mentor.user, "/matches/inbox/")
    assert "учтён этап перехода подопечного." in to_mentor
    assert "ваш этап перехода" not in to_mentor

    to_mentee = _page(client, mentee.user, "/matches/")
    assert "учтён ваш этап перехода." in to_mentee
    assert "этап перехода подопечного" not in to_mentee


def test_the_session_rating_note_tells_each_side_where_the_rating_goes(client, db):
    mentee, mentor, mentorship = _pair()
    _held_session(mentee, mentorship)
    path = f"/mentorships/{mentorship.pk}/"

    to_mentee = _page(client, mentee, path)
    assert "в рейтинг наставника она войдёт без имени" in to_mentee

    to_mentor = _page(client, mentor, path)
    assert "В ваш рейтинг она не входит: он складывается из оценок подопечных." in to_mentor
    assert "рейтинг наставника" not in to_mentor


def test_each_side_reads_the_other_sides_evaluation_in_its_own_words(client, db):
    mentee, mentor, mentorship = _pair()
    _to_phase(mentee, mentorship, Phase.CLOSING)
    for person in (mentee, mentor):
        evaluations.evaluation_submit(user=person, mentorship_id=mentorship.pk, **ANSWERS)
    path = f"/mentorships/{mentorship.pk}/evaluation/"

    to_mentee = _page(client, mentee, path)
    assert "Какие навыки вы приобрели?" in to_mentee  # her own answers, as she was asked
    assert "Ваша уверенность до наставничества, по оценке наставника" in to_mentee
    assert "Ваш прогресс" in to_mentee
    assert "по вашей оценке" not in to_mentee
    assert "Порекомендуете ли вы наставничество здесь коллегам?" not in to_mentee

    to_mentor = _page(client, mentor, path)
    assert "Уверенность подопечного до наставничества, по вашей оценке" in to_mentor  # his own
    assert "Уверенность до наставничества, по оценке подопечного" in to_mentor
    assert "Порекомендует ли подопечный вас другим?" in to_mentor
    assert "Какие навыки вы приобрели?" not in to_mentor
    assert "Порекомендуете ли вы этого наставника другим?" not in to_mentor


def test_the_pair_page_speaks_of_goals_and_the_freed_place_to_each_side(client, db):
    mentee, mentor, mentorship = _pair()
    path = f"/mentorships/{mentorship.pk}/"

    to_mentee = _page(client, mentee, path)
    assert "Целей пока нет. Запишите, чего вы хотите добиться." in to_mentee
    assert "место наставника освободится" in to_mentee

    to_mentor = _page(client, mentor, path)
    assert "Целей пока нет. Запишите, чего подопечный хочет добиться." in to_mentor
    assert "у вас освободится место для нового подопечного" in to_mentor
    assert "место наставника освободится" not in to_mentor
