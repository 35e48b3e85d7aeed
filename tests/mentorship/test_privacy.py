"""A person's mentorship data in their export, and nothing of theirs left after deletion."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import services as accounts
from accounts.exports import export_user
from core.models import Notification
from mentorship import matches as matching
from mentorship import services, work
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    mentorship = matching.match_accept(user=mentor.user, match_id=match.pk).mentorship
    return mentee, mentor, mentorship


def test_the_export_holds_ones_own_part_of_each_mentorship(pair):
    mentee, mentor, mentorship = pair
    session = work.session_create(
        user=mentor.user,
        mentorship_id=mentorship.pk,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        duration_minutes=60,
        format="video",
        agenda="Портфолио",
    )
    work.session_update(
        user=mentee.user, mentorship_id=mentorship.pk, session_id=session.pk, status="held"
    )
    work.session_update(
        user=mentee.user,
        mentorship_id=mentorship.pk,
        session_id=session.pk,
        private_notes="моё личное",
        rating=4,
    )
    work.session_update(
        user=mentor.user,
        mentorship_id=mentorship.pk,
        session_id=session.pk,
        private_notes="заметка наставника",
    )
    services.message_send(user=mentee.user, mentorship_id=mentorship.pk, body="Привет!")
    services.message_send(user=mentor.user, mentorship_id=mentorship.pk, body="Здравствуйте")
    work.goal_create(user=mentee.user, mentorship_id=mentorship.pk, title="Оффер")

    export = export_user(mentee.user)
    [mine] = export["mentorships"]
    assert mine["role"] == "mentee"
    assert mine["sessions"][0]["private_notes"] == "моё личное"
    assert mine["sessions"][0]["rating"] == 4
    assert [m["body"] for m in mine["messages_written"]] == ["Привет!"]
    assert mine["goals"] == [{"title": "Оффер", "due": None, "status": "open"}]
    assert "заметка наставника" not in str(export)
    assert "Здравствуйте" not in str(export)


def test_deleting_an_account_takes_the_name_out_of_the_other_sides_notifications(pair):
    mentee, mentor, mentorship = pair
    name = mentee.user.full_name
    assert Notification.objects.filter(user=mentor.user, title__contains=name).exists()
    # Someone unrelated whose notification happens to contain the same words.
    bystander = UserFactory()
    untouched = Notification.objects.create(
        user=bystander, kind="phase_advanced", key="other", title=f"Привет, {name}!", body=name
    )
    accounts.user_delete(user=mentee.user)
    untouched.refresh_from_db()
    assert (untouched.title, untouched.body) == (f"Привет, {name}!", name)
    untouched.delete()
    assert not Notification.objects.filter(title__contains=name).exists()
    assert not Notification.objects.filter(body__contains=name).exists()
    # The other side keeps the mentorship, naming no one.
    kept = Mentorship.objects.get(pk=mentorship.pk)
    assert kept.mentee_id is None
    assert kept.mentor_id == mentor.pk


def test_a_renamed_person_leaves_nothing_under_the_old_name_either(pair):
    mentee, _mentor, _mentorship = pair
    old_name = mentee.user.full_name
    accounts.user_update(user=mentee.user, full_name="Совсем Другое Имя")
    accounts.user_delete(user=mentee.user)
    for text in (old_name, "Совсем Другое Имя", mentee.goals[:40]):
        assert not Notification.objects.filter(title__contains=text).exists()
        assert not Notification.objects.filter(body__contains=text).exists()


def test_notifications_from_before_about_existed_learn_whom_they_name():
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = ("mentorship", "0008_notification_about_backfill")
    backfill = importlib.import_module(f"mentorship.migrations.{migration[1]}").backfill
    # The models as that migration saw them: Notification has since moved to core.
    apps = MigrationLoader(connection).project_state(migration).apps
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk)
    matching.match_accept(user=mentor.user, match_id=match.pk)
    Notification.objects.update(about=None)  # as written before the field existed
    backfill(apps, None)
    named = dict(Notification.objects.values_list("key", "about_id"))
    assert named[f"new_request:{match.pk}"] == mentee.pk
    assert named[f"match_accepted:{match.pk}:{mentee.pk}"] == mentor.pk
    assert named[f"match_accepted:{match.pk}:{mentor.pk}"] == mentee.pk
