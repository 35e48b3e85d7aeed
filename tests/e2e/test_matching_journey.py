"""Journeys through matching, as a mentee and a mentor on their phones.

Suggestions are computed by calling the service directly: the Celery worker that
normally runs it has its own test. Each journey checks what people see and what
the application stored.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.models import MenteeProfile, MentorProfile
from matching import features
from matching.models import Match, MatchStatus
from matching.suggestions import suggestions_refresh
from mentorship.models import Mentorship
from tests import factories
from tests.e2e.helpers import menu, sign_in

# The goal areas, skills and languages come from a data migration; transactional
# tests flush every table, so the seeded rows are restored from the serialized copy.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# For a person to look at, outside the repository; the path is fixed so it can be found.
SCREENSHOT = "/tmp/e2e-inbox.png"  # noqa: S108
WEEKDAYS = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
BERLIN, MOSCOW, NOVOSIBIRSK = "Europe/Berlin", "Europe/Moscow", "Asia/Novosibirsk"
MONDAY, TUESDAY, SATURDAY = 0, 1, 5
# Berlin's Monday evening is the small hours of Tuesday in Novosibirsk: 01:00–03:00
# in winter, 00:00–02:00 in summer. The mentee's window holds both, so the pair
# always shares exactly two hours and only the clock times move with the season.
BERLIN_EVENING = [{"weekday": MONDAY, "start": "19:00", "end": "21:00"}]
NIGHT_OWL = [{"weekday": TUESDAY, "start": "00:00", "end": "04:00"}]
DATA_SKILLS = ["sql", "statistics", "python-data-analysis"]


# --- Helpers --------------------------------------------------------------------


def section(page: Page, heading: str) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def percent(score: float) -> str:
    """A score as the page prints it (`floatformat:0` rounds halves up)."""
    return f"{Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def local_range(start: dt.datetime, hours: int, tz: str) -> str:
    """A span as a person in `tz` reads it: "вт 01:00–03:00"."""
    a = start.astimezone(ZoneInfo(tz))
    b = (start + dt.timedelta(hours=hours)).astimezone(ZoneInfo(tz))
    return f"{WEEKDAYS[a.weekday()]} {a:%H:%M}–{b:%H:%M}"


def berlin_monday_evening() -> dt.datetime:
    """19:00 in Berlin on the Monday of the week the scorer plans for."""
    monday = features.coming_week_start()
    return dt.datetime.combine(monday, dt.time(19), tzinfo=ZoneInfo(BERLIN))


def mentee_in_novosibirsk(**kwargs) -> MenteeProfile:
    return factories.MenteeFactory(
        user__full_name="Ольга Смирнова",
        user__timezone=NOVOSIBIRSK,
        availability=NIGHT_OWL,
        skill_codes=DATA_SKILLS,
        goals="Собрать портфолио из трёх проектов на SQL и найти первую работу аналитиком.",
        **kwargs,
    )


# --- Journeys -------------------------------------------------------------------


@pytest.mark.browser_context(timezone_id=NOVOSIBIRSK)
def test_mentee_requests_the_best_mentor_and_the_mentor_accepts(page: Page, open_phone):
    mentee = mentee_in_novosibirsk()
    berlin = factories.MentorFactory(
        user__full_name="Анна Шмидт",
        user__timezone=BERLIN,
        availability=BERLIN_EVENING,
        skill_codes=DATA_SKILLS,
        capacity=2,
    )
    moscow = factories.MentorFactory(
        user__full_name="Пётр Волков",
        user__timezone=MOSCOW,
        availability=[{"weekday": SATURDAY, "start": "10:00", "end": "12:00"}],
        skill_codes=["excel"],
    )
    assert suggestions_refresh(mentee_ids=[mentee.pk]) == 2
    scores = dict(Match.objects.values_list("mentor_id", "score"))
    evening = berlin_monday_evening()
    in_novosibirsk = local_range(evening, 2, NOVOSIBIRSK)
    in_berlin = local_range(evening, 2, BERLIN)
    assert in_berlin == "пн 19:00–21:00"

    # The mentee: both mentors, the better one first, each with a percentage.
    sign_in(page, mentee.user)
    menu(page).get_by_role("link", name="Подбор", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Подобранные наставники")
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions.locator("h3")).to_have_text(["Анна Шмидт", "Пётр Волков"])
    expect(suggestions.locator(".score")).to_have_text(
        [percent(scores[berlin.pk]), percent(scores[moscow.pk])]
    )
    assert scores[berlin.pk] > scores[moscow.pk]

    card = suggestions.filter(has_text="Анна Шмидт")
    hours = card.locator(".factor-overlap")
    expect(hours).to_be_hidden()
    card.get_by_text("Почему эта пара?").click()
    expect(hours).to_be_visible()
    # Her own clock first, then the mentor's, named by city.
    expect(hours).to_contain_text("Общие часы — 2 ч в неделю:")
    expect(hours).to_contain_text(f"{in_novosibirsk} у вас = {in_berlin} у ")
    expect(hours).to_contain_text("(Берлин)")

    card.get_by_role("button", name="Отправить запрос").click()
    expect(page.get_by_text("Запрос отправлен наставнику.")).to_be_visible()
    expect(section(page, "Запросы без ответа").locator(".match-card")).to_have_text(
        [re.compile("Анна Шмидт")]
    )
    expect(suggestions.locator("h3")).to_have_text(["Пётр Волков"])

    # The mentor, on her own phone in Berlin: the request, the goals, the hours in her zone.
    anna = open_phone(BERLIN)
    sign_in(anna, berlin.user)
    menu(anna).get_by_role("link", name="Запросы", exact=True).click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Запросы подопечных")
    requests = anna.get_by_test_id("request")
    expect(requests).to_have_count(1)
    request = requests.first
    expect(request.locator("h3")).to_have_text("Ольга Смирнова")
    expect(request.locator(".goals")).to_have_text(mentee.goals)
    overlap = request.locator("p.overlap")
    expect(overlap).to_contain_text(f"{in_berlin} у вас = {in_novosibirsk} у подопечного")
    expect(overlap).to_contain_text("(Новосибирск)")
    anna.screenshot(path=SCREENSHOT, full_page=True)

    request.get_by_role("button", name="Принять").click()
    expect(anna.get_by_text("Пара состоялась! Договоритесь о первой встрече.")).to_be_visible()
    expect(anna.get_by_test_id("request")).to_have_count(0)
    expect(anna.get_by_text("Новых запросов нет.")).to_be_visible()
    expect(anna.get_by_role("heading", name="Ваши подопечные")).to_be_visible()
    expect(anna.get_by_test_id("accepted-match")).to_have_text([re.compile("Ольга Смирнова")])
    expect(anna.get_by_text("Свободных мест: 1 из 2.")).to_be_visible()

    # The mentee, back on her phone.
    page.reload()
    expect(section(page, "Ваши наставники").get_by_test_id("accepted-match")).to_have_text(
        [re.compile("Анна Шмидт")]
    )
    expect(section(page, "Запросы без ответа")).to_have_count(0)

    mentorships = Mentorship.objects.filter(mentee=mentee, mentor=berlin)
    assert mentorships.count() == 1
    match = Match.objects.get(mentee=mentee, mentor=berlin)
    assert match.status == MatchStatus.ACCEPTED
    assert match.mentorship == mentorships.get()
    assert MentorProfile.objects.get(pk=berlin.pk).active_mentees == 1


def test_declined_suggestion_disappears_and_never_returns(page: Page):
    mentee = mentee_in_novosibirsk()
    factories.MentorFactory(user__full_name="Анна Шмидт", skill_codes=DATA_SKILLS)
    declined = factories.MentorFactory(user__full_name="Пётр Волков", skill_codes=["excel"])
    assert suggestions_refresh(mentee_ids=[mentee.pk]) == 2

    sign_in(page, mentee.user)
    page.goto("/matches/")
    names = page.get_by_test_id("suggestion").locator("h3")
    expect(names).to_have_text(["Анна Шмидт", "Пётр Волков"])
    card = page.get_by_test_id("suggestion").filter(has_text="Пётр Волков")
    card.get_by_role("button", name="Не подходит").click()

    expect(page.get_by_text("Отклонено.")).to_be_visible()
    expect(names).to_have_text(["Анна Шмидт"])
    match = Match.objects.get(mentee=mentee, mentor=declined)
    assert match.status == MatchStatus.DECLINED

    # The next refresh proposes the other mentor again, but not this one.
    assert suggestions_refresh(mentee_ids=[mentee.pk]) == 1
    page.reload()
    expect(names).to_have_text(["Анна Шмидт"])
    match.refresh_from_db()
    assert match.status == MatchStatus.DECLINED
    assert Match.objects.filter(mentee=mentee).count() == 2


def test_catalogue_card_of_a_mentor_without_a_common_language_offers_no_request(page: Page):
    mentee = mentee_in_novosibirsk()
    factories.MentorFactory(user__full_name="Клаус Майер", language_codes=["de"])

    sign_in(page, mentee.user)
    menu(page).get_by_role("link", name="Наставники", exact=True).click()
    page.get_by_role("link", name="Клаус Майер").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Клаус Майер")
    fit = page.get_by_test_id("fit")
    expect(fit).to_contain_text("Сейчас эта пара невозможна")
    expect(fit.locator(".fit-blockers li")).to_have_text(["Нет общего языка."])
    expect(fit.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("button", name="Попросить о наставничестве")).to_have_count(0)
    assert not Match.objects.filter(mentee=mentee).exists()

    # Her suggestions are empty, and the page says why and what she can change.
    menu(page).get_by_role("link", name="Подбор", exact=True).click()
    expect(page.get_by_role("heading", name="Сейчас подходящих наставников нет")).to_be_visible()
    reason = page.get_by_test_id("reason-no_common_language")
    expect(reason).to_contain_text("Нет общего языка")
    expect(page.get_by_test_id("refresh-pending")).to_have_count(0)
    reason.get_by_role("link", name="Добавить язык").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/mentee/"))
