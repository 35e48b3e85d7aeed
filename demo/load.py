"""The loader: the demo people, their stories and the programme, from demo/data/.

The people's rows are written directly with the ORM (matched by e-mail, so a
second run refreshes them): they are fixture data, and the sign-up services would
send welcome letters. Their stories and the programme then go through the
services, as the people would have clicked them (demo/lifecycle.py); nothing here
relies on signals.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    Consent,
    Format,
    GoalArea,
    MenteeProfile,
    MentorProfile,
    Skill,
    User,
)
from demo.data import programme as demo_programme
from demo.data.logins import CONSENT_VERSION, DEMO_COORDINATOR, DEMO_PASSWORD
from demo.data.people import DEMO_PEOPLE
from demo.data.shapes import DemoMentee, DemoMentor, DemoPerson
from demo.lifecycle import demo_lifecycle_seed
from demo.outcomes import demo_outcomes_seed
from demo.quiet import seeding_quietly
from matching.suggestions import suggestions_refresh
from programmes import runs
from programmes.models import Objective, Programme, Role, RuleKind
from programmes.services import pair_rule_set, programme_create, programme_join


@dataclass(frozen=True)
class DemoSeeded:
    """What one seeding did, for the command to print."""

    mentors: int
    mentees: int
    suggestions: int
    lifecycle: dict[str, int]
    programme: dict[str, int]


def people_present() -> bool:
    """Any mentor profile at all: `seed_demo --if-empty` leaves such a database alone."""
    return MentorProfile.objects.exists()


def demo_seed(*, password_hash: str) -> DemoSeeded:
    """The whole demo: the people, their stories alive (pairs at work, one finished,
    a programme's draft), then the suggestions, which leave out the pairs now taken.
    `password_hash` is the demo password's hash, which every demo person shares."""
    mentors, mentees = demo_people_seed(password_hash=password_hash)
    lifecycle = demo_lifecycle_seed()
    programme = demo_programme_seed(password_hash=password_hash)
    programme.update(demo_outcomes_seed())  # a finished programme and its outcomes (issue 16)
    # The demo opens with suggestions already computed, as the worker would have.
    suggestions = suggestions_refresh()
    return DemoSeeded(mentors, mentees, suggestions, lifecycle, programme)


# --- The people ---------------------------------------------------------------------------


@transaction.atomic
def demo_people_seed(*, password_hash: str) -> tuple[int, int]:
    """Creates or refreshes the demo people (matched by e-mail); returns (mentors, mentees)."""
    areas = {area.code: area for area in GoalArea.objects.all()}
    skills = {skill.code: skill for skill in Skill.objects.all()}
    for person in DEMO_PEOPLE:
        user, _ = User.objects.update_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "timezone": person.timezone,
                "password": password_hash,
                "email_confirmed_at": timezone.now(),
            },
        )
        Consent.objects.get_or_create(
            user=user, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
        )
        if person.mentor:
            _demo_mentor_save(user, person, person.mentor, areas, skills)
        if person.mentee:
            _demo_mentee_save(user, person, person.mentee, areas, skills)
    mentors = sum(1 for person in DEMO_PEOPLE if person.mentor)
    mentees = sum(1 for person in DEMO_PEOPLE if person.mentee)
    return mentors, mentees


def _profile_fields(person: DemoPerson) -> dict:
    return {
        "timezone": person.timezone,
        "city": person.city,
        "formats": Format.to_mask(person.formats),
        "availability": person.availability,
    }


def _demo_mentor_save(
    user: User,
    person: DemoPerson,
    mentor: DemoMentor,
    areas: dict[str, GoalArea],
    skills: dict[str, Skill],
) -> None:
    fields = {
        **_profile_fields(person),
        "headline": mentor.headline,
        "bio": mentor.bio,
        "years_experience": mentor.years_experience,
        "switched_from": mentor.switched_from,
        "switched_from_role": mentor.switched_from_role,
        "switched_to": areas[mentor.switched_to] if mentor.switched_to else None,
    }
    profile, _ = MentorProfile.objects.update_or_create(
        user=user,
        defaults=fields,
        # Capacity only on creation: a refresh must not shrink it below the
        # mentees someone has taken on while trying the demo.
        create_defaults={**fields, "capacity": mentor.capacity, "accepting_mentees": True},
    )
    profile.goal_areas.set([areas[code] for code in mentor.goal_areas])
    profile.skills.set([skills[code] for code in mentor.skills])
    profile.languages.set(person.languages)


