"""The pair plans a session with a call link and both see it; the mentor moves it, and the
mentee is told and sees the new time, each in their own zone, on their own phone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorship import matches as matching
from mentorship.models import Session
from tests import factories
from tests.e2e.helpers import menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MOSCOW, VLADIVOSTOK = "Europe/Moscow", "Asia/Vladivostok"
CALL = "https://telemost.example.org/j/12345678"


def flash(page: Page, text: str) -> None:
    expect(page.locator(".messages").get_by_text(text)).to_be_visible()


def open_mentorship(page: Page, other_name: str) -> None:
    menu(page).get_by_role("link", name="Мои наставничества", exact=True).click()
    page.get_by_test_id("mentorship").get_by_role("link", name=other_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Наставничество: {other_name}")


def _clock(moment: dt.datetime) -> str:
    """The local time as the page writes it (a 24-hour clock: 02:00, 19:30)."""
    return f"{moment:%H:%M}"


# How the pages name the two zones (neither changes its clocks).
IN_MOSCOW, IN_VLADIVOSTOK = "(Москва, UTC+3)", "(Владивосток, UTC+10)"


def test_the_pair_plans_a_session_with_a_call_link_and_both_see_it(page: Page, open_phone):
    olga = factories.MenteeFactory(user__full_name="Ольга Смирнова", user__timezone=MOSCOW)
    ivan = factories.MentorFactory(user__full_name="Иван Петров", user__timezone=VLADIVOSTOK)
    match = matching.match_request(user=olga.user, mentor_id=ivan.pk)
    mentorship = matching.match_accept(user=ivan.user, match_id=match.pk).mentorship

    # The mentee plans tomorrow 19:00 Moscow time, with a link to the call.
    sign_in(page, olga.user)
    open_mentorship(page, "Иван Петров")
    tomorrow = (timezone.now().astimezone(ZoneInfo(MOSCOW)) + dt.timedelta(days=1)).date()
    page.locator("summary", has_text="Запланировать встречу").click()
    plan = page.get_by_test_id("session-form")
    plan.get_by_label("Начало").fill(f"{tomorrow:%Y-%m-%d}T19:00")
    plan.get_by_label("Формат").select_option(label="видеозвонок")
    plan.get_by_label("Ссылка на звонок").fill("http://telemost.example.org/j/1")
    plan.get_by_role("button", name="Запланировать", exact=True).click()
    expect(page.get_by_test_id("session-form")).to_contain_text("https://")  # refused: http
    assert not Session.objects.exists()
    plan = page.get_by_test_id("session-form")
    plan.get_by_label("Начало").fill(f"{tomorrow:%Y-%m-%d}T19:00")
    plan.get_by_label("Ссылка на звонок").fill(CALL)
    plan.get_by_role("button", name="Запланировать", exact=True).click()
    flash(page, "Встреча запланирована.")
    starts = dt.datetime.combine(tomorrow, dt.time(19), tzinfo=ZoneInfo(MOSCOW))
    session = Session.objects.get(mentorship=mentorship)
    assert (session.starts_at, session.call_url) == (starts, CALL)
    card = page.get_by_test_id("session")
    expect(card).to_contain_text(f"19:00 {IN_MOSCOW}")
    expect(card.get_by_test_id("call-link")).to_have_attribute("href", CALL)

    # The mentor, in Vladivostok, sees it at 02:00 the next night, with the same link.
    mentor = open_phone(VLADIVOSTOK)
    sign_in(mentor, ivan.user)
    open_mentorship(mentor, "Ольга Смирнова")
    theirs = mentor.get_by_test_id("session")
    in_vladivostok = starts.astimezone(ZoneInfo(VLADIVOSTOK))
    expect(theirs).to_contain_text(f"{_clock(in_vladivostok)} {IN_VLADIVOSTOK}")
    expect(theirs.get_by_test_id("call-link")).to_have_attribute("href", CALL)

    # Too early for him: he moves it to 12:00 his time the day after (05:00 in Moscow).
    theirs.locator("summary", has_text="Перенести или изменить ссылку на звонок").click()
    move = theirs.get_by_test_id("session-move")
    later = in_vladivostok.date() + dt.timedelta(days=1)
    move.get_by_label("Новое начало").fill(f"{later:%Y-%m-%d}T12:00")
    move.get_by_role("button", name="Сохранить").click()
    flash(mentor, "Встреча изменена.")
    moved = dt.datetime.combine(later, dt.time(12), tzinfo=ZoneInfo(VLADIVOSTOK))
    expect(mentor.get_by_test_id("session")).to_contain_text(f"12:00 {IN_VLADIVOSTOK}")
    session.refresh_from_db()
    assert session.starts_at == moved

    # The mentee is told, in Moscow time, and her page shows the new time and the link.
    page.reload()
    in_moscow = moved.astimezone(ZoneInfo(MOSCOW))
    expect(page.get_by_test_id("session")).to_contain_text(f"{_clock(in_moscow)} {IN_MOSCOW}")
    expect(page.get_by_test_id("session").get_by_test_id("call-link")).to_have_attribute(
        "href", CALL
    )
    page.goto("/notifications/")
    expect(page.get_by_text("Иван Петров переносит встречу на")).to_be_visible()
    expect(page.get_by_text(f"{_clock(in_moscow)} {IN_MOSCOW}").first).to_be_visible()
