"""The demo opens with the lifecycle alive (demo/data/stories/, demo/lifecycle.py, demo/load.py)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import Consent, MentorProfile, User
from core.models import Notification
from demo.outcomes import ALUMNI
from matching.models import Match, MatchStatus
from mentorship.celery import app as celery_app
from mentorship.models import (
    ChecklistItem,
    Evaluation,
    Goal,
    Mentorship,
    Message,
    Phase,
    Session,
    SessionPersonal,
    SessionStatus,
    Task,
    TaskStatus,
)
from mentorship.selectors import unread_count
from programmes.models import DraftPair, MatchingRun, Member, PairRule, Programme, RunStatus

DEMO_MENTEE = "mentee@demo.nastavnik.local"
DEMO_MENTOR = "mentor@demo.nastavnik.local"
DEMO_BOTH = "both@demo.nastavnik.local"
COORDINATOR = "coordinator@demo.nastavnik.local"
MAIN_LOGINS = {DEMO_MENTEE, DEMO_MENTOR, DEMO_BOTH}
PROGRAMME = "Весенний поток: в аналитику"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def mentorship_of(mentee: str) -> Mentorship:
    return Mentorship.objects.select_related("mentee__user", "mentor__user").get(
        mentee__user__email=mentee
    )


# --- mentee@ and mentor@: the main phase -------------------------------------------------


def test_the_demo_mentee_and_mentor_work_together_in_the_main_phase(seeded):
    pair = mentorship_of(DEMO_MENTEE)
    now = timezone.now()

    assert pair.mentor.user.email == DEMO_MENTOR
    assert pair.phase == Phase.MAIN
    assert pair.started_at < pair.phase_started_at < now
    checklist = dict(pair.checklist.values_list("key", "done"))
    initial = ("acquaintance_goals", "level_assessed", "schedule_agreed")
    assert all(checklist[key] for key in initial)
    main = [checklist[key] for key in ("regular_meetings", "tasks_done", "feedback_given")]
    # The main checklist is partly ticked: the pair cannot move on to closing yet.
    assert any(main)
    assert not all(main)
    assert pair.goals.count() == 2


def test_the_demo_pair_held_two_sessions_and_planned_the_next_in_the_coming_days(seeded):
    pair = mentorship_of(DEMO_MENTEE)
    now = timezone.now()

    held = list(pair.sessions.filter(status=SessionStatus.HELD))
    planned = list(pair.sessions.filter(status=SessionStatus.PLANNED))
    assert len(held) == 2
    assert all(pair.started_at < s.starts_at < now - timezone.timedelta(days=3) for s in held)
    assert all(s.notes for s in held)
    assert len(planned) == 1
    assert now < planned[0].starts_at < now + timezone.timedelta(days=9)
    mentee_ratings = SessionPersonal.objects.filter(
        session__in=held, user=pair.mentee.user, rating__isnull=False
    )
    assert mentee_ratings.count() == 2
    assert SessionPersonal.objects.filter(session__in=held).exclude(private_notes="").exists()


def test_the_demo_pair_has_a_task_done_one_in_progress_and_one_open_with_a_due_date(seeded):
    pair = mentorship_of(DEMO_MENTEE)

    tasks = {task.status: task for task in pair.tasks.all()}
    assert set(tasks) == {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.OPEN}
    assert tasks[TaskStatus.DONE].done_at is not None
    assert tasks[TaskStatus.OPEN].due >= timezone.localdate()


def test_the_demo_thread_goes_both_ways_in_order_with_one_new_for_the_mentee(seeded):
    pair = mentorship_of(DEMO_MENTEE)
    mentee, mentor = pair.mentee.user, pair.mentor.user

    thread = list(Message.objects.filter(mentorship=pair))
    by_author = {user: sum(m.author_id == user.pk for m in thread) for user in (mentee, mentor)}
    assert all(4 <= count <= 6 for count in by_author.values()), by_author
    stamps = [message.created_at for message in thread]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps), "each message was written at its own time"
    assert pair.started_at < stamps[0]
    assert stamps[-1] < timezone.now()
    assert thread[0].author == mentee
    assert unread_count(user=mentee, mentorship=pair) == 1
    assert unread_count(user=mentor, mentorship=pair) == 0


# --- both@: a completed mentorship; another pair in closing --------------------------------


def test_both_shows_a_completed_mentorship_with_both_evaluations(seeded):
    pair = mentorship_of(DEMO_BOTH)

    assert pair.phase == Phase.COMPLETED
    assert pair.mentor.user.email not in MAIN_LOGINS
    assert pair.started_at < pair.ended_at < timezone.now()
    assert not pair.sessions.exclude(status=SessionStatus.HELD).exists()
    assert pair.sessions.count() >= 3
    evaluations = list(pair.evaluations.all())
    assert {e.side for e in evaluations} == {"mentee", "mentor"}
    assert all(e.goal_progress >= 8 and e.productivity >= 4 for e in evaluations)
    assert not pair.checklist.filter(done=False).exists()
    # Completing freed the mentor's place.
    assert MentorProfile.objects.get(pk=pair.mentor_id).active_mentees == 0


def test_demo_mentors_gain_a_track_record_but_no_rating_from_one_mentee(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed()

    finished = MentorProfile.objects.get(pk=mentorship_of(DEMO_BOTH).mentor_id)
    # The answered request counts at once; the reviews of a single mentee are never
    # published (scoring.MIN_RATED_MENTEES), nor those of a running mentorship.
    assert finished.responsiveness is not None
    assert finished.track_record is not None
    assert (finished.rating_avg, finished.rating_count) == (None, 0)
    assert MentorProfile.objects.get(user__email=DEMO_MENTOR).rating_count == 0


def test_another_pair_in_closing_waits_for_the_mentors_evaluation(seeded):
    closing = Mentorship.objects.get(phase=Phase.CLOSING)

    assert {closing.mentee.user.email, closing.mentor.user.email}.isdisjoint(MAIN_LOGINS)
    assert list(closing.evaluations.values_list("side", flat=True)) == ["mentee"]
    # Well within the 14 days after which the closing phase completes by itself.
    assert closing.phase_started_at > timezone.now() - timezone.timedelta(days=7)


def test_the_main_logins_keep_their_suggestions(seeded):
    suggested = Match.objects.filter(status=MatchStatus.SUGGESTED)
    closing = Mentorship.objects.get(phase=Phase.CLOSING)

    assert suggested.filter(mentee__user__email=DEMO_MENTEE).count() >= 5
    assert suggested.filter(mentee__user__email=DEMO_BOTH).count() >= 2
    assert not suggested.filter(mentee__user__email__in=MAIN_LOGINS, mentor=closing.mentor).exists()
    # The pairs that became mentorships are no longer proposed.
    assert not suggested.filter(mentee__user__email=DEMO_MENTEE, mentor__user__email=DEMO_MENTOR)


# --- The coordinator's programme -----------------------------------------------------------


def test_every_demo_person_has_a_confirmed_address(seeded):
    people = User.objects.filter(email__in=[*MAIN_LOGINS, COORDINATOR])
    assert people.count() == len({*MAIN_LOGINS, COORDINATOR})
    assert not User.objects.filter(email_confirmed_at__isnull=True).exists()


def test_the_coordinator_signs_in_and_has_consented(seeded):
    coordinator = User.objects.get(email=COORDINATOR)

    assert coordinator.check_password("demo-password-2026")
    assert Consent.objects.filter(user=coordinator, kind="personal_data").exists()
    assert COORDINATOR in seeded
    assert not hasattr(coordinator, "mentee_profile")


def test_the_coordinators_programme_has_a_cohort_a_rule_and_a_draft_to_review(seeded):
    programme = Programme.objects.coordinated_by(User.objects.get(email=COORDINATOR)).get(
        name=PROGRAMME
    )
    today = timezone.localdate()

    assert programme.starts_on <= today <= programme.ends_on
    roles = dict(programme.members.values_list("role").annotate(n=Count("pk")))
    assert 6 <= roles["mentee"] <= 8
    assert 3 <= roles["mentor"] <= 4
    assert not programme.members.filter(user__email__in=MAIN_LOGINS).exists()
    rule = programme.rules.get()
    run = programme.matching_runs.get()
    assert run.status == RunStatus.DRAFT
    pairs = list(run.pairs.all())
    assert run.matched == len(pairs) >= 5
    assert (rule.mentee_id, rule.mentor_id) not in {(p.mentee_id, p.mentor_id) for p in pairs}
    cohort = set(programme.members.filter(role="mentee").values_list("user_id", flat=True))
    unmatched = set(run.unmatched.values_list("mentee_id", flat=True))
    assert {p.mentee_id for p in pairs} | unmatched == cohort
    for mentor in MentorProfile.objects.filter(pk__in={p.mentor_id for p in pairs}):
        assert sum(p.mentor_id == mentor.pk for p in pairs) <= mentor.free_places


# --- Seeding again -------------------------------------------------------------------------


def snapshot() -> dict:
    counted = (
        User, Consent, Match, Mentorship, ChecklistItem, Session, SessionPersonal, Goal, Task,
        Message, Evaluation, Notification, Programme, Member, PairRule, MatchingRun, DraftPair,
    )  # fmt: skip
    return {
        **{model.__name__: model.objects.count() for model in counted},
        "phases": sorted(Mentorship.objects.values_list("phase", flat=True)),
        "ticked": ChecklistItem.objects.filter(done=True).count(),
        "places": sorted(MentorProfile.objects.values_list("pk", "active_mentees")),
    }


def test_seeding_twice_changes_nothing(seeded):
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "0 new" in output
    assert "3 already there" in output


def test_seeding_if_empty_loads_the_lifecycle_on_the_first_start_only(db):
    seed("--if-empty")
    before = snapshot()

    seed("--if-empty")

    assert snapshot() == before
    # The three stories, and the finished programme's alumni (demo/outcomes.py, issue 16).
    assert before["Mentorship"] == 3 + ALUMNI
    assert before["MatchingRun"] == 1


# --- The zero-configuration path: tasks in-process -----------------------------------------


@pytest.fixture
def tasks_in_process():
    """As `make run` without Redis: tasks run in this process, when the seeding commits."""
    conf = celery_app.conf
    before = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_process_tasks_keep_the_demo_letters_off_the_console(tasks_in_process, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    seed("--if-empty")

    printed = capsys.readouterr()
    assert "Subject:" not in printed.out + printed.err
    notifications = Notification.objects.count()
    assert notifications > 0
    # Sent, to memory: one letter per notification.
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert len(mail.outbox) == notifications
    # The task enqueued by the run's start found the draft already written.
    assert MatchingRun.objects.get().status == RunStatus.DRAFT
    finished = MentorProfile.objects.get(pk=mentorship_of(DEMO_BOTH).mentor_id)
    assert finished.track_record is not None
