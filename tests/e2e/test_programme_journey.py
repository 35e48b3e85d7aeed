"""A programme in the browser: a coordinator creates it, people join by its link, the
coordinator runs the cohort matching on a real Celery worker, reviews and edits the
draft, publishes it, and reads the dashboard; a mentee finds the pair among their matches.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from matching.models import Match, MatchOrigin
from mentorship.celery import app as celery_app
from programmes.models import DraftPair, MatchingRun, Member, Programme, RunStatus
from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# For a person to look at, outside the repository.
SCREENSHOT_DRAFT = "/tmp/e2e-programme-draft.png"  # noqa: S108
SCREENSHOT = "/tmp/e2e-programme-report.png"  # noqa: S108
MENTEES = ["Ольга Смирнова", "Иван Петров", "Дарья Козлова"]
MENTORS = ["Анна Шмидт", "Пётр Волков"]
LONG_EMAIL = "olga.smirnova.da@example.org"
# For each e-mail of the cohort table: the characters that begin a new line.
LINE_STARTS = """(spans) => spans.map((span) => {
  const starts = [];
  let top = null;
  const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top !== null && Math.round(rect.top) > top) starts.push(node.data[i]);
      top = Math.round(rect.top);
    }
  }
  return starts.join("");
})"""


def join_by_link(page: Page, link: str, user: User, role: str) -> None:
    """Opens the coordinator's link signed out, signs in, and joins in the role."""
    page.goto(link)
    sign_in(page, user)  # the link waits behind the sign-in page
    expect(page.get_by_role("heading", level=1)).to_have_text("Вступить в программу")
    expect(page.get_by_label("Код программы")).not_to_have_value("")
    page.get_by_label(role).check()
    page.get_by_role("button", name="Вступить в программу").click()
    expect(page.get_by_text("Вы в программе «Весна в аналитике»")).to_be_visible()


def set_consuming(worker, on: bool) -> None:
    """Holds the worker off the queue (or lets it back), so the page shows a run waiting."""
    queue = celery_app.conf.task_default_queue
    control = celery_app.control.add_consumer if on else celery_app.control.cancel_consumer
    replies = control(queue, destination=[worker.hostname], reply=True, timeout=5)
    assert replies, worker.log()


