"""The UTC week: local availability packed into UTC bitsets, DST-exact.

Pure: zoneinfo, numpy and hypothesis; no database.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.scoring import SLOTS_PER_WEEK, WORDS, Slot, pack_mentees, week_bitset
from tests.matching.scoring_data import (
    AFTER_DST,
    BEFORE_DST,
    FAST,
    WEEK,
    common_minutes,
    etc_zone,
    flags,
    mentee_row,
    slots_strategy,
)


def test_kamchatka_monday_0100_is_sunday_1300_utc():
    bitset = week_bitset([Slot(0, 60, 90)], "Asia/Kamchatka", WEEK)
    assert np.flatnonzero(flags(bitset)).tolist() == [6 * 48 + 26]


def test_slot_across_week_boundary_overlaps_utc_sunday_slot():
    kamchatka = week_bitset([Slot(0, 30, 120)], "Asia/Kamchatka", WEEK)  # Mon 00:30-02:00
    utc_sunday = week_bitset([Slot(6, 13 * 60, 14 * 60)], "UTC", WEEK)  # Sun 13:00-14:00
    assert common_minutes(kamchatka, utc_sunday) == 60
    assert common_minutes(kamchatka, week_bitset([Slot(0, 30, 120)], "UTC", WEEK)) == 0


@FAST
@given(st.integers(0, 23), st.integers(1, 24))
def test_kamchatka_monday_morning_lands_on_utc_sunday(start_slot, length):
    end_slot = min(start_slot + length, 24)  # up to Monday 12:00 local = Monday 00:00 UTC
    local = week_bitset([Slot(0, start_slot * 30, end_slot * 30)], "Asia/Kamchatka", WEEK)
    utc = week_bitset([Slot(6, (start_slot + 24) * 30, (end_slot + 24) * 30)], "UTC", WEEK)
    assert np.array_equal(local, utc)
    assert common_minutes(local, utc) == (end_slot - start_slot) * 30


@FAST
@given(
    st.lists(slots_strategy, max_size=4),
    st.lists(slots_strategy, max_size=4),
    st.integers(-12, 14),
    st.integers(-12, 14),
    st.integers(-26, 26),
)
def test_shifting_both_zones_by_the_same_amount_changes_nothing(
    slots_a, slots_b, hours_a, hours_b, shift
):
    if not (-12 <= hours_a + shift <= 14 and -12 <= hours_b + shift <= 14):
        shift = 0 if shift == 0 else -hours_a  # keep the draw useful: move A to UTC
        if not -12 <= hours_b + shift <= 14:
            shift = 0
    a = week_bitset(slots_a, etc_zone(hours_a), WEEK)
    b = week_bitset(slots_b, etc_zone(hours_b), WEEK)
    a_moved = week_bitset(slots_a, etc_zone(hours_a + shift), WEEK)
    b_moved = week_bitset(slots_b, etc_zone(hours_b + shift), WEEK)
    # The whole week rotates by the shift; overlap is unchanged.
    assert np.array_equal(flags(a_moved), np.roll(flags(a), -2 * shift))
    assert common_minutes(a_moved, b_moved) == common_minutes(a, b)


def test_real_zones_with_constant_offset_match_fixed_offsets():
    slots = [Slot(2, 19 * 60, 22 * 60), Slot(5, 10 * 60, 12 * 60)]
    moscow = week_bitset(slots, "Europe/Moscow", WEEK)
    yekaterinburg = week_bitset(slots, "Asia/Yekaterinburg", WEEK)
    assert np.array_equal(moscow, week_bitset(slots, etc_zone(3), WEEK))
    assert common_minutes(moscow, yekaterinburg) == 60 + 0  # 19-22 MSK vs 17-20 MSK


@pytest.mark.parametrize("year", [2026, 2027])
def test_berlin_slot_moves_one_hour_earlier_in_utc_after_spring_change(year):
    for weekday in range(6):  # Sunday is the day of the change itself
        for start in range(48):
            slot = Slot(weekday, start * 30, start * 30 + 30)
            winter = week_bitset([slot], "Europe/Berlin", BEFORE_DST[year])
            summer = week_bitset([slot], "Europe/Berlin", AFTER_DST[year])
            local = weekday * 48 + start
            # CET is UTC+1, but the week's UTC start is Monday 01:00 CET, and it
            # ends at Monday 02:00 CEST: the next Monday's 00:00-02:00, in summer
            # time, falls into the week too (and 01:00-02:00 so twice).
            expected_winter = [local - 2] if local >= 2 else []
            if local < 4:
                expected_winter.append(local - 4 + SLOTS_PER_WEEK)
            assert np.flatnonzero(flags(winter)).tolist() == expected_winter
            summer_slot = (local - 4) % SLOTS_PER_WEEK  # CEST, UTC+2, both Mondays
            assert np.flatnonzero(flags(summer)).tolist() == [summer_slot]


def test_moscow_slot_does_not_move_around_berlin_spring_change():
    slot = [Slot(2, 600, 630)]
    before = week_bitset(slot, "Europe/Moscow", BEFORE_DST[2026])
    after = week_bitset(slot, "Europe/Moscow", AFTER_DST[2026])
    assert np.array_equal(before, after)
    assert np.flatnonzero(flags(before)).tolist() == [2 * 48 + 14]  # Wed 07:00 UTC


def test_berlin_nonexistent_time_uses_offset_before_the_change():
    # 2026-03-29 02:30 does not exist in Berlin; fold=0 reads it as CET (UTC+1).
    gap = week_bitset([Slot(6, 150, 180)], "Europe/Berlin", BEFORE_DST[2026])
    after_gap = week_bitset([Slot(6, 210, 240)], "Europe/Berlin", BEFORE_DST[2026])
    assert np.flatnonzero(flags(gap)).tolist() == [6 * 48 + 3]  # Sunday 01:30 UTC
    assert np.array_equal(gap, after_gap)  # the same instant as 03:30 CEST


def test_berlin_ambiguous_time_is_its_first_occurrence():
    # 2026-10-25 02:30 happens twice in Berlin; fold=0 is the first (CEST, UTC+2).
    bitset = week_bitset([Slot(6, 150, 180)], "Europe/Berlin", dt.date(2026, 10, 19))
    assert np.flatnonzero(flags(bitset)).tolist() == [6 * 48 + 1]  # Sunday 00:30 UTC


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe/Nowhere", "", "../../etc/passwd"])
def test_unknown_zone_raises_value_error(zone):
    with pytest.raises(ValueError, match="unknown time zone"):
        week_bitset([Slot(0, 0, 30)], zone, WEEK)


@pytest.mark.parametrize(
    ("weekday", "start", "end"),
    [(0, 15, 45), (0, 0, 1470), (0, 60, 60), (0, 90, 30), (7, 0, 30), (-1, 0, 30), (0, -30, 30)],
)
def test_slot_off_grid_raises_value_error(weekday, start, end):
    with pytest.raises(ValueError, match="Slot"):
        Slot(weekday, start, end)


def test_slot_may_end_at_midnight():
    bitset = week_bitset([Slot(6, 1410, 1440)], "UTC", WEEK)
    assert np.flatnonzero(flags(bitset)).tolist() == [335]


def test_week_start_must_be_a_monday():
    with pytest.raises(ValueError, match="Monday"):
        week_bitset([Slot(0, 0, 30)], "UTC", dt.date(2026, 3, 24))


def test_bits_past_the_last_slot_are_rejected():
    bad = np.zeros(WORDS, dtype=np.uint64)
    bad[WORDS - 1] = np.uint64(1) << np.uint64(SLOTS_PER_WEEK - 64 * (WORDS - 1))
    with pytest.raises(ValueError, match="beyond slot"):
        pack_mentees([mentee_row(availability=bad)])


# --- weeks in which the clocks change --------------------------------------------


def test_berlin_monday_midnight_in_the_week_of_the_spring_change():
    # The UTC week of 2026-03-23 runs from Monday 01:00 CET to Monday 2026-03-30
    # 02:00 CEST, so its local Monday 00:00 is the one of 2026-03-30, in summer
    # time: Sunday 22:00 UTC (slot 332), not 23:00 (slot 334, the winter offset of
    # the Monday before the week).
    bitset = week_bitset([Slot(0, 0, 60)], "Europe/Berlin", dt.date(2026, 3, 23))
    assert np.flatnonzero(flags(bitset)).tolist() == [332, 333]


def test_berlin_monday_0130_appears_twice_in_the_week_of_the_spring_change():
    # Monday 01:30 CET of 2026-03-23 is 00:30 UTC, inside the week; so is Monday
    # 01:30 CEST of 2026-03-30 (Sunday 23:30 UTC): the week holds both.
    bitset = week_bitset([Slot(0, 90, 120)], "Europe/Berlin", dt.date(2026, 3, 23))
    assert np.flatnonzero(flags(bitset)).tolist() == [1, 335]


def test_berlin_monday_0100_is_outside_the_week_of_the_autumn_change():
    # The UTC week of 2026-10-19 runs from Monday 02:00 CEST to Monday 2026-10-26
    # 01:00 CET: neither Monday's 01:00-02:00 falls inside it.
    bitset = week_bitset([Slot(0, 60, 120)], "Europe/Berlin", dt.date(2026, 10, 19))
    assert np.flatnonzero(flags(bitset)).tolist() == []
    midnight = week_bitset([Slot(0, 0, 30)], "Europe/Berlin", dt.date(2026, 10, 19))
    assert np.flatnonzero(flags(midnight)).tolist() == [334]  # 2026-10-25 23:00 UTC


def test_new_york_sunday_evening_in_the_week_of_the_spring_change():
    # New York changes on Sunday 2026-03-08; in the UTC week of 2026-03-09 the
    # Sunday 20:00 that ends it is 2026-03-15 EDT (UTC-4), Monday 00:00 UTC.
    late = week_bitset([Slot(6, 19 * 60, 20 * 60)], "America/New_York", dt.date(2026, 3, 9))
    # 2026-03-15 19:00 EDT is 23:00 UTC, the last hour of the week.
    assert np.flatnonzero(flags(late)).tolist() == [334, 335]
    # Sunday 20:00 EDT of 2026-03-08 is Monday 00:00 UTC, slot 0 of the week.
    start = week_bitset([Slot(6, 20 * 60, 21 * 60)], "America/New_York", dt.date(2026, 3, 9))
    assert np.flatnonzero(flags(start)).tolist() == [0, 1]


def test_kathmandu_quarter_hour_offset_lands_on_the_slot_of_its_start():
    # Monday 00:00 +05:45 is Sunday 18:15 UTC: the slot that starts 18:00.
    bitset = week_bitset([Slot(0, 0, 30)], "Asia/Kathmandu", WEEK)
    assert np.flatnonzero(flags(bitset)).tolist() == [6 * 48 + 36]


def _zones() -> list[str]:
    from accounts.timezones import available_timezones  # the zones a profile may choose

    return sorted(available_timezones())


def _mondays(first_year: int, last_year: int) -> list[dt.date]:
    monday = dt.date(first_year, 1, 1) - dt.timedelta(days=dt.date(first_year, 1, 1).weekday())
    mondays = []
    while monday.year <= last_year:
        mondays.append(monday)
        monday += dt.timedelta(days=7)
    return mondays


_UTC = dt.UTC
_MINUTE = dt.timedelta(minutes=1)


def _brute_force_slots(chosen: set[tuple[int, int]], zone, week: dt.date) -> list[int]:
    """UTC slots of the week holding a chosen local (weekday, half hour): every date
    with that weekday from two days before the week to two days after it, each
    half hour converted on its own with zoneinfo's offset for it (fold=0)."""
    found = set()
    for weekday, half in chosen:
        for day_offset in (weekday - 7, weekday, weekday + 7):
            if not -2 <= day_offset <= 8:
                continue
            day = week + dt.timedelta(days=day_offset)
            local = dt.datetime(day.year, day.month, day.day, half // 2, half % 2 * 30)
            minutes = day_offset * 1440 + half * 30 - zone.utcoffset(local) // _MINUTE
            if 0 <= minutes < SLOTS_PER_WEEK * 30:
                found.add(minutes // 30)
    return sorted(found)


def _change_days(zone) -> set[dt.date]:
    """Local dates (2025-12-20..2029-01-10) whose midnight offset differs from the next one's."""
    day, changes = dt.date(2025, 12, 20), set()
    before = zone.utcoffset(dt.datetime(day.year, day.month, day.day))
    while day < dt.date(2029, 1, 10):
        after_day = day + dt.timedelta(days=1)
        after = zone.utcoffset(dt.datetime(after_day.year, after_day.month, after_day.day))
        if after != before:
            changes.add(day)
        day, before = after_day, after
    return changes


def _half_hours_to_test(
    zone, week: dt.date, change_days: set[dt.date], turn: int
) -> set[tuple[int, int]]:
    """Local (weekday, half hour)s where a mistake would show: around the local
    times at which the UTC week starts and ends, the whole local day of each clock
    change near the week, and three more that move along the week from one week to
    the next (so that every local half hour is tested in every zone)."""
    origin = dt.datetime(week.year, week.month, week.day, tzinfo=_UTC)
    chosen = set()
    for edge in (origin, origin + dt.timedelta(days=7)):
        wall = edge.astimezone(zone)
        base = wall.weekday() * 48 + (wall.hour * 60 + wall.minute) // 30
        chosen.update(divmod((base + step) % SLOTS_PER_WEEK, 48) for step in range(-1, 2))
    for d in range(-2, 9):
        day = week + dt.timedelta(days=d)
        if day in change_days:
            chosen.update((day.weekday(), half) for half in range(48))
    chosen.update(divmod((turn * 3 + k * 112) % SLOTS_PER_WEEK, 48) for k in range(3))
    return chosen


def _as_slots(chosen: set[tuple[int, int]]) -> list[Slot]:
    """The chosen half hours as Slots, runs of consecutive ones joined."""
    runs: list[list[int]] = []  # [weekday, first half hour, end half hour]
    for weekday, half in sorted(chosen):
        if runs and runs[-1][0] == weekday and runs[-1][2] == half:
            runs[-1][2] = half + 1
        else:
            runs.append([weekday, half, half + 1])
    return [Slot(weekday, start * 30, end * 30) for weekday, start, end in runs]


def test_every_zone_and_week_of_2026_to_2028_packs_like_zoneinfo():
    failures = []
    weeks = _mondays(2026, 2028)
    for z, name in enumerate(_zones()):
        zone = zoneinfo.ZoneInfo(name)
        change_days = _change_days(zone)
        for w, week in enumerate(weeks):
            chosen = _half_hours_to_test(zone, week, change_days, z + w)
            packed = week_bitset(_as_slots(chosen), name, week)
            got = np.flatnonzero(
                np.unpackbits(packed.astype("<u8").view(np.uint8), bitorder="little")
            ).tolist()
            if got != _brute_force_slots(chosen, zone, week):
                failures.append((name, week.isoformat()))
    assert not failures, f"{len(failures)} zone weeks differ, e.g. {failures[:5]}"


def test_packing_everyone_at_once_equals_packing_each_person():
    """week_bitsets (the app's packing, no loop per person) against week_bitset,
    for a person in every zone a profile may choose, every week of 2026: the
    weeks of each zone's clock changes included."""
    from matching.scoring import week_bitsets

    rng = np.random.default_rng(2026)
    zones = _zones()
    for week in _mondays(2026, 2026):
        people = []
        for _zone_name in zones:
            slots = []
            for _ in range(rng.integers(0, 4)):
                start = int(rng.integers(0, 48))
                end = int(rng.integers(start + 1, 49))
                slots.append((int(rng.integers(0, 7)), start * 30, end * 30))
            people.append(slots)
        expected = np.array(
            [
                week_bitset([Slot(*slot) for slot in slots], name, week)
                for slots, name in zip(people, zones, strict=True)
            ]
        )
        got = week_bitsets(people, zones, week)
        assert got.dtype == np.uint64
        mismatched = [zones[i] for i in np.flatnonzero((got != expected).any(axis=1))]
        assert not mismatched, (week, mismatched[:5])


def test_packing_everyone_at_once_refuses_a_slot_off_the_grid():
    from matching.scoring import week_bitsets

    with pytest.raises(ValueError, match="30-minute grid"):
        week_bitsets([[(0, 0, 30)], [(1, 15, 60)]], ["UTC", "UTC"], WEEK)
    with pytest.raises(ValueError, match="unknown time zone"):
        week_bitsets([[(0, 0, 30)]], ["Mars/Olympus"], WEEK)
