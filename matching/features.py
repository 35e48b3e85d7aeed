"""ORM rows → the scorer's packed arrays.

Reads profiles with a handful of flat queries (no per-row queries), maps
taxonomy rows to bit indices, and turns each person's local weekly slots into
a UTC bitset of the coming week, so daylight saving abroad is right.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Background, GoalArea, MenteeProfile, MentorProfile, Skill, Stage
from matching import scoring

STAGES = {
    Stage.EXPLORING: scoring.Stage.EXPLORING,
    Stage.LEARNING: scoring.Stage.LEARNING,
    Stage.JOB_SEARCH: scoring.Stage.JOB_SEARCH,
    Stage.FIRST_JOB: scoring.Stage.FIRST_JOB,
}
BACKGROUNDS = {value: index for index, value in enumerate(Background.values)}


def coming_week_start(now: dt.datetime | None = None) -> dt.date:
    """The Monday that starts the coming week (today, when today is Monday), in UTC."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@lru_cache(maxsize=65536)
def _bitset(slots: tuple[tuple[int, str, str], ...], tz: str, week: dt.date) -> np.ndarray:
    # Many people share a zone and a typical week ("weekday evenings"), so the
    # zone arithmetic runs once per distinct (slots, zone, week).
    bits = scoring.week_bitset(
        [scoring.Slot(day, _minutes(start), _minutes(end)) for day, start, end in slots], tz, week
    )
    bits.flags.writeable = False
    return bits


def availability_bitset(slots: list[dict], tz: str, week: dt.date) -> np.ndarray:
    key = tuple((slot["weekday"], slot["start"], slot["end"]) for slot in slots)
    return _bitset(key, tz, week)


@dataclass(frozen=True)
class Taxonomy:
    """Bit positions of goal areas, skills and languages, and text codes of cities."""

    goal_areas: dict[int, int]
    skills: dict[int, int]
    languages: dict[str, int]
    cities: dict[str, int]

    @classmethod
    def load(cls, language_codes: Iterable[str]) -> "Taxonomy":
        areas = {
            pk: i
            for i, pk in enumerate(GoalArea.objects.order_by("pk").values_list("pk", flat=True))
        }
        skills = {
            pk: i for i, pk in enumerate(Skill.objects.order_by("pk").values_list("pk", flat=True))
        }
        if len(skills) > scoring.MAX_SKILLS or len(areas) > scoring.MAX_GOAL_AREAS:
            raise ValueError("the taxonomy outgrew the scorer's bit sets")
        # Only the languages mentors speak get a bit (a mentee's other languages
        # are common with nobody); more than 64 of them share the last bit (a
        # rare, harmless false "common language").
        languages = {
            code: min(i, scoring.MAX_LANGUAGES - 1) for i, code in enumerate(sorted(language_codes))
        }
        return cls(areas, skills, languages, {})

    def city(self, name: str) -> int:
        key = name.strip().casefold()
        if not key:
            return -1
        return self.cities.setdefault(key, len(self.cities))


def _through(model, owner: str, target: str, ids: list[int] | None) -> dict[int, list]:
    rows = model.objects.all()
    if ids is not None:
        rows = rows.filter(**{f"{owner}__in": ids})
    grouped: dict[int, list] = defaultdict(list)
    for owner_id, target_id in rows.values_list(owner, target).iterator(chunk_size=20000):
        grouped[owner_id].append(target_id)
    return grouped


def _language_codes(grouped: dict[int, list[str]]) -> set[str]:
    codes: set[str] = set()
    for values in grouped.values():
        codes.update(values)
    return codes


class TrackFacts(NamedTuple):
    """What a mentor's track record says, for the sentence that explains it."""

    rating_avg: float | None
    rating_count: int
    responsiveness: float | None


@dataclass(frozen=True)
class Batch:
    mentees: scoring.MenteeFeatures
    mentors: scoring.MentorFeatures
    taxonomy: Taxonomy
    week: dt.date
    # Mentor id → their known track record (mentors without one are absent).
    track: dict[int, TrackFacts] = field(default_factory=dict)


def load_batch(
    mentees: QuerySet[MenteeProfile],
    mentors: QuerySet[MentorProfile],
    *,
    week: dt.date | None = None,
    track_outcomes: float = scoring.TRACK_OUTCOMES_PERCENT,
) -> Batch:
    """Packs the given mentees and mentors for one scoring run."""
    return next(load_batches([mentees], mentors, week=week, track_outcomes=track_outcomes))


