"""One synthetic benchmark person, generated from a seeded random source.

Person i of a role comes from its own `random.Random`, so it is the same in every
run; the goals and bios are written from the person's own drawn facts, in Russian
like the real people's. Nothing is saved here (demo/synthetic.py writes them).
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from accounts.models import GoalArea, Language, Skill, User
from demo.data.shapes import SAT, SUN
from demo.data.synthetic import (
    ABROAD_CUM,
    AREA_CUM,
    AREA_INTO,
    AREAS,
    BENCH_EMAIL,
    CAN_OFFER,
    CAPACITIES,
    CAPACITY_CUM,
    FEMALE_NAMES,
    FORMAT_CUM,
    FORMAT_MASKS,
    MALE_NAMES,
    MENTOR_CLOSINGS,
    MENTOR_ROLE_ITEMS,
    PREVIOUS_ROLES,
    RARE_LANGUAGES,
    RUSSIA_CUM,
    STAGE_CUM,
    STAGE_SENTENCES,
    STAGES,
    SURNAMES,
    TARGET_ROLE_ITEMS,
    ZONES_ABROAD,
    ZONES_RUSSIA,
)


class TaxonomyMissing(RuntimeError):
    """The goal areas and skills (a data migration) are not in the database yet."""


@dataclass(frozen=True)
class Taxonomy:
    """The seeded goal areas and skills, loaded once for a whole benchmark run."""

    area_ids: dict[str, int]
    skills: dict[str, list[tuple[int, str]]]  # area code -> [(skill id, Russian name)]
    by_code: dict[str, tuple[int, str]]  # skill code -> (skill id, Russian name)

    @classmethod
    def load(cls) -> "Taxonomy":
        area_ids = dict(GoalArea.objects.values_list("code", "pk"))
        missing = set(AREAS) - area_ids.keys()
        if missing or not Language.objects.filter(code="ru").exists():
            raise TaxonomyMissing("The taxonomy is not seeded: run `manage.py migrate` first.")
        skills: dict[str, list[tuple[int, str]]] = {code: [] for code in area_ids}
        links = Skill.goal_areas.through.objects.values_list(
            "goalarea__code", "skill_id", "skill__name_ru"
        ).order_by("skill__position")
        for area, skill_id, name in links:
            skills[area].append((skill_id, name))
        by_code = {
            code: (pk, name)
            for code, pk, name in Skill.objects.values_list("code", "pk", "name_ru")
        }
        return cls(area_ids=area_ids, skills=skills, by_code=by_code)


@dataclass
class Synthetic:
    """One generated person: the unsaved user, the profile's fields and its M2M rows."""

    user: User
    profile: dict
    skill_ids: list[int]
    languages: list[str]
    goal_area_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Identity:
    full_name: str
    female: bool
    timezone: str
    city: str
    languages: list[str]


def _years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "года"
    return "лет"


def _lower_first(name: str) -> str:
    """«Резюме и письмо» → «резюме и письмо», but SQL, Python or DevOps stay as they are."""
    if not name or name[0].isascii() or (len(name) > 1 and name[1].isupper()):
        return name
    return name[0].lower() + name[1:]


def _surname(rng: random.Random, female: bool) -> str:
    name = rng.choice(SURNAMES)
    if not female:
        return name
    if name.endswith("ий"):
        return name[:-2] + "ая"
    if name.endswith(("ов", "ев", "ёв", "ин")):
        return name + "а"
    return name


def _identity(rng: random.Random, *, abroad_share: float, english_share: float) -> Identity:
    female = rng.random() < 0.55
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    languages = ["ru"]
    if rng.random() < abroad_share:
        zone, _, cities, local = rng.choices(ZONES_ABROAD, cum_weights=ABROAD_CUM)[0]
        if rng.random() < 0.5:
            languages.append(local)
    else:
        zone, _, cities = rng.choices(ZONES_RUSSIA, cum_weights=RUSSIA_CUM)[0]
    if rng.random() < english_share:
        languages.append("en")
    if rng.random() < 0.03:
        languages.append(rng.choice(RARE_LANGUAGES))
    return Identity(
        full_name=f"{first} {_surname(rng, female)}",
        female=female,
        timezone=zone,
        city=rng.choice(cities),
        languages=list(dict.fromkeys(languages)),
    )


# "00:00", "00:30", … "24:00" by the number of half hours.
# Synthetic people are found like any confirmed person (a fixed moment keeps them the same).
CONFIRMED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HHMM = tuple(f"{n // 2:02d}:{30 * (n % 2):02d}" for n in range(49))


def _slot(rng: random.Random, day: int, earliest: int, latest: int, lengths: Sequence[int]) -> dict:
    """A slot starting between two local hours, `lengths` in half hours."""
    start = rng.randint(earliest * 2, latest * 2)
    end = min(start + rng.choice(lengths), 48)
    return {"weekday": day, "start": HHMM[start], "end": HHMM[end]}


