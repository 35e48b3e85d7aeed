"""Guards of matching (suggestions.py, services.py) that only a broken rule would show.

Each test here was written against a mutant that left the rest of the suite green
(`make mutate`): it fails when the guard it names is removed or inverted.
"""

import pytest

from accounts.models import MentorProfile
from core.errors import ServiceError
from core.models import OutboxMessage
from matching import suggestions
from matching.models import Match, MatchOrigin, MatchStatus
from tests.factories import MenteeFactory, MentorFactory

pytestmark = pytest.mark.django_db

# Every state of a pair other than "untouched suggestion" (matching.models.untouched_suggestion):
# the refresh must neither propose the pair again nor rewrite its row.
TAKEN = {
    "declined": {"status": MatchStatus.DECLINED},
    "expired": {"status": MatchStatus.EXPIRED, "mentee_accepted": True},
    "accepted": {"status": MatchStatus.ACCEPTED, "mentee_accepted": True, "mentor_accepted": True},
    "open request": {"mentee_accepted": True},
    "mentor said yes first": {"mentor_accepted": True},
    "requested from the catalogue": {"origin": MatchOrigin.REQUEST},
    "proposed by a programme": {"origin": MatchOrigin.PROGRAMME},
}


@pytest.mark.parametrize("state", TAKEN.values(), ids=TAKEN.keys())
def test_refresh_never_proposes_a_taken_pair_again_and_suggests_the_next_mentor(
    mentee, monkeypatch, state
):
    # One suggestion per mentee: the taken pair, the better one, would fill the only slot.
    monkeypatch.setattr(suggestions, "SUGGESTIONS_PER_MENTEE", 1)
    best = MentorFactory(skill_codes=["sql", "python"])
    next_best = MentorFactory(skill_codes=["excel"])
    taken = Match.objects.create(mentee=mentee, mentor=best, score=1.0, factors={}, **state)
    before = Match.objects.values().get(pk=taken.pk)

    assert suggestions.suggestions_refresh(mentee_ids=[mentee.pk]) == 1

    suggested = Match.objects.filter(mentee=mentee).exclude(pk=taken.pk)
    assert list(suggested.values_list("mentor_id", "status")) == [
        (next_best.pk, MatchStatus.SUGGESTED)
    ]
    # Neither rewritten (score, facts, time) nor reopened.
    assert Match.objects.values().get(pk=taken.pk) == before


def test_refresh_ranks_the_taken_mentor_first_when_the_pair_is_untouched(mentee, monkeypatch):
    """The premise of the test above: without the pair's history, `best` wins the slot."""
    monkeypatch.setattr(suggestions, "SUGGESTIONS_PER_MENTEE", 1)
    best = MentorFactory(skill_codes=["sql", "python"])
    MentorFactory(skill_codes=["excel"])
    Match.objects.create(mentee=mentee, mentor=best, score=1.0, factors={})

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    assert list(Match.objects.filter(mentee=mentee).values_list("mentor_id", flat=True)) == [
        best.pk
    ]


def test_a_stale_suggestion_accepted_while_the_refresh_runs_is_not_deleted(mentee, monkeypatch):
    """The DELETE of stale suggestions re-checks "untouched": the mentee's yes, given
    between the refresh's read and its delete, keeps the row."""
    mentor = MentorFactory()
    stale = Match.objects.create(mentee=mentee, mentor=mentor, score=50.0, factors={})
    # The mentor stops matching: the stored suggestion is stale for this refresh.
    MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)
    upsert = suggestions._upsert_on_postgresql

    def upsert_while_the_mentee_says_yes(rows, stamp):
        upsert(rows, stamp)
        Match.objects.filter(pk=stale.pk).update(mentee_accepted=True)

    monkeypatch.setattr(suggestions, "_upsert_on_postgresql", upsert_while_the_mentee_says_yes)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    assert Match.objects.filter(pk=stale.pk, mentee_accepted=True).exists()


def test_the_refresh_deletes_a_stale_suggestion_nobody_touched(mentee):
    """The premise of the test above: the same suggestion, untouched, goes."""
    mentor = MentorFactory()
    stale = Match.objects.create(mentee=mentee, mentor=mentor, score=50.0, factors={})
    MentorProfile.objects.filter(pk=mentor.pk).update(accepting_mentees=False)

    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])

    assert not Match.objects.filter(pk=stale.pk).exists()


def test_a_mentee_asks_to_refresh_their_own_list_only(mentee):
    MenteeFactory()  # another mentee of the same area: in a mentor's scope, not in this one

    task_id = suggestions.suggestions_refresh_request(user=mentee.user)

    # This test's transaction never commits, so the task waits in the outbox.
    queued = OutboxMessage.objects.get(task_id=task_id)
    assert (queued.task_name, queued.args) == (
        "matching.tasks.refresh_person_suggestions",
        [mentee.pk],
    )
    assert suggestions.refresh_scope(user_id=mentee.pk) == [mentee.pk]


def test_someone_without_a_profile_is_told_to_fill_one_in(user):
    with pytest.raises(ServiceError) as error:
        suggestions.suggestions_refresh_request(user=user)

    assert error.value.code == "no_profile"  # the API's contract
