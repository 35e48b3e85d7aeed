"""What a coordinator is told: what each action did, what the report's sentences claim,
and their programmes on their dashboard."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from matching.models import Match
from mentorship import matches as matching
from mentorship.models import Mentorship
from programmes import services
from programmes.models import MatchingRun
from tests.factories import UserFactory
from tests.programmes.test_pages import _url

pytestmark = pytest.mark.django_db


def _accept(match: Match) -> Mentorship:
    matching.match_accept(user=match.mentee.user, match_id=match.pk)
    return matching.match_accept(user=match.mentor.user, match_id=match.pk).mentorship


def test_the_finished_run_says_how_long_it_took_and_what_came_of_it(
    client, coordinator, programme, draft
):
    MatchingRun.objects.filter(pk=draft.pk).update(
        finished_at=draft.created_at + dt.timedelta(milliseconds=700)
    )
    client.force_login(coordinator)
    html = client.get(_url("detail", programme.pk)).content.decode()
    summary = re.search(r'data-testid="run-summary">([^<]*)<', html).group(1)
    assert summary == "Подбор завершён за 0,7 с. Пар: 4, без пары: 1."


def test_each_coordinator_action_says_what_happened(client, coordinator, programme, draft):
    client.force_login(coordinator)
    pair = draft.pairs.select_related("mentee", "mentor").first()
    page = client.post(
        _url("pair-remove", programme.pk, draft.pk, pair.pk), follow=True
    ).content.decode()
    assert "Пара убрана из черновика." in page
    page = client.post(
        _url("pair-add", programme.pk, draft.pk),
        {"mentee": pair.mentee_id, "mentor": pair.mentor_id},
        follow=True,
    ).content.decode()
    assert "Пара добавлена в черновик." in page
    page = client.post(_url("publish", programme.pk, draft.pk), follow=True).content.decode()
    assert "Пары опубликованы: новых 4" in page
    # The message stays in sight when the page opens at its section (messages.css).
    assert "css/messages.css" in page
    answers = re.search(r'data-testid="published-answers">(.*?)</p>', page, re.S).group(1)
    assert "Ждут ответа: 4, подтверждены обеими сторонами: 0" in " ".join(answers.split())


def test_published_pairs_waiting_for_answers_are_in_the_report(
    client, coordinator, programme, draft
):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    client.force_login(coordinator)
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "Опубликованные пары, которые ждут ответа: 4." in html
    assert "Ждут ответа: 4." in html

    _accept(Match.objects.filter(programme=programme).order_by("pk").first())
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "Опубликованные пары, которые ждут ответа: 3." in html


def test_the_report_claims_no_meetings_that_did_not_happen(client, coordinator, programme, draft):
    client.force_login(coordinator)
    html = client.get(_url("report", programme.pk)).content.decode()
    assert "Идущих пар пока нет." in html
    assert "Все пары встречаются" not in html

    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    _accept(Match.objects.filter(programme=programme).order_by("pk").first())
    html = client.get(_url("report", programme.pk)).content.decode()
    stalled = html[html.index('data-testid="no-stalled"') :]
    stalled = " ".join(stalled[: stalled.index("</p>")].split())
    assert "Пар без встреч дольше трёх недель нет." in stalled
    assert "Ещё не встречались пары, начавшие меньше трёх недель назад: 1." in stalled


def test_an_email_in_the_cohort_wraps_after_its_at_sign(client, coordinator, programme, cohort):
    client.force_login(coordinator)
    html = client.get(_url("detail", programme.pk)).content.decode()
    local, domain = cohort[0][0].user.email.split("@")
    assert f'<span class="help email">{local}<wbr>@{domain}</span>' in html


def test_a_coordinator_sees_their_programmes_on_the_dashboard(client, coordinator, programme):
    client.force_login(coordinator)
    html = client.get(reverse("mentorship:dashboard")).content.decode()
    assert "Вы ещё не выбрали роль" not in html
    panel = html[html.index('data-testid="coordinated-programmes"') :]
    assert f'href="{_url("detail", programme.pk)}">Весенний поток</a>' in panel
    assert f'href="{_url("report", programme.pk)}"' in panel


def test_someone_without_a_role_or_a_programme_is_asked_to_choose_one(client):
    client.force_login(UserFactory())
    html = client.get(reverse("mentorship:dashboard")).content.decode()
    assert "Вы ещё не выбрали роль" in html
    assert 'data-testid="coordinated-programmes"' not in html