def _demo_mentee_save(
    user: User,
    person: DemoPerson,
    mentee: DemoMentee,
    areas: dict[str, GoalArea],
    skills: dict[str, Skill],
) -> None:
    profile, _ = MenteeProfile.objects.update_or_create(
        user=user,
        defaults={
            **_profile_fields(person),
            "goal_area": areas[mentee.goal_area],
            "current_role": mentee.current_role,
            "current_field": mentee.current_field,
            "target_role": mentee.target_role,
            "stage": mentee.stage,
            "goals": mentee.goals,
            "can_offer": mentee.can_offer,
        },
    )
    profile.skills.set([skills[code] for code in mentee.skills])
    profile.languages.set(person.languages)


# --- The programme ------------------------------------------------------------------------


def demo_programme_seed(*, password_hash: str | None = None) -> dict[str, int]:
    """Creates the demo coordinator (or refreshes them, like the demo people) and, unless
    they already have it, the programme with its cohort, rule and draft.

    The run is started by the service and its chord's steps are run here, in this
    process, in order (as tests/programmes/conftest.py run_inline does), inside the
    transaction that started it: the task the service enqueues after commit then
    finds the run already claimed and does nothing, in-process or on a worker.

    `password_hash` is the demo password's hash the people share (hashed here when
    not given). Returns the counts of what was created.
    """
    coordinator, _created = User.objects.update_or_create(
        email=DEMO_COORDINATOR,
        defaults={
            "full_name": demo_programme.COORDINATOR_NAME,
            "timezone": demo_programme.COORDINATOR_TIMEZONE,
            "password": password_hash or make_password(DEMO_PASSWORD),
            "email_confirmed_at": timezone.now(),
        },
    )
    Consent.objects.get_or_create(
        user=coordinator, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
    )
    counts = {"programmes": 0, "members": 0, "rules": 0, "pairs": 0, "unmatched": 0}
    name = demo_programme.PROGRAMME_NAME
    if Programme.objects.coordinated_by(coordinator).filter(name=name).exists():
        return counts
    with seeding_quietly(), transaction.atomic():
        programme = _programme(coordinator)
        run = runs.matching_run_start(
            user=coordinator, programme_id=programme.pk, objective=Objective.SCORE
        )
        runs.matching_run_in_process(run_id=run.pk)
    return {
        "programmes": 1,
        "members": programme.members.count(),
        "rules": programme.rules.count(),
        "pairs": run.pairs.count(),
        "unmatched": run.unmatched.count(),
    }


def _programme(coordinator: User) -> Programme:
    today = timezone.localdate()
    programme = programme_create(
        user=coordinator,
        name=demo_programme.PROGRAMME_NAME,
        description=demo_programme.PROGRAMME_DESCRIPTION,
        starts_on=today - demo_programme.STARTED_AGO,
        ends_on=today + demo_programme.ENDS_IN,
        goal_areas=demo_programme.PROGRAMME_GOAL_AREAS,
    )
    mentees, mentors = demo_programme.COHORT_MENTEES, demo_programme.COHORT_MENTORS
    people = {
        user.email: user
        for user in User.objects.filter(email__in=mentees + mentors, is_active=True)
    }
    for emails, role in ((mentees, Role.MENTEE), (mentors, Role.MENTOR)):
        for email in emails:
            if email in people:
                programme_join(user=people[email], join_code=programme.join_code, role=role)
    mentee, mentor = (people.get(email) for email in demo_programme.FORBIDDEN_PAIR)
    if mentee is not None and mentor is not None:
        pair_rule_set(
            user=coordinator,
            programme_id=programme.pk,
            mentee_id=mentee.pk,
            mentor_id=mentor.pk,
            kind=RuleKind.FORBIDDEN,
        )
    return programme
