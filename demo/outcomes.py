"""The demo's finished programme and what became of its people (issue 16).

«Осенний поток 2025» ended more than six months ago: 60 alumni each had a
mentor from the spring cohort's four, answered their follow-ups at 1, 3 and 6
months, and 10 members who were never matched answered theirs too. So the
report shows the outcome funnel and its comparison group, the four mentors'
cards show their figure, the predictor table has enough six-month answers, and
the landing page its one public number.

The people are fixture rows (alumni-<i>@, comparison-<i>@ on the demo domain),
written with the ORM like the demo people. Their pairs' factor values and their
answers are synthetic, drawn with a fixed seed from a stated model — in the
demo, the regression's table should find that skills, common hours and the
mentor's own switch help — so each start shows the same figures.
"""

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import (
    Consent,
    Format,
    GoalArea,
    Language,
    MenteeProfile,
    Skill,
    Stage,
    User,
)
from demo.data.logins import CONSENT_VERSION, DEMO_COORDINATOR, demo_email
from demo.data.programme import COHORT_MENTORS
from matching import scoring
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship.follow_up_models import FOLLOW_UP_MONTHS, FollowUp, InTargetField
from mentorship.models import Mentorship, Phase
from mentorship.outcome_record import mentor_outcomes_refresh_all
from mentorship.outcomes import add_months
from programmes.models import Coordinator, Member, Programme, Role

PROGRAMME_NAME = "Осенний поток 2025: в аналитику"
ALUMNI = 60
NEVER_MATCHED = 10
SEED = 2025
ENDED_AGO = dt.timedelta(days=220)
LASTED = dt.timedelta(weeks=13)
# The model the answers are drawn from: log-odds of working in the aimed field at six
# months from a factor's worst to its best value (the others: no effect).
EFFECTS = {scoring.FACTOR_SKILLS: 2.2, scoring.FACTOR_OVERLAP: 1.4, scoring.FACTOR_SWITCH: 1.2}
INTERCEPT = -2.0
COMPARISON_WORKING = 0.2
FACTORS = (
    scoring.FACTOR_GOAL, scoring.FACTOR_SKILLS, scoring.FACTOR_OVERLAP, scoring.FACTOR_FORMAT,
    scoring.FACTOR_STAGE, scoring.FACTOR_SWITCH, scoring.FACTOR_TRACK,
)  # fmt: skip
ROLES_NOW = ("аналитик данных", "BI-аналитик", "продуктовый аналитик", "маркетинговый аналитик")


def demo_outcomes_seed() -> dict[str, int]:
    """Writes the finished programme once (a second run finds it and does nothing)."""
    coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
    mentors = list(User.objects.filter(email__in=COHORT_MENTORS, mentor_profile__isnull=False))
    if coordinator is None or not mentors:
        return {"alumni": 0, "follow_ups": 0}
    if Programme.objects.coordinated_by(coordinator).filter(name=PROGRAMME_NAME).exists():
        return {"alumni": 0, "follow_ups": 0}
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    with transaction.atomic():
        programme = _programme(coordinator)
        end = timezone.now() - ENDED_AGO
        answers = 0
        for index in range(ALUMNI):
            mentee = _person(f"alumni-{index}", programme)
            answers += _alumnus(rng, mentee, mentors[index % len(mentors)], programme, end)
        for index in range(NEVER_MATCHED):
            mentee = _person(f"comparison-{index}", programme)
            answers += _follow_ups(rng, mentee.user, None, programme, end, COMPARISON_WORKING)
    mentor_outcomes_refresh_all()
    return {"alumni": ALUMNI + NEVER_MATCHED, "follow_ups": answers}


def _programme(coordinator: User) -> Programme:
    today = timezone.localdate()
    programme = Programme.objects.create(
        name=PROGRAMME_NAME,
        description="Прошлый набор школы аналитики: три месяца с наставником.",
        starts_on=today - ENDED_AGO - LASTED,
        ends_on=today - ENDED_AGO,
    )
    programme.goal_areas.set(GoalArea.objects.filter(code="analytics"))
    Coordinator.objects.create(programme=programme, user=coordinator)
    return programme


