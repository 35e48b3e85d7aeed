"""Part 0 of bench/cohort.py: a cohort of 1,600 mentees and 320 mentors end to end,
from the rows the database gives (slots as stored, zones, taxonomy ids) to the
assignment: what the app's cohort run computes, packing included.

Times matching.features' packing (the functions cohort_chunk_score calls once the
rows are read), cohort.candidates_for with the app's compiled scorer, and
cohort.assign. Needs Django's settings (features reads model choices), not a
database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import statistics
import time

N_MENTEES, N_MENTORS = 1_600, 320
ZONES = (
    ["Europe/Moscow"] * 6
    + ["Europe/Berlin", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Europe/Kaliningrad"]
    + ["Asia/Vladivostok", "Asia/Almaty", "Asia/Tbilisi", "Europe/London", "America/New_York"]
)
GOAL_AREAS, SKILLS, LANGUAGES = 12, 110, ["ru", "en", "de", "uk", "kk"]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Берлин", ""]


def _slots(rng: random.Random) -> list[dict]:
    slots = []
    for _ in range(rng.randint(1, 4)):
        start = rng.randint(14, 42)
        end = min(start + rng.randint(2, 6), 48)
        slots.append(
            {
                "weekday": rng.randint(0, 6),
                "start": f"{start // 2:02d}:{30 * (start % 2):02d}",
                "end": f"{end // 2:02d}:{30 * (end % 2):02d}" if end < 48 else "24:00",
            }
        )
    return slots


def sources(seed: int = 2026):
    """Synthetic rows in the shapes features.read_mentees / read_mentors return."""
    from matching import features

    rng = random.Random(seed)
    stages = ["exploring", "learning", "job_search", "first_job"]
    fields = ["education", "finance", "it", "", "sales"]

    def langs() -> list[str]:
        return ["ru"] + (["en"] if rng.random() < 0.35 else [])

    mentee_rows, e_skills, e_langs = [], {}, {}
    for pk in range(1, N_MENTEES + 1):
        area = rng.randint(1, GOAL_AREAS)
        mentee_rows.append(
            (pk, area, rng.choice(stages), rng.choice(fields), rng.choice([1, 3, 5, 7]),
             _slots(rng), rng.choice(ZONES), rng.choice(CITIES))
        )  # fmt: skip
        e_skills[pk] = rng.sample(range(1, SKILLS + 1), rng.randint(2, 8))
        e_langs[pk] = langs()
    mentor_rows, r_skills, r_langs, r_areas = [], {}, {}, {}
    for pk in range(100_001, 100_001 + N_MENTORS):
        mentor_rows.append(
            (pk, rng.choice([1, 3, 7]), _slots(rng), rng.choice(ZONES), rng.choice(CITIES),
             rng.randint(1, 20), rng.randint(1, 5), 0, True, rng.choice(fields),
             rng.randint(1, GOAL_AREAS), None, None, 0, None, None)
        )  # fmt: skip
        r_skills[pk] = rng.sample(range(1, SKILLS + 1), rng.randint(5, 15))
        r_langs[pk] = langs()
        r_areas[pk] = rng.sample(range(1, GOAL_AREAS + 1), rng.randint(1, 2))
    taxonomy = features.Taxonomy(
        goal_areas={pk: pk - 1 for pk in range(1, GOAL_AREAS + 1)},
        skills={pk: pk - 1 for pk in range(1, SKILLS + 1)},
        languages={code: i for i, code in enumerate(sorted(LANGUAGES))},
        cities={},
    )
    mentees = features.MenteeSource(mentee_rows, e_skills, e_langs)
    mentors = features.MentorSource(mentor_rows, r_skills, r_langs, r_areas)
    capacity = [row[6] for row in mentor_rows]
    return mentees, mentors, taxonomy, capacity


def end_to_end(repeats: int = 15) -> float:
    """Median wall-clock seconds of packing + candidates + assignment, as the app's
    programme run computes them (programmes.runs: cohort_chunk_score packs the rows
    and keeps each mentee's best CANDIDATES_PER_MENTEE, cohort_assign solves the flow
    and proves it optimal over every pair, rescoring where the prices say so)."""
    from matching import cohort, compiled_kernel, features

    mentees, mentors, taxonomy, capacity = sources()
    week = dt.date(2027, 3, 22)  # the week Europe's clocks go forward
    k = cohort.DEFAULT_K  # programmes.runs.CANDIDATES_PER_MENTEE

    def run() -> tuple[list[float], list[float], object]:
        walls, cpus = [time.perf_counter()], [time.process_time()]

        def lap() -> None:
            walls.append(time.perf_counter())
            cpus.append(time.process_time())

        packed_mentees = features.pack_mentee_source(mentees, taxonomy, week)
        packed_mentors, _track = features.pack_mentors(mentors, taxonomy, week)
        lap()
        candidates = cohort.candidates_for(
            packed_mentees, packed_mentors, k=k, scorer=compiled_kernel.score_block
        )
        lap()
        rows = cohort.rows_of(packed_mentees, packed_mentors, scorer=compiled_kernel.score_block)
        result = cohort.assign(
            candidates, n_mentees=N_MENTEES, capacity=capacity, pruned=cohort.Pruned(k=k, rows=rows)
        )
        lap()
        return (
            [b - a for a, b in itertools.pairwise(walls)],
            [b - a for a, b in itertools.pairwise(cpus)],
            result,
        )

    run()  # warm-up: compiled kernels, zone tables
    runs = [run() for _ in range(repeats)]
    totals = [sum(walls) for walls, _cpus, _result in runs]
    cpu_totals = [sum(cpus) for _walls, cpus, _result in runs]
    median = statistics.median(totals)

    def phase(index: int) -> str:
        wall = statistics.median(walls[index] for walls, _c, _r in runs)
        cpu = statistics.median(cpus[index] for _w, cpus, _r in runs)
        return f"{wall * 1e3:.1f} ms ({cpu * 1e3:.1f} CPU)"

    print(
        f"cohort {N_MENTEES:,} x {N_MENTORS:,} from stored rows, end to end (k={k}, certified "
        f"optimal over every pair): median {median * 1e3:.1f} ms of {repeats}, best "
        f"{min(totals) * 1e3:.1f} ms; CPU time median {statistics.median(cpu_totals) * 1e3:.1f} "
        f"ms. Per phase, median wall (CPU): packing {phase(0)}, candidates {phase(1)}, "
        f"assignment {phase(2)}; matched {runs[0][2].matched:,}, total score "
        f"{runs[0][2].total_score:,.1f}; load average {os.getloadavg()[0]:.2f}"
    )
    return median
