"""Matching requests: why a pair fits, requesting, accepting, declining, expiry.

Suggestions are computed and written by matching/suggestions.py, whose
docstring states the concurrency policy for them. Requesting and accepting a
match (which starts a mentorship) live one floor up, in mentorship/matches.py,
built from the helpers here.

Concurrency policy for requests and answers:
- A match row is locked (SELECT … FOR UPDATE) by every action on it, so a
  double click or two tabs act one after the other and the second sees the
  first's result.
- A mentor's free place is taken by one conditional UPDATE
  (`active_mentees < capacity`), and a CHECK constraint on the row makes
  overselling impossible even for code that forgets the rule.
- A mentee's open requests are counted under a lock of the mentee's profile
  row, so eight requests sent at once are counted one after the other and
  only MAX_OPEN_REQUESTS of them are sent.
- Lock order, for every write of a mentee's matches: the mentee's profile row,
  then the match row, then the mentor's profile row (the place). The profile
  is locked before a new match row is inserted: the insert's foreign key takes
  a KEY SHARE lock on the profile, and two requests each holding that share and
  both asking for FOR UPDATE would deadlock. (A profile edit locks only the
  profile; deleting an account locks the person's mentorships, then the
  profile: accounts.services.user_delete.)
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MenteeProfile, MentorProfile, User
from core.errors import ServiceError
from core.hooks import Hook
from core.models import NotificationKind
from core.notifications import absolute_url, in_language, notify
from matching import explain, features, scoring
from matching.models import REQUEST_TTL, Match, MatchStatus, untouched_suggestion

MAX_OPEN_REQUESTS = 3
REMIND_AFTER = dt.timedelta(days=3)


# --- Fit of a pair ----------------------------------------------------------------------


def pair_explanation(
    *, mentee: MenteeProfile, mentor: MentorProfile, now: dt.datetime | None = None
) -> tuple[scoring.Explanation, dict]:
    """Why this mentor fits this mentee or not: the scorer's facts, blockers included.

    The hours in common are those of the week coming after `now` (daylight
    saving moves them), so a caller that needs a given week passes `now`.
    """
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk=mentee.pk),
        MentorProfile.objects.filter(pk=mentor.pk),
        week=features.coming_week_start(now),
    )
    # A withdrawn request is not final: the mentee may ask again from the catalogue.
    taken = (
        Match.objects.filter(mentee=mentee, mentor=mentor)
        .exclude(untouched_suggestion())
        .exclude(status=MatchStatus.WITHDRAWN)
    )
    exclude = [(mentee.pk, mentor.pk)] if taken.exists() else None
    explanation = scoring.explain_pair(batch.mentees, 0, batch.mentors, 0, exclude=exclude)
    return explanation, explain.facts(explanation, batch)


def mentor_fit(
    *, mentee: MenteeProfile, mentor: MentorProfile, now: dt.datetime | None = None
) -> dict:
    """How well a catalogue mentor fits a mentee, or why not — for the card and the API."""
    explanation, facts = pair_explanation(mentee=mentee, mentor=mentor, now=now)
    return {
        "mentor": mentor.pk,
        "score": max(explanation.score, 0.0),
        "possible": explanation.passes,
        "blockers": explain.blockers_text(explanation.blockers),
        "explanation": explain.render(
            facts, reader_tz=mentee.timezone, other_tz=mentor.timezone, other_role="mentor"
        ),
    }


# --- Requests and answers -------------------------------------------------------------


def match_locked_of(*, user: User, match_id: int) -> Match:
    """The person's match, locked for an answer; DoesNotExist when it is not theirs."""
    match = Match.objects.select_for_update().of(user).filter(pk=match_id).first()
    if match is None:
        raise Match.DoesNotExist
    return match


