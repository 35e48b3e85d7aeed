"""Every list endpoint of the API asks the database as often for 30 rows as for 3."""

import itertools

import pytest

from accounts.models import GoalArea, Skill
from matching.models import Match
from mentorship.models import Evaluation
from programmes import services as programmes
from programmes.models import DraftPair, DraftUnmatched, MatchingRun, PairRule, RunStatus
from tests import query_counts as q
from tests.factories import EvaluationFactory, MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def _listed(api, url: str, shown: int) -> dict:
    response = api.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["results"]) == min(shown, 20)
    return body


# --- Matching and accounts ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/matches/", "/api/v1/matches/?role=mentee"])
def test_matches_list_does_not_grow_with_the_matches(api, mentee, url):
    facts = q.facts()
    api.force_authenticate(mentee.user)

    def add(n):
        for _ in range(n):
            Match.objects.create(mentee=mentee, mentor=MentorFactory(), score=50, factors=facts)

    def fetch(n):
        body = _listed(api, url, n)
        assert "SQL" in str(body["results"][0]["explanation"])

    q.assert_flat(add, fetch)


def test_mentor_catalogue_does_not_grow_with_the_mentors(api):
    q.assert_flat(
        lambda n: [MentorFactory() for _ in range(n)],
        lambda n: _listed(api, "/api/v1/mentors/", n),
    )


# --- Mentorships --------------------------------------------------------------------------


def test_mentorships_list_does_not_grow_with_the_mentorships(api, mentor):
    api.force_authenticate(mentor.user)

    def add(n):
        for _ in range(n):
            mentee = MenteeFactory()
            pair = q.mentorship_of(mentee.user, mentor.user)
            q.message(pair, mentee.user)
            EvaluationFactory(mentorship=pair)

    def fetch(n):
        body = _listed(api, "/api/v1/mentorships/", n)
        assert {row["unread_messages"] for row in body["results"]} == {1}
        assert {row["evaluations"]["mentee"] for row in body["results"]} == {True}

    q.assert_flat(add, fetch)


@pytest.fixture
def pair(mentee, mentor):
    return mentee.user, mentor.user, q.mentorship_of(mentee.user, mentor.user)


def test_sessions_list_does_not_grow_with_the_sessions(api, pair):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)
    url = f"/api/v1/mentorships/{mentorship.pk}/sessions/"

    def fetch(n):
        body = _listed(api, url, n)
        assert {row["private_notes"] for row in body["results"]} == {"моё"}

    q.assert_flat(lambda n: [q.session(mentorship, mentee, days=d + 1) for d in range(n)], fetch)


def test_goals_list_does_not_grow_with_the_goals(api, pair):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)
    q.assert_flat(
        lambda n: [q.goal(mentorship) for _ in range(n)],
        lambda n: _listed(api, f"/api/v1/mentorships/{mentorship.pk}/goals/", n),
    )


def test_tasks_list_does_not_grow_with_the_tasks(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee)
    q.assert_flat(
        lambda n: [q.task(mentorship, mentor) for _ in range(n)],
        lambda n: _listed(api, f"/api/v1/mentorships/{mentorship.pk}/tasks/", n),
    )


def test_messages_list_does_not_grow_with_the_messages(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee)

    def fetch(n):
        body = _listed(api, f"/api/v1/mentorships/{mentorship.pk}/messages/", n)
        assert body["results"][0]["author_name"] == mentor.full_name

    q.assert_flat(lambda n: [q.message(mentorship, mentor) for _ in range(n)], fetch)


def test_notifications_list_does_not_grow_with_the_notifications(api, mentee):
    api.force_authenticate(mentee.user)
    q.assert_flat(
        lambda n: [q.notification(mentee.user) for _ in range(n)],
        lambda n: _listed(api, "/api/v1/notifications/", n),
    )


# --- Programmes ---------------------------------------------------------------------------


