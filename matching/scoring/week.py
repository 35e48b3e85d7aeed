"""The UTC week and availability packing.

A week is 336 half-hour slots in UTC; slot 0 is Monday 00:00–00:30 UTC.
Availability is a bitset of 6 ``uint64`` words (bit ``s`` of the week is bit
``s % 64`` of word ``s // 64``); the top 48 bits of the last word are zero.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from matching.scoring.weights import OVERLAP_SATURATION_MINUTES

SLOT_MINUTES = 30
SLOTS_PER_DAY = 48
SLOTS_PER_WEEK = 336
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 10080
WORDS = 6  # ceil(336 / 64)

SATURATION_SLOTS = OVERLAP_SATURATION_MINUTES // SLOT_MINUTES
# The kernel adds the counts of three 64-bit words to a saturated uint8
# counter, which is exact only while saturation + 3 * 64 <= 255.
if OVERLAP_SATURATION_MINUTES % SLOT_MINUTES or not 0 < SATURATION_SLOTS <= 63:
    raise ValueError("OVERLAP_SATURATION_MINUTES must be a multiple of 30 within 30..1890")

_UTC = dt.UTC
_ONE_MINUTE = dt.timedelta(minutes=1)
# Zones run from UTC-12 to UTC+14, so the local dates that hold a moment of a
# UTC week are the Sunday before it to the Monday after it: nine days.
_FIRST_LOCAL_DAY = -1
_LOCAL_DAYS = 9
# Local wall-clock minutes of each half hour of those days, counted from the
# Monday 00:00 that starts the week (as if the zone were UTC).
_LOCAL_DAY_NUMBERS = np.arange(_FIRST_LOCAL_DAY, _FIRST_LOCAL_DAY + _LOCAL_DAYS)
_LOCAL_MINUTES = _LOCAL_DAY_NUMBERS[:, None] * MINUTES_PER_DAY + np.arange(
    0, MINUTES_PER_DAY, SLOT_MINUTES
)
_LOCAL_WEEKDAYS = _LOCAL_DAY_NUMBERS % 7
_DAY_MINUTES = range(0, MINUTES_PER_DAY, SLOT_MINUTES)
# Index of the extra "outside the week" flag that week_bitset drops.
_OUTSIDE = SLOTS_PER_WEEK


@dataclass(frozen=True)
class Slot:
    """A recurring local time range: ``weekday`` 0=Monday, minutes from local midnight."""

    weekday: int
    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("weekday", "start", "end"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise ValueError(f"Slot.{name} must be an int, got {value!r}")
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"Slot.weekday must be 0..6 (0=Monday), got {self.weekday}")
        if self.start % SLOT_MINUTES or self.end % SLOT_MINUTES:
            raise ValueError(
                f"Slot {self.start}..{self.end} is off the 30-minute grid: "
                "start and end must be multiples of 30 minutes"
            )
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(f"Slot {self.start}..{self.end} must satisfy 0 <= start < end <= 1440")


def _zone(tz: str) -> ZoneInfo:
    if not isinstance(tz, str) or not tz:
        raise ValueError(f"unknown time zone {tz!r}")
    try:
        return ZoneInfo(tz)
    # ZoneInfo raises ZoneInfoNotFoundError (a KeyError) for unknown keys and
    # ValueError/OSError for malformed ones like "../x"; callers get one type.
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc


def _check_monday(week_start: dt.date) -> None:
    if isinstance(week_start, dt.datetime) or not isinstance(week_start, dt.date):
        raise ValueError(f"week_start must be a datetime.date, got {week_start!r}")
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")


def week_bitset(slots: Iterable[Slot], tz: str, week_start: dt.date) -> np.ndarray:
    """UTC availability bitset of local ``slots`` in zone ``tz`` for one concrete week.

    The week is the 336 half hours from Monday ``week_start`` 00:00 UTC.  Each of
    them is set when the local time that really is that moment was chosen: the
    local dates covering the week (from the Sunday before to the Monday after) are
    converted half hour by half hour with each date's own offset, and the times
    landing inside the week are kept.  So DST is exact for that week (Berlin 10:00
    is 09:00 UTC in winter and 08:00 UTC in summer), also at its edges: Berlin's
    Monday 00:00 in the week of 2026-03-23 is the summer-time Monday 2026-03-30,
    Sunday 22:00 UTC, not the winter-time Monday before the week moved by a week.

    Local times are read with ``fold=0``: a time inside a spring-forward gap is
    read with the offset before the change (02:30 on Berlin's switch day becomes
    01:30 UTC, the same instant as 03:30 summer time), and an ambiguous time in
    the autumn repeat hour means its first occurrence.  Zones whose offset is not
    a multiple of 30 minutes (Asia/Kathmandu +05:45) land on the grid slot that
    contains the start of each half hour, i.e. up to 15 minutes early.
    """
    _check_monday(week_start)
    _zone(tz)  # a clear ValueError before the cached table is built
    chosen = np.zeros((7, SLOTS_PER_DAY), dtype=np.bool_)
    for slot in slots:
        if not isinstance(slot, Slot):
            raise ValueError(f"expected Slot, got {slot!r}")
        chosen[slot.weekday, slot.start // SLOT_MINUTES : slot.end // SLOT_MINUTES] = True
    flags = np.zeros(SLOTS_PER_WEEK + 1, dtype=np.bool_)
    flags[_utc_slots(tz, week_start)[chosen[_LOCAL_WEEKDAYS]]] = True
    packed = np.zeros(WORDS * 8, dtype=np.uint8)
    packed[: SLOTS_PER_WEEK // 8] = np.packbits(flags[:SLOTS_PER_WEEK], bitorder="little")
    return packed.view("<u8").astype(np.uint64)


@lru_cache(maxsize=4096)
def _utc_slots(tz: str, week_start: dt.date) -> np.ndarray:
    """(9, 48): the UTC slot of each local half hour of the nine local dates around
    the week (see _LOCAL_MINUTES), or _OUTSIDE where that moment is not in the week.

    One table per zone and week, shared by everyone in the zone.
    """
    zone = _zone(tz)
    first = week_start.toordinal() + _FIRST_LOCAL_DAY
    days = [dt.date.fromordinal(first + d) for d in range(_LOCAL_DAYS + 1)]
    midnights = np.array([_offset(zone, day, 0) for day in days], dtype=np.int64)
    offsets = np.broadcast_to(midnights[:-1, None], _LOCAL_MINUTES.shape)
    # A zone changes its clocks at most once a day, so only a day whose midnight
    # offset differs from the next one's needs converting half hour by half hour.
    changes = np.flatnonzero(midnights[1:] != midnights[:-1])
    if changes.size:
        offsets = offsets.copy()
        for d in changes:
            offsets[d] = [_offset(zone, days[d], minute) for minute in _DAY_MINUTES]
    slots = (_LOCAL_MINUTES - offsets) // SLOT_MINUTES  # UTC slots from the start of the week
    table = np.where((slots >= 0) & (slots < SLOTS_PER_WEEK), slots, _OUTSIDE)
    table.flags.writeable = False
    return table


def _offset(zone: ZoneInfo, day: dt.date, minute: int) -> int:
    """Minutes east of UTC of the local time ``minute`` after midnight of ``day`` (fold=0)."""
    local = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, fold=0)
    return zone.utcoffset(local) // _ONE_MINUTE


def check_bitset(bits: np.ndarray, name: str = "bits") -> np.ndarray:
    array = np.asarray(bits)
    if array.shape[-1:] != (WORDS,) or array.dtype != np.uint64:
        raise ValueError(
            f"{name} must be uint64 with last dimension {WORDS}, got {array.dtype} {array.shape}"
        )
    if np.any(array[..., WORDS - 1] >> np.uint64(SLOTS_PER_WEEK - 64 * (WORDS - 1))):
        raise ValueError(f"{name} has bits set beyond slot {SLOTS_PER_WEEK - 1}")
    return array


def week_bitsets(
    people: Sequence[Iterable[tuple[int, int, int]]], zones: Sequence[str], week_start: dt.date
) -> np.ndarray:
    """``week_bitset`` of many people at once: (n, WORDS) uint64, row i for ``people[i]``
    (their slots as ``(weekday, start, end)`` in minutes) in zone ``zones[i]``."""
    flat = [
        value for person, slots in enumerate(people) for slot in slots for value in (person, *slot)
    ]
    return week_bitsets_of_slots(np.array(flat, dtype=np.int64).reshape(-1, 4), zones, week_start)


# The local dates (indices into _LOCAL_DAY_NUMBERS) of each weekday: one, or two for
# the weekdays of the Sunday before and the Monday after the week (-1 where none).
_DAYS_OF_WEEKDAY = np.full((7, 2), -1, dtype=np.intp)
for _d, _w in enumerate(_LOCAL_WEEKDAYS.tolist()):
    _DAYS_OF_WEEKDAY[_w, int(_DAYS_OF_WEEKDAY[_w, 0] >= 0)] = _d


def week_bitsets_of_slots(
    slots: np.ndarray, zones: Sequence[str], week_start: dt.date
) -> np.ndarray:
    """``week_bitsets`` from everyone's slots as one (m, 4) int array of rows
    ``(person, weekday, start, end)`` (person: 0..len(zones)-1; minutes).

    No Python loop per slot or per person: each slot becomes its local half hours
    on the local dates of its weekday (np.repeat), each half hour its UTC slot by
    its person's zone table (_utc_slots, one per zone and week), and the slots
    landing inside the week set their bits.  Exactly week_bitset's reading.
    """
    _check_monday(week_start)
    n = len(zones)
    slots = np.asarray(slots, dtype=np.int64).reshape(-1, 4)
    person, weekday, start, end = slots.T
    bad = (
        (person < 0) | (person >= n) | (weekday < 0) | (weekday > 6)
        | (start % SLOT_MINUTES != 0) | (end % SLOT_MINUTES != 0)
        | (start < 0) | (start >= end) | (end > MINUTES_PER_DAY)
    )  # fmt: skip
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"slot {(int(weekday[k]), int(start[k]), int(end[k]))} is not a weekday 0..6 with "
            "0 <= start < end <= 1440 on the 30-minute grid"
        )
    number: dict[str, int] = {}
    zone_of = np.array([number.setdefault(tz, len(number)) for tz in zones], dtype=np.intp)
    tables = np.stack(
        [_utc_slots(_zone_key(tz), week_start) for tz in number]
        or [np.zeros((_LOCAL_DAYS, SLOTS_PER_DAY), dtype=np.int64)]
    )
    # One row per (slot, local date of its weekday).
    days = _DAYS_OF_WEEKDAY[weekday]
    twice = days[:, 1] >= 0
    row = np.concatenate([np.arange(person.size), np.flatnonzero(twice)])
    day = np.concatenate([days[:, 0], days[twice, 1]])
    first, last = start[row] // SLOT_MINUTES, end[row] // SLOT_MINUTES
    # Each row's half hours first..last-1, all rows at once.
    lengths = last - first
    cell = np.repeat(row, lengths)
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    half_hour = np.repeat(first, lengths) + offset
    who = person[cell]
    utc = tables[zone_of[who], np.repeat(day, lengths), half_hour]
    flags = np.zeros((n, WORDS * 64), dtype=np.bool_)
    inside = utc < SLOTS_PER_WEEK
    flags[who[inside], utc[inside]] = True
    return np.packbits(flags, axis=1, bitorder="little").view("<u8").astype(np.uint64)


@lru_cache(maxsize=4096)
def _zone_key(tz: str) -> str:
    """``tz``, checked once (ValueError for an unknown zone; failures are not cached):
    ZoneInfo keeps only 8 zones alive, and a cohort's dozen zones reloaded theirs
    from disk on every call."""
    _zone(tz)
    return tz
