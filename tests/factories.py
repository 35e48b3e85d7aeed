import datetime as dt

import factory
from django.utils import timezone
from django.utils.timezone import now as django_now

from accounts.models import (
    Consent,
    Format,
    GoalArea,
    Language,
    MenteeProfile,
    MentorProfile,
    Skill,
    Stage,
    User,
)

PASSWORD = "correct horse battery staple"
EVENINGS = [{"weekday": day, "start": "19:00", "end": "21:00"} for day in range(5)]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="ru_RU")
    timezone = "Europe/Moscow"
    password = factory.django.Password(PASSWORD)
    # Confirmed by default: tests of an unconfirmed address pass email_confirmed_at=None.
    email_confirmed_at = factory.LazyFunction(django_now)

    @factory.post_generation
    def consent(user, create, extracted, **kwargs):
        if create:
            Consent.objects.create(user=user, version="2026-11")


def area(code: str) -> GoalArea:
    return GoalArea.objects.get(code=code)


def skills(*codes: str) -> list[Skill]:
    return list(Skill.objects.filter(code__in=codes))


def languages(*codes: str) -> list[Language]:
    return [Language.objects.get_or_create(code=code)[0] for code in codes]


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    goal_area = factory.LazyFunction(lambda: area("analytics"))
    current_role = "учитель математики"
    target_role = "аналитик данных"
    stage = Stage.LEARNING
    goals = "Хочу перейти в аналитику данных за полгода и собрать портфолио."
    formats = int(Format.VIDEO | Format.CHAT)
    availability = factory.LazyFunction(lambda: list(EVENINGS))
    timezone = factory.SelfAttribute("user.timezone")

    @factory.post_generation
    def skill_codes(profile, create, extracted, **kwargs):
        if create:
            profile.skills.set(skills(*(extracted or ["sql", "python"])))

    @factory.post_generation
    def language_codes(profile, create, extracted, **kwargs):
        if create:
            profile.languages.set(languages(*(extracted or ["ru"])))


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    headline = "Аналитик данных, пришла из школы"
    bio = "Пять лет преподавала, теперь аналитик в банке."
    years_experience = 4
    capacity = 2
    accepting_mentees = True
    formats = int(Format.VIDEO | Format.CHAT)
    availability = factory.LazyFunction(lambda: list(EVENINGS))
    timezone = factory.SelfAttribute("user.timezone")

    @factory.post_generation
    def area_codes(profile, create, extracted, **kwargs):
        if create:
            profile.goal_areas.set([area(code) for code in (extracted or ["analytics"])])

    @factory.post_generation
    def skill_codes(profile, create, extracted, **kwargs):
        if create:
            profile.skills.set(skills(*(extracted or ["sql", "python", "excel"])))

    @factory.post_generation
    def language_codes(profile, create, extracted, **kwargs):
        if create:
            profile.languages.set(languages(*(extracted or ["ru"])))


# --- Mentorships, sessions and evaluations (the sources of a mentor's track record) ---


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentorship.Mentorship"

    mentee = factory.SubFactory(MenteeFactory)
    mentor = factory.SubFactory(MentorFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    """A held video session a week ago."""

    class Meta:
        model = "mentorship.Session"

    mentorship = factory.SubFactory(MentorshipFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    format = "video"
    status = "held"


class SessionRatingFactory(factory.django.DjangoModelFactory):
    """The mentee's own rating of a session (pass `user` for the mentor's)."""

    class Meta:
        model = "mentorship.SessionPersonal"

    session = factory.SubFactory(SessionFactory)
    user = factory.LazyAttribute(lambda personal: personal.session.mentorship.mentee.user)
    rating = 5


class EvaluationFactory(factory.django.DjangoModelFactory):
    """The mentee's closing evaluation of a mentorship (`side="mentor"` for the other)."""

    class Meta:
        model = "mentorship.Evaluation"

    mentorship = factory.SubFactory(MentorshipFactory)
    side = "mentee"
    goal_progress = 8
    confidence_before = 3
    confidence_after = 8
    productivity = 5
    support_met = "yes"
    would_recommend = 9