def load_batches(
    mentee_chunks: Iterable[QuerySet[MenteeProfile]],
    mentors: QuerySet[MentorProfile],
    *,
    week: dt.date | None = None,
    track_outcomes: float = scoring.TRACK_OUTCOMES_PERCENT,
) -> Iterator[Batch]:
    """One Batch per chunk of mentees, all against the same mentors.

    The mentors are read and packed once, not once per chunk (a refresh of
    10,000 mentees spent ~1 s re-reading the same 2,000 mentors). A mentor's
    track factor takes in their outcome share (issue 16) at `track_outcomes`
    percent: the programme's weight, or the scorer's default.
    """
    week = week or coming_week_start()
    mentor_rows = list(
        mentors.values_list(
            "user_id", "formats", "availability", "timezone", "city", "years_experience",
            "capacity", "active_mentees", "accepting_mentees", "switched_from", "switched_to_id",
            "track_record", "rating_avg", "rating_count", "responsiveness", "outcome_share",
        ).order_by("user_id")
    )  # fmt: skip
    mentor_ids = [row[0] for row in mentor_rows]
    r_skills = _through(MentorProfile.skills.through, "mentorprofile_id", "skill_id", mentor_ids)
    r_langs = _through(
        MentorProfile.languages.through, "mentorprofile_id", "language_id", mentor_ids
    )
    r_areas = _through(
        MentorProfile.goal_areas.through, "mentorprofile_id", "goalarea_id", mentor_ids
    )
    tax = Taxonomy.load(_language_codes(r_langs))
    packed_mentors = scoring.pack_mentors(
        [
            scoring.MentorRow(
                id=pk,
                goal_areas=[tax.goal_areas[a] for a in r_areas[pk]],
                skills=[tax.skills[s] for s in r_skills[pk]],
                languages=[tax.languages[code] for code in r_langs[pk]],
                formats=formats,
                availability=availability_bitset(slots, tz, week),
                years_experience=float(years),
                free_places=max(capacity - active, 0),
                accepting=accepting,
                switch_from=BACKGROUNDS.get(switched_from, -1),
                switch_to=tax.goal_areas.get(switched_to, -1),
                city=tax.city(city),
                track_record=scoring.track_with_outcomes(track_record, outcome, track_outcomes),
            )
            for (
                pk, formats, slots, tz, city, years, capacity, active, accepting, switched_from,
                switched_to, track_record, *_track_facts, outcome,
            ) in mentor_rows
        ]
    )  # fmt: skip
    track = {
        pk: TrackFacts(rating_avg, rating_count, responsiveness)
        for pk, *_profile, record, rating_avg, rating_count, responsiveness, _out in mentor_rows
        if record is not None
    }
    for mentees in mentee_chunks:
        yield Batch(_pack_mentees(mentees, tax, week), packed_mentors, tax, week, track)


def _pack_mentees(
    mentees: QuerySet[MenteeProfile], tax: Taxonomy, week: dt.date
) -> scoring.MenteeFeatures:
    mentee_rows = list(
        mentees.values_list(
            "user_id", "goal_area_id", "stage", "current_field", "formats", "availability",
            "timezone", "city",
        ).order_by("user_id")
    )  # fmt: skip
    mentee_ids = [row[0] for row in mentee_rows]
    e_skills = _through(MenteeProfile.skills.through, "menteeprofile_id", "skill_id", mentee_ids)
    e_langs = _through(
        MenteeProfile.languages.through, "menteeprofile_id", "language_id", mentee_ids
    )
    return scoring.pack_mentees(
        [
            scoring.MenteeRow(
                id=pk,
                goal_area=tax.goal_areas[area],
                skills=[tax.skills[s] for s in e_skills[pk]],
                languages=[tax.languages[code] for code in e_langs[pk] if code in tax.languages],
                formats=formats,
                availability=availability_bitset(slots, tz, week),
                stage=STAGES[stage],
                switch_from=BACKGROUNDS.get(field, -1),
                switch_to=tax.goal_areas[area],
                city=tax.city(city),
            )
            for pk, area, stage, field, formats, slots, tz, city in mentee_rows
        ]
    )
