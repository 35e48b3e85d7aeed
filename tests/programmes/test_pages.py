"""The programme pages: the coordinator's journey, what members and strangers may see,
and forms that say what is wrong next to the field."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, MatchOrigin
from programmes import services
from programmes.models import (
    Coordinator,
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    Member,
    PairRule,
    Programme,
    RunStatus,
)
from tests.factories import MenteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    return reverse(f"programmes:{name}", args=args)


def _coordinator_pages(programme: Programme) -> list[str]:
    return [
        _url("report", programme.pk),
        _url("report-csv", programme.pk),
        _url("report-xlsx", programme.pk),
    ]


def _coordinator_posts(programme: Programme, run: MatchingRun) -> list[str]:
    pair = run.pairs.first()
    return [
        _url("rule-set", programme.pk),
        _url("match", programme.pk),
        _url("weights", programme.pk),
        _url("pair-add", programme.pk, run.pk),
        _url("pair-remove", programme.pk, run.pk, pair.pk),
        _url("publish", programme.pk, run.pk),
    ]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Who sees what ---------------------------------------------------------------------------


def test_every_page_renders_for_the_coordinator(client, coordinator, programme, draft):
    client.force_login(coordinator)
    for url in (
        _url("list"),
        _url("create"),
        _url("join") + f"?code={programme.join_code}",
        _url("detail", programme.pk),
        _url("report", programme.pk),
        _url("report-csv", programme.pk),
    ):
        assert client.get(url).status_code == 200, url


def test_a_member_gets_403_on_coordinator_pages_and_sees_only_their_own_view(
    client, programme, cohort, draft, member
):
    mentees, mentors = cohort
    client.force_login(member)
    page = client.get(_url("detail", programme.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert programme.name in html
    assert html.count('data-testid="my-role"') == 1
    for other in [m.user for m in mentees[1:]] + [m.user for m in mentors]:
        assert other.full_name not in html
        assert other.email not in html
    assert programme.join_code not in html
    assert 'data-testid="cohort"' not in html
    for url in _coordinator_pages(programme):
        assert client.get(url).status_code == 403, url
    for url in _coordinator_posts(programme, draft):
        assert client.post(url, {"objective": "score"}).status_code == 403, url
    assert MatchingRun.objects.filter(programme=programme).count() == 1
    assert DraftPair.objects.filter(run=draft).count() == 4


def test_a_stranger_gets_404_everywhere(client, programme, draft, stranger):
    client.force_login(stranger)
    for url in [_url("detail", programme.pk), *_coordinator_pages(programme)]:
        assert client.get(url).status_code == 404, url
    for url in _coordinator_posts(programme, draft):
        assert client.post(url, {"objective": "score"}).status_code == 404, url
    assert programme.name not in client.get(_url("list")).content.decode()
    assert MatchingRun.objects.filter(programme=programme).count() == 1


def test_pages_ask_to_sign_in(client, programme):
    response = client.get(_url("detail", programme.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_the_programmes_i_coordinate_or_joined_only(client, programme, member):
    other = services.programme_create(
        user=UserFactory(),
        name="Чужая программа",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    client.force_login(member)
    html = client.get(_url("list")).content.decode()
    assert programme.name in html
    assert other.name not in html
    assert "подопечный" in html
    assert 'data-testid="join-form"' in html


# --- Create ----------------------------------------------------------------------------------


def test_creating_a_programme_leads_to_its_page_with_the_join_link(client, user):
    client.force_login(user)
    response = client.post(
        _url("create"),
        {
            "name": "Осенний поток",
            "description": "Для тех, кто переходит в аналитику",
            "goal_areas": ["analytics", "it"],
            "starts_on": "2030-09-01",
            "ends_on": "2030-12-20",
        },
    )
    programme = Programme.objects.get(name="Осенний поток")
    assert response.status_code == 302
    assert response["Location"] == _url("detail", programme.pk)
    assert Coordinator.objects.filter(programme=programme, user=user).exists()
    assert set(programme.goal_areas.values_list("code", flat=True)) == {"analytics", "it"}
    html = client.get(response["Location"]).content.decode()
    assert programme.join_code in html
    assert f'value="http://testserver/programmes/join/?code={programme.join_code}"' in html


def _field_html(html: str, name: str) -> str:
    """The markup of one field's box, as form_field.html renders it."""
    start = html.index(f'id="id_{name}"')
    box = html.rindex('<div class="field', 0, start)
    return html[box : html.index("</div>", start)]