def check_mentor_accepting(match: Match) -> None:
    """A paused mentor gets no new requests; one who already said yes is still answered."""
    if match.mentor_accepted:
        return
    if not MentorProfile.objects.filter(pk=match.mentor_id, accepting_mentees=True).exists():
        raise ServiceError(
            _("Наставник сейчас не принимает новых подопечных."), code="not_accepting"
        )


def mentee_lock(mentee_id: int) -> bool:
    """Locks the mentee's profile row until the transaction ends (see the lock order
    in the module's docstring); False when there is no such profile any more."""
    return bool(
        list(MenteeProfile.objects.select_for_update().filter(pk=mentee_id).values_list("pk"))
    )


def check_open_requests(match: Match) -> None:
    """At most MAX_OPEN_REQUESTS unanswered; counted under the mentee's row lock."""
    if match.mentor_accepted:
        return  # answering a mentor who said yes first is not a new request
    open_requests = Match.objects.open_requests().filter(mentee_id=match.mentee_id)
    if open_requests.count() >= MAX_OPEN_REQUESTS:
        raise ServiceError(
            _(
                "У вас уже %(count)s запроса без ответа — дождитесь ответа или отмените один, "
                "чтобы отправить новый."
            )
            % {"count": MAX_OPEN_REQUESTS},
            code="too_many_requests",
            open_requests=MAX_OPEN_REQUESTS,
        )


def mentor_place_take(*, mentor_id: int) -> None:
    """Takes one of the mentor's free places, or refuses (409) when none is left."""
    taken = MentorProfile.objects.filter(pk=mentor_id, active_mentees__lt=F("capacity")).update(
        active_mentees=F("active_mentees") + 1
    )
    if not taken:
        raise ServiceError(_("У наставника не осталось свободных мест."), code="capacity_full")


def full_mentor_leave_suggestions(*, mentor_id: int) -> None:
    """A full mentor drops out of everyone's suggestions."""
    mentor = MentorProfile.objects.get(pk=mentor_id)
    if mentor.free_places == 0:
        Match.objects.filter(untouched_suggestion(), mentor_id=mentor.pk).delete()


def match_decline(*, user: User, match_id: int) -> Match:
    """Either side says no. Final for this pair: it is never proposed again."""
    with transaction.atomic():
        match = match_locked_of(user=user, match_id=match_id)
        if match.status == MatchStatus.DECLINED:
            return match
        if match.status != MatchStatus.SUGGESTED:
            raise ServiceError(_("Эту пару уже нельзя отклонить."), code="match_closed")
        match.status = MatchStatus.DECLINED
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_at", "updated_at"])
        if match.requested_at is not None:
            answers_changed(match.mentor_id)
    return match


# What follows an answered or expired request once it commits: the mentorship
# floor, which computes the mentor's track record (responsiveness among it), adds
# its refresh here from MentorshipConfig.ready().
request_answered = Hook()


def answers_changed(mentor_id: int) -> None:
    """A request was answered or expired: what follows runs once this commits.
    Robust, since the numbers are derived and any later refresh recomputes them
    from the sources: a failure there must not fail a done action."""
    transaction.on_commit(lambda: request_answered(mentor_id=mentor_id), robust=True)


def match_answer_tell(match: Match, *, as_mentee: bool) -> None:
    """Tells both sides of a pair that formed, or the mentor of a new request."""
    match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match.pk)
    if match.status == MatchStatus.ACCEPTED:
        for person, other in (
            (match.mentee.user, match.mentor.user),
            (match.mentor.user, match.mentee.user),
        ):
            with in_language(person):
                notify(
                    user=person,
                    kind=NotificationKind.MATCH_ACCEPTED,
                    key=f"match_accepted:{match.pk}:{person.pk}",
                    title=_("Пара состоялась: вы и %(name)s") % {"name": other.full_name},
                    body=_("Начните со знакомства: договоритесь о первой встрече и целях."),
                    url=absolute_url(reverse("matching:suggestions")),
                    about=other,
                )
    elif as_mentee and match.mentee_accepted and not match.mentor_accepted:
        mentor = match.mentor.user
        # A request sent again after a withdrawal is news again: its own key.
        again = f":{match.withdrawn_at.timestamp():.6f}" if match.withdrawn_at else ""
        with in_language(mentor):
            notify(
                user=mentor,
                kind=NotificationKind.NEW_REQUEST,
                key=f"new_request:{match.pk}{again}",
                title=_("Новый запрос: %(name)s") % {"name": match.mentee.user.full_name},
                body=_request_body(match),
                url=absolute_url(reverse("matching:inbox")),
                about=match.mentee.user,
            )


