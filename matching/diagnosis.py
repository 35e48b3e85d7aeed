"""Why a mentee has no suggestions, and what they can change.

The refresh keeps the best mentors that pass the scorer's hard filters. When it
keeps nobody, this module asks the same filters (scoring.blockers_against, the
rules the mentor's card shows) of every mentor within reach — a goal area or a
wanted skill in common — and counts what stops each pair, so the empty page
names the real reasons with the changes that would lift them.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import MenteeProfile, MentorProfile
from matching import features, scoring
from matching.models import Match, untouched_suggestion

# The codes this page explains, the most actionable first when counts tie.
NO_PLACE = "no_place"  # no free place, or not taking mentees: both wait for the mentor
WAITING_FOR_MENTOR = (scoring.NO_FREE_PLACE, scoring.NOT_ACCEPTING)
NO_MENTORS = "no_mentors"
ORDER = (
    scoring.NO_COMMON_HOURS,
    scoring.NO_COMMON_LANGUAGE,
    scoring.NO_COMMON_FORMAT,
    NO_PLACE,
    scoring.EXCLUDED,
)


@dataclass(frozen=True)
class Reason:
    code: str
    count: int
    text: str
    actions: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Diagnosis:
    reach: int  # mentors sharing the goal area or a wanted skill
    possible: int  # of them, those every filter lets through
    reasons: list[Reason]


def _within_reach(mentee: MenteeProfile):
    return (
        MentorProfile.objects.filter(user__is_active=True)
        .exclude(user_id=mentee.pk)
        .filter(Q(goal_areas=mentee.goal_area_id) | Q(skills__in=mentee.skills.all()))
        .distinct()
    )


def suggestions_diagnose(*, mentee: MenteeProfile, now: dt.datetime | None = None) -> Diagnosis:
    """Counts, over the mentors within the mentee's reach, what blocks each pair."""
    mentors = _within_reach(mentee)
    if not mentors.exists():
        return Diagnosis(0, 0, [_reason(NO_MENTORS, 0, 0)])
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk=mentee.pk), mentors, week=features.coming_week_start(now)
    )
    taken = set(
        Match.objects.filter(mentee_id=mentee.pk)
        .exclude(untouched_suggestion())
        .values_list("mentor_id", flat=True)
    )
    counts: Counter[str] = Counter()
    possible = 0
    pairs = scoring.blockers_against(batch.mentees, 0, batch.mentors)
    for mentor_id, blockers in pairs:
        codes = {NO_PLACE if code in WAITING_FOR_MENTOR else code for code in blockers}
        if mentor_id in taken:
            codes.add(scoring.EXCLUDED)
        counts.update(codes & set(ORDER))
        possible += not codes
    reach = len(pairs)
    reasons = [_reason(code, counts[code], reach) for code in ORDER if counts[code]]
    reasons.sort(key=lambda reason: -reason.count)  # stable: ties keep ORDER
    return Diagnosis(reach, possible, reasons)


def _reason(code: str, count: int, reach: int) -> Reason:
    edit = reverse("accounts:profile-edit", args=["mentee"])
    catalogue = reverse("mentor-catalogue")
    share = {"n": count, "total": reach}
    if code == NO_MENTORS:
        return Reason(
            code,
            count,
            _("Пока нет наставников с вашим направлением или нужными вам навыками."),
            [(_("Выбрать другое направление или навыки"), f"{edit}#goals"),
             (_("Каталог наставников"), catalogue)],
        )  # fmt: skip
    if code == scoring.NO_COMMON_HOURS:
        return Reason(
            code,
            count,
            _("Нет общих часов, а переписку выбрали не оба — так у %(n)s из %(total)s наставников.")
            % share,
            [(_("Расширить часы или добавить переписку"), f"{edit}#availability")],
        )
    if code == scoring.NO_COMMON_LANGUAGE:
        return Reason(
            code,
            count,
            _("Нет общего языка — так у %(n)s из %(total)s наставников.") % share,
            [(_("Добавить язык"), f"{edit}#availability")],
        )
    if code == scoring.NO_COMMON_FORMAT:
        return Reason(
            code,
            count,
            _("Нет общего формата встреч — так у %(n)s из %(total)s наставников.") % share,
            [(_("Добавить формат встреч"), f"{edit}#availability")],
        )
    if code == NO_PLACE:
        return Reason(
            code,
            count,
            _(
                "Нет свободных мест или приём на паузе — так у %(n)s из %(total)s наставников. "
                "Места освобождаются, когда пары завершаются: подбор пересчитается сам."
            )
            % share,
            [(_("Каталог наставников"), catalogue)],
        )
    return Reason(
        code,
        count,
        _("С %(n)s из %(total)s наставников у вас уже есть запрос или пара, или запрос закрыт.")
        % share,
    )
