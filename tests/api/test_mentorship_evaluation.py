"""The mentorship API, continued: the closing evaluation and notifications."""

import pytest

from core.models import Notification, NotificationKind
from core.notifications import notify
from mentorship.models import Phase
from tests.api.test_mentorship_work import (
    EVALUATION,
    URL,
    _advance_to,
    _pair,
)


@pytest.fixture
def pair(db):
    return _pair()


# --- Evaluation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_side_evaluates_once_and_the_second_answer_completes_the_mentorship(
    api, pair, django_capture_on_commit_callbacks
):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    _advance_to(api, mentorship.pk, Phase.CLOSING)
    url = f"{URL}{mentorship.pk}/evaluation/"

    with django_capture_on_commit_callbacks(execute=True):
        given = api.post(url, EVALUATION)
    assert given.status_code == 201, given.content
    assert given.json()["side"] == "mentee"
    assert given.json()["successes"] == "Оффер джуна"
    assert api.post(url, {**EVALUATION, "goal_progress": 2}).status_code == 409
    waiting = api.post(f"{URL}{mentorship.pk}/advance/")
    assert waiting.status_code == 409
    assert waiting.json()["missing"] == ["evaluation:mentor"]

    api.force_authenticate(mentor.user)
    # The mentor learns that the mentee has answered, not what they said.
    seen = api.get(url).json()
    assert (seen["side"], seen["own"], seen["other_answered"], seen["other"]) == (
        "mentor",
        None,
        True,
        None,
    )
    assert api.get(f"{URL}{mentorship.pk}/").json()["evaluations"] == {
        "mentee": True,
        "mentor": False,
    }
    assert api.post(url, {**EVALUATION, "support_met": "partly"}).status_code == 201

    detail = api.get(f"{URL}{mentorship.pk}/").json()
    assert detail["phase"] == "completed"
    assert detail["evaluations"] == {"mentee": True, "mentor": True}
    mentor.refresh_from_db()
    assert mentor.active_mentees == 0
    # Both have answered: each now reads the other's evaluation.
    seen = api.get(url).json()
    assert (seen["own"]["support_met"], seen["other"]["support_met"]) == ("partly", "yes")
    api.force_authenticate(mentee.user)
    assert api.get(url).json()["other"]["side"] == "mentor"


@pytest.mark.django_db
def test_evaluation_waits_for_the_closing_phase(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    response = api.post(f"{URL}{mentorship.pk}/evaluation/", EVALUATION)
    assert response.status_code == 409
    assert response.json()["detail"]
    seen = api.get(f"{URL}{mentorship.pk}/evaluation/").json()
    assert (seen["own"], seen["other_answered"]) == (None, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"goal_progress": 11},
        {"goal_progress": -1},
        {"confidence_before": 0},
        {"confidence_after": 11},
        {"productivity": 6},
        {"would_recommend": 11},
        {"interview_invitations": 1001},
        {"support_met": "maybe"},
        {"goal_progress": "восемь"},
        {"comment": "к" * 4001},
        {"successes": "\x00"},
        {"goal_progress": None},
    ],
)
def test_evaluation_out_of_range_or_malformed_is_a_400(api, pair, change):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    _advance_to(api, mentorship.pk, Phase.CLOSING)
    response = api.post(f"{URL}{mentorship.pk}/evaluation/", {**EVALUATION, **change})
    assert response.status_code == 400, response.content
    assert set(change) <= set(response.json())
    assert not mentorship.evaluations.exists()


@pytest.mark.django_db
def test_evaluation_needs_every_required_answer(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    _advance_to(api, mentorship.pk, Phase.CLOSING)
    response = api.post(f"{URL}{mentorship.pk}/evaluation/", {"comment": "Всё отлично"})
    assert response.status_code == 400
    assert set(response.json()) == {
        "goal_progress",
        "confidence_before",
        "confidence_after",
        "productivity",
        "support_met",
        "would_recommend",
    }


# --- Notifications -------------------------------------------------------------------------


def _notify(user, n: int) -> Notification:
    return notify(user=user, kind=NotificationKind.NEW_REQUEST, key=f"t:{user.pk}:{n}", title="Т")


@pytest.mark.django_db
def test_notifications_are_the_callers_own_with_an_unread_count(api, mentee, stranger):
    mine = [_notify(mentee.user, n) for n in range(3)]
    theirs = _notify(stranger, 0)
    api.force_authenticate(mentee.user)
    listed = api.get("/api/v1/notifications/").json()
    assert (listed["count"], listed["unread"]) == (3, 3)
    assert {n["id"] for n in listed["results"]} == {n.pk for n in mine}
    assert listed["results"][0]["read_at"] is None

    marked = api.post("/api/v1/notifications/read/", {"ids": [mine[0].pk, theirs.pk]})
    assert marked.status_code == 200
    assert marked.json() == {"marked": 1, "unread": 2}
    assert api.post("/api/v1/notifications/read/", {}).json() == {"marked": 2, "unread": 0}
    assert api.get("/api/v1/notifications/").json()["unread"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"ids": "all"}, {"ids": [0]}, {"ids": [2**63]}, {"ids": ["x"]}])
def test_marking_notifications_read_refuses_malformed_ids(api, mentee, body):
    api.force_authenticate(mentee.user)
    response = api.post("/api/v1/notifications/read/", body)
    assert response.status_code == 400
    assert "ids" in response.json()


@pytest.mark.django_db
def test_notification_kinds_are_switched_off_and_on(api, mentee):
    api.force_authenticate(mentee.user)
    url = "/api/v1/me/notification-settings/"
    initial = api.get(url).json()
    assert initial["off"] == []
    labels = {kind["kind"]: kind["label"] for kind in initial["kinds"]}
    assert set(labels) == set(NotificationKind.values)
    assert labels["session_tomorrow"] == "встреча завтра"

    changed = api.put(url, {"off": ["session_tomorrow", "no_session_nudge"]}, format="json")
    assert changed.status_code == 200
    assert changed.json()["off"] == ["no_session_nudge", "session_tomorrow"]
    assert (
        notify(user=mentee.user, kind=NotificationKind.SESSION_TOMORROW, key="t:off", title="Т")
        is None
    )
    assert api.put(url, {"off": []}, format="json").json()["off"] == []
    assert api.get(url).json()["off"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"off": ["birthday"]}, {"off": "session_tomorrow"}])
def test_notification_settings_refuse_unknown_kinds(api, mentee, body):
    api.force_authenticate(mentee.user)
    response = api.put("/api/v1/me/notification-settings/", body, format="json")
    assert response.status_code == 400
    assert "off" in response.json()


def test_notifications_need_sign_in(api, db):
    assert api.get("/api/v1/notifications/").status_code == 401
    assert api.post("/api/v1/notifications/read/", {}).status_code == 401
    assert api.get("/api/v1/me/notification-settings/").status_code == 401
