"""A person's matches in their export: each side sees what is theirs, nobody else's."""

import pytest

from accounts.exports import export_user
from matching.models import Match, MatchOrigin
from mentorship import matches as matching
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db


def test_the_mentee_exports_their_request_with_the_note_and_the_explanation():
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matching.match_request(user=mentee.user, mentor_id=mentor.pk, note="Хочу в аналитику")

    [row] = export_user(mentee.user)["matches"]
    assert row["id"] == match.pk
    assert row["role"] == "mentee"
    assert row["status"] == "suggested"
    assert row["note"] == "Хочу в аналитику"
    assert row["requested_at"]
    assert row["mentor"] == {"id": mentor.user.pk, "full_name": mentor.user.full_name}
    assert row["explanation"]
    assert all(f["detail"] for f in row["explanation"])
    assert mentor.user.email not in str(row)


def test_the_mentor_exports_the_request_received_with_the_mentees_name_and_note():
    mentee, mentor = MenteeFactory(), MentorFactory()
    matching.match_request(user=mentee.user, mentor_id=mentor.pk, note="Хочу в аналитику")

    [row] = export_user(mentor.user)["matches"]
    assert row["role"] == "mentor"
    assert row["note"] == "Хочу в аналитику"
    assert row["mentee"] == {"id": mentee.user.pk, "full_name": mentee.user.full_name}
    assert "explanation" not in row
    assert "mentor" not in row
    assert mentee.user.email not in str(row)


def test_a_suggestion_the_mentee_never_acted_on_is_not_in_the_mentors_export():
    mentee, mentor = MenteeFactory(), MentorFactory()
    Match.objects.create(mentee=mentee, mentor=mentor, origin=MatchOrigin.SUGGESTION, score=50)

    assert export_user(mentor.user)["matches"] == []
    [row] = export_user(mentee.user)["matches"]
    assert (row["role"], row["origin"], row["requested_at"]) == ("mentee", "suggestion", None)


def test_another_persons_match_is_not_in_the_export():
    mentee, mentor = MenteeFactory(), MentorFactory()
    other_mentee, other_mentor = MenteeFactory(), MentorFactory()
    matching.match_request(user=other_mentee.user, mentor_id=other_mentor.pk, note="чужое")
    matching.match_request(user=other_mentee.user, mentor_id=mentor.pk, note="наставнику")

    assert export_user(mentee.user)["matches"] == []
    [row] = export_user(mentor.user)["matches"]
    text = str(export_user(mentor.user))
    assert row["note"] == "наставнику"
    assert "чужое" not in text
    assert other_mentor.user.full_name not in text
    assert other_mentee.user.email not in text