def test_programmes_list_does_not_grow_with_the_programmes(api, mentee, coordinator):
    api.force_authenticate(mentee.user)

    def add(n):
        for _ in range(n):
            joined = q.programme_of(coordinator)
            programmes.programme_join(user=mentee.user, join_code=joined.join_code, role="mentee")
            q.programme_of(mentee.user)  # one the caller coordinates

    def fetch(n):
        body = _listed(api, "/api/v1/programmes/", 2 * n)
        roles = {tuple(row["role"]) for row in body["results"]}
        assert roles <= {("mentee",), ("coordinator",)}

    q.assert_flat(add, fetch)


def _join(programme, role: str):
    profile = MenteeFactory() if role == "mentee" else MentorFactory()
    programmes.programme_join(user=profile.user, join_code=programme.join_code, role=role)
    return profile.user


def test_cohort_does_not_grow_with_the_members(api, programme, coordinator):
    api.force_authenticate(coordinator)

    def add(n):
        for index in range(n):
            _join(programme, "mentee" if index % 2 else "mentor")

    def fetch(n):
        response = api.get(f"/api/v1/programmes/{programme.pk}/cohort/")
        assert response.status_code == 200
        assert len(response.json()) == n
        assert {row["completeness"] for row in response.json()} == {100}

    q.assert_flat(add, fetch)


def test_rules_do_not_grow_with_the_rules(api, programme, coordinator):
    api.force_authenticate(coordinator)

    def add(n):
        for _ in range(n):
            PairRule.objects.create(
                programme=programme,
                mentee=_join(programme, "mentee"),
                mentor=_join(programme, "mentor"),
                kind="forbidden",
            )

    def fetch(n):
        response = api.get(f"/api/v1/programmes/{programme.pk}/rules/")
        assert len(response.json()) == n

    q.assert_flat(add, fetch)


def _draft(programme, coordinator, status=RunStatus.DRAFT) -> MatchingRun:
    return MatchingRun.objects.create(
        programme=programme, objective="score", status=status, created_by=coordinator
    )


def test_runs_list_does_not_grow_with_the_runs(api, programme, coordinator):
    api.force_authenticate(coordinator)

    def add(n):
        for _ in range(n):
            run = _draft(programme, coordinator, status=RunStatus.SUPERSEDED)
            DraftPair.objects.create(
                run=run, mentee=_join(programme, "mentee"), mentor=_join(programme, "mentor")
            )

    def fetch(n):
        body = _listed(api, f"/api/v1/programmes/{programme.pk}/runs/", n)
        assert {row["matched"] for row in body["results"]} == {1}

    q.assert_flat(add, fetch)


def test_draft_pairs_do_not_grow_with_the_pairs(api, programme, coordinator):
    api.force_authenticate(coordinator)
    run = _draft(programme, coordinator)
    facts = q.facts()

    def add(n):
        for _ in range(n):
            DraftPair.objects.create(
                run=run,
                mentee=_join(programme, "mentee"),
                mentor=_join(programme, "mentor"),
                score=50,
                factors=facts,
            )

    def fetch(n):
        body = _listed(api, f"/api/v1/programmes/{programme.pk}/runs/{run.pk}/pairs/", n)
        assert "SQL" in str(body["results"][0]["explanation"])

    q.assert_flat(add, fetch)


def test_unmatched_do_not_grow_with_the_mentees(api, programme, coordinator):
    api.force_authenticate(coordinator)
    run = _draft(programme, coordinator)
    url = f"/api/v1/programmes/{programme.pk}/runs/{run.pk}/unmatched/"
    q.assert_flat(
        lambda n: [
            DraftUnmatched.objects.create(
                run=run, mentee=_join(programme, "mentee"), reason="no_capacity"
            )
            for _ in range(n)
        ],
        lambda n: _listed(api, url, n),
    )


def programme_pairs(programme, n: int) -> None:
    """n mentorships of the programme, each with a held session and both evaluations."""
    for _ in range(n):
        mentee, mentor = _join(programme, "mentee"), _join(programme, "mentor")
        pair = q.mentorship_of(mentee, mentor)
        pair.programme = programme
        pair.save(update_fields=["programme"])
        q.session(pair, mentee, days=-3)
        EvaluationFactory(mentorship=pair)
        EvaluationFactory(mentorship=pair, side="mentor")