def _person(local_part: str, programme: Programme) -> MenteeProfile:
    number = local_part.rsplit("-", 1)[-1]
    user, _created = User.objects.get_or_create(
        email=demo_email(local_part),
        defaults={
            "full_name": f"Выпускник осеннего потока №{number}",
            "is_active": True,
            "email_confirmed_at": timezone.now(),
        },
    )
    Consent.objects.get_or_create(
        user=user, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
    )
    profile, _created = MenteeProfile.objects.get_or_create(
        user=user,
        defaults={
            "goal_area": GoalArea.objects.get(code="analytics"),
            "current_role": "бухгалтер",
            "target_role": "аналитик данных",
            "stage": Stage.JOB_SEARCH,
            "goals": "Перейти в аналитику данных.",
            "formats": int(Format.VIDEO | Format.CHAT),
            # A complete profile like every demo person's (weekday evenings, Moscow).
            "availability": [{"weekday": day, "start": "19:00", "end": "21:00"} for day in (1, 3)],
            "timezone": "Europe/Moscow",
        },
    )
    if _created:  # complete like every demo profile: a language and the skills sought
        profile.languages.set(Language.objects.filter(code="ru"))
        profile.skills.set(Skill.objects.filter(goal_areas=profile.goal_area).order_by("pk")[:2])
    Member.objects.get_or_create(programme=programme, user=user, role=Role.MENTEE)
    return profile


def _alumnus(rng, mentee: MenteeProfile, mentor: User, programme: Programme, end) -> int:
    values = {name: round(rng.uniform(0.2, 1.0), 3) for name in FACTORS}
    values[scoring.FACTOR_GOAL] = 1.0
    values[scoring.FACTOR_SWITCH] = rng.choice((0.0, 0.6, 1.0))
    logit = INTERCEPT + sum(values[name] * effect for name, effect in EFFECTS.items())
    mentorship = Mentorship.objects.create(
        mentee=mentee, mentor_id=mentor.pk, programme=programme, phase=Phase.COMPLETED,
        started_at=end - LASTED, phase_started_at=end, ended_at=end,
    )  # fmt: skip
    points = scoring.DEFAULT_WEIGHTS.points()
    Match.objects.create(
        mentee=mentee, mentor_id=mentor.pk, mentorship=mentorship, programme=programme,
        status=MatchStatus.ACCEPTED, origin=MatchOrigin.SUGGESTION, mentee_accepted=True,
        mentor_accepted=True, score=round(sum(points[n] * v for n, v in values.items()), 2),
        factors=_facts(mentee, mentor, values, points, end),
    )  # fmt: skip
    return _follow_ups(rng, mentee.user, mentorship, programme, end, 1 / (1 + math.exp(-logit)))


def _facts(mentee: MenteeProfile, mentor: User, values: dict, points: dict, end) -> dict:
    """Stored facts of the shape matching.explain reads (the API renders each factor's
    sentence from them): the mentee's skills shared, the two evenings in common."""
    skills = list(mentee.skills.order_by("code").values_list("code", flat=True))
    week = (end - dt.timedelta(days=end.weekday())).date().isoformat()
    return {
        "f": [[name, points[name], values[name]] for name in FACTORS],
        "goal": mentee.goal_area.code,
        "skills": skills,
        "wanted": len(skills),
        # Tuesday and Thursday 19:00-21:00 in Moscow, as UTC minutes of the week.
        "minutes": 240,
        "intervals": [[2400, 2520], [5280, 5400]],
        "week": week,
        "formats": ["video", "chat"],
        "stage": mentee.stage,
        "years": mentor.mentor_profile.years_experience,
        "switch": {1.0: "both", 0.6: "to"}.get(values[scoring.FACTOR_SWITCH], ""),
    }


def _follow_ups(rng, user: User, mentorship, programme: Programme, end, working: float) -> int:
    """Answers at 1, 3 and 6 months; "working" at six months with the given chance,
    earlier with a part of it."""
    first_offer = None
    for months in FOLLOW_UP_MONTHS:
        due = add_months(end, months)
        works = rng.random() < working * months / 6
        offers = int(works or rng.random() < 0.15)
        if offers and first_offer is None:
            first_offer = 3 + months + rng.randint(0, 1)
        FollowUp.objects.create(
            mentee=user, mentorship=mentorship, programme=programme, months=months,
            due_at=due, notified_at=due, answered_at=due + dt.timedelta(days=2),
            interviews=rng.randint(0, 3) + offers, offers=offers,
            in_target_field=InTargetField.YES if works else InTargetField.NOT_YET,
            role_now=rng.choice(ROLES_NOW) if works else "",
            months_to_first_offer=first_offer, confidence_now=rng.randint(4, 9),
            would_recommend=rng.randint(6, 10) if mentorship else None,
        )  # fmt: skip
    return len(FOLLOW_UP_MONTHS)
