"""Follow-ups for the outcome tests: finished mentorships and answers at known times."""

import datetime as dt

import pytest

from mentorship import services
from mentorship.follow_up_models import FollowUp
from mentorship.models import Phase
from tests.factories import MentorshipFactory

T0 = dt.datetime(2027, 1, 18, 9, 30, tzinfo=dt.UTC)


def completed(now: dt.datetime = T0, **kwargs):
    """A mentorship in closing, completed at `now` (its follow-ups are scheduled)."""
    mentorship = MentorshipFactory(phase=Phase.CLOSING, **kwargs)
    assert services.mentorship_complete(mentorship_id=mentorship.pk, now=now)
    return mentorship


@pytest.fixture
def finished(db):
    """A completed mentorship and its mentee's three follow-ups, the first one sent.

    Completed at T0 (2027), so no follow-up is due by the test's own clock, except
    the first one, made due and sent just now: its link is fresh.
    """
    mentorship = completed()
    first = FollowUp.objects.get(mentorship=mentorship, months=1)
    just_now = dt.datetime.now(dt.UTC)
    FollowUp.objects.filter(pk=first.pk).update(due_at=just_now, notified_at=just_now)
    return mentorship
