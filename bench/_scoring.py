"""Benchmark of matching.scoring on random but realistic features.

Part 1 of bench/matching.py (`make bench`); alone: python bench/_scoring.py [--mentors N]

Prints throughput of score_block over mentee blocks (what the refresh and the
cohort run call, through top_k_block and candidates_for), top_k_block over a
block, and the same scoring done by a plain Python loop over pairs (on a small
sample) for comparison. A mentee's own refresh is timed end to end in
bench/matching.py, part 3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from matching import scoring
from matching.scoring import (
    SKILL_WORDS,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    WORDS,
    Format,
    MenteeFeatures,
    MentorFeatures,
)

SEED = 20260323
N_GOAL_AREAS = 12
N_SKILLS = 110  # crosses the 64-bit word boundary on purpose
N_CITIES = 40
N_ROLE_FAMILIES = 15
# Russian-speaking users: mostly UTC+2..+12, some abroad (whole-hour offsets
# are enough for a benchmark; DST is exercised in the tests).
UTC_OFFSETS_H = np.array([2, 3, 3, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 11, 12, 1, 1, 0, -5])


def _availability(rng: np.random.Generator, n: int) -> np.ndarray:
    """Weekday evenings and weekend daytime blocks in a local zone, as UTC bits."""
    flags = np.zeros((n, SLOTS_PER_WEEK), dtype=bool)
    offset_slots = rng.choice(UTC_OFFSETS_H, size=n) * 2
    rows = np.arange(n)
    for _ in range(4):  # up to four recurring blocks of 1..3 hours
        day = rng.integers(0, 7, size=n)
        weekend = day >= 5
        start_h = np.where(weekend, rng.integers(9, 18, size=n), rng.integers(7, 22, size=n))
        length = rng.integers(2, 7, size=n)  # in half hours
        keep = rng.random(n) < 0.8
        for step in range(6):
            local = day * SLOTS_PER_DAY + start_h * 2 + step
            utc = (local - offset_slots) % SLOTS_PER_WEEK
            on = keep & (step < length)
            flags[rows[on], utc[on]] = True
    padded = np.zeros((n, WORDS * 64), dtype=bool)
    padded[:, :SLOTS_PER_WEEK] = flags
    return np.packbits(padded, axis=1, bitorder="little").view("<u8").astype(np.uint64)


def _skills(rng: np.random.Generator, n: int, area: np.ndarray, low: int, high: int) -> np.ndarray:
    """Skills mostly from the person's area (8 per area) plus general ones."""
    words = np.zeros((n, SKILL_WORDS), dtype=np.uint64)
    count = rng.integers(low, high + 1, size=n)
    for step in range(high):
        own = area * 8 + rng.integers(0, 8, size=n)
        general = rng.integers(N_GOAL_AREAS * 8, N_SKILLS, size=n)
        skill = np.where(rng.random(n) < 0.75, own, general)
        on = step < count
        np.bitwise_or.at(
            words,
            (np.flatnonzero(on), skill[on] // 64),
            np.uint64(1) << (skill[on] % 64).astype(np.uint64),
        )
    return words


def _languages(rng: np.random.Generator, n: int) -> np.ndarray:
    russian = rng.random(n) < 0.95
    english = rng.random(n) < 0.35
    other = rng.integers(2, 8, size=n)
    other_on = rng.random(n) < 0.15
    mask = russian.astype(np.uint64) | (english.astype(np.uint64) << np.uint64(1))
    mask |= np.where(other_on, np.uint64(1) << other.astype(np.uint64), np.uint64(0))
    return np.where(mask == 0, np.uint64(1), mask)


def _formats(rng: np.random.Generator, n: int) -> np.ndarray:
    video = rng.random(n) < 0.85
    chat = rng.random(n) < 0.6
    in_person = rng.random(n) < 0.2
    flags = video * int(Format.VIDEO) + chat * int(Format.CHAT) + in_person * int(Format.IN_PERSON)
    return np.where(flags == 0, int(Format.VIDEO), flags).astype(np.uint8)


def _city(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.where(rng.random(n) < 0.7, rng.zipf(1.6, size=n) % N_CITIES, -1).astype(np.int32)


def _switch(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    known = rng.random(n) < 0.8
    src = np.where(known, rng.integers(0, N_ROLE_FAMILIES, size=n), -1)
    dst = np.where(rng.random(n) < 0.9, rng.zipf(1.5, size=n) % N_ROLE_FAMILIES, -1)
    return src.astype(np.int16), dst.astype(np.int16)


def random_mentees(rng: np.random.Generator, n: int, first_id: int = 1) -> MenteeFeatures:
    area = rng.integers(0, N_GOAL_AREAS, size=n)
    switch_from, switch_to = _switch(rng, n)
    return MenteeFeatures(
        ids=np.arange(first_id, first_id + n, dtype=np.int64),
        goal_area=area.astype(np.int16),
        skills=_skills(rng, n, area, 2, 8),
        languages=_languages(rng, n),
        formats=_formats(rng, n),
        availability=_availability(rng, n),
        stage=rng.integers(0, 4, size=n).astype(np.int8),
        switch_from=switch_from,
        switch_to=switch_to,
        city=_city(rng, n),
    )


def random_mentors(rng: np.random.Generator, n: int, first_id: int = 10_000_001) -> MentorFeatures:
    main_area = rng.integers(0, N_GOAL_AREAS, size=n)
    extra_area = rng.integers(0, N_GOAL_AREAS, size=n)
    areas = (np.uint64(1) << main_area.astype(np.uint64)) | np.where(
        rng.random(n) < 0.4, np.uint64(1) << extra_area.astype(np.uint64), np.uint64(0)
    )
    switch_from, switch_to = _switch(rng, n)
    track = np.where(rng.random(n) < 0.6, rng.beta(5, 2, size=n), scoring.TRACK_RECORD_UNKNOWN)
    return MentorFeatures(
        ids=np.arange(first_id, first_id + n, dtype=np.int64),
        goal_areas=areas,
        skills=_skills(rng, n, main_area, 5, 15),
        languages=_languages(rng, n),
        formats=_formats(rng, n),
        availability=_availability(rng, n),
        years_experience=rng.gamma(2.0, 3.0, size=n).astype(np.float32),
        switch_from=switch_from,
        switch_to=switch_to,
        city=_city(rng, n),
        free_places=rng.integers(0, 4, size=n).astype(np.int16),
        accepting=rng.random(n) < 0.9,
        track_record=track.astype(np.float32),
    )


def _timings(repeats: int, fn: Callable[[], object]) -> tuple[float, float]:
    """(best, median) wall time in seconds; best is the least disturbed run."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _cpu_time(fn: Callable[[], object]) -> float:
    """CPU seconds of this process (one thread here): what one core does, however
    busy the machine is with others."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def _block_throughput(
    mentees: MenteeFeatures, mentors: MentorFeatures, block: int, workers: int, rounds: int
) -> tuple[float, float]:
    """(best, median) pairs/s of score_block over all mentee blocks."""

    def run() -> None:
        for b0 in range(0, len(mentees), block):
            scoring.score_block(mentees.take(slice(b0, b0 + block)), mentors, workers=workers)

    run()  # warm-up: caches on the mentor batch
    best, median = _timings(rounds, run)
    pairs = len(mentees) * len(mentors)
    return pairs / best, pairs / median


def main(argv: list[str] | None = None) -> tuple[float, float]:
    """Prints the figures; returns the plain-Python loop's pairs per second and
    score_block's best on one core."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--block", type=int, default=256, help="mentees per score_block call")
    parser.add_argument("--blocks", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--python-pairs", type=int, default=20_000)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(SEED)
    mentors = random_mentors(rng, args.mentors)
    mentees = random_mentees(rng, args.block * args.blocks)
    cpus = os.cpu_count() or 1
    print(
        f"numpy {np.__version__}, {cpus} CPUs, {len(mentors):,} mentors, "
        f"{len(mentees):,} mentees in blocks of {args.block}, best/median of {args.rounds}; "
        f"load average {os.getloadavg()[0]:.2f} (other processes skew wall-clock figures)"
    )

    # Throughput of score_block over mentee blocks (new output array per block).
    passing = np.count_nonzero(
        scoring.score_block(mentees.take(slice(0, args.block)), mentors) >= 0
    )
    print(f"{passing / (args.block * len(mentors)):.1%} of pairs pass the hard filters")
    from matching import compiled_kernel

    compiled_kernel.score_block(mentees.take(slice(0, 2)), mentors)  # compiled once
    cpu_rates = {}
    for name, scorer in (("numpy (reference)", scoring.score_block),
                         ("compiled (the app's)", compiled_kernel.score_block)):  # fmt: skip
        block = mentees.take(slice(0, args.block))
        cpu_best = min(
            _cpu_time(lambda s=scorer, b=block: s(b, mentors)) for _ in range(args.rounds)
        )
        cpu_rates[name] = args.block * len(mentors) / cpu_best
        best, median = _timings(args.rounds, lambda s=scorer, b=block: s(b, mentors))
        print(
            f"{name} score_block, one thread: {cpu_rates[name] / 1e6:.0f} M pairs per CPU "
            f"second; wall clock {args.block * len(mentors) / best / 1e6:.0f} M pairs/s best, "
            f"{args.block * len(mentors) / median / 1e6:.0f} M median"
        )
    rates = {}
    for workers in sorted({1, min(2, cpus)}):
        best, median = _block_throughput(mentees, mentors, args.block, workers, args.rounds)
        rates[workers] = best
        print(
            f"score_block, workers={workers}: {best / 1e6:.1f} M pairs/s best, "
            f"{median / 1e6:.1f} M median"
        )

    first_block = mentees.take(slice(0, args.block))
    best, median = _timings(
        args.rounds, lambda: scoring.top_k_block(first_block, mentors, k=10, block=args.block)
    )
    print(
        f"top_k_block(k=10), {args.block} mentees vs {len(mentors):,} mentors: "
        f"{best * 1e3:.0f} ms best, {median * 1e3:.0f} ms median "
        f"({args.block * len(mentors) / best / 1e6:.1f} M pairs/s)"
    )

    # The same scoring with a plain Python loop over pairs, on a sample.
    sample_mentees = mentees.take(slice(0, 20))
    sample_mentors = mentors.take(slice(0, max(1, args.python_pairs // len(sample_mentees))))
    start = time.perf_counter()
    reference = scoring.score_block_python(sample_mentees, sample_mentors)
    python_rate = reference.size / (time.perf_counter() - start)
    vectorised = scoring.score_block(sample_mentees, sample_mentors)
    max_diff = float(np.max(np.abs(reference - vectorised)))
    print(
        f"plain Python loop over pairs: {reference.size:,} pairs at "
        f"{python_rate / 1e3:.1f} k pairs/s; score_block (workers=1) is "
        f"{rates[1] / python_rate:,.0f}x faster; max |difference| {max_diff:.1e}"
    )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return python_rate, cpu_rates["compiled (the app's)"]


if __name__ == "__main__":
    main()
