"""A whole mentorship in the browser: a mentee in Moscow and a mentor in Berlin, each on
their own phone, from the first checklist step to both closing evaluations.

The pair is formed through the matching services (their own journey is tested
elsewhere); everything after that happens on the pages.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorship import matches as matching
from mentorship.models import Mentorship, Phase, Session, SessionPersonal
from tests import factories
from tests.e2e.helpers import menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOT = "/tmp/e2e-mentorship.png"  # noqa: S108 — for a person to look at
BERLIN, MOSCOW = "Europe/Berlin", "Europe/Moscow"
INITIAL_STEPS = ["Знакомство и цели", "Текущий уровень оценён", "Договорились о графике и формате"]
MAIN_STEPS = ["Регулярные встречи", "Задания и проекты", "Обратная связь"]
CLOSING_STEPS = ["Результаты оценены", "План следующих шагов"]


def open_mentorship(page: Page, other_name: str) -> None:
    menu(page).get_by_role("link", name="Мои наставничества", exact=True).click()
    page.get_by_test_id("mentorship").get_by_role("link", name=other_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Наставничество: {other_name}")


def tick(page: Page, steps: list[str]) -> None:
    for step in steps:
        page.get_by_role("button", name=f"Отметить: {step}", exact=True).click()
        expect(page.get_by_text(f"Шаг «{step}» отмечен.")).to_be_visible()
        expect(
            page.get_by_role("button", name=f"Снять отметку: {step}", exact=True)
        ).to_be_visible()


# The button that moves the pair, by the phase it leads to (see mentorship.checklist).
ADVANCE_BUTTONS = {
    "основной этап": "Да, перейти на основной этап",
    "завершение": "Да, перейти к завершению",
}


def advance(page: Page, phase: str) -> None:
    """Advancing asks first: the button only opens the question, «Да, …» moves the pair."""
    page.get_by_test_id("advance").locator("summary").click()
    expect(page.get_by_test_id("phase")).not_to_contain_text(phase)
    page.get_by_role("button", name=ADVANCE_BUTTONS[phase]).click()
    expect(page.get_by_text(f"Этап сменился. Сейчас: {phase}.")).to_be_visible()
    expect(page.get_by_test_id("phase")).to_contain_text(phase)


def flash(page: Page, text: str) -> None:
    expect(page.locator(".messages").get_by_text(text)).to_be_visible()


def fill_evaluation(page: Page, answers: dict[str, str]) -> None:
    form = page.get_by_test_id("evaluation-form")
    for name, value in answers.items():
        if name == "support_met":
            form.locator(f'input[name="support_met"][value="{value}"]').check()
        else:
            form.locator(f'[name="{name}"]').fill(value)
    form.get_by_role("button", name="Отправить оценку").click()


def watch_console(page: Page, errors: list[str]) -> None:
    """Collects the errors the browser reports, such as a script or style the CSP refused."""
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))


def test_a_mentorship_from_first_step_to_completion(page: Page, open_phone):
    olga = factories.MenteeFactory(user__full_name="Ольга Смирнова", user__timezone=MOSCOW)
    anna = factories.MentorFactory(user__full_name="Анна Шмидт", user__timezone=BERLIN)
    match = matching.match_request(user=olga.user, mentor_id=anna.pk)
    mentorship = matching.match_accept(user=anna.user, match_id=match.pk).mentorship

    # --- Initial: the mentee ticks the steps, sets a goal and plans a session.
    console_errors: list[str] = []
    watch_console(page, console_errors)
    sign_in(page, olga.user)
    menu(page).get_by_role("link", name="Мои наставничества", exact=True).click()
    card = page.get_by_test_id("mentorship")
    expect(card).to_contain_text("Анна Шмидт")
    expect(card).to_contain_text("начало")
    open_mentorship(page, "Анна Шмидт")
    expect(page.get_by_test_id("road").locator("[aria-current=step]")).to_have_text("начало")

    page.get_by_test_id("advance").locator("summary").click()
    page.get_by_role("button", name=ADVANCE_BUTTONS["основной этап"]).click()
    flash(page, "Сначала отметьте обязательные шаги этого этапа.")
    expect(page.locator(".messages")).to_contain_text("Не хватает: Знакомство и цели")
    tick(page, INITIAL_STEPS)
    # The last message stays in sight until she puts it away (static/js/messages.js).
    message = page.locator(".messages .message").last
    message.get_by_role("button", name="Скрыть сообщение").click()
    expect(message).to_be_hidden()

    page.locator("summary", has_text="Новая цель").click()
    goals = page.get_by_test_id("goal-form")
    goals.get_by_label("Цель", exact=True).fill("Первая работа аналитиком к лету")
    goals.get_by_role("button", name="Добавить цель").click()
    flash(page, "Цель добавлена.")
    expect(page.get_by_test_id("goal")).to_contain_text("Первая работа аналитиком к лету")

    tomorrow = (timezone.now().astimezone(ZoneInfo(MOSCOW)) + dt.timedelta(days=1)).date()
    page.locator("summary", has_text="Запланировать встречу").click()
    plan = page.get_by_test_id("session-form")
    expect(plan).to_contain_text("Время в вашем часовом поясе: Москва (UTC+3).")
    plan.get_by_label("Начало").fill(f"{tomorrow:%Y-%m-%d}T19:00")
    plan.get_by_label("Формат").select_option(label="видеозвонок")
    plan.get_by_label("Повестка").fill("Разобрать резюме и план на месяц")
    plan.get_by_role("button", name="Запланировать", exact=True).click()
    flash(page, "Встреча запланирована.")
    session = Session.objects.get(mentorship=mentorship)
    starts = dt.datetime.combine(tomorrow, dt.time(19), tzinfo=ZoneInfo(MOSCOW))
    assert session.starts_at == starts
    expect(page.get_by_test_id("session")).to_contain_text("19:00 (Москва, UTC+3)")

    advance(page, "основной этап")

    # --- The mentor, on her phone in Berlin, sees the session in her own time.
    mentor = open_phone(BERLIN)
    watch_console(mentor, console_errors)
    sign_in(mentor, anna.user)
    open_mentorship(mentor, "Ольга Смирнова")
    expect(mentor.get_by_test_id("phase")).to_contain_text("основной этап")
    in_berlin = starts.astimezone(ZoneInfo(BERLIN))
    offset = in_berlin.utcoffset() // dt.timedelta(hours=1)
    expect(mentor.get_by_test_id("session")).to_contain_text(
        f"{in_berlin:%H:%M} (Берлин, UTC+{offset})"
    )
    expect(mentor.get_by_test_id("goal")).to_contain_text("Первая работа аналитиком к лету")

    # Two days later the session has taken place.
    Session.objects.filter(pk=session.pk).update(starts_at=F("starts_at") - dt.timedelta(days=2))
    mentor.reload()
    held = mentor.get_by_test_id("session")
    held.get_by_role("button", name="Встреча состоялась").click()
    flash(mentor, "Встреча отмечена как состоявшаяся. Оцените её.")
    held.get_by_label("Ваша оценка встречи, от 1 до 5").fill("5")
    held.get_by_role("button", name="Оценить").click()
    flash(mentor, "Спасибо за оценку встречи.")
    expect(held).to_contain_text("Ваша оценка: 5 из 5")
    held.locator("summary", has_text="Записать для себя").click()
    held.get_by_label("Личные заметки — видны только вам").fill("Ольге нужна практика SQL")
    held.get_by_role("button", name="Сохранить для себя").click()
    flash(mentor, "Личные заметки сохранены — их видите только вы.")

    mentor.locator("summary", has_text="Новое задание").click()
    tasks = mentor.get_by_test_id("task-form")
    tasks.get_by_label("Задание", exact=True).fill("Дашборд продаж в DataLens")
    tasks.get_by_label("Срок (по желанию)").fill(f"{tomorrow + dt.timedelta(days=7):%Y-%m-%d}")
    tasks.get_by_role("button", name="Добавить задание").click()
    flash(mentor, "Задание добавлено.")
    expect(mentor.get_by_test_id("task")).to_contain_text("Дашборд продаж в DataLens")

    thread = mentor.get_by_test_id("message-form")
    thread.get_by_label("Сообщение").fill("Ольга, жду дашборд к следующей встрече.")
    thread.get_by_role("button", name="Отправить").click()
    flash(mentor, "Сообщение отправлено.")

    # --- The mentee: the unread message on her dashboard, then on the page; she answers.
    menu(page).get_by_role("link", name="Мои наставничества", exact=True).click()
    expect(page.get_by_test_id("mentorship").get_by_test_id("unread")).to_have_text(
        "Новых сообщений: 1"
    )
    open_mentorship(page, "Анна Шмидт")
    expect(page.get_by_test_id("thread-unread")).to_have_text("Новых сообщений: 1")
    expect(page.get_by_test_id("message").last).to_contain_text(
        "Ольга, жду дашборд к следующей встрече."
    )
    expect(page.get_by_text("Ольге нужна практика SQL")).to_have_count(0)
    page.get_by_test_id("message-form").get_by_label("Сообщение").fill("Спасибо, сделаю!")
    page.get_by_test_id("message-form").get_by_role("button", name="Отправить").click()
    flash(page, "Сообщение отправлено.")
    expect(page.get_by_test_id("message")).to_have_count(2)
    expect(page.get_by_test_id("message").last).to_contain_text("Спасибо, сделаю!")
    expect(page.get_by_test_id("thread-unread")).to_have_count(0)
    # She rates the session too: each side's rating is their own.
    page.get_by_test_id("session").get_by_label("Ваша оценка встречи, от 1 до 5").fill("4")
    page.get_by_test_id("session").get_by_role("button", name="Оценить").click()
    flash(page, "Спасибо за оценку встречи.")
    assert sorted(SessionPersonal.objects.values_list("rating", flat=True)) == [4, 5]

    # The mentor sees the answer, counted as unread, newest at the bottom.
    menu(mentor).get_by_role("link", name="Мои наставничества", exact=True).click()
    expect(mentor.get_by_test_id("mentorship").get_by_test_id("unread")).to_have_text(
        "Новых сообщений: 1"
    )
    open_mentorship(mentor, "Ольга Смирнова")
    expect(mentor.get_by_test_id("message")).to_have_text(
        [re.compile("жду дашборд"), re.compile("Спасибо, сделаю!")]
    )
    tick(mentor, MAIN_STEPS)
    advance(mentor, "завершение")

    # --- Closing: both fill the evaluation.
    page.reload()
    expect(page.get_by_test_id("phase")).to_contain_text("завершение")
    tick(page, CLOSING_STEPS)
    page.get_by_role("link", name="Заполнить итоговую оценку").click()
    expect(page.get_by_label("Какие навыки вы приобрели?")).to_be_visible()
    fill_evaluation(
        page,
        {
            "skills_gained": "SQL, дашборды, разговор с заказчиком",
            "goal_progress": "8",
            "view_changed": "Аналитика — это больше про вопросы, чем про код",
            "interview_invitations": "3",
            "confidence_before": "3",
            "confidence_after": "8",
            "successes": "Оффер джуниор-аналитика в банк",
            "productivity": "5",
            "support_met": "yes",
            "would_recommend": "10",
        },
    )
    flash(page, "Спасибо! Итоговая оценка сохранена.")
    expect(page.get_by_test_id("waiting")).to_be_visible()
    expect(page.get_by_test_id("phase")).to_contain_text("завершение")

    mentor.reload()
    mentor.get_by_role("link", name="Заполнить итоговую оценку").click()
    expect(mentor.get_by_label("Какие навыки приобрёл подопечный?")).to_be_visible()
    expect(mentor.get_by_text("Оффер джуниор-аналитика в банк")).to_have_count(0)
    fill_evaluation(
        mentor,
        {
            "skills_gained": "SQL и визуализация",
            "goal_progress": "9",
            "interview_invitations": "3",
            "confidence_before": "2",
            "confidence_after": "8",
            "successes": "Портфолио из трёх проектов",
            "productivity": "5",
            "support_met": "yes",
            "would_recommend": "9",
        },
    )
    flash(mentor, "Наставничество завершено.")
    expect(mentor.get_by_test_id("answers-mentee")).to_contain_text(
        "Оффер джуниор-аналитика в банк"
    )
    expect(mentor.get_by_test_id("answers-mentor")).to_contain_text("Портфолио из трёх проектов")

    # --- Completed, on both pages.
    mentor.get_by_role("link", name="Наставничество: Ольга Смирнова").click()
    expect(mentor.get_by_test_id("phase")).to_contain_text("завершено")
    expect(mentor.get_by_test_id("no-session-form")).to_have_text(
        "Наставничество завершено — новые встречи назначить нельзя."
    )
    page.get_by_role("link", name="Наставничество: Анна Шмидт").click()
    expect(page.get_by_test_id("phase")).to_contain_text("завершено")
    expect(page.get_by_test_id("road").locator(".road-done")).to_have_count(4)
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("link", name="Посмотреть ответы").click()
    expect(page.get_by_test_id("answers-mentor")).to_contain_text("Портфолио из трёх проектов")

    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED
    assert console_errors == []
