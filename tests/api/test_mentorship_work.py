"""What a pair does through the API: sessions, goals, tasks, the closing evaluation;
and each person's notifications."""

import datetime as dt

import pytest
from django.utils import timezone

from mentorship import matches as matching
from mentorship.checklist import STEPS
from mentorship.models import Mentorship, Phase
from tests.factories import MenteeFactory, MentorFactory

URL = "/api/v1/mentorships/"
MOSCOW = dt.timezone(dt.timedelta(hours=3))
VLADIVOSTOK = dt.timezone(dt.timedelta(hours=10))


def _pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    match = matching.match_accept(user=mentor.user, match_id=match.pk)
    return mentee, mentor, match.mentorship


@pytest.fixture
def pair(db):
    return _pair()


def _at(days: int, hour: int, zone: dt.tzinfo = MOSCOW) -> dt.datetime:
    """`hour` o'clock in `zone`, `days` from today: a known instant near now."""
    day = (timezone.now() + dt.timedelta(days=days)).date()
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def _advance_to(api, mentorship_id: int, phase: str) -> None:
    """Ticks the required steps and advances, phase by phase, as the pair would."""
    while Mentorship.objects.get(pk=mentorship_id).phase != phase:
        current = Mentorship.objects.get(pk=mentorship_id).phase
        for step in STEPS:
            if step.phase == current and step.required:
                api.post(f"{URL}{mentorship_id}/checklist/{step.key}/", {"done": True})
        response = api.post(f"{URL}{mentorship_id}/advance/")
        assert response.status_code == 200, response.content


def _plan(api, mentorship_id: int, starts_at: dt.datetime, **fields) -> dict:
    body = {"starts_at": starts_at.isoformat(), "duration_minutes": 60, "format": "video"}
    response = api.post(f"{URL}{mentorship_id}/sessions/", {**body, **fields})
    assert response.status_code == 201, response.content
    return response.json()


EVALUATION = {
    "goal_progress": 8,
    "skills_gained": "SQL, дашборды",
    "view_changed": "Поняла, чем аналитик занят на самом деле.",
    "interview_invitations": 3,
    "confidence_before": 3,
    "confidence_after": 8,
    "successes": "Оффер джуна",
    "productivity": 5,
    "support_met": "yes",
    "would_recommend": 10,
    "comment": "Спасибо!",
}


# --- Sessions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_either_side_plans_a_session_and_both_see_it(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    starts_at = _at(7, 19)
    session = _plan(api, mentorship.pk, starts_at, agenda="Разбор резюме", format="chat")
    assert session["status"] == "planned"
    assert session["agenda"] == "Разбор резюме"
    assert session["format"] == "chat"
    assert session["created_by"] == mentee.pk
    assert dt.datetime.fromisoformat(session["starts_at"]) == starts_at
    assert dt.datetime.fromisoformat(session["ends_at"]) == starts_at + dt.timedelta(hours=1)
    api.force_authenticate(mentor.user)
    listed = api.get(f"{URL}{mentorship.pk}/sessions/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == session["id"]
    assert api.get(f"{URL}{mentorship.pk}/sessions/{session['id']}/").json()["agenda"] == (
        "Разбор резюме"
    )


@pytest.mark.django_db
def test_each_person_sees_starts_at_in_their_own_offset(api, pair):
    mentee, mentor, mentorship = pair
    mentor.user.timezone = "Asia/Vladivostok"
    mentor.user.save(update_fields=["timezone"])
    api.force_authenticate(mentee.user)
    # Given in Berlin's winter offset; the mentee lives in Moscow and sees Moscow time.
    starts_at = _at(7, 17, dt.timezone(dt.timedelta(hours=1)))
    session = _plan(api, mentorship.pk, starts_at)
    seen_by_mentee = dt.datetime.fromisoformat(session["starts_at"])
    assert seen_by_mentee.utcoffset() == dt.timedelta(hours=3)
    assert seen_by_mentee.hour == 19
    api.force_authenticate(mentor.user)
    body = api.get(f"{URL}{mentorship.pk}/sessions/{session['id']}/").json()
    seen_by_mentor = dt.datetime.fromisoformat(body["starts_at"])
    assert seen_by_mentor.utcoffset() == dt.timedelta(hours=10)
    assert seen_by_mentor.hour == 2
    assert seen_by_mentor == seen_by_mentee == starts_at
    assert dt.datetime.fromisoformat(body["ends_at"]).utcoffset() == dt.timedelta(hours=10)


@pytest.mark.django_db
def test_starts_at_without_an_offset_is_refused_with_a_clear_message(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    naive = _at(7, 19).replace(tzinfo=None).isoformat()
    response = api.post(
        f"{URL}{mentorship.pk}/sessions/",
        {"starts_at": naive, "duration_minutes": 60, "format": "video"},
    )
    assert response.status_code == 400
    assert "со смещением часового пояса" in response.json()["starts_at"][0]
    session = _plan(api, mentorship.pk, _at(7, 19))
    response = api.patch(f"{URL}{mentorship.pk}/sessions/{session['id']}/", {"starts_at": naive})
    assert response.status_code == 400
    assert "starts_at" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts_at", "завтра вечером"),
        ("starts_at", 1_800_000_000),
        ("starts_at", "2026-13-45T19:00:00+03:00"),
        ("starts_at", "9999-12-31T23:59:59-12:00"),
        ("duration_minutes", 5),
        ("duration_minutes", 481),
        ("duration_minutes", "час"),
        ("format", "skype"),
        ("agenda", "x" * 4001),
        ("agenda", "план\x00"),
        ("agenda", ["список"]),
    ],
)
def test_invalid_session_input_is_a_400_on_that_field(api, pair, field, value):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    body = {"starts_at": _at(7, 19).isoformat(), "duration_minutes": 60, "format": "video"}
    response = api.post(f"{URL}{mentorship.pk}/sessions/", {**body, field: value})
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not mentorship.sessions.exists()


