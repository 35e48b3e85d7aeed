"""The programmes API: create, join, rules, matching, draft, publish, report — and who may."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import InvalidInput
from matching.models import Match
from mentorship import evaluations
from mentorship import matches as matching
from mentorship.models import Mentorship, Phase
from mentorship.services import mentorship_complete
from programmes import runs, services
from programmes.models import DraftPair, MatchingRun, Member, PairRule, Programme
from tests.factories import UserFactory
from tests.programmes.conftest import run_inline

pytestmark = pytest.mark.django_db
URL = "/api/v1/programmes/"


def _body(**changes):
    today = timezone.localdate()
    return {
        "name": "Аналитики 2027",
        "description": "Поток для тех, кто идёт в аналитику",
        "goal_areas": ["analytics"],
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=120)).isoformat(),
        **changes,
    }


def test_a_coordinator_creates_a_programme_and_gets_a_join_code(api, user):
    api.force_authenticate(user)
    response = api.post(URL, _body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["join_code"]) == 8
    assert body["join_url"].endswith(f"/programmes/join/?code={body['join_code']}")
    assert body["role"] == ["coordinator"]
    assert Programme.objects.get(pk=body["id"]).coordinators.get().user == user


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 100_000}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"goal_areas": ["astrology"]}, "goal_areas"),
        ({"goal_areas": "analytics"}, "goal_areas"),
        ({"starts_on": "завтра"}, "starts_on"),
        ({"ends_on": "2020-01-01"}, "ends_on"),
    ],
)
def test_invalid_programme_input_is_a_400_naming_the_field(api, user, changes, field):
    api.force_authenticate(user)
    response = api.post(URL, _body(**changes))
    assert response.status_code == 400
    assert field in response.json()
    assert not Programme.objects.exists()


def test_joining_by_code_in_a_role_is_harmless_twice(api, programme):
    person = UserFactory()
    api.force_authenticate(person)
    for _ in range(2):
        response = api.post(
            f"{URL}join/", {"join_code": programme.join_code.lower(), "role": "mentee"}
        )
        assert response.status_code == 201
    assert response.json()["role"] == ["mentee"]
    assert response.json()["join_code"] is None  # a member does not see the code
    assert Member.objects.filter(programme=programme, user=person).count() == 1


def test_a_wrong_code_or_role_is_a_400(api, programme):
    api.force_authenticate(UserFactory())
    assert api.post(f"{URL}join/", {"join_code": "NOPE", "role": "mentee"}).status_code == 400
    response = api.post(f"{URL}join/", {"join_code": programme.join_code, "role": "boss"})
    assert response.status_code == 400
    assert "role" in response.json()


def test_matching_starts_with_202_and_a_task_id_and_twice_returns_the_same_run(
    api, coordinator, programme, cohort
):
    api.force_authenticate(coordinator)
    first = api.post(f"{URL}{programme.pk}/match/", {"objective": "coverage"})
    second = api.post(f"{URL}{programme.pk}/match/", {})
    assert first.status_code == second.status_code == 202
    assert first.json()["task_id"] == second.json()["task_id"]
    assert first.json()["run"]["status"] == "queued"
    assert MatchingRun.objects.count() == 1
    response = api.post(f"{URL}{programme.pk}/match/", {"objective": "greed"})
    assert response.status_code == 400


def test_the_coordinator_reviews_edits_and_publishes_the_draft(api, coordinator, programme, cohort):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    api.force_authenticate(coordinator)
    base = f"{URL}{programme.pk}/runs/{run.pk}/"
    assert api.get(base).json()["progress"] == 100
    pairs = api.get(f"{base}pairs/").json()
    assert pairs["count"] == 4
    first = pairs["results"][0]
    assert first["explanation"]
    assert {"factor", "weight", "value", "detail"} <= set(first["explanation"][0])
    [unmatched] = api.get(f"{base}unmatched/").json()["results"]
    assert unmatched["reason"] == "capacity"
    assert unmatched["reason_text"]

    assert api.delete(f"{base}pairs/{first['id']}/").status_code == 204
    assert api.get(base).json()["matched"] == 3  # the draft as edited, not as computed
    added = api.post(f"{base}pairs/", {"mentee": unmatched["mentee"], "mentor": first["mentor"]})
    assert added.status_code == 201, added.content
    published = api.post(f"{base}publish/")
    assert published.status_code == 200
    assert published.json() == {"created": 4, "updated": 0, "skipped": 0}
    assert api.post(f"{base}publish/").status_code == 409
    assert Match.objects.filter(programme=programme, mentee_id=unmatched["mentee"]).exists()


def test_rules_are_set_and_removed(api, coordinator, programme, cohort):
    mentees, mentors = cohort
    api.force_authenticate(coordinator)
    rule = {"mentee": mentees[0].pk, "mentor": mentors[0].pk, "kind": "forbidden"}
    response = api.post(f"{URL}{programme.pk}/rules/", rule)
    assert response.status_code == 200
    assert response.json() == [rule]
    response = api.post(f"{URL}{programme.pk}/rules/", {**rule, "kind": None})
    assert response.json() == []
    outsider = UserFactory()
    response = api.post(f"{URL}{programme.pk}/rules/", {**rule, "mentor": outsider.pk})
    assert response.status_code == 400
    assert not PairRule.objects.exists()


def test_weights_per_programme_are_validated(api, coordinator, programme):
    api.force_authenticate(coordinator)
    response = api.patch(f"{URL}{programme.pk}/", {"weights": {"track": 0, "skills": 40}})
    assert response.status_code == 200
    assert response.json()["weights"]["track"] == 0
    for weights in ({"charm": 5}, {"skills": -1}, {"skills": "много"}):
        assert api.patch(f"{URL}{programme.pk}/", {"weights": weights}).status_code == 400
    programme.refresh_from_db()
    assert programme.weights == {"track": 0.0, "skills": 40.0}


def test_the_report_and_its_csv(api, coordinator, programme, cohort):
    api.force_authenticate(coordinator)
    report = api.get(f"{URL}{programme.pk}/report/")
    assert report.status_code == 200
    body = report.json()
    assert body["cohort"] == {"mentees": 5, "mentors": 2}
    assert body["phases"]["initial"] == 0
    assert len(body["unmatched_mentees"]) == 5
    [analytics] = body["supply_demand"]
    assert (analytics["mentees"], analytics["places"], analytics["shortage"]) == (5, 4, 1)
    csv = api.get(f"{URL}{programme.pk}/report.csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0].startswith("mentorship,mentee,mentor,phase")


COORDINATOR_ONLY = [
    ("get", "{p}cohort/"),
    ("get", "{p}rules/"),
    ("post", "{p}rules/"),
    ("patch", "{p}"),
    ("post", "{p}match/"),
    ("get", "{p}runs/"),
    ("get", "{p}runs/{r}/"),
    ("get", "{p}runs/{r}/pairs/"),
    ("post", "{p}runs/{r}/pairs/"),
    ("delete", "{p}runs/{r}/pairs/{d}/"),
    ("get", "{p}runs/{r}/unmatched/"),
    ("post", "{p}runs/{r}/publish/"),
    ("get", "{p}report/"),
    ("get", "{p}report.csv"),
]


@pytest.fixture
def drafted(coordinator, programme, cohort):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    return run, DraftPair.objects.filter(run=run).first()


def _call(api, method, template, programme, run, pair):
    path = URL + template.format(p=f"{programme.pk}/", r=run.pk, d=pair.pk)
    return getattr(api, method)(path, {}, format="json")


@pytest.mark.parametrize(("method", "template"), COORDINATOR_ONLY)
def test_coordinator_only_endpoints_answer_403_to_members_404_to_others_401_anonymous(
    api, programme, cohort, drafted, method, template
):
    run, pair = drafted
    mentees, _ = cohort
    other_coordinator = UserFactory()
    Programme.objects.create(
        name="Чужая", starts_on=programme.starts_on, ends_on=programme.ends_on
    ).coordinators.create(user=other_coordinator)
    before = (DraftPair.objects.count(), MatchingRun.objects.count(), PairRule.objects.count())

    assert _call(api, method, template, programme, run, pair).status_code == 401
    api.force_authenticate(mentees[0].user)
    assert _call(api, method, template, programme, run, pair).status_code == 403
    for outsider in (UserFactory(), other_coordinator):
        api.force_authenticate(outsider)
        assert _call(api, method, template, programme, run, pair).status_code == 404
    after = (DraftPair.objects.count(), MatchingRun.objects.count(), PairRule.objects.count())
    assert after == before


def test_a_member_sees_the_programme_but_not_the_code_and_a_stranger_nothing(
    api, programme, cohort
):
    mentees, _ = cohort
    api.force_authenticate(mentees[0].user)
    body = api.get(f"{URL}{programme.pk}/").json()
    assert body["name"] == programme.name
    assert body["join_code"] is None
    assert [p["id"] for p in api.get(URL).json()["results"]] == [programme.pk]
    api.force_authenticate(UserFactory())
    assert api.get(f"{URL}{programme.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0


def test_the_coordinator_sees_the_programmes_mentorships_but_cannot_act_for_the_pair(
    api, client, coordinator, programme, cohort
):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    match = Match.objects.filter(programme=programme).first()
    matching.match_accept(user=match.mentee.user, match_id=match.pk)
    mentorship = matching.match_accept(user=match.mentor.user, match_id=match.pk).mentorship
    from mentorship.services import message_send

    message_send(user=match.mentee.user, mentorship_id=mentorship.pk, body="Привет")

    api.force_authenticate(coordinator)
    listed = api.get("/api/v1/mentorships/").json()
    assert [m["id"] for m in listed["results"]] == [mentorship.pk]
    detail = api.get(f"/api/v1/mentorships/{mentorship.pk}/")
    assert detail.status_code == 200
    assert detail.json()["programme"] == programme.pk
    assert detail.json()["unread_messages"] is None
    for method, path in (
        ("get", "messages/"),
        ("post", "advance/"),
        ("get", "sessions/"),
        ("post", "checklist/acquaintance_goals/"),
    ):
        response = getattr(api, method)(
            f"/api/v1/mentorships/{mentorship.pk}/{path}", {"done": True}
        )
        assert response.status_code == 403, (path, response.content)
    client.force_login(coordinator)
    assert client.get(f"/mentorships/{mentorship.pk}/").status_code == 403
    # Another programme's coordinator sees nothing of it.
    other = UserFactory()
    Programme.objects.create(
        name="Другая", starts_on=programme.starts_on, ends_on=programme.ends_on
    ).coordinators.create(user=other)
    api.force_authenticate(other)
    assert api.get(f"/api/v1/mentorships/{mentorship.pk}/").status_code == 404


def test_a_pair_with_a_profileless_mentee_is_a_400_and_publishing_still_works(
    api, coordinator, programme, cohort
):
    _mentees, mentors = cohort
    no_profile = UserFactory()
    services.programme_join(user=no_profile, join_code=programme.join_code, role="mentee")
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()
    api.force_authenticate(coordinator)
    base = f"{URL}{programme.pk}/runs/{run.pk}/"
    response = api.post(f"{base}pairs/", {"mentee": no_profile.pk, "mentor": mentors[0].pk})
    assert response.status_code == 400
    assert "mentee" in response.json()
    published = api.post(f"{base}publish/")
    assert published.status_code == 200
    assert published.json() == {"created": 3, "updated": 0, "skipped": 0}


def test_a_forbidden_pair_added_by_hand_is_a_409(api, coordinator, programme, cohort):
    mentees, mentors = cohort
    services.pair_rule_set(
        user=coordinator,
        programme_id=programme.pk,
        mentee_id=mentees[0].pk,
        mentor_id=mentors[0].pk,
        kind="forbidden",
    )
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    DraftPair.objects.filter(run=run, mentee_id=mentees[0].pk).delete()
    DraftPair.objects.filter(run=run, mentor_id=mentors[0].pk).first().delete()
    api.force_authenticate(coordinator)
    response = api.post(
        f"{URL}{programme.pk}/runs/{run.pk}/pairs/",
        {"mentee": mentees[0].pk, "mentor": mentors[0].pk},
    )
    assert response.status_code == 409
    assert "запрещена" in response.json()["detail"]


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"starts_on": "2000-01-01", "ends_on": "2099-01-01"}, "starts_on"),
        ({"ends_on": "9999-12-31"}, "ends_on"),
        ({"starts_on": "9999-01-01", "ends_on": "9999-12-31"}, "starts_on"),
        ({"starts_on": "0001-01-01"}, "starts_on"),
    ],
)
def test_changing_dates_follows_the_same_rules_as_creating(
    api, coordinator, programme, dates, field
):
    api.force_authenticate(coordinator)
    response = api.patch(f"{URL}{programme.pk}/", dates, format="json")
    assert response.status_code == 400
    assert field in response.json()
    api.force_authenticate(UserFactory())
    assert api.post(URL, _body(**dates)).status_code == 400
    before = (programme.starts_on, programme.ends_on)
    programme.refresh_from_db()
    assert (programme.starts_on, programme.ends_on) == before


def test_a_programme_longer_than_three_years_is_refused_on_update(api, coordinator, programme):
    api.force_authenticate(coordinator)
    longest = programme.starts_on + dt.timedelta(days=services.MAX_PROGRAMME_DAYS)
    response = api.patch(f"{URL}{programme.pk}/", {"ends_on": longest.isoformat()})
    assert response.status_code == 200
    response = api.patch(
        f"{URL}{programme.pk}/", {"ends_on": (longest + dt.timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()


def test_weights_are_0_to_100_in_the_api_as_on_the_page(api, coordinator, programme):
    api.force_authenticate(coordinator)
    assert api.patch(f"{URL}{programme.pk}/", {"weights": {"goal": 100}}).status_code == 200
    response = api.patch(f"{URL}{programme.pk}/", {"weights": {"goal": 500}})
    assert response.status_code == 400
    assert "weights" in response.json()
    programme.refresh_from_db()
    assert programme.weights == {"goal": 100.0}


@pytest.mark.parametrize(
    "weights",
    [{"charm": 5}, {"goal": 101}, {"goal": -1}, {"goal": "много"}, {"goal": float("nan")}],
)
def test_the_service_itself_checks_weight_names_and_ranges(coordinator, programme, weights):
    with pytest.raises(InvalidInput) as error:
        services.programme_update(user=coordinator, programme_id=programme.pk, weights=weights)
    assert error.value.field == "weights"
    programme.refresh_from_db()
    assert programme.weights == {}


def test_all_weights_zero_is_refused_by_the_service(coordinator, programme):
    zero = dict.fromkeys(services.WEIGHT_NAMES, 0)
    with pytest.raises(InvalidInput) as error:
        services.programme_update(user=coordinator, programme_id=programme.pk, weights=zero)
    assert error.value.field == "weights"


def test_the_report_and_csv_never_show_one_persons_evaluation(api, coordinator, programme, cohort):
    run = run_inline(
        runs.matching_run_start(user=coordinator, programme_id=programme.pk, objective="score")
    )
    services.draft_publish(user=coordinator, programme_id=programme.pk, run_id=run.pk)
    match = Match.objects.filter(programme=programme).first()
    matching.match_accept(user=match.mentee.user, match_id=match.pk)
    mentorship = matching.match_accept(user=match.mentor.user, match_id=match.pk).mentorship
    Mentorship.objects.filter(pk=mentorship.pk).update(phase=Phase.CLOSING)
    evaluations.evaluation_submit(
        user=match.mentee.user,
        mentorship_id=mentorship.pk,
        goal_progress=2,
        confidence_before=1,
        confidence_after=2,
        productivity=1,
        support_met="no",
        would_recommend=0,
    )
    api.force_authenticate(coordinator)
    body = api.get(f"{URL}{programme.pk}/report/").json()["evaluations"]
    assert body["min_answers"] == 3
    assert body["mentee"]["count"] == 0  # still closing: the mentor cannot read it yet
    assert body["would_recommend_nps"] is None
    csv = api.get(f"{URL}{programme.pk}/report.csv").content.decode().splitlines()
    assert csv[0].endswith(",mentee_evaluated,mentor_evaluated")
    assert csv[1].endswith(",yes,no")

    assert mentorship_complete(mentorship_id=mentorship.pk)
    body = api.get(f"{URL}{programme.pk}/report/").json()["evaluations"]
    assert body["mentee"]["count"] == 1
    assert body["mentee"]["enough"] is False
    assert body["mentee"]["goal_progress"] is None
    assert body["mentee"]["support_met"] == {}
    assert body["would_recommend_nps"] is None


def test_the_runs_list_is_newest_first(api, programme, coordinator):
    created = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    runs_made = [
        MatchingRun.objects.create(
            programme=programme, objective="score", status="superseded", created_by=coordinator
        )
        for _ in range(3)
    ]
    for age, run in zip([2, 0, 1], runs_made, strict=True):  # not in id order
        MatchingRun.objects.filter(pk=run.pk).update(created_at=created - dt.timedelta(days=age))
    api.force_authenticate(coordinator)
    listed = api.get(f"/api/v1/programmes/{programme.pk}/runs/").json()["results"]
    assert [row["id"] for row in listed] == [runs_made[1].pk, runs_made[2].pk, runs_made[0].pk]