def _request_body(match: Match) -> str:
    """The mentee's own words first (the note), then their goals."""
    goals = match.mentee.goals[:500]
    if not match.note:
        return goals
    return _("%(note)s\n\nЦели: %(goals)s") % {"note": match.note, "goals": goals}


def match_withdrawn_tell(match: Match) -> None:
    """Tells the mentor that a request waiting for them was withdrawn."""
    match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match.pk)
    mentor = match.mentor.user
    with in_language(mentor):
        notify(
            user=mentor,
            kind=NotificationKind.REQUEST_WITHDRAWN,
            key=f"request_withdrawn:{match.pk}:{match.withdrawn_at.timestamp():.6f}",
            title=_("Запрос отозван: %(name)s") % {"name": match.mentee.user.full_name},
            body=_("Запрос больше не ждёт вашего ответа."),
            url=absolute_url(reverse("matching:inbox")),
            about=match.mentee.user,
        )


# --- Expiry and reminders (beat) ------------------------------------------------------------


def requests_expire(*, now: dt.datetime | None = None) -> list[int]:
    """Closes requests unanswered for 7 days; tells each mentee; returns their ids."""
    now = now or timezone.now()
    expired_mentees = []
    stale = Match.objects.open_requests().filter(requested_at__lte=now - REQUEST_TTL)
    for match_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # The conditional UPDATE is the claim: a mentor answering at this very
            # moment either wins (and the row no longer matches) or loses.
            closed = (
                Match.objects.open_requests()
                .filter(pk=match_id)
                .update(status=MatchStatus.EXPIRED, decided_at=now)
            )
        if not closed:
            continue
        match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match_id)
        answers_changed(match.mentor_id)
        person = match.mentee.user
        with in_language(person):
            notify(
                user=person,
                kind=NotificationKind.REQUEST_EXPIRED,
                key=f"request_expired:{match.pk}",
                title=_("Запрос закрыт без ответа: %(name)s")
                % {"name": match.mentor.user.full_name},
                body=_("Запрос закрыт через 7 дней без ответа. Мы подобрали новых наставников."),
                url=absolute_url(reverse("matching:suggestions")),
                about=match.mentor.user,
            )
        expired_mentees.append(match.mentee_id)
    return expired_mentees


def requests_remind(*, now: dt.datetime | None = None) -> int:
    """Reminds mentors of requests waiting for 3 days; once per request."""
    now = now or timezone.now()
    waiting = Match.objects.open_requests().filter(
        requested_at__lte=now - REMIND_AFTER, reminded_at__isnull=True
    )
    reminded = 0
    for match_id in waiting.values_list("pk", flat=True):
        claimed = Match.objects.filter(pk=match_id, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        match = Match.objects.select_related("mentee__user", "mentor__user").get(pk=match_id)
        person = match.mentor.user
        days_left = max((match.requested_at + REQUEST_TTL - now).days, 0)
        with in_language(person):
            notify(
                user=person,
                kind=NotificationKind.REQUEST_REMINDER,
                key=f"request_reminder:{match.pk}",
                title=_("%(name)s ждёт ответа") % {"name": match.mentee.user.full_name},
                body=_("Запрос закроется через %(days)s дн., если не ответить.")
                % {"days": days_left},
                url=absolute_url(reverse("matching:inbox")),
                about=match.mentee.user,
            )
        reminded += 1
    return reminded
