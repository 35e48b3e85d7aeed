"""The seeded taxonomy (migration 0003) and the `seed_demo` command."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import (
    Consent,
    GoalArea,
    Language,
    MenteeProfile,
    MentorProfile,
    Skill,
    User,
)
from demo.data.synthetic import MENTOR_ROLES, TARGET_ROLES
from mentorship.models import Mentorship, Message
from programmes.models import MatchingRun, Programme

AREAS = {"it", "marketing", "analytics", "management"}
REQUIRED_SKILLS = {
    "python",
    "sql",
    "frontend",
    "testing",
    "smm",
    "seo",
    "context-advertising",
    "product-analytics",
    "bi",
    "excel",
    "project-management",
    "agile",
    "people-management",
    "portfolio",
    "interview-preparation",
    "cv",
}
CROSS_CUTTING = {"portfolio", "interview-preparation", "cv", "career-switch-strategy"}
HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[03]0$|^24:00$")


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def assert_availability_shape(availability: list) -> None:
    assert isinstance(availability, list)
    assert availability, "a demo person should have some free time"
    for slot in availability:
        assert set(slot) == {"weekday", "start", "end"}
        assert slot["weekday"] in range(7)
        assert HHMM.match(slot["start"]), slot
        assert HHMM.match(slot["end"]), slot
        assert minutes(slot["start"]) < minutes(slot["end"]), slot


# --- Taxonomy ------------------------------------------------------------------


@pytest.mark.django_db
def test_taxonomy_has_the_four_goal_areas_in_order_with_both_names():
    areas = list(GoalArea.objects.values_list("code", "name_ru", "name_en", "position"))
    assert [code for code, *_ in areas] == ["it", "marketing", "analytics", "management"]
    assert [position for *_, position in areas] == [1, 2, 3, 4]
    assert ("it", "IT и программирование", "IT and programming", 1) in areas


@pytest.mark.django_db
def test_every_goal_area_has_between_ten_and_twenty_skills():
    counts = dict(GoalArea.objects.annotate(n=Count("skills")).values_list("code", "n"))
    assert set(counts) == AREAS
    assert all(10 <= n <= 20 for n in counts.values()), counts


@pytest.mark.django_db
def test_required_skill_codes_are_seeded_with_russian_and_english_names():
    skills = {skill.code: skill for skill in Skill.objects.all()}
    assert skills.keys() >= REQUIRED_SKILLS
    for skill in skills.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", skill.code), skill.code
        assert re.search("[а-яё]", skill.name_ru.lower()) or skill.name_ru.isascii()
        assert skill.name_en.isascii(), skill.name_en
        assert skill.goal_areas.exists(), skill.code
    assert skills["people-management"].name_ru == "Управление командой"
    assert skills["people-management"].name_en == "People management"


@pytest.mark.django_db
def test_required_skills_belong_to_their_goal_area():
    def areas_of(code: str) -> set[str]:
        return set(Skill.objects.get(code=code).goal_areas.values_list("code", flat=True))

    assert "it" in areas_of("python")
    assert "marketing" in areas_of("smm")
    assert "analytics" in areas_of("product-analytics")
    assert "management" in areas_of("project-management")


@pytest.mark.django_db
def test_cross_cutting_skills_belong_to_all_four_areas():
    for code in CROSS_CUTTING:
        areas = set(Skill.objects.get(code=code).goal_areas.values_list("code", flat=True))
        assert areas == AREAS, code


@pytest.mark.django_db
def test_languages_are_two_letter_codes_including_russian_english_and_german():
    codes = set(Language.objects.values_list("code", flat=True))
    assert {"ru", "en", "de", "ka", "kk", "sr", "uk"} <= codes
    assert all(len(code) == 2 for code in codes)
    assert len(codes) > 50


# --- Demo people ---------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_creates_mentors_and_mentees_from_kaliningrad_to_vladivostok_and_abroad():
    output = seed()

    assert MentorProfile.objects.count() >= 12
    assert MenteeProfile.objects.count() >= 12
    zones = set(MentorProfile.objects.values_list("timezone", flat=True)) | set(
        MenteeProfile.objects.values_list("timezone", flat=True)
    )
    assert {"Europe/Kaliningrad", "Europe/Moscow", "Asia/Vladivostok", "Asia/Kamchatka"} <= zones
    mentor_zones = set(MentorProfile.objects.values_list("timezone", flat=True))
    assert {"Europe/Berlin", "Asia/Tbilisi", "Europe/Belgrade", "Asia/Almaty"} <= mentor_zones
    assert "demo-password-2026" in output
    assert "Вход:" in output
    assert "Sign in:" in output


@pytest.mark.django_db
def test_demo_logins_sign_in_with_the_printed_password():
    output = seed()

    mentee = User.objects.get(email="mentee@demo.nastavnik.local")
    mentor = User.objects.get(email="mentor@demo.nastavnik.local")
    both = User.objects.get(email="both@demo.nastavnik.local")
    coordinator = User.objects.get(email="coordinator@demo.nastavnik.local")
    assert hasattr(mentee, "mentee_profile")
    assert not MentorProfile.objects.filter(user=mentee).exists()
    assert hasattr(mentor, "mentor_profile")
    assert hasattr(both, "mentee_profile")
    assert hasattr(both, "mentor_profile")
    assert not MentorProfile.objects.filter(user=coordinator).exists()
    for user in (mentee, mentor, both, coordinator):
        assert user.check_password("demo-password-2026")
        assert user.email in output
    assert "Координатор программы" in output
    assert "Programme coordinator" in output


@pytest.mark.django_db
def test_demo_profiles_are_complete_and_their_availability_is_well_formed():
    seed()

    for profile in [*MentorProfile.objects.all(), *MenteeProfile.objects.all()]:
        assert_availability_shape(profile.availability)
        assert 0 < profile.formats <= 7
        assert profile.languages.filter(code="ru").exists()
        assert profile.skills.exists()
        assert profile.timezone == profile.user.timezone
    for mentor in MentorProfile.objects.all():
        assert 1 <= mentor.capacity <= 20
        assert mentor.goal_areas.exists()
        assert mentor.bio
        assert mentor.headline
    for mentee in MenteeProfile.objects.select_related("goal_area"):
        assert re.search("[а-яё]", mentee.goals)
        assert mentee.skills.filter(goal_areas=mentee.goal_area).exists()


@pytest.mark.django_db
def test_every_demo_person_has_consented_to_personal_data_processing():
    seed()

    people = User.objects.filter(email__endswith="@demo.nastavnik.local")
    assert people.count() >= 24
    consented = Consent.objects.filter(
        user__in=people, kind="personal_data", version="2026-11"
    ).values_list("user_id", flat=True)
    assert set(consented) == set(people.values_list("pk", flat=True))


@pytest.mark.django_db
def test_seed_demo_if_empty_twice_creates_no_duplicates():
    seed("--if-empty")
    counts = [
        model.objects.count()
        for model in (User, MentorProfile, Consent, Mentorship, Message, Programme, MatchingRun)
    ]

    output = seed("--if-empty")

    assert [
        model.objects.count()
        for model in (User, MentorProfile, Consent, Mentorship, Message, Programme, MatchingRun)
    ] == counts
    assert all(counts[3:]), "the first start loads the lifecycle and the programme too"
    assert len(output.strip().splitlines()) == 1


@pytest.mark.django_db
def test_seed_demo_without_flags_twice_refreshes_instead_of_duplicating():
    seed()
    counts = (User.objects.count(), MenteeProfile.objects.count(), Consent.objects.count())
    anna = MentorProfile.objects.get(user__email="mentor@demo.nastavnik.local")
    assert anna.capacity == 3
    anna.capacity = 10
    anna.save()

    seed()

    assert (User.objects.count(), MenteeProfile.objects.count(), Consent.objects.count()) == counts
    # A refresh keeps a capacity someone changed: it may hold their mentees.
    assert MentorProfile.objects.get(pk=anna.pk).capacity == 10


# --- Synthetic benchmark people ------------------------------------------------


@pytest.mark.django_db
def test_every_synthetic_role_names_core_skills_of_its_own_goal_area():
    for roles in (TARGET_ROLES, MENTOR_ROLES):
        for area, by_role in roles.items():
            area_skills = set(
                Skill.objects.filter(goal_areas__code=area).values_list("code", flat=True)
            )
            for role, core in by_role.items():
                assert set(core) <= area_skills, (area, role)


@pytest.mark.django_db
def test_bench_seed_creates_exactly_the_requested_profiles_each_complete():
    output = seed("--mentors", "300", "--mentees", "500", "--chunk", "128")

    assert MentorProfile.objects.count() == 300
    assert MenteeProfile.objects.count() == 500
    assert "rows/s" in output
    for model in (MentorProfile, MenteeProfile):
        profiles = model.objects.annotate(
            n_languages=Count("languages", distinct=True), n_skills=Count("skills", distinct=True)
        )
        assert not profiles.filter(n_languages=0).exists()
        assert not profiles.filter(n_skills=0).exists()
        assert not profiles.filter(formats__lte=0).exists()
    assert not MentorProfile.objects.filter(goal_areas=None).exists()
    for profile in MenteeProfile.objects.all()[:50]:
        assert_availability_shape(profile.availability)
    assert User.objects.filter(email="bench-mentee-499@example.invalid").exists()


@pytest.mark.django_db
def test_bench_seed_run_twice_skips_the_people_already_there():
    seed("--mentors", "20", "--mentees", "30")
    first = dict(MenteeProfile.objects.values_list("user__email", "goals"))

    seed("--mentors", "20", "--mentees", "30")
    assert MentorProfile.objects.count() == 20
    assert MenteeProfile.objects.count() == 30

    seed("--mentors", "25", "--mentees", "30")
    assert MentorProfile.objects.count() == 25
    assert dict(MenteeProfile.objects.values_list("user__email", "goals")) == first


@pytest.mark.django_db
def test_bench_seed_if_empty_does_nothing_when_mentors_exist():
    seed()
    before = MentorProfile.objects.count()

    seed("--if-empty", "--mentors", "10")

    assert MentorProfile.objects.count() == before