def test_create_shows_errors_next_to_fields(client, user):
    client.force_login(user)
    response = client.post(_url("create"), {"name": "  ", "starts_on": "1 сентября"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["name"] == ["Назовите программу."]
    assert set(form.errors) == {"name", "starts_on", "ends_on"}  # all at once
    html = response.content.decode()
    assert "has-error" in _field_html(html, "name")
    assert "Назовите программу." in _field_html(html, "name")
    assert "Введите правильную дату." in _field_html(html, "starts_on")

    response = client.post(
        _url("create"), {"name": "Поток", "starts_on": "2030-09-01", "ends_on": "2030-08-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Окончание не может быть раньше начала." in _field_html(html, "ends_on")
    assert "has-error" not in _field_html(html, "starts_on")
    assert not Programme.objects.exists()


# --- Join ------------------------------------------------------------------------------------


def test_join_prefills_the_code_and_points_to_the_missing_profile(client, programme, user):
    client.force_login(user)
    page = client.get(_url("join") + f"?code={programme.join_code}")
    assert f'value="{programme.join_code}"' in page.content.decode()
    response = client.post(
        _url("join"), {"join_code": programme.join_code.lower(), "role": "mentor"}, follow=True
    )
    assert response.redirect_chain == [(_url("detail", programme.pk), 302)]
    assert Member.objects.filter(programme=programme, user=user, role="mentor").exists()
    said = " ".join(_messages(response))
    assert "Вы в программе «Весенний поток». Роль: наставник." in said
    assert "У вас ещё нет профиля наставника" in said
    html = response.content.decode()
    assert f"{reverse('accounts:onboarding')}?role=mentor" in html
    assert 'data-testid="my-role"' in html


def test_join_with_a_profile_says_nothing_about_profiles(client, programme, mentee):
    client.force_login(mentee.user)
    response = client.post(
        _url("join"), {"join_code": programme.join_code, "role": "mentee"}, follow=True
    )
    assert "профиля" not in " ".join(_messages(response))
    assert 'data-testid="fill-profile"' not in response.content.decode()


def test_join_with_a_wrong_code_shows_an_error(client, programme, user):
    client.force_login(user)
    response = client.post(_url("join"), {"join_code": "NOPE1234", "role": "mentee"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Такого кода программы нет — проверьте его." in _field_html(html, "join_code")
    assert not Member.objects.filter(user=user).exists()


# --- Matching: start, review, edit, publish -------------------------------------------------


def test_running_the_matching_shows_its_progress(client, coordinator, programme, cohort):
    client.force_login(coordinator)
    response = client.post(_url("match", programme.pk), {"objective": "coverage"})
    assert response.status_code == 302
    run = MatchingRun.objects.get(programme=programme)
    assert (run.status, run.objective) == (RunStatus.QUEUED, "coverage")
    html = client.get(_url("detail", programme.pk)).content.decode()
    api = reverse("api-programme-run", args=[programme.pk, run.pk])
    assert f'data-run-url="{api}"' in html
    assert '<progress class="progress" id="run-progress" max="100" value="0"' in html
    assert 'data-testid="refresh"' in html
    assert 'data-testid="match-form"' not in html  # one run at a time
    assert "js/programme-progress.js" in html


def test_the_match_form_needs_an_objective(client, coordinator, programme, cohort):
    client.force_login(coordinator)
    response = client.post(_url("match", programme.pk), {"objective": "fastest"})
    assert response.status_code == 400
    assert "objective" in response.context["match_form"].errors
    assert not MatchingRun.objects.exists()


def test_the_coordinator_sets_the_programmes_factor_weights(client, coordinator, programme):
    client.force_login(coordinator)
    weights = {"goal": 20, "skills": 40, "overlap": 20, "format": 10, "stage": 10,
               "switch": 10, "track": 0}  # fmt: skip
    response = client.post(_url("weights", programme.pk), weights)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.weights["skills"] == 40
    assert programme.weights["track"] == 0
    page = client.get(_url("detail", programme.pk)).content.decode()
    assert 'name="skills" value="40.0"' in page

    response = client.post(_url("weights", programme.pk), {**weights, "skills": -5})
    assert response.status_code == 400
    assert "skills" in response.context["weights_form"].errors
    zero = dict.fromkeys(weights, 0)
    response = client.post(_url("weights", programme.pk), zero)
    assert response.status_code == 400
    assert response.context["weights_form"].non_field_errors()
    programme.refresh_from_db()
    assert programme.weights["skills"] == 40


def test_the_draft_shows_pairs_with_explanations_and_the_unmatched_with_the_reason(
    client, coordinator, programme, draft
):
    client.force_login(coordinator)
    html = client.get(_url("detail", programme.pk)).content.decode()
    assert html.count('data-testid="draft-pair"') == 4
    assert html.count('data-testid="explanation"') == 4
    assert "Общие навыки:" in html
    assert "Общее направление." in html
    left_out = DraftUnmatched.objects.get(run=draft)
    assert left_out.mentee.full_name in html
    assert "подходящие наставники заняты другими участниками" in html
    assert "Опубликовать пары" in html


def test_the_coordinator_removes_and_adds_a_pair(client, coordinator, programme, cohort, draft):
    _mentees, mentors = cohort
    client.force_login(coordinator)
    left_out = DraftUnmatched.objects.get(run=draft).mentee
    full = mentors[0].pk

    # The mentor has no place left: the page says so and nothing changes.
    response = client.post(
        _url("pair-add", programme.pk, draft.pk),
        {"mentee": left_out.pk, "mentor": full},
        follow=True,
    )
    assert "У наставника не осталось мест в этом черновике." in _messages(response)
    assert not DraftPair.objects.filter(run=draft, mentee=left_out).exists()

    pair = DraftPair.objects.filter(run=draft, mentor_id=full).first()
    response = client.post(_url("pair-remove", programme.pk, draft.pk, pair.pk), follow=True)
    assert "Пара убрана из черновика." in _messages(response)
    assert not DraftPair.objects.filter(pk=pair.pk).exists()

    response = client.post(
        _url("pair-add", programme.pk, draft.pk), {"mentee": left_out.pk, "mentor": full}
    )
    assert response.status_code == 302
    added = DraftPair.objects.get(run=draft, mentee=left_out)
    assert (added.mentor_id, added.added_by_coordinator) == (full, True)
    assert "добавлена вами" in client.get(_url("detail", programme.pk)).content.decode()


def test_adding_a_pair_outside_the_cohort_shows_the_error_at_the_field(
    client, coordinator, programme, draft
):
    outsider = MenteeFactory()
    client.force_login(coordinator)
    mentor = draft.pairs.first().mentor_id
    response = client.post(
        _url("pair-add", programme.pk, draft.pk), {"mentee": outsider.pk, "mentor": mentor}
    )
    assert response.status_code == 400
    assert "mentee" in response.context["pair_form"].errors
    assert 'id="pair-form" open' in response.content.decode()


def test_publish_turns_drafts_into_matches(client, coordinator, programme, draft, member):
    pairs = set(draft.pairs.values_list("mentee_id", "mentor_id"))
    client.force_login(coordinator)
    response = client.post(_url("publish", programme.pk, draft.pk), follow=True)
    assert any("Пары опубликованы: новых 4" in said for said in _messages(response))
    draft.refresh_from_db()
    assert draft.status == RunStatus.PUBLISHED
    matches = Match.objects.filter(programme=programme)
    assert set(matches.values_list("mentee_id", "mentor_id")) == pairs
    assert set(matches.values_list("origin", flat=True)) == {MatchOrigin.PROGRAMME}
    html = response.content.decode()
    assert "Опубликованные пары" in html
    assert "Убрать пару" not in html

    # Twice is harmless: the page says why nothing happened.
    response = client.post(_url("publish", programme.pk, draft.pk), follow=True)
    assert _messages(response) == ["Править можно только готовый и ещё не опубликованный черновик."]
    assert Match.objects.filter(programme=programme).count() == 4


def test_a_member_sees_their_own_programme_match_only(client, coordinator, programme, draft):
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=draft.pk)
    mine, *others = list(Match.objects.filter(programme=programme).select_related("mentee__user"))
    client.force_login(mine.mentee.user)
    html = client.get(_url("detail", programme.pk)).content.decode()
    assert html.count('data-testid="my-match"') == 1
    assert mine.mentor.user.full_name in html
    for match in others:
        assert match.mentee.user.full_name not in html


def test_pair_rules_are_set_and_removed_from_the_page(client, coordinator, programme, cohort):
    mentees, mentors = cohort
    client.force_login(coordinator)
    pair = {"mentee": mentees[0].pk, "mentor": mentors[0].pk}
    response = client.post(_url("rule-set", programme.pk), {**pair, "kind": "forbidden"})
    assert response.status_code == 302
    assert PairRule.objects.get().kind == "forbidden"
    assert "запрещённая пара" in client.get(_url("detail", programme.pk)).content.decode()

    # A second forced pair for the same mentee is a conflict, said above the page.
    client.post(_url("rule-set", programme.pk), {**pair, "kind": "forced"})
    response = client.post(
        _url("rule-set", programme.pk),
        {"mentee": mentees[0].pk, "mentor": mentors[1].pk, "kind": "forced"},
        follow=True,
    )
    assert "У этого подопечного уже есть обязательная пара." in _messages(response)

    client.post(_url("rule-set", programme.pk), {**pair, "kind": "remove"})
    assert not PairRule.objects.exists()


def test_the_rule_form_shows_a_missing_person_at_its_field(client, coordinator, programme, cohort):
    client.force_login(coordinator)
    response = client.post(_url("rule-set", programme.pk), {"mentee": "", "kind": "forced"})
    assert response.status_code == 400
    errors = response.context["rule_form"].errors
    assert set(errors) == {"mentee", "mentor"}
    assert 'id="rule-form" open' in response.content.decode()
