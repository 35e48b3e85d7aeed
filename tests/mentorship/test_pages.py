"""The mentorship pages: what each side sees, who may see nothing, and forms that say why."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship import evaluations, services, work
from mentorship import matches as matching
from mentorship.checklist import STEPS
from mentorship.models import Goal, Mentorship, Message, Phase, Session, SessionPersonal, Task
from mentorship.selectors import unread_count
from tests.factories import MenteeFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db

BERLIN, MOSCOW = "Europe/Berlin", "Europe/Moscow"
EVALUATION = {
    "skills_gained": "SQL, дашборды",
    "goal_progress": 8,
    "view_changed": "Поняла, чем аналитик занят на самом деле",
    "interview_invitations": 3,
    "confidence_before": 3,
    "confidence_after": 8,
    "successes": "Оффер джуниор-аналитика",
    "productivity": 5,
    "support_met": "yes",
    "would_recommend": 10,
    "comment": "",
}


@pytest.fixture
def pair():
    return _pair()


def _pair():
    """A mentee in Moscow and a mentor in Berlin with a mentorship in the initial phase."""
    mentee = MenteeFactory(user__full_name="Ольга Смирнова", user__timezone=MOSCOW)
    mentor = MentorFactory(user__full_name="Анна Шмидт", user__timezone=BERLIN)
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee.user, mentor.user, match.mentorship


def _to_phase(user, mentorship: Mentorship, phase: str) -> None:
    while Mentorship.objects.get(pk=mentorship.pk).phase != phase:
        current = Mentorship.objects.get(pk=mentorship.pk).phase
        for step in STEPS:
            if step.phase == current and step.required:
                services.checklist_item_set(
                    user=user, mentorship_id=mentorship.pk, key=step.key, done=True
                )
        services.mentorship_advance(user=user, mentorship_id=mentorship.pk)


def _evening_in(*, days: int) -> str:
    """A form's local start time `days` from today: a fixed date would one day fall
    outside the window a session may be planned in, and fail for that reason."""
    return f"{timezone.now() + dt.timedelta(days=days):%Y-%m-%d}T19:00"


def _held_session(user, mentorship: Mentorship) -> Session:
    session = work.session_create(
        user=user,
        mentorship_id=mentorship.pk,
        starts_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=60,
        format="video",
    )
    return work.session_update(
        user=user, mentorship_id=mentorship.pk, session_id=session.pk, status="held"
    )


def _complete(mentee, mentor, mentorship: Mentorship) -> None:
    _to_phase(mentee, mentorship, Phase.CLOSING)
    for person in (mentee, mentor):
        evaluations.evaluation_submit(user=person, mentorship_id=mentorship.pk, **EVALUATION)
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED


def _error_next_to(html: str, field_id: str, text: str) -> bool:
    """The form_field.html error list of one field, holding this text."""
    box = rf'role="alert"><ul class="errorlist" id="{re.escape(field_id)}_error">'
    pattern = rf"{box}<li>{re.escape(text)}</li>"
    return re.search(pattern, html) is not None


def _page(client, user, name: str, *args, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, args=args), **kwargs)


# --- Each page, both sides ------------------------------------------------------------------


@pytest.mark.parametrize("side", ["mentee", "mentor"])
def test_every_page_renders_for_both_sides(client, pair, side):
    mentee, mentor, mentorship = pair
    person, other = (mentee, mentor) if side == "mentee" else (mentor, mentee)
    client.force_login(person)
    for name, args in [
        ("mentorship:dashboard", []),
        ("mentorship:detail", [mentorship.pk]),
        ("mentorship:evaluation", [mentorship.pk]),
        ("mentorship:notifications", []),
        ("mentorship:notification-settings", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert 'href="/static/css/mentorship.css"' in response.content.decode()
    page = client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()
    assert f"Наставничество: {other.full_name}" in page
    expected = "Ваш наставник" if side == "mentee" else "Ваш подопечный"
    assert expected in page


def test_the_pages_render_in_english_too(client, pair, settings):
    mentee, _mentor, mentorship = pair
    _held_session(mentee, mentorship)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(mentee)
    for url in ("/dashboard/", f"/mentorships/{mentorship.pk}/", "/notifications/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode()


def test_dashboard_shows_each_side_the_pair_phase_other_name_and_unread_messages(client, pair):
    mentee, mentor, mentorship = pair
    services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Привет! Когда удобно?")
    services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Я свободна в среду.")

    page = _page(client, mentee, "mentorship:dashboard").content.decode()
    card = page.split('data-testid="mentorship"')[1].split("</li>")[0]
    assert "Анна Шмидт" in card
    assert "ваш наставник" in card
    assert "начало" in card
    assert "Новых сообщений: 2" in card

    page = _page(client, mentor, "mentorship:dashboard").content.decode()
    card = page.split('data-testid="mentorship"')[1].split("</li>")[0]
    assert "Ольга Смирнова" in card
    assert "ваш подопечный" in card
    assert "Новых сообщений" not in card


def test_dashboard_shows_the_next_session_in_the_viewers_own_zone(client, pair):
    mentee, mentor, mentorship = pair
    starts = (timezone.now() + dt.timedelta(days=3)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    work.session_create(
        user=mentee, mentorship_id=mentorship.pk, starts_at=starts, duration_minutes=60,
        format="video",
    )  # fmt: skip
    in_moscow = f"{starts.astimezone(ZoneInfo(MOSCOW)):%H:%M} (Москва, UTC+3)"
    in_berlin = f"{starts.astimezone(ZoneInfo(BERLIN)):%H:%M} (Берлин, UTC+"
    assert in_moscow != in_berlin

    page = _page(client, mentee, "mentorship:dashboard").content.decode()
    assert in_moscow in page.split('data-testid="next-session"')[1]
    page = _page(client, mentor, "mentorship:dashboard").content.decode()
    assert in_berlin in page.split('data-testid="next-session"')[1]
    assert "<strong>Ольга Смирнова</strong>" in page.split('data-testid="next-session"')[1]


def test_dashboard_lists_pending_requests_for_each_role(client, pair):
    mentee, mentor, _mentorship = pair
    newcomer = MenteeFactory(user__full_name="Игорь Петров")
    matching.match_request(user=newcomer.user, mentor_id=mentor.pk)
    elsewhere = MentorFactory(user__full_name="Пётр Волков")
    matching.match_request(user=mentee, mentor_id=elsewhere.pk)

    page = _page(client, mentor, "mentorship:dashboard").content.decode()
    assert re.search(r'data-testid="incoming-request">Игорь Петров', page)
    assert 'data-testid="outgoing-request"' not in page
    page = _page(client, mentee, "mentorship:dashboard").content.decode()
    assert re.search(r'data-testid="outgoing-request">Пётр Волков', page)
    assert 'data-testid="incoming-request"' not in page


def test_nav_links_the_dashboard_and_counts_unread_notifications(client, pair):
    mentee, _mentor, _mentorship = pair
    page = _page(client, mentee, "mentorship:notifications").content.decode()
    unread = mentee.notifications.filter(read_at__isnull=True).count()
    assert unread >= 1  # "the pair is formed"
    assert 'href="/dashboard/">Мои наставничества</a>' in page
    nav = page.split('data-testid="nav-notifications"')[1].split("</a>")[0]
    assert f">{unread}</span>" in nav

    response = client.post(reverse("mentorship:notifications-read"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '<span class="badge"' not in page.split('data-testid="nav-notifications"')[1][:200]
    assert not mentee.notifications.filter(read_at__isnull=True).exists()


# --- Nothing for a stranger -----------------------------------------------------------------


def test_a_stranger_gets_404_on_every_mentorship_page_and_form(client, pair, stranger):
    mentee, _mentor, mentorship = pair
    session = _held_session(mentee, mentorship)
    goal = work.goal_create(user=mentee, mentorship_id=mentorship.pk, title="Оффер")
    task = work.task_create(user=mentee, mentorship_id=mentorship.pk, title="Дашборд")
    m, s = mentorship.pk, session.pk
    client.force_login(stranger)
    pages = [
        ("mentorship:detail", [m]),
        ("mentorship:evaluation", [m]),
        ("mentorship:calendar", [m]),
    ]
    for name, args in pages:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    forms = [
        ("mentorship:checklist-tick", [m, "acquaintance_goals"], {"done": "1"}),
        ("mentorship:advance", [m], {}),
        ("mentorship:end", [m], {"reason": "other"}),
        ("mentorship:session-create", [m], {"starts_at": "2026-12-01T19:00"}),
        ("mentorship:session-status", [m, s], {"status": "cancelled"}),
        ("mentorship:session-notes", [m, s], {"notes": "чужое"}),
        ("mentorship:session-private", [m, s], {"private_notes": "чужое"}),
        ("mentorship:session-rating", [m, s], {"rating": "1"}),
        ("mentorship:goal-create", [m], {"title": "чужое"}),
        ("mentorship:goal-status", [m, goal.pk], {"status": "dropped"}),
        ("mentorship:task-create", [m], {"title": "чужое"}),
        ("mentorship:task-status", [m, task.pk], {"status": "done"}),
        ("mentorship:message-send", [m], {"body": "чужое"}),
        ("mentorship:evaluation", [m], EVALUATION),
    ]
    for name, args, data in forms:
        assert client.post(reverse(name, args=args), data).status_code == 404, name
    mentorship.refresh_from_db()
    assert mentorship.phase == Phase.INITIAL
    assert not Message.objects.exists()
    assert Session.objects.get(pk=s).notes == ""
    assert not SessionPersonal.objects.filter(user=stranger).exists()
    assert list(Goal.objects.values_list("title", "status")) == [("Оффер", "open")]
    assert list(Task.objects.values_list("title", "status")) == [("Дашборд", "open")]


def test_someone_elses_session_in_my_mentorship_url_is_404(client, pair):
    mentee, _mentor, mentorship = pair
    other_mentee, other_mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=other_mentee.user, mentor_id=other_mentor.pk)
    other = matching.match_accept(user=other_mentor.user, match_id=match.pk).mentorship
    theirs = _held_session(other_mentee.user, other)
    client.force_login(mentee)
    url = reverse("mentorship:session-private", args=[mentorship.pk, theirs.pk])
    assert client.post(url, {"private_notes": "x"}).status_code == 404


def test_pages_need_sign_in(client, pair):
    _mentee, _mentor, mentorship = pair
    response = client.get(reverse("mentorship:detail", args=[mentorship.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Forms: what is wrong, next to the field --------------------------------------------------


def test_a_rating_out_of_range_is_refused_next_to_the_field(client, pair):
    mentee, _mentor, mentorship = pair
    session = _held_session(mentee, mentorship)
    client.force_login(mentee)
    url = reverse("mentorship:session-rating", args=[mentorship.pk, session.pk])
    response = client.post(url, {"rating": "9"})
    assert response.status_code == 400
    assert _error_next_to(
        response.content.decode(), f"session{session.pk}-rating", "Оценка — от 1 до 5."
    )
    assert not SessionPersonal.objects.filter(rating__isnull=False).exists()

    response = client.post(url, {"rating": "4"})
    assert response.status_code == 302
    assert response["Location"] == f"/mentorships/{mentorship.pk}/#session-{session.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Спасибо за оценку встречи." in page
    assert "Ваша оценка: 4 из 5" in page


def test_an_empty_message_is_refused_next_to_the_field(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    response = client.post(reverse("mentorship:message-send", args=[mentorship.pk]), {"body": "  "})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "message-body", "Сообщение пустое.")
    assert not Message.objects.exists()


def test_an_empty_goal_and_a_session_without_time_are_refused_next_to_their_fields(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    response = client.post(reverse("mentorship:goal-create", args=[mentorship.pk]), {"title": ""})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "goal-title", "Сформулируйте цель.")
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {"starts_at": "", "duration_minutes": "5", "format": "video"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_next_to(html, "id_starts_at", "Обязательное поле.")
    assert not Session.objects.exists()


def test_a_session_too_short_is_refused_next_to_the_duration(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {"starts_at": _evening_in(days=10), "duration_minutes": "5", "format": "video"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_next_to(html, "id_duration_minutes", "Длительность — от 15 минут до 8 часов.")


def test_the_session_time_is_read_in_the_planners_zone_and_shown_in_each_ones(client, pair):
    mentee, mentor, mentorship = pair
    day = (timezone.now() + dt.timedelta(days=10)).date()
    client.force_login(mentor)
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {"starts_at": f"{day:%Y-%m-%d}T19:00", "duration_minutes": "60", "format": "video"},
    )
    assert response.status_code == 302
    session = Session.objects.get()
    expected = dt.datetime.combine(day, dt.time(19), tzinfo=ZoneInfo(BERLIN))
    assert session.starts_at == expected
    page = client.get(response["Location"]).content.decode()
    assert "Встреча запланирована." in page
    assert "19:00 (Берлин, UTC+" in page
    page = _page(client, mentee, "mentorship:detail", mentorship.pk).content.decode()
    assert f"{expected.astimezone(ZoneInfo(MOSCOW)):%H:%M} (Москва, UTC+3)" in page


def test_ending_without_a_reason_says_so_next_to_the_field(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    url = reverse("mentorship:end", args=[mentorship.pk])
    response = client.post(url, {"reason": "", "comment": ""})
    assert response.status_code == 400
    assert _error_next_to(response.content.decode(), "end-reason", "Укажите причину из списка.")
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.INITIAL

    response = client.post(url, {"reason": "no_time", "comment": "Новая работа"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Наставничество прекращено досрочно" in page
    assert "Причина: нет времени." in page
    assert 'data-testid="no-session-form"' in page


def test_advance_says_which_steps_are_missing(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    tick = reverse("mentorship:checklist-tick", args=[mentorship.pk, "acquaintance_goals"])
    response = client.post(tick, {"done": "1"})
    assert response["Location"] == f"/mentorships/{mentorship.pk}/#checklist"

    response = client.post(reverse("mentorship:advance", args=[mentorship.pk]), follow=True)
    page = response.content.decode()
    assert "Сначала отметьте обязательные шаги этого этапа." in page
    assert "Не хватает: Текущий уровень оценён; Договорились о графике и формате." in page
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.INITIAL


def test_advance_in_closing_names_the_missing_evaluation(client, pair):
    mentee, mentor, mentorship = pair
    _to_phase(mentee, mentorship, Phase.CLOSING)
    evaluations.evaluation_submit(user=mentee, mentorship_id=mentorship.pk, **EVALUATION)
    client.force_login(mentor)
    response = client.post(reverse("mentorship:advance", args=[mentorship.pk]), follow=True)
    assert "Не хватает: итоговая оценка наставника." in response.content.decode()


def test_ticking_a_step_and_advancing_moves_the_road(client, pair):
    mentee, _mentor, mentorship = pair
    client.force_login(mentee)
    for step in STEPS:
        if step.phase == Phase.INITIAL and step.required:
            url = reverse("mentorship:checklist-tick", args=[mentorship.pk, step.key])
            assert client.post(url, {"done": "1"}).status_code == 302
    response = client.post(reverse("mentorship:advance", args=[mentorship.pk]), follow=True)
    page = response.content.decode()
    assert "Этап сменился. Сейчас: основной этап." in page
    assert re.search(r'road-current" aria-current="step">\s*<span[^>]*></span>'
                     r'<span class="road-label">основной этап', page)  # fmt: skip


# --- After completion, and privacy ----------------------------------------------------------


def test_no_session_form_once_completed_and_the_page_says_why(client, pair):
    mentee, mentor, mentorship = pair
    _complete(mentee, mentor, mentorship)
    page = _page(client, mentee, "mentorship:detail", mentorship.pk).content.decode()
    assert 'data-testid="session-form"' not in page
    assert "Наставничество завершено — новые встречи назначить нельзя." in page
    assert "Наставничество завершено " in page  # the completed banner
    response = client.post(
        reverse("mentorship:session-create", args=[mentorship.pk]),
        {"starts_at": _evening_in(days=10), "duration_minutes": "60", "format": "video"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/mentorships/{mentorship.pk}/#sessions", 302)]
    html = response.content.decode()
    assert 'message-error">Наставничество завершено — новые встречи назначить нельзя.' in html
    assert not Session.objects.exists()


def test_private_notes_of_one_side_never_appear_on_the_others_page(client, pair):
    mentee, mentor, mentorship = pair
    session = _held_session(mentee, mentorship)
    client.force_login(mentor)
    url = reverse("mentorship:session-private", args=[mentorship.pk, session.pk])
    assert client.post(url, {"private_notes": "Секрет наставника: слабый SQL"}).status_code == 302
    client.force_login(mentee)
    assert client.post(url, {"private_notes": "Моё: боюсь собеседований"}).status_code == 302

    mentor_page = _page(client, mentor, "mentorship:detail", mentorship.pk).content.decode()
    mentee_page = _page(client, mentee, "mentorship:detail", mentorship.pk).content.decode()
    assert "Секрет наставника" in mentor_page
    assert "боюсь собеседований" not in mentor_page
    assert "боюсь собеседований" in mentee_page
    assert "Секрет наставника" not in mentee_page
    assert "видны только вам" in mentee_page


def test_opening_the_page_shows_new_messages_and_marks_nothing_read(client, pair):
    # A browser may fetch the page ahead of the person: reading it writes nothing.
    mentee, mentor, mentorship = pair
    services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Как дела с SQL?")
    assert unread_count(user=mentee, mentorship=mentorship) == 1
    for _ in range(2):
        page = _page(client, mentee, "mentorship:detail", mentorship.pk).content.decode()
        assert "Новых сообщений: 1" in page
        assert "msg-new" in page
        assert 'data-testid="thread-read"' in page
    assert unread_count(user=mentee, mentorship=mentorship) == 1


def test_mark_read_marks_the_thread_read_up_to_the_message_shown(client, pair):
    mentee, mentor, mentorship = pair
    shown = services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Как дела?")
    services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Жду ответа.")
    Message.objects.filter(pk=shown.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(mentee)
    url = reverse("mentorship:thread-read", args=[mentorship.pk])
    response = client.post(url, {"up_to": shown.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("#thread")
    # The message that came after the page was shown is still new.
    assert unread_count(user=mentee, mentorship=mentorship) == 1
    client.post(url, {})
    assert unread_count(user=mentee, mentorship=mentorship) == 0
    page = client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()
    assert "Новых сообщений" not in page
    # An older page sent late does not bring messages back as new.
    client.post(url, {"up_to": shown.pk})
    assert unread_count(user=mentee, mentorship=mentorship) == 0


def test_mark_read_refuses_a_message_of_another_thread_and_garbage(client, pair, stranger):
    mentee, mentor, mentorship = pair
    other = MentorshipFactory()
    foreign = Message.objects.create(mentorship=other, author=None, body="чужое")
    services.message_send(user=mentor, mentorship_id=mentorship.pk, body="Привет")
    client.force_login(mentee)
    url = reverse("mentorship:thread-read", args=[mentorship.pk])
    response = client.post(url, {"up_to": foreign.pk}, follow=True)
    assert "В переписке нет такого сообщения." in response.content.decode()
    response = client.post(url, {"up_to": "abc"}, follow=True)
    assert "Не удалось понять" in response.content.decode()
    assert unread_count(user=mentee, mentorship=mentorship) == 1
    client.force_login(stranger)
    assert client.post(url, {}).status_code == 404


def test_the_calendar_link_returns_the_pairs_sessions(client, pair):
    mentee, _mentor, mentorship = pair
    session = _held_session(mentee, mentorship)
    response = _page(client, mentee, "mentorship:calendar", mentorship.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"UID:session-{session.pk}@" in body
    assert "Анна Шмидт" in body
