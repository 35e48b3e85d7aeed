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
from core.errors import Forbidden, InvalidInput, ServiceError
from matching import services as matching
from matching.models import NOTE_MAX_LENGTH, Match, MatchOrigin, MatchStatus
from mentorship.services import mentorship_start


def match_request(
    *, user: User, mentor_id: int, note: str = "", now: dt.datetime | None = None
) -> Match:
    """A mentee asks a catalogue mentor: the pair's match, accepted by the mentee.

    `note` is the mentee's word to the mentor (why this mentor), kept with the
    request. A request the mentee withdrew is sent again, rescored. Scored for
    the week coming after `now` (by default the request's time).
    """
    check_email_confirmed(user)
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("Не больше %(limit)s символов.") % {"limit": NOTE_MAX_LENGTH}, field="note"
        )
    mentee = MenteeProfile.objects.filter(user=user).first()
    if mentee is None:
        raise ServiceError(_("Сначала заполните профиль подопечного."), code="no_mentee_profile")
    # Someone who is not a mentor is not found (404 in the API), like any object one may not see.
    mentor = MentorProfile.objects.findable().get(user_id=mentor_id)
    if mentor.pk == mentee.pk:
        raise ServiceError(_("Нельзя выбрать наставником себя."), code="same_person")
    explanation, facts = matching.pair_explanation(mentee=mentee, mentor=mentor, now=now)
    scored = {
        "score": round(max(explanation.score, 0.0), 2),
        "factors": facts,
        "overlap_minutes_per_week": facts["minutes"],
    }
    # One transaction: a refused request (paused mentor, too many open) leaves no row.
    with transaction.atomic():
        if not matching.mentee_lock(mentee.pk):  # the account was deleted meanwhile
            raise ServiceError(
                _("Сначала заполните профиль подопечного."), code="no_mentee_profile"
            )
        match, _created = Match.objects.get_or_create(
            mentee=mentee,
            mentor=mentor,
            defaults={"origin": MatchOrigin.REQUEST, **scored},
        )
        # Asking again after a withdrawal reopens the pair as a fresh request.
        Match.objects.filter(pk=match.pk, status=MatchStatus.WITHDRAWN).update(
            status=MatchStatus.SUGGESTED,
            origin=MatchOrigin.REQUEST,
            mentee_accepted=False,
            requested_at=None,
            reminded_at=None,
            decided_at=None,
            **scored,
        )
        # The note goes with a request being sent, never over one already sent.
        Match.objects.filter(pk=match.pk, mentee_accepted=False).update(note=note)
        return match_accept(user=user, match_id=match.pk)


def match_withdraw(*, user: User, match_id: int, now: dt.datetime | None = None) -> Match:
    """The mentee takes back a request the mentor has not answered.

    Its place among the mentee's open requests is freed at once; the mentor is
    told. The pair is not suggested again (it is no untouched suggestion), but
    the mentee may ask again from the catalogue (match_request reopens it).
    Withdrawing twice is harmless; an answered request is a 409.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_mentee_of(user=user, match_id=match_id)
        match = matching.match_locked_of(user=user, match_id=match_id)
        if match.mentee_id != user.pk:
            raise Forbidden(
                _("Отозвать запрос может только подопечный, который его отправил."),
                code="not_mentee",
            )
        if match.status == MatchStatus.WITHDRAWN:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(
                _("Наставник уже ответил на этот запрос, или он закрыт — отозвать его нельзя."),
                code="match_closed",
            )
        if not match.mentee_accepted:
            raise ServiceError(
                _("Вы не отправляли этому наставнику запрос — отзывать нечего."),
                code="not_requested",
            )
        match.status = MatchStatus.WITHDRAWN
        match.withdrawn_at = now
        match.decided_at = now
        match.save(update_fields=["status", "withdrawn_at", "decided_at", "updated_at"])
    matching.match_withdrawn_tell(match)
    return match


def match_accept(*, user: User, match_id: int) -> Match:
    """One side says yes; when both have, the mentorship starts and takes a place.

    Accepting twice is harmless. A full mentor is a 409 and nothing changes.
    An unconfirmed address accepts nothing (403).
    """
    check_email_confirmed(user)
    with transaction.atomic():
        _lock_mentee_of(user=user, match_id=match_id)
        match = matching.match_locked_of(user=user, match_id=match_id)
        if match.status == MatchStatus.ACCEPTED:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(
                _("Эта пара уже закрыта: запрос отклонён, отозван или истёк."), code="match_closed"
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


def _lock_mentee_of(*, user: User, match_id: int) -> None:
    """Takes the first lock of the lock order (matching.services): the mentee's profile,
    whichever side acts. The mentor's yes must take it too: starting the mentorship
    inserts a row pointing at that profile (a KEY SHARE lock on it), which would wait
    for a mentee withdrawing at that moment while they wait for the match row."""
    mentee_id = Match.objects.of(user).filter(pk=match_id).values_list("mentee_id", flat=True)
    for pk in mentee_id:
        matching.mentee_lock(pk)


def _start_mentorship(match: Match) -> None:
    matching.mentor_place_take(mentor_id=match.mentor_id)
    now = timezone.now()
    match.mentorship = mentorship_start(
        mentee_id=match.mentee_id, mentor_id=match.mentor_id, programme_id=match.programme_id
    )
    match.status = MatchStatus.ACCEPTED
    match.decided_at = now
    matching.full_mentor_leave_suggestions(mentor_id=match.mentor_id)
