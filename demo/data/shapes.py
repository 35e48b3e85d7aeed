"""What the demo's data is made of: people with their profiles, and the stories
they lived (goals, sessions, tasks, messages, evaluations)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentorship.models import GoalStatus, Side, TaskStatus

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
VIDEO, CHAT, IN_PERSON = "video", "chat", "in_person"
MENTEE, MENTOR = Side.MENTEE, Side.MENTOR


def slots(days: Iterable[int], start: str, end: str) -> list[dict]:
    """The same local time range on several weekdays, as stored in `availability`."""
    return [{"weekday": day, "start": start, "end": end} for day in days]


# --- People -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoMentor:
    goal_areas: tuple[str, ...]
    skills: tuple[str, ...]
    headline: str
    bio: str
    years_experience: int
    switched_from: str
    switched_from_role: str
    switched_to: str | None
    capacity: int


@dataclass(frozen=True)
class DemoMentee:
    goal_area: str
    skills: tuple[str, ...]
    current_role: str
    current_field: str
    target_role: str
    stage: str
    goals: str
    can_offer: str = ""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    timezone: str
    city: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    availability: list[dict]
    mentor: DemoMentor | None = None
    mentee: DemoMentee | None = None


# --- Stories ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoGoal:
    title: str
    due: dt.date | None = None
    status: str = GoalStatus.OPEN


@dataclass(frozen=True)
class DemoSession:
    starts_at: dt.datetime
    agenda: str
    held: bool = True
    notes: str = ""
    rating: int | None = None  # the mentee's
    private: dict[str, str] = field(default_factory=dict)  # side → that side's own note


@dataclass(frozen=True)
class DemoTask:
    title: str
    details: str
    due: dt.date | None = None
    status: str = TaskStatus.OPEN


@dataclass(frozen=True)
class DemoMessage:
    side: str
    at: dt.datetime
    body: str


@dataclass(frozen=True)
class DemoEvaluation:
    side: str
    at: dt.datetime
    answers: dict


@dataclass(frozen=True)
class Story:
    mentee: str
    mentor: str
    requested_at: dt.datetime
    started_at: dt.datetime
    # When each phase after the initial one began; the last one is where the pair is now.
    phases: dict[str, dt.datetime]
    checklist: tuple[str, ...]
    goals: tuple[DemoGoal, ...]
    sessions: tuple[DemoSession, ...]
    tasks: tuple[DemoTask, ...]
    messages: tuple[DemoMessage, ...]
    evaluations: tuple[DemoEvaluation, ...] = ()
    # The mentee has not yet read the mentor's last message: the thread shows one new.
    mentee_unread: bool = False
