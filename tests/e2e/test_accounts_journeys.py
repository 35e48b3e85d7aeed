"""Journeys through sign-up, onboarding and the mentor catalogue, as a person on a phone.

Each test checks what the person sees and what the application stored.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts import confirmation
from accounts.models import Consent, Format, MenteeProfile, MentorProfile, User
from tests import factories
from tests.e2e.helpers import menu

# The goal areas, skills and languages come from a data migration; transactional
# tests flush every table, so the seeded rows are restored from the serialized copy.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Tundra-lantern-47"
# For a person to look at, outside the repository; the path is fixed so it can be found.
SCREENSHOT = "/tmp/e2e-availability.png"  # noqa: S108
# Half-hour rows of the availability grid: row 38 starts at 19:00.
MONDAY, SEVEN_PM = 0, 38


# --- Helpers --------------------------------------------------------------------


def sign_up(page: Page, *, full_name: str, email: str) -> None:
    """Fills the sign-up form of the current page and sends it, consenting."""
    page.get_by_label("Имя и фамилия").fill(full_name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Пароль", exact=True).fill(PASSWORD)
    page.get_by_label("Я даю согласие").check()
    page.get_by_role("button", name="Зарегистрироваться").click()


def expect_step(page: Page, number: int, total: int = 4) -> float:
    """Waits for "Шаг N из 4" and returns how full the progress bar is."""
    expect(page.locator(".progress-label")).to_have_text(f"Шаг {number} из {total}")
    bar = page.locator("progress")
    expect(bar).to_have_attribute("value", str(number))
    expect(bar).to_have_attribute("max", str(total))
    return bar.evaluate("bar => bar.position")


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Дальше").click()


def grid_cell(page: Page, weekday: int, row: int) -> Locator:
    return page.locator(f'input.ag-input[value="{weekday}-{row}"]')


def drag(page: Page, start: Locator, end: Locator) -> None:
    """Presses the mouse on one cell, moves to another and releases it there."""
    start.scroll_into_view_if_needed()
    first, last = start.bounding_box(), end.bounding_box()
    assert first, "the first cell is not on screen"
    assert last, "the last cell is not on screen"
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=6)
    page.mouse.up()


# --- Journeys -------------------------------------------------------------------


@pytest.mark.browser_context(timezone_id="Asia/Novosibirsk")
def test_new_visitor_signs_up_as_mentee_and_paints_evening_availability(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Найти наставника").click()

    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    # The browser's own zone, chosen by timezone.js rather than the server's default.
    expect(page.get_by_label("Часовой пояс")).to_have_value("Asia/Novosibirsk")
    sign_up(page, full_name="Ольга Смирнова", email="olga@example.org")

    expect(page).to_have_url(re.compile(r"/accounts/onboarding/$"))
    expect(page.get_by_text("Добро пожаловать! Учётная запись создана.")).to_be_visible()
    progress = [expect_step(page, 1)]
    page.get_by_label("Подопечным").check()
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Профиль подопечного")
    progress.append(expect_step(page, 2, 4))
    page.get_by_label("Аналитика", exact=True).check()
    page.get_by_label("Кем вы работаете сейчас?").fill("учитель физики")
    page.get_by_label("На каком вы этапе?").select_option(label="учусь")
    page.get_by_label("Ваши цели своими словами").fill("Собрать портфолио и найти работу.")
    next_step(page)

    progress.append(expect_step(page, 3, 4))
    # She leaves for the catalogue and comes back: the wizard opens where she left it,
    # and the step before still holds her answers.
    menu(page).get_by_role("link", name="Наставники", exact=True).click()
    expect(page).to_have_url(re.compile(r"/mentors/$"))
    page.goto("/accounts/onboarding/")
    expect_step(page, 3, 4)
    page.get_by_role("button", name="Назад").click()
    expect_step(page, 2, 4)
    expect(page.get_by_label("Кем вы работаете сейчас?")).to_have_value("учитель физики")
    expect(page.get_by_label("Ваши цели своими словами")).to_have_value(
        "Собрать портфолио и найти работу."
    )
    next_step(page)
    expect_step(page, 3, 4)
    page.get_by_label("SQL и базы данных").check()
    page.get_by_label("Статистика").check()
    next_step(page)

    progress.append(expect_step(page, 4, 4))
    expect(page.get_by_role("button", name="Готово")).to_be_visible()
    assert progress == sorted(set(progress)), f"the progress bar did not advance: {progress}"
    assert progress[-1] == 1

    # Monday 19:00–21:00 by mouse: four half hours painted in one stroke.
    summary = page.locator("[data-availability-summary]")
    expect(summary).to_have_text("Выбрано: 0 ч в неделю")
    drag(page, grid_cell(page, MONDAY, SEVEN_PM), grid_cell(page, MONDAY, SEVEN_PM + 3))
    for row in range(SEVEN_PM, SEVEN_PM + 4):
        expect(grid_cell(page, MONDAY, row)).to_be_checked()
    expect(grid_cell(page, MONDAY, SEVEN_PM + 4)).not_to_be_checked()
    expect(summary).to_have_text("Выбрано: 2 ч в неделю")

    # One more half hour by keyboard: Tab into the grid lands on the last touched cell.
    page.get_by_role("button", name="Очистить").focus()
    page.keyboard.press("Tab")
    expect(grid_cell(page, MONDAY, SEVEN_PM)).to_be_focused()
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(grid_cell(page, MONDAY, SEVEN_PM + 4)).to_be_focused()
    page.keyboard.press("Space")
    expect(grid_cell(page, MONDAY, SEVEN_PM + 4)).to_be_checked()
    expect(summary).to_have_text("Выбрано: 2,5 ч в неделю")
    # What a phone shows around the painted evening, for a person to look at.
    page.screenshot(path=SCREENSHOT)

    expect(page.get_by_label("Часовой пояс")).to_have_value("Asia/Novosibirsk")
    expect(page.get_by_label("видеозвонок")).to_be_checked()
    page.get_by_label("Русский", exact=True).check()
    page.get_by_role("button", name="Готово").click()

    # The wizard ends where the next step is taken: the suggestions, with one sentence.
    expect(page).to_have_url(re.compile(r"/matches/$"))
    expect(page.get_by_text("Профиль готов. Выберите наставника ниже")).to_be_visible()
    page.goto(page.url.replace("/matches/", "/accounts/profile/"))
    facts = page.locator("#mentee-profile")
    expect(facts).to_contain_text("Аналитика")
    expect(facts).to_contain_text("учитель физики")
    expect(facts).to_contain_text("Новосибирск (UTC+7)")

    user = User.objects.get(email="olga@example.org")
    assert user.full_name == "Ольга Смирнова"
    assert user.timezone == "Asia/Novosibirsk"
    assert Consent.objects.filter(user=user, kind=Consent.Kind.PERSONAL_DATA).exists()
    profile = MenteeProfile.objects.get(user=user)
    # The painted block and the keyed cell touch, so they are stored as one slot.
    assert profile.availability == [{"weekday": 0, "start": "19:00", "end": "21:30"}]
    assert profile.timezone == "Asia/Novosibirsk"
    assert profile.goal_area.code == "analytics"
    assert profile.stage == "learning"
    assert {skill.code for skill in profile.skills.all()} == {"sql", "statistics"}
    assert [language.code for language in profile.languages.all()] == ["ru"]
    assert profile.formats == Format.VIDEO


def test_new_mentor_registers_through_the_wizard_and_appears_in_the_catalogue(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Стать наставником").click()
    sign_up(page, full_name="Игорь Петров", email="igor@example.org")

    progress = [expect_step(page, 1)]
    # The landing link carried the role; the person still sees and confirms it.
    expect(page.get_by_label("Наставником")).to_be_checked()
    page.get_by_label("Наставником").check()
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Профиль наставника")
    progress.append(expect_step(page, 2, 4))
    page.get_by_label("IT и программирование").check()
    page.get_by_label("Аналитика", exact=True).check()
    page.get_by_label("Кратко о себе").fill("Бэкенд-разработчик, пришёл из инженерии")
    page.get_by_label("О себе и своём опыте").fill("Строил мосты, шесть лет пишу на Python.")
    page.get_by_label("Сколько лет вы работаете в профессии?").fill("6")
    page.get_by_label("Сколько подопечных вы готовы вести одновременно?").fill("3")
    expect(page.get_by_label("Принимаю новых подопечных")).to_be_checked()
    next_step(page)

    progress.append(expect_step(page, 3, 4))
    page.get_by_label("Python", exact=True).check()
    page.get_by_label("SQL и базы данных").check()
    next_step(page)

    progress.append(expect_step(page, 4, 4))
    assert progress == sorted(set(progress)), f"the progress bar did not advance: {progress}"
    page.get_by_label("Русский", exact=True).check()
    page.get_by_label("Английский", exact=True).check()
    page.get_by_role("button", name="Готово").click()

    # The wizard ends in the inbox, where requests will come.
    expect(page).to_have_url(re.compile(r"/matches/inbox/$"))
    expect(
        page.get_by_text("Профиль наставника готов. Когда подопечный пришлёт запрос")
    ).to_be_visible()
    page.goto(page.url.replace("/matches/inbox/", "/accounts/profile/"))
    expect(page.locator("#mentor-profile")).to_contain_text("IT и программирование, Аналитика")

    # Found by mentees only once the address is confirmed: the letter's link does it.
    expect(page.get_by_test_id("confirm-banner")).to_contain_text("igor@example.org")
    menu(page).get_by_role("link", name="Наставники", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_have_text("Найдено 0 наставников")
    user = User.objects.get(email="igor@example.org")
    page.goto(urlsplit(confirmation.confirmation_link(user=user)).path)
    expect(page.get_by_test_id("confirm-result")).to_have_text(
        "Адрес подтверждён. Теперь можно отправлять запросы."
    )
    expect(page.get_by_test_id("confirm-banner")).to_have_count(0)

    menu(page).get_by_role("link", name="Наставники", exact=True).click()
    expect(page).to_have_url(re.compile(r"/mentors/$"))
    expect(page.get_by_test_id("result-count")).to_have_text("Найден 1 наставник")
    card = page.locator(".mentor-card", has_text="Игорь Петров")
    expect(card).to_contain_text("Бэкенд-разработчик, пришёл из инженерии")
    expect(card.locator(".tag")).to_have_text(["IT и программирование", "Аналитика"])
    expect(card).to_contain_text("6 лет опыта")

    mentor = MentorProfile.objects.get(user__email="igor@example.org")
    assert mentor.capacity == 3
    assert mentor.accepting_mentees is True
    assert mentor.years_experience == 6
    assert {area.code for area in mentor.goal_areas.all()} == {"it", "analytics"}
    assert {skill.code for skill in mentor.skills.all()} == {"python", "sql"}
    assert {language.code for language in mentor.languages.all()} == {"ru", "en"}
    assert mentor.formats == Format.VIDEO
    assert mentor.timezone == "Europe/Moscow"


def test_catalogue_filter_by_goal_area_narrows_the_list_and_reset_shows_everyone(page: Page):
    people = {
        "Анна Аналитик": (["analytics"], ["ru"]),
        "Борис Программист": (["it"], ["en"]),
        "Вера Маркетолог": (["marketing"], ["ru", "en"]),
        "Глеб Разработчик": (["it", "management"], ["ru"]),
    }
    for full_name, (areas, languages) in people.items():
        factories.MentorFactory(
            user__full_name=full_name, area_codes=areas, language_codes=languages
        )
    in_it = {"Борис Программист", "Глеб Разработчик"}
    names = page.locator(".mentor-card .card-title")

    page.goto("/mentors/")
    expect(page.get_by_test_id("result-count")).to_have_text("Найдено 4 наставника")
    expect(names).to_have_count(4)

    page.get_by_label("Направление").select_option(label="IT и программирование")
    page.get_by_role("button", name="Показать").click()

    expect(page).to_have_url(re.compile(r"[?&]goal_area=it(&|$)"))
    expect(page.get_by_test_id("result-count")).to_have_text("Найдено 2 наставника")
    expect(names).to_have_count(2)
    assert set(names.all_inner_texts()) == in_it
    # The choice stays visible, so the person knows why the list is short.
    expect(page.get_by_label("Направление")).to_have_value("it")
    stored = MentorProfile.objects.filter(goal_areas__code="it").values_list(
        "user__full_name", flat=True
    )
    assert set(stored) == in_it

    page.get_by_role("link", name="Сбросить").click()

    expect(page.get_by_test_id("result-count")).to_have_text("Найдено 4 наставника")
    expect(names).to_have_count(4)
    assert set(names.all_inner_texts()) == set(people)
    expect(page.get_by_label("Направление")).to_have_value("")


def test_sign_up_with_weak_password_and_no_consent_says_what_is_wrong(page: Page):
    page.goto("/accounts/signup/")
    page.get_by_label("Имя и фамилия").fill("Мария Иванова")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("Пароль", exact=True).fill("12345678")
    page.get_by_label("Часовой пояс").select_option("Europe/Kaliningrad")
    page.get_by_role("button", name="Зарегистрироваться").click()

    password_field = page.locator(".field", has=page.get_by_label("Пароль", exact=True))
    expect(password_field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(password_field.locator(".errorlist")).to_contain_text("только из цифр")
    consent_field = page.locator(".field", has=page.get_by_label("Я даю согласие"))
    expect(consent_field.locator(".errorlist")).to_have_text(
        "Без согласия на обработку персональных данных регистрация невозможна."
    )
    # What was typed stays, except the password, which is never sent back.
    expect(page.get_by_label("Имя и фамилия")).to_have_value("Мария Иванова")
    expect(page.get_by_label("E-mail")).to_have_value("maria@example.org")
    expect(page.get_by_label("Пароль", exact=True)).to_have_value("")
    expect(page.get_by_label("Я даю согласие")).not_to_be_checked()
    # The zone the person chose is not replaced by the browser's own after the error.
    expect(page.get_by_label("Часовой пояс")).to_have_value("Europe/Kaliningrad")

    assert not User.objects.filter(email="maria@example.org").exists()
    assert not Consent.objects.exists()
