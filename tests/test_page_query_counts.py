"""Every list-like page asks the database as often for 30 rows as for 3."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, MatchOrigin
from mentorship import calendar
from mentorship.models import Goal, GoalStatus, Mentorship, Phase
from programmes import services as programmes
from programmes.models import DraftPair, DraftUnmatched, MatchingRun, PairRule, RunStatus
from programmes.pages import detail as programme_page
from tests import query_counts as q
from tests.api.test_query_counts import programme_pairs
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def _shown(client, url: str, testid: str, count: int) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f'data-testid="{testid}"') == count, testid
    return html


def test_dashboard_does_not_grow_with_the_mentorships_and_requests(client):
    mentor = MentorFactory(capacity=20).user
    client.force_login(mentor)

    def add(n):
        for _ in range(n):
            mentee = MenteeFactory().user
            pair = q.mentorship_of(mentee, mentor)
            q.message(pair, mentee)
            q.session(pair, mentor, days=2)
            Match.objects.create(
                mentee_id=MenteeFactory().pk,
                mentor_id=mentor.pk,
                mentee_accepted=True,
                requested_at=pair.started_at,
            )

    def fetch(n):
        html = _shown(client, reverse("mentorship:dashboard"), "mentorship", n)
        assert html.count('data-testid="incoming-request"') == n
        assert html.count('data-testid="unread"') == n

    q.assert_flat(add, fetch)


def _ended(mentee, mentor, *, days: int):
    """A completed mentorship that began `days` ago, with a session held and a goal done."""
    pair = q.mentorship_of(mentee, mentor)
    started = timezone.now() - dt.timedelta(days=days)
    Mentorship.objects.filter(pk=pair.pk).update(
        phase=Phase.COMPLETED, started_at=started, ended_at=started + dt.timedelta(days=30)
    )
    q.session(pair, mentee, days=-days + 1)
    Goal.objects.create(mentorship=pair, title="Портфолио", status=GoalStatus.DONE)
    return pair


def _requested(mentee_id: int, mentor_id: int) -> Match:
    return Match.objects.create(
        mentee_id=mentee_id, mentor_id=mentor_id, mentee_accepted=True,
        requested_at=timezone.now(),
    )  # fmt: skip


def test_dashboard_of_a_mentee_does_not_grow_with_their_pairs_requests_and_notifications(client):
    # A mentee's ended pairs are their timeline; their requests wait for mentors.
    mentee = MenteeFactory().user
    client.force_login(mentee)
    added = []

    def add(n):
        for _ in range(n):
            _ended(mentee, MentorFactory().user, days=100 + len(added))
            _requested(mentee.pk, MentorFactory().pk)
            q.notification(mentee)
            added.append(n)

    def fetch(n):
        html = _shown(client, reverse("mentorship:dashboard"), "outgoing-request", n)
        assert html.count('class="timeline-finished"') == n
        assert html.count('data-testid="dashboard-notification"') == min(n, 5)
        assert f'title="Непрочитанные">{n}</span>' in html

    q.assert_flat(add, fetch)


def test_dashboard_of_someone_both_mentee_and_mentor_does_not_grow_with_either_side(client):
    person = MentorFactory(user=MenteeFactory().user, capacity=20).user

    def add(n):
        for _ in range(n):
            mentee = MenteeFactory().user
            pair = q.mentorship_of(mentee, person)
            q.message(pair, mentee)
            q.session(pair, person, days=2)
            _requested(MenteeFactory().pk, person.pk)
            _requested(person.pk, MentorFactory().pk)
            _ended(person, MentorFactory().user, days=200)
            q.notification(person)

    def fetch(n):
        html = _shown(client, reverse("mentorship:dashboard"), "mentorship", n)
        assert html.count('data-testid="incoming-request"') == n
        assert html.count('data-testid="outgoing-request"') == n
        assert html.count('data-testid="unread"') == n
        assert html.count('class="timeline-finished"') == n

    client.force_login(person)
    q.assert_flat(add, fetch)


def test_dashboard_of_a_coordinator_does_not_grow_with_their_programmes(client, coordinator):
    client.force_login(coordinator)

    def add(n):
        for _ in range(n):
            q.programme_of(coordinator)
            q.notification(coordinator)

    def fetch(n):
        # The panel shows the first ten programmes (programmes.dashboard.PROGRAMMES_SHOWN).
        _shown(client, reverse("mentorship:dashboard"), "coordinated-programme", min(n, 10))

    q.assert_flat(add, fetch)


def test_dashboard_counts_the_unread_notifications_once_for_the_list_and_the_badge(client, mentee):
    for _ in range(7):
        q.notification(mentee.user)
    client.force_login(mentee.user)
    client.get(reverse("mentorship:dashboard"))
    _count, sql = q.queries(lambda: client.get(reverse("mentorship:dashboard")))
    asked = [line for line in sql if "FROM mentorship_notification" in line.replace('"', "")]
    assert len(asked) == 1, "\n".join(asked)


def test_dashboard_reads_the_roles_once(client, mentee):
    # The page's sections and the navigation both ask which profiles the person has.
    MentorFactory(user=mentee.user)
    client.force_login(mentee.user)
    client.get(reverse("mentorship:dashboard"))
    _count, sql = q.queries(lambda: client.get(reverse("mentorship:dashboard")))
    asked = [line for line in sql if 'FROM "accounts_menteeprofile"' in line]
    assert len(asked) == 1, "\n".join(asked)


def test_suggestions_page_does_not_grow_with_the_matches(client, mentee):
    facts = q.facts()
    client.force_login(mentee.user)

    def add(n):
        for _ in range(n):
            Match.objects.create(mentee=mentee, mentor=MentorFactory(), score=50, factors=facts)

    def fetch(n):
        html = _shown(client, reverse("matching:suggestions"), "suggestion", n)
        assert "SQL" in html

    q.assert_flat(add, fetch)


def test_inbox_does_not_grow_with_the_requests(client, mentor):
    facts = q.facts()
    client.force_login(mentor.user)

    def add(n):
        for _ in range(n):
            Match.objects.create(
                mentee=MenteeFactory(),
                mentor=mentor,
                score=50,
                factors=facts,
                mentee_accepted=True,
                requested_at=mentor.created_at,
                origin=MatchOrigin.REQUEST,
            )

    def fetch(n):
        html = _shown(client, reverse("matching:inbox"), "request", n)
        assert "SQL" in html

    q.assert_flat(add, fetch)


def test_mentor_catalogue_does_not_grow_with_the_mentors(client):
    def fetch(n):
        html = client.get(reverse("mentor-catalogue")).content.decode()
        assert html.count('class="card mentor-card"') == min(n, 12)

    q.assert_flat(lambda n: [MentorFactory() for _ in range(n)], fetch)


def test_the_pairs_page_does_not_grow_with_its_sessions_goals_tasks_and_messages(
    client, mentee, mentor
):
    pair = q.mentorship_of(mentee.user, mentor.user)
    client.force_login(mentee.user)
    url = reverse("mentorship:detail", args=[pair.pk])

    def add(n):
        for index in range(n):
            q.session(pair, mentee.user, days=index - n // 2 if index != n // 2 else 1)
            q.goal(pair)
            q.task(pair, mentor.user)
            q.message(pair, mentor.user)

    def fetch(n):
        html = _shown(client, url, "session", n)
        for testid in ("goal", "task", "message"):
            assert html.count(f'data-testid="{testid}"') == n, testid

    q.assert_flat(add, fetch)


def test_notifications_page_does_not_grow_with_the_notifications(client, mentee):
    client.force_login(mentee.user)
    q.assert_flat(
        lambda n: [q.notification(mentee.user) for _ in range(n)],
        lambda n: _shown(client, reverse("mentorship:notifications"), "notification", n),
    )


# --- Programmes ---------------------------------------------------------------------------


def test_programmes_page_does_not_grow_with_the_programmes(client, mentee, coordinator):
    client.force_login(mentee.user)

    def add(n):
        for _ in range(n):
            joined = q.programme_of(coordinator)
            programmes.programme_join(user=mentee.user, join_code=joined.join_code, role="mentee")
            q.programme_of(mentee.user)

    q.assert_flat(add, lambda n: _shown(client, reverse("programmes:list"), "programme", 2 * n))


def _join(programme, role: str):
    profile = MenteeFactory() if role == "mentee" else MentorFactory()
    programmes.programme_join(user=profile.user, join_code=programme.join_code, role=role)
    return profile.user


def test_the_coordinators_programme_page_does_not_grow_with_the_cohort(
    client, programme, coordinator, monkeypatch
):
    # Every row on one page, so both sizes show mentees and mentors alike.
    monkeypatch.setattr(programme_page, "PER_PAGE", 100)
    run = MatchingRun.objects.create(
        programme=programme, objective="score", status=RunStatus.DRAFT, created_by=coordinator
    )
    facts = q.facts()
    client.force_login(coordinator)
    url = reverse("programmes:detail", args=[programme.pk])

    def add(n):
        for _ in range(n):
            mentee, mentor = _join(programme, "mentee"), _join(programme, "mentor")
            DraftPair.objects.create(run=run, mentee=mentee, mentor=mentor, factors=facts)
            DraftUnmatched.objects.create(
                run=run, mentee=_join(programme, "mentee"), reason="capacity"
            )
            PairRule.objects.create(
                programme=programme, mentee=mentee, mentor=mentor, kind="forbidden"
            )

    def fetch(n):
        html = _shown(client, url, "draft-pair", n)
        assert html.count('data-testid="unmatched-mentee"') == n
        assert html.count('data-testid="cohort-row"') == 3 * n
        assert html.count('class="rule rule-forbidden"') == n
        assert "SQL" in html

    q.assert_flat(add, fetch)


def test_a_members_programme_page_does_not_grow_with_their_pairs(client, programme):
    mentor = MentorFactory(capacity=20)
    programmes.programme_join(user=mentor.user, join_code=programme.join_code, role="mentor")
    client.force_login(mentor.user)
    url = reverse("programmes:detail", args=[programme.pk])

    def add(n):
        for _ in range(n):
            mentee = _join(programme, "mentee")
            pair = q.mentorship_of(mentee, mentor.user)
            pair.programme = programme
            pair.save(update_fields=["programme"])
            Match.objects.create(
                mentee_id=mentee.pk,
                mentor=mentor,
                programme=programme,
                origin=MatchOrigin.PROGRAMME,
                mentorship=pair,
                status="accepted",
                mentee_accepted=True,
                mentor_accepted=True,
            )

    def fetch(n):
        html = _shown(client, url, "my-match", n)
        assert html.count('data-testid="my-mentorship"') == n

    q.assert_flat(add, fetch)


def test_the_report_page_does_not_grow_with_the_pairs(client, programme, coordinator):
    client.force_login(coordinator)
    url = reverse("programmes:report", args=[programme.pk])

    def fetch(n):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["mentorships"] == n

    q.assert_flat(lambda n: programme_pairs(programme, n), fetch)


# --- Feeds ------------------------------------------------------------------------------------


def test_calendar_subscription_does_not_grow_with_the_pairs_and_sessions(client):
    mentor = MentorFactory(capacity=20).user
    url = reverse(
        "mentorship:calendar-subscription", args=[mentor.pk, calendar.subscription_token(mentor)]
    )

    def add(n):
        for _ in range(n):
            pair = q.mentorship_of(MenteeFactory().user, mentor)
            q.session(pair, mentor, days=2)

    def fetch(n):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.count(b"BEGIN:VEVENT") == n

    q.assert_flat(add, fetch)


def test_pair_calendar_page_does_not_grow_with_the_sessions(client, mentee, mentor):
    pair = q.mentorship_of(mentee.user, mentor.user)
    client.force_login(mentee.user)

    def fetch(n):
        response = client.get(reverse("mentorship:calendar", args=[pair.pk]))
        assert response.status_code == 200
        assert response.content.count(b"BEGIN:VEVENT") == n

    q.assert_flat(lambda n: [q.session(pair, mentee.user, days=d + 1) for d in range(n)], fetch)