def test_report_does_not_grow_with_the_pairs(api, programme, coordinator):
    api.force_authenticate(coordinator)

    def fetch(n):
        response = api.get(f"/api/v1/programmes/{programme.pk}/report/")
        assert response.status_code == 200
        assert sum(response.json()["phases"].values()) == n
        assert Evaluation.objects.count() == 2 * n

    q.assert_flat(lambda n: programme_pairs(programme, n), fetch)


def test_report_csv_does_not_grow_with_the_pairs(api, programme, coordinator):
    api.force_authenticate(coordinator)

    def fetch(n):
        response = api.get(f"/api/v1/programmes/{programme.pk}/report.csv")
        assert response.status_code == 200
        assert len(response.content.decode().strip().splitlines()) == n + 1  # and the header

    q.assert_flat(lambda n: programme_pairs(programme, n), fetch)


def test_goal_areas_do_not_grow_with_the_taxonomy(api):
    counter = itertools.count()

    def add(n):
        for _ in range(n):
            index = next(counter)
            area = GoalArea.objects.create(
                code=f"area-{index}", name_ru=f"Направление {index}", name_en=f"Area {index}"
            )
            skill = Skill.objects.create(
                code=f"skill-{index}", name_ru=f"Навык {index}", name_en=f"Skill {index}"
            )
            skill.goal_areas.add(area)

    def fetch(n):
        response = api.get("/api/v1/goal-areas/")
        assert response.status_code == 200
        assert sum(row["code"].startswith("area-") for row in response.json()) == n

    q.assert_flat(add, fetch)


def test_me_reads_the_roles_in_one_query(api, mentee, django_assert_num_queries):
    MentorFactory(user=mentee.user)
    api.force_authenticate(mentee.user)  # no token to look up: the roles are all it asks
    with django_assert_num_queries(1):
        assert api.get("/api/v1/me/").json()["roles"] == ["mentee", "mentor"]


# --- Feeds and exports: lists that are not paginated ---------------------------------------


def test_pair_calendar_does_not_grow_with_the_sessions(api, pair):
    mentee, _mentor, mentorship = pair
    api.force_authenticate(mentee)

    def fetch(n):
        response = api.get(f"/api/v1/mentorships/{mentorship.pk}/calendar.ics")
        assert response.status_code == 200
        assert response.content.count(b"BEGIN:VEVENT") == n

    q.assert_flat(lambda n: [q.session(mentorship, mentee, days=d + 1) for d in range(n)], fetch)


def test_export_does_not_grow_with_the_persons_data(api, mentor):
    api.force_authenticate(mentor.user)

    def add(n):
        for _ in range(n):
            mentee = MenteeFactory()
            pair = q.mentorship_of(mentee.user, mentor.user)
            q.message(pair, mentor.user)
            q.session(pair, mentor.user, days=2)
            q.goal(pair)
            q.task(pair, mentor.user)
            q.notification(mentor.user)
            EvaluationFactory(mentorship=pair, side="mentor")

    def fetch(n):
        response = api.get("/api/v1/me/export/")
        assert response.status_code == 200
        assert str(response.json()).count("Собрать портфолио") == n

    q.assert_flat(add, fetch)


def test_export_does_not_grow_with_the_persons_matches(api, mentor):
    from mentorship import matches as matching

    mentee_user = MenteeFactory().user
    api.force_authenticate(mentor.user)
    mentors = []

    def add(n):
        for _ in range(n):
            other = MentorFactory()
            mentors.append(other)
            matching.match_request(user=mentee_user, mentor_id=other.pk, note="Записка")
            # Closed at once: a mentee has at most three open requests.
            matching.match_withdraw(user=mentee_user, match_id=other.matches.get().pk)
            matching.match_request(user=MenteeFactory().user, mentor_id=mentor.pk, note="Записка")

    def fetch(n):
        for reader in (mentor.user, mentee_user):
            api.force_authenticate(reader)
            response = api.get("/api/v1/me/export/")
            assert response.status_code == 200
            matches = response.json()["matches"]
            assert [m["note"] for m in matches] == ["Записка"] * n

    q.assert_flat(add, fetch)