def _availability(rng: random.Random) -> list[dict]:
    """Most people work: weekday evenings and a weekend slot; some are free by day."""
    if rng.random() < 0.2:
        days = sorted(rng.sample(range(7), rng.randint(2, 4)))
        return [_slot(rng, day, 9, 16, (2, 3, 4, 6)) for day in days]
    days = sorted(rng.sample(range(5), rng.randint(1, 3)))
    result = [_slot(rng, day, 18, 21, (2, 3, 4)) for day in days]
    if rng.random() < 0.7:
        result.append(_slot(rng, rng.choice((SAT, SUN)), 10, 17, (2, 3, 4, 6)))
    return result


def _skills(
    rng: random.Random,
    taxonomy: Taxonomy,
    *,
    core: Sequence[str],
    core_count: int,
    areas: Sequence[str],
    total: int,
) -> list[tuple[int, str]]:
    """Some skills at the core of the role, the rest from the whole of its areas."""
    chosen = rng.sample([taxonomy.by_code[code] for code in core], k=min(core_count, len(core)))
    pool = [s for area in areas for s in taxonomy.skills[area] if s not in chosen]
    pool = list(dict.fromkeys(pool))
    return chosen + rng.sample(pool, k=min(max(total - len(chosen), 0), len(pool)))


def bench_mentee(rng: random.Random, index: int, taxonomy: Taxonomy, password: str) -> Synthetic:
    who = _identity(rng, abroad_share=0.08, english_share=0.25)
    area = rng.choices(AREAS, cum_weights=AREA_CUM)[0]
    target, core = rng.choice(TARGET_ROLE_ITEMS[area])
    skills = _skills(
        rng,
        taxonomy,
        core=core,
        core_count=rng.randint(1, 3),
        areas=[area],
        total=rng.randint(2, 5),
    )
    background, role = rng.choice(PREVIOUS_ROLES)
    stage = rng.choices(STAGES, cum_weights=STAGE_CUM)[0]
    years = rng.randint(1, 15)
    goals = " ".join(
        (
            f"Сейчас я {role}, в профессии {years} {_years_word(years)}.",
            f"Хочу перейти {AREA_INTO[area]}, цель — должность «{target}».",
            STAGE_SENTENCES[stage],
            "Больше всего нужна помощь с темами: "
            + ", ".join(_lower_first(name) for _, name in skills)
            + ".",
        )
    )
    return Synthetic(
        user=_bench_user("mentee", index, who, password),
        profile={
            "goal_area_id": taxonomy.area_ids[area],
            "current_role": role,
            "current_field": background,
            "target_role": target,
            "stage": stage,
            "goals": goals,
            "can_offer": rng.choice(CAN_OFFER),
            **_bench_profile_fields(rng, who),
        },
        skill_ids=[skill_id for skill_id, _ in skills],
        languages=who.languages,
    )


def bench_mentor(rng: random.Random, index: int, taxonomy: Taxonomy, password: str) -> Synthetic:
    who = _identity(rng, abroad_share=0.25, english_share=0.5)
    areas = [rng.choices(AREAS, cum_weights=AREA_CUM)[0]]
    if rng.random() < 0.25:
        areas.append(rng.choice([area for area in AREAS if area != areas[0]]))
    role_now, core = rng.choice(MENTOR_ROLE_ITEMS[areas[0]])
    skills = _skills(
        rng, taxonomy, core=core, core_count=rng.randint(2, 4), areas=areas, total=rng.randint(3, 8)
    )
    years = rng.randint(1, 20)
    switched = rng.random() < 0.85
    background, from_role = rng.choice(PREVIOUS_ROLES) if switched else ("", "")
    moved = "Перешла" if who.female else "Перешёл"
    bio = [
        f"Моя первая профессия — {from_role}." if switched else "В профессии с начала карьеры.",
        f"{moved} {AREA_INTO[areas[0]]} {years} {_years_word(years)} назад." if switched else "",
        f"Сейчас — {role_now}.",
        "Помогаю с темами: " + ", ".join(_lower_first(name) for _, name in skills) + ".",
        rng.choice(MENTOR_CLOSINGS),
    ]
    return Synthetic(
        user=_bench_user("mentor", index, who, password),
        profile={
            "headline": f"{role_now[0].upper()}{role_now[1:]}, {years} {_years_word(years)} "
            "в профессии",
            "bio": " ".join(part for part in bio if part),
            "years_experience": years,
            "switched_from": background,
            "switched_from_role": from_role,
            "switched_to_id": taxonomy.area_ids[areas[0]] if switched else None,
            "capacity": rng.choices(CAPACITIES, cum_weights=CAPACITY_CUM)[0],
            "accepting_mentees": rng.random() < 0.9,
            **_bench_profile_fields(rng, who),
        },
        skill_ids=[skill_id for skill_id, _ in skills],
        languages=who.languages,
        goal_area_ids=[taxonomy.area_ids[area] for area in areas],
    )


def _bench_user(role: str, index: int, who: Identity, password: str) -> User:
    return User(
        email=BENCH_EMAIL.format(role=role, index=index),
        full_name=who.full_name,
        timezone=who.timezone,
        password=password,
        email_confirmed_at=CONFIRMED_AT,
    )


def _bench_profile_fields(rng: random.Random, who: Identity) -> dict:
    return {
        "timezone": who.timezone,
        "city": who.city,
        "formats": rng.choices(FORMAT_MASKS, cum_weights=FORMAT_CUM)[0],
        "availability": _availability(rng),
    }
