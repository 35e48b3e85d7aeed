"""Requesting and accepting a match: when both sides have said yes, the mentorship starts.

This orchestration sits on the mentorship floor, above matching: it locks the
match, checks the request rules and takes the mentor's place with matching's
helpers (whose docstring states the concurrency policy), and starts the
mentorship with this app's service, all in one transaction.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.confirmation import check_email_confirmed
from accounts.models import MenteeProfile, MentorProfile, User
from core.errors import ServiceError
from matching import services as matching
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship.services import mentorship_start


def match_request(*, user: User, mentor_id: int, now: dt.datetime | None = None) -> Match:
    """A mentee asks a catalogue mentor: the pair's match, accepted by the mentee.

    Scored for the week coming after `now` (by default the request's time).
    """
    check_email_confirmed(user)
    mentee = MenteeProfile.objects.filter(user=user).first()
    if mentee is None:
        raise ServiceError(_("Сначала заполните профиль подопечного."), code="no_mentee_profile")
    # Someone who is not a mentor is not found (404 in the API), like any object one may not see.
    mentor = MentorProfile.objects.findable().get(user_id=mentor_id)
    if mentor.pk == mentee.pk:
        raise ServiceError(_("Нельзя выбрать наставником себя."), code="same_person")
    explanation, facts = matching.pair_explanation(mentee=mentee, mentor=mentor, now=now)
    # One transaction: a refused request (paused mentor, too many open) leaves no row.
    with transaction.atomic():
        if not matching.mentee_lock(mentee.pk):  # the account was deleted meanwhile
            raise ServiceError(
                _("Сначала заполните профиль подопечного."), code="no_mentee_profile"
            )
        match, _created = Match.objects.get_or_create(
            mentee=mentee,
            mentor=mentor,
            defaults={
                "origin": MatchOrigin.REQUEST,
                "score": round(max(explanation.score, 0.0), 2),
                "factors": facts,
                "overlap_minutes_per_week": facts["minutes"],
            },
        )
        return match_accept(user=user, match_id=match.pk)


def match_accept(*, user: User, match_id: int) -> Match:
    """One side says yes; when both have, the mentorship starts and takes a place.

    Accepting twice is harmless. A full mentor is a 409 and nothing changes.
    An unconfirmed address accepts nothing (403).
    """
    check_email_confirmed(user)
    with transaction.atomic():
        if Match.objects.filter(pk=match_id, mentee_id=user.pk).exists():
            matching.mentee_lock(user.pk)  # the lock order: the mentee's profile, then the match
        match = matching.match_locked_of(user=user, match_id=match_id)
        if match.status == MatchStatus.ACCEPTED:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(
                _("Эта пара уже закрыта: запрос отклонён или истёк."), code="match_closed"
            )
        as_mentee = match.mentee_id == user.pk
        if as_mentee and not match.mentee_accepted:
            matching.check_mentor_accepting(match)
            matching.check_open_requests(match)
            match.mentee_accepted = True
            match.requested_at = timezone.now()
        elif not as_mentee:
            match.mentor_accepted = True
        if match.mentee_accepted and match.mentor_accepted:
            _start_mentorship(match)
            matching.answers_changed(match.mentor_id)
        match.save()
    matching.match_answer_tell(match, as_mentee=as_mentee)
    return match


def _start_mentorship(match: Match) -> None:
    matching.mentor_place_take(mentor_id=match.mentor_id)
    now = timezone.now()
    match.mentorship = mentorship_start(
        mentee_id=match.mentee_id, mentor_id=match.mentor_id, programme_id=match.programme_id
    )
    match.status = MatchStatus.ACCEPTED
    match.decided_at = now
    matching.full_mentor_leave_suggestions(mentor_id=match.mentor_id)