@pytest.mark.django_db
def test_a_session_too_far_ahead_or_behind_is_refused(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    for days in (400, -100):
        response = api.post(
            f"{URL}{mentorship.pk}/sessions/",
            {"starts_at": _at(days, 19).isoformat(), "duration_minutes": 60, "format": "video"},
        )
        assert response.status_code == 400
        assert "starts_at" in response.json()


@pytest.mark.django_db
def test_session_errors_are_russian_by_default_and_english_on_request(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    session = _plan(api, mentorship.pk, _at(-2, 19))
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    russian = api.patch(url, {"rating": 6}).json()["rating"][0]
    english = api.patch(url, {"rating": 6}, HTTP_ACCEPT_LANGUAGE="en").json()["rating"][0]
    assert russian == "Убедитесь, что это значение меньше либо равно 5."
    assert english == "Ensure this value is less than or equal to 5."


@pytest.mark.django_db
def test_private_notes_are_seen_only_by_their_author(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    session = _plan(api, mentorship.pk, _at(3, 19))
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    mine = api.patch(url, {"private_notes": "Боюсь спросить про зарплату", "notes": "Общий план"})
    assert mine.status_code == 200
    assert mine.json()["private_notes"] == "Боюсь спросить про зарплату"
    api.force_authenticate(mentor.user)
    seen = api.get(url).json()
    assert seen["private_notes"] == ""
    assert seen["notes"] == "Общий план"
    assert api.get(f"{URL}{mentorship.pk}/sessions/").json()["results"][0]["private_notes"] == ""
    assert api.patch(url, {"private_notes": "Спросить про SQL"}).json()["private_notes"] == (
        "Спросить про SQL"
    )
    api.force_authenticate(mentee.user)
    assert api.get(url).json()["private_notes"] == "Боюсь спросить про зарплату"
    assert b"SQL" not in api.get(f"{URL}{mentorship.pk}/sessions/").content


@pytest.mark.django_db
def test_a_session_is_rated_only_once_it_was_held(api, pair, django_capture_on_commit_callbacks):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    past = _plan(api, mentorship.pk, _at(-2, 19))
    url = f"{URL}{mentorship.pk}/sessions/{past['id']}/"
    refused = api.patch(url, {"rating": 5})
    assert refused.status_code == 409
    assert refused.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        held = api.patch(url, {"status": "held", "rating": 5})
    assert held.status_code == 200, held.content
    assert (held.json()["status"], held.json()["rating"]) == ("held", 5)
    # A rating of a running mentorship stays out of the mentor's public rating:
    # one rating moving it would tell the mentor what the mentee gave.
    mentor.refresh_from_db()
    assert mentor.rating_count == 0
    # The rating is one's own: the mentor has not rated yet.
    api.force_authenticate(mentor.user)
    assert api.get(url).json()["rating"] is None
    assert api.patch(url, {"rating": 4}).json()["rating"] == 4
    api.force_authenticate(mentee.user)
    assert api.get(url).json()["rating"] == 5


@pytest.mark.django_db
def test_a_future_session_cannot_be_marked_held(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    future = _plan(api, mentorship.pk, _at(2, 19))
    url = f"{URL}{mentorship.pk}/sessions/{future['id']}/"
    response = api.patch(url, {"status": "held"})
    assert response.status_code == 409
    assert api.get(url).json()["status"] == "planned"
    assert api.patch(url, {"status": "cancelled"}).json()["status"] == "cancelled"
    assert api.patch(url, {"status": "done"}).status_code == 400


@pytest.mark.django_db
def test_no_session_is_planned_once_the_mentorship_has_ended(api, pair):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    session = _plan(api, mentorship.pk, _at(-1, 19))
    url = f"{URL}{mentorship.pk}/sessions/{session['id']}/"
    api.post(f"{URL}{mentorship.pk}/end/", {"reason": "no_time"})
    body = {"starts_at": _at(3, 19).isoformat(), "duration_minutes": 60, "format": "video"}
    assert api.post(f"{URL}{mentorship.pk}/sessions/", body).status_code == 409
    assert api.patch(url, {"agenda": "Ещё раз"}).status_code == 409
    # One's own private notes stay one's own to keep.
    assert api.patch(url, {"private_notes": "Итоги для себя"}).status_code == 200
    assert api.get(f"{URL}{mentorship.pk}/sessions/").json()["count"] == 1


@pytest.mark.django_db
def test_no_session_is_planned_once_the_mentorship_is_completed(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    _advance_to(api, mentorship.pk, Phase.CLOSING)
    for person in (mentee.user, mentor.user):
        api.force_authenticate(person)
        assert api.post(f"{URL}{mentorship.pk}/evaluation/", EVALUATION).status_code == 201
    assert Mentorship.objects.get(pk=mentorship.pk).phase == Phase.COMPLETED
    body = {"starts_at": _at(3, 19).isoformat(), "duration_minutes": 60, "format": "video"}
    assert api.post(f"{URL}{mentorship.pk}/sessions/", body).status_code == 409


@pytest.mark.django_db
def test_another_pairs_session_is_not_found(api, pair):
    mentee, _, mentorship = pair
    other_mentee, _, other = _pair()
    api.force_authenticate(mentee.user)
    session = _plan(api, mentorship.pk, _at(3, 19))
    api.force_authenticate(other_mentee.user)
    # Through their own pair's path, or through the path of the pair it belongs to.
    for url in (
        f"{URL}{other.pk}/sessions/{session['id']}/",
        f"{URL}{mentorship.pk}/sessions/{session['id']}/",
    ):
        assert api.get(url).status_code == 404
        assert api.patch(url, {"private_notes": "чужое"}).status_code == 404
    assert api.get(f"{URL}{other.pk}/sessions/999999999/").status_code == 404
    assert api.get(f"{URL}{other.pk}/sessions/").json()["count"] == 0


# --- Goals ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_goals_are_set_in_initial_adjusted_in_main_and_locked_in_closing(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentee.user)
    due = (timezone.now() + dt.timedelta(days=120)).date().isoformat()
    created = api.post(f"{URL}{mentorship.pk}/goals/", {"title": "Собрать портфолио", "due": due})
    assert created.status_code == 201, created.content
    goal = created.json()
    assert (goal["title"], goal["due"], goal["status"]) == ("Собрать портфолио", due, "open")
    url = f"{URL}{mentorship.pk}/goals/{goal['id']}/"

    _advance_to(api, mentorship.pk, Phase.MAIN)
    api.force_authenticate(mentor.user)
    adjusted = api.patch(url, {"title": "Портфолио из трёх проектов", "due": None})
    assert adjusted.status_code == 200
    assert (adjusted.json()["title"], adjusted.json()["due"]) == (
        "Портфолио из трёх проектов",
        None,
    )
    assert api.post(
        f"{URL}{mentorship.pk}/goals/", {"title": "Пройти собеседование"}
    ).status_code == (201)

    _advance_to(api, mentorship.pk, Phase.CLOSING)
    assert api.patch(url, {"title": "Другая цель"}).status_code == 409
    assert api.post(f"{URL}{mentorship.pk}/goals/", {"title": "Ещё одна"}).status_code == 409
    # Whether a goal was reached is still told in closing.
    assert api.patch(url, {"status": "done"}).json()["status"] == "done"
    titles = [g["title"] for g in api.get(f"{URL}{mentorship.pk}/goals/").json()["results"]]
    assert titles == ["Портфолио из трёх проектов", "Пройти собеседование"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "   "},
        {"title": "ц" * 301},
        {"title": "цель\x00"},
        {"title": "Цель", "due": "к лету"},
        {"title": {"text": "Цель"}},
    ],
)
def test_invalid_goal_input_is_a_400(api, pair, body):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    response = api.post(f"{URL}{mentorship.pk}/goals/", body)
    assert response.status_code == 400, response.content
    assert not mentorship.goals.exists()


@pytest.mark.django_db
def test_goal_status_must_be_known_and_others_goals_are_not_found(api, pair):
    mentee, _, mentorship = pair
    other_mentee, _, other = _pair()
    api.force_authenticate(mentee.user)
    goal = api.post(f"{URL}{mentorship.pk}/goals/", {"title": "Сменить профессию"}).json()
    assert api.patch(
        f"{URL}{mentorship.pk}/goals/{goal['id']}/", {"status": "won"}
    ).status_code == (400)
    api.force_authenticate(other_mentee.user)
    assert api.patch(f"{URL}{other.pk}/goals/{goal['id']}/", {"status": "done"}).status_code == 404
    assert api.patch(f"{URL}{other.pk}/goals/424242/", {"status": "done"}).status_code == 404


# --- Tasks ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_task_goes_from_open_to_done_and_back(api, pair):
    mentee, mentor, mentorship = pair
    api.force_authenticate(mentor.user)
    due = (timezone.now() + dt.timedelta(days=7)).date().isoformat()
    created = api.post(
        f"{URL}{mentorship.pk}/tasks/",
        {"title": "Решить 10 задач на SQL", "details": "sql-ex.ru, раздел SELECT", "due": due},
    )
    assert created.status_code == 201, created.content
    task = created.json()
    assert (task["status"], task["created_by"], task["due"]) == ("open", mentor.pk, due)
    url = f"{URL}{mentorship.pk}/tasks/{task['id']}/"
    api.force_authenticate(mentee.user)
    assert api.patch(url, {"status": "in_progress"}).json()["status"] == "in_progress"
    done = api.patch(url, {"status": "done"}).json()
    assert done["done_at"] is not None
    reopened = api.patch(url, {"status": "open", "due": None, "title": "Решить 12 задач"}).json()
    assert (reopened["done_at"], reopened["due"], reopened["title"]) == (
        None,
        None,
        "Решить 12 задач",
    )
    assert reopened["details"] == "sql-ex.ru, раздел SELECT"
    assert api.get(f"{URL}{mentorship.pk}/tasks/").json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"title": "з" * 301},
        {"title": "Задание", "details": "д" * 4001},
        {"title": "Задание", "details": "\x00"},
        {"title": "Задание", "due": "2026-02-30"},
        {"title": "Задание", "status": "done", "due": 20261201},
    ],
)
def test_invalid_task_input_is_a_400(api, pair, body):
    mentee, _, mentorship = pair
    api.force_authenticate(mentee.user)
    assert api.post(f"{URL}{mentorship.pk}/tasks/", body).status_code == 400
    assert not mentorship.tasks.exists()


@pytest.mark.django_db
def test_tasks_of_another_pair_are_not_found_and_an_ended_pair_takes_no_tasks(api, pair):
    mentee, _, mentorship = pair
    other_mentee, _, other = _pair()
    api.force_authenticate(mentee.user)
    task = api.post(f"{URL}{mentorship.pk}/tasks/", {"title": "Прочитать главу"}).json()
    assert api.patch(f"{URL}{mentorship.pk}/tasks/{task['id']}/", {"status": "x"}).status_code == (
        400
    )
    api.force_authenticate(other_mentee.user)
    assert api.patch(f"{URL}{other.pk}/tasks/{task['id']}/", {"status": "done"}).status_code == 404
    api.force_authenticate(mentee.user)
    api.post(f"{URL}{mentorship.pk}/end/", {"reason": "no_time"})
    assert api.post(f"{URL}{mentorship.pk}/tasks/", {"title": "Ещё"}).status_code == 409
    assert (
        api.patch(f"{URL}{mentorship.pk}/tasks/{task['id']}/", {"status": "done"}).status_code
        == 409
    )