def test_coordinator_creates_matches_publishes_and_reads_the_dashboard(
    page: Page, open_phone, celery_worker
):
    coordinator = factories.UserFactory(full_name="Мария Координатор")
    mentees = [factories.MenteeFactory(user__full_name=name) for name in MENTEES]
    # An address too long for the cohort table's column on a phone.
    mentees[0].user.email = LONG_EMAIL
    mentees[0].user.save(update_fields=["email"])
    mentors = [factories.MentorFactory(user__full_name=name, capacity=2) for name in MENTORS]
    today = dt.date.today()

    # The coordinator creates the programme through the form.
    sign_in(page, coordinator)
    page.goto("/programmes/")
    page.get_by_role("link", name="Создать программу").click()
    page.get_by_label("Название").fill("Весна в аналитике")
    page.get_by_label("Описание").fill("Переход в аналитику данных за три месяца.")
    page.get_by_label("Аналитика").check()
    page.get_by_label("Начало").fill(today.isoformat())
    page.get_by_label("Окончание").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Создать программу").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Весна в аналитике")
    programme = Programme.objects.get(name="Весна в аналитике")
    expect(page.get_by_test_id("join-code")).to_have_text(programme.join_code)
    link = page.get_by_test_id("join-url").input_value()
    assert link.endswith(f"/programmes/join/?code={programme.join_code}")
    expect(page.get_by_role("button", name="Копировать")).to_be_visible()  # the script runs

    # Three mentees and two mentors open the link on their phones and join.
    phones = {}
    for profile in mentees:
        phones[profile.pk] = open_phone()
        join_by_link(phones[profile.pk], link, profile.user, "Подопечным — ищу наставника")
    for profile in mentors:
        phones[profile.pk] = open_phone()
        join_by_link(phones[profile.pk], link, profile.user, "Наставником — буду помогать другим")
    assert Member.objects.filter(programme=programme).count() == 5

    # The coordinator sees the cohort with each profile's completeness.
    page.reload()
    rows = page.get_by_test_id("cohort-row")
    expect(rows).to_have_count(5)
    # An e-mail that does not fit breaks before its "@", never inside a word.
    line_starts = rows.locator(".email").evaluate_all(LINE_STARTS)
    assert set(line_starts) <= {"", "@"}, line_starts
    assert "@" in line_starts, "the long address fitted on one line: the check saw no break"
    expect(rows.filter(has_text="Ольга Смирнова")).to_contain_text("Подопечный")
    expect(rows.filter(has_text="Анна Шмидт")).to_contain_text("100%")

    # Runs the matching: first the run waits in the queue and the page shows its progress…
    set_consuming(celery_worker, False)
    page.get_by_label("Как можно больше пар").check()
    page.get_by_role("button", name="Запустить подбор").click()
    expect(page.get_by_text("Подбор запущен.")).to_be_visible()
    status = page.get_by_test_id("run-status")
    expect(status).to_contain_text("в очереди")
    expect(status.locator("progress")).to_be_visible()
    expect(status.get_by_role("link", name="Обновить")).to_be_visible()

    # …then the worker takes it, and the page reloads itself with the draft.
    set_consuming(celery_worker, True)
    pairs = page.get_by_test_id("draft-pair")
    expect(pairs).to_have_count(3, timeout=60_000)
    expect(page.get_by_role("heading", name="Черновик пар")).to_be_visible()
    expect(status).to_contain_text("черновик готов")
    expect(status.get_by_test_id("run-summary")).to_have_text(
        re.compile(r"^Подбор завершён за \d+,\d с\. Пар: 3, без пары: 0\.$")
    )
    run = MatchingRun.objects.get(programme=programme)
    assert (run.status, run.objective, run.matched) == (RunStatus.DRAFT, "coverage", 3)
    assert "programmes.tasks.assign_cohort" in celery_worker.log()
    expect(pairs.first.get_by_test_id("explanation")).to_contain_text("Общие навыки")
    page.screenshot(path=SCREENSHOT_DRAFT, full_page=True)

    # Edits: a pair of the busier mentor goes, and its mentee goes to the other mentor.
    busy = max(mentors, key=lambda m: DraftPair.objects.filter(run=run, mentor_id=m.pk).count())
    other = next(m for m in mentors if m != busy)
    moved = DraftPair.objects.filter(run=run, mentor_id=busy.pk).select_related("mentee").first()
    card = pairs.filter(has_text=f"{moved.mentee.full_name} → {busy.user.full_name}")
    card.get_by_role("button", name="Убрать пару").click()
    expect(page.get_by_text("Пара убрана из черновика.")).to_be_visible()
    expect(pairs).to_have_count(2)
    expect(page.get_by_test_id("unmatched-mentee")).to_have_text(
        [f"{moved.mentee.full_name} — пару убрали из черновика"]
    )
    page.get_by_text("Добавить пару", exact=True).click()
    form = page.get_by_test_id("pair-form")
    # Sent with nothing chosen: the page comes back with the form open and says why
    # (a page state the accessibility check sees too).
    form.get_by_role("button", name="Добавить в черновик").click()
    expect(form.locator(".errorlist").first).to_be_visible()
    form = page.get_by_test_id("pair-form")
    form.get_by_label("Подопечный").select_option(label=moved.mentee.full_name)
    form.get_by_label("Наставник").select_option(label=other.user.full_name)
    form.get_by_role("button", name="Добавить в черновик").click()
    expect(page.get_by_text("Пара добавлена в черновик.")).to_be_visible()
    expect(pairs).to_have_count(3)
    added = pairs.filter(has_text=f"{moved.mentee.full_name} → {other.user.full_name}")
    expect(added).to_contain_text("добавлена вами")
    # Scored and explained like the pairs the matching made, not "0 %" without a word.
    expect(added.get_by_test_id("explanation")).to_contain_text("Общие навыки")
    expect(added.locator(".score")).not_to_have_text("0%")
    expect(page.get_by_test_id("unmatched-mentee")).to_have_count(0)

    # Publishes: the pairs become matches for both sides to accept.
    page.get_by_role("button", name="Опубликовать пары").click()
    # The confirmation is in sight where the page opens (at its #run section), not
    # scrolled away above it.
    published = page.locator(".messages").get_by_text(re.compile(r"Пары опубликованы: новых 3"))
    expect(page.get_by_role("heading", name="Подбор пар")).to_be_in_viewport()  # scrolled there
    expect(published).to_be_in_viewport()
    expect(page.get_by_test_id("published-answers")).to_be_in_viewport()
    expect(page.get_by_test_id("published-answers")).to_contain_text(
        "Ждут ответа: 3, подтверждены обеими сторонами: 0"
    )
    expect(page.get_by_role("heading", name="Опубликованные пары")).to_be_visible()
    matches = Match.objects.filter(programme=programme)
    assert matches.count() == 3
    assert set(matches.values_list("origin", flat=True)) == {MatchOrigin.PROGRAMME}
    assert matches.filter(mentee_id=moved.mentee_id, mentor_id=other.pk).exists()

    # The moved mentee finds the programme's pair among their matches and accepts it;
    # the mentor accepts too, as with any match.
    phone = phones[moved.mentee_id]
    phone.goto(f"/programmes/{programme.pk}/")
    expect(phone.get_by_test_id("my-match")).to_have_text([re.compile(other.user.full_name)])
    expect(phone.get_by_test_id("cohort")).to_have_count(0)
    phone.goto("/matches/")
    # The programme's pair comes first, labelled with the programme's name.
    expect(phone.get_by_test_id("suggestion").first.get_by_test_id("programme-label")).to_have_text(
        "Программа «Весна в аналитике»"
    )
    suggestion = phone.get_by_test_id("suggestion").filter(has_text=other.user.full_name)
    suggestion.get_by_role("button", name="Отправить запрос").click()
    expect(phone.get_by_text("Запрос отправлен наставнику.")).to_be_visible()
    mentor_phone = phones[other.pk]
    mentor_phone.goto("/matches/inbox/")
    mentor_phone.get_by_test_id("request").get_by_role("button", name="Принять").click()
    expect(mentor_phone.get_by_text("Пара состоялась!")).to_be_visible()
    accepted = Match.objects.get(mentee_id=moved.mentee_id, mentor_id=other.pk)
    assert accepted.mentorship.programme_id == programme.pk

    # The coordinator opens the dashboard: charts, and where mentors are missing.
    page.get_by_role("link", name="Отчёт программы").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отчёт: Весна в аналитике")
    expect(page.get_by_role("img", name="Пары по этапам")).to_be_visible()
    expect(page.get_by_test_id("phases").locator("text.chart-value").first).to_have_text("1")
    expect(page.get_by_role("img", name="Выполнение шагов по этапам, %")).to_be_visible()
    expect(page.get_by_role("img", name="Спрос и предложение по направлениям")).to_be_visible()
    expect(page.get_by_test_id("stats").locator(".stat")).to_have_text(
        ["3 Подопечные", "2 Наставники", "0 Состоявшиеся встречи", "0% Выполнено шагов"]
    )
    expect(page.get_by_test_id("unmatched-mentees")).to_contain_text("У каждого подопечного")
    expect(page.get_by_test_id("awaiting-answer")).to_contain_text(
        "Опубликованные пары, которые ждут ответа: 2."
    )
    expect(page.get_by_test_id("no-stalled")).to_contain_text(
        "Ещё не встречались пары, начавшие меньше трёх недель назад: 1."
    )
    # Chart labels a phone can read: the chart's own units drawn at 13 px or more.
    label_px = page.evaluate(
        """() => [...document.querySelectorAll("svg.chart")].map((svg) => {
          const text = svg.querySelector("text.chart-label");
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return parseFloat(getComputedStyle(text).fontSize) * scale;
        })"""
    )
    assert label_px
    assert min(label_px) >= 13, label_px
    page.screenshot(path=SCREENSHOT, full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the dashboard scrolls sideways on a phone"

    # Her dashboard, where signing in lands, shows the programme she runs, not a role to choose.
    page.goto("/dashboard/")
    expect(page.get_by_test_id("coordinated-programme")).to_contain_text("Весна в аналитике")
    expect(page.get_by_text("Вы ещё не выбрали роль")).to_have_count(0)
