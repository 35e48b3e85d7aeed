"""Outages, through a real gunicorn: Redis (broker and cache) unreachable for the app
under test only — its REDIS_URL / CACHE_URL name a port nothing listens on — while
the test process and the Celery worker keep the real Redis."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from matching.models import Match, MatchStatus
from mentorship.celery import app as celery_app
from programmes.models import MatchingRun, RunStatus
from tests.factories import MentorFactory, UserFactory
from tests.faults.conftest import free_port

pytestmark = pytest.mark.worker

# An answer that enqueues a task must not wait for a broker that is down.
QUICK = 2.0
# The health check gives up on each part within about a second.
HEALTH_QUICK = 3.0

MENTEE_BODY = {
    "goal_area": "analytics",
    "skills": ["sql", "python"],
    "current_role": "Учитель математики",
    "stage": "learning",
    "goals": "Перейти в продуктовую аналитику за полгода",
    "formats": ["video", "chat"],
    "languages": ["ru"],
    "availability": [{"weekday": 0, "start": "19:00", "end": "21:00"}],
    "timezone": "Europe/Moscow",
}


def _wait_for(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _token(user: User) -> str:
    from accounts.services import api_token_get

    return api_token_get(user=user)


def _resend() -> int:
    """What beat does: the re-send task, run by the worker on the real broker."""
    return celery_app.send_task("core.tasks.outbox_resend").get(timeout=60)


def _letters_to(worker, address: str) -> int:
    return sum(f"To: {address}" in letter for letter in worker.sent_mail())


def test_with_the_broker_down_enqueueing_answers_at_once_and_the_work_runs_once_it_is_back(
    serve, celery_worker, coordinator, programme, cohort
):
    server = serve(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    mentor = MentorFactory(user__email="mentor@example.org")
    coordinator_token = _token(coordinator)

    signed_up = server.call(
        "POST",
        "/api/v1/auth/signup/",
        {"email": "new@example.org", "password": "Долгий-пароль-42", "full_name": "Анна",
         "consent": True},
    )  # fmt: skip
    assert signed_up.status == 201, server.log()
    assert signed_up.seconds < QUICK
    token = signed_up.json()["token"]
    # The confirmation letter waits in the outbox too; the person confirms meanwhile.
    User.objects.filter(email="new@example.org").update(email_confirmed_at=timezone.now())

    profile = server.call("PUT", "/api/v1/me/mentee/", MENTEE_BODY, token=token)
    assert profile.status == 201, server.log()
    assert profile.seconds < QUICK

    asked = server.call("POST", "/api/v1/matches/", {"mentor": mentor.pk}, token=token)
    assert asked.status == 201, server.log()
    assert asked.seconds < QUICK

    started = server.call(
        "POST", f"/api/v1/programmes/{programme.pk}/match/", {}, token=coordinator_token
    )
    assert started.status == 202, server.log()
    assert started.seconds < QUICK
    run = MatchingRun.objects.get(pk=started.json()["run"]["id"])
    assert started.json()["task_id"] == run.task_id

    health = server.call("GET", "/healthz")
    assert health.status == 503
    assert health.json()["broker"] == "unavailable"
    assert health.seconds < HEALTH_QUICK
    timings = zip(
        ("sign-up", "profile", "request", "run", "healthz"),
        (signed_up, profile, asked, started, health),
        strict=True,
    )
    print("seconds:", ", ".join(f"{name} {answer.seconds:.2f}" for name, answer in timings))

    # Everything was written and nothing has run: the tasks wait in the outbox.
    from core.models import OutboxMessage

    person = User.objects.get(email="new@example.org")
    waiting = dict(OutboxMessage.objects.values_list("task_name", "task_id"))
    assert set(waiting) == {
        "accounts.tasks.send_welcome_email",
        "accounts.tasks.send_confirmation_email",
        "matching.tasks.refresh_suggestions",
        "mentorship.tasks.send_notification_email",
        "programmes.tasks.run_cohort_matching",
    }
    assert OutboxMessage.objects.count() == 5
    assert waiting["programmes.tasks.run_cohort_matching"] == run.task_id
    time.sleep(1)
    assert not celery_worker.sent_mail()
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    suggested = Match.objects.filter(mentee__user=person, status=MatchStatus.SUGGESTED).exclude(
        mentor=mentor  # the one asked for
    )
    assert not suggested.exists()

    # The broker is back (the worker and this process have it): beat's re-send, twice.
    assert _resend() == 5
    assert _resend() == 0
    assert not OutboxMessage.objects.exists()
    assert _wait_for(lambda: _letters_to(celery_worker, "new@example.org")), celery_worker.log()
    assert _wait_for(lambda: _letters_to(celery_worker, "mentor@example.org")), celery_worker.log()
    assert _wait_for(lambda: MatchingRun.objects.get(pk=run.pk).status == RunStatus.DRAFT), (
        celery_worker.log()
    )
    assert _wait_for(suggested.exists), celery_worker.log()
    assert _resend() == 0
    time.sleep(2)  # anything sent twice would have run by now

    assert _letters_to(celery_worker, "new@example.org") == 1
    assert _letters_to(celery_worker, "mentor@example.org") == 1
    person.refresh_from_db()
    assert person.welcome_sent_at is not None
    log = celery_worker.log()
    for name, task_id in waiting.items():
        assert log.count(f"Task {name}[{task_id}] received") == 1, log
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.DRAFT


def test_with_redis_down_reads_writes_and_the_login_page_keep_working(serve):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    server = serve(REDIS_URL=closed, CACHE_URL=closed)
    mentor = MentorFactory()
    someone = UserFactory()
    token = _token(someone)

    # Reads and writes that need no task (throttles read the cache on each).
    catalogue = server.call("GET", "/api/v1/mentors/", token=token)
    assert catalogue.status == 200, server.log()
    assert [card["id"] for card in catalogue.json()["results"]] == [mentor.pk]
    renamed = server.call("PATCH", "/api/v1/me/", {"full_name": "Новое Имя"}, token=token)
    assert renamed.status == 200, server.log()
    someone.refresh_from_db()
    assert someone.full_name == "Новое Имя"
    anonymous = server.call("GET", "/api/v1/goal-areas/")
    assert anonymous.status == 200, server.log()

    # A write that needs a task answers too: the task waits in the outbox.
    signed_up = server.call(
        "POST",
        "/api/v1/auth/signup/",
        {"email": "redis-down@example.org", "password": "Долгий-пароль-42",
         "full_name": "Борис", "consent": True},
    )  # fmt: skip
    assert signed_up.status == 201, server.log()
    assert signed_up.seconds < QUICK

    # The login page, and signing in with it (sessions and lockouts are in the database).
    login = reverse("accounts:login")
    assert server.call("GET", login).status == 200
    signed_in = server.call(
        "POST",
        login,
        form={
            "csrfmiddlewaretoken": server.csrf_token(login),
            "username": "redis-down@example.org",
            "password": "Долгий-пароль-42",
        },
    )
    assert signed_in.status == 302, signed_in.body.decode()[:2000]
    assert server.call("GET", reverse("mentorship:dashboard")).status == 200

    health = server.call("GET", "/healthz")
    assert health.status == 503
    assert health.json() == {
        "database": "ok",
        "broker": "unavailable",
        "cache": "unavailable",
        "status": "unavailable",
    }
    assert health.seconds < HEALTH_QUICK
