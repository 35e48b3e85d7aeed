"""Withdrawing a request while the mentor answers it, or while the mentee sends
another: real threads on their own connections (see tests/matching/test_concurrency.py)."""

import pytest

from core.errors import ServiceError
from matching.models import Match, MatchStatus
from matching.services import MAX_OPEN_REQUESTS
from mentorship import matches
from mentorship.models import Mentorship
from tests.factories import MenteeFactory, MentorFactory
from tests.matching.test_concurrency import _race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("attempt", range(3))
def test_withdraw_and_accept_at_once_one_wins_and_the_other_is_told(attempt):
    mentee, mentor = MenteeFactory(), MentorFactory()
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    withdrawn, accepted = _race(
        [
            lambda: matches.match_withdraw(user=mentee.user, match_id=match.pk),
            lambda: matches.match_accept(user=mentor.user, match_id=match.pk),
        ]
    )
    final = Match.objects.get(pk=match.pk)
    if final.status == MatchStatus.WITHDRAWN:
        assert isinstance(accepted, ServiceError)
        assert not Mentorship.objects.exists()
    else:
        assert final.status == MatchStatus.ACCEPTED
        assert isinstance(withdrawn, ServiceError)
        assert withdrawn.code == "match_closed"
        assert Mentorship.objects.count() == 1


def test_withdrawing_one_while_sending_two_more_never_passes_the_cap():
    mentee = MenteeFactory()
    mentors = [MentorFactory() for _ in range(MAX_OPEN_REQUESTS + 2)]
    sent = [
        matches.match_request(user=mentee.user, mentor_id=m.pk) for m in mentors[:MAX_OPEN_REQUESTS]
    ]
    results = _race(
        [
            lambda: matches.match_withdraw(user=mentee.user, match_id=sent[0].pk),
            *[
                (lambda m=m: matches.match_request(user=mentee.user, mentor_id=m.pk))
                for m in mentors[MAX_OPEN_REQUESTS:]
            ],
        ]
    )
    assert not isinstance(results[0], BaseException)
    # One place was freed: exactly one of the two new requests got it.
    assert sum(isinstance(r, Match) for r in results[1:]) == 1
    assert Match.objects.open_requests().filter(mentee=mentee).count() == MAX_OPEN_REQUESTS
