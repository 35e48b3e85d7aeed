"""The stored facts of a refresh's suggestions as JSON text, for all of them at once.

The same JSON as `explain.facts_of_pairs(scoring.pair_facts(...))` (a test
compares the two on a seeded set), without a Python object per pair: every
value is computed with numpy over the chosen pairs, each distinct piece of
text (a mentee's part, a mentor's part, a combination of factor values, a set
of shared skills, a set of common hours) is encoded once, and each pair's
text is those pieces joined. Building the facts pair by pair in Python cost
~60 µs a suggestion, more than scoring every pair of the chunk.

The facts carry one more member, "v": a digest of the others. A refresh reads
the stored digests (`factors->>'v'`, cheap in PostgreSQL) and writes only the
suggestions whose score or digest differ: an unchanged refresh writes nothing.
Facts written by anything else (a request's) have no digest, so they differ.
"""

from __future__ import annotations

import json
from hashlib import blake2b
from typing import Any

import numpy as np

from matching import scoring
from matching.features import Batch, TrackFacts
from matching.scoring.reference import FORMAT_NAMES_OF, STAGE_NAMES, runs
from matching.scoring.sides import experience_bucket
from matching.scoring.week import SATURATION_SLOTS, SLOT_MINUTES
from matching.scoring.weights import (
    DEFAULT_WEIGHTS,
    FACTOR_FORMAT,
    FACTOR_GOAL,
    FACTOR_OVERLAP,
    FACTOR_SKILLS,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
    STAGE_EXPERIENCE_FIT,
    SWITCH_BOTH,
    SWITCH_TO_ONLY,
    Weights,
)

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# In the order of reference.pair_values, which is the order of the stored "f".
_FACTORS = (
    FACTOR_GOAL,
    FACTOR_SKILLS,
    FACTOR_OVERLAP,
    FACTOR_FORMAT,
    FACTOR_STAGE,
    FACTOR_SWITCH,
    FACTOR_TRACK,
)
_IN_PERSON = int(scoring.Format.IN_PERSON)
_REMOTE = int(scoring.Format.VIDEO | scoring.Format.CHAT)
_SWITCH_NAMES = ("none", "to", "both")
# The key of the facts' fingerprint: a refresh reads it back instead of the facts
# (decoding ~20,000 stored facts to compare them cost more than computing them).
FINGERPRINT = "v"


def _members(value: dict[str, Any]) -> str:
    """The members of a JSON object as text, without the braces."""
    return _encode(value)[1:-1]


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits of each row of uint64 words."""
    return np.bitwise_count(words).sum(axis=1, dtype=np.int64)


def _distinct(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct rows, index of each row's distinct row) of a 2-D array.

    A lexicographic sort of the columns: np.unique(axis=0) sorts the rows as
    opaque records, ~10x slower."""
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.ones(len(rows), dtype=np.bool_)
    starts[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(len(rows), dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def _big_ints(rows: np.ndarray) -> list[int]:
    return [sum(int(word) << (64 * w) for w, word in enumerate(row)) for row in rows.tolist()]


def facts_texts(
    batch: Batch,
    codes: Any,
    mentee_rows: np.ndarray,
    mentor_rows: np.ndarray,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[list[str], list[str], list[int]]:
    """(facts JSON text, its fingerprint, common minutes a week) of each pair
    (mentee_rows[k], mentor_rows[k]) of the batch; `codes` maps the batch's bit
    indices to taxonomy codes."""
    e, r = batch.mentees, batch.mentors
    i = np.asarray(mentee_rows, dtype=np.intp)
    j = np.asarray(mentor_rows, dtype=np.intp)
    if i.size == 0:
        return [], [], []

    # Common hours: minutes and intervals.
    common = e.availability[i] & r.availability[j]
    slots = _popcount(common)
    hours, hours_of = _distinct(common)
    hours_text = [
        '"intervals":['
        + ",".join([f"[{a * SLOT_MINUTES},{b * SLOT_MINUTES}]" for a, b in runs(value)])
        + f'],"minutes":{value.bit_count() * SLOT_MINUTES}'
        for value in _big_ints(hours)
    ]

    # Shared skills, as codes in bit order.
    shared_skills = e.skills[i] & r.skills[j]
    skill_sets, skills_of = _distinct(shared_skills)
    skills_text = [
        '"skills":'
        + _encode([codes.skills[bit] for bit in range(value.bit_length()) if value >> bit & 1])
        for value in _big_ints(skill_sets)
    ]
    shared_count = _popcount(shared_skills)
    wanted = _popcount(e.skills)[i]

    # Formats both can use, and those the mentee can use at all (reference.pair_formats).
    formats = e.formats[i].astype(np.int64)
    usable = np.where(e.city[i] >= 0, formats, formats & ~_IN_PERSON)
    mentor_formats = r.formats[j].astype(np.int64)
    shared_formats = formats & mentor_formats & _REMOTE
    in_person = (usable & _IN_PERSON != 0) & (mentor_formats & _IN_PERSON != 0)
    shared_formats |= np.where(in_person & (r.city[j] == e.city[i]), _IN_PERSON, 0)
    formats_text = ['"formats":' + _encode(list(names)) for names in FORMAT_NAMES_OF]

    # Same switch: 0 none, 1 the same target, 2 the same start as well.
    same_to = (e.switch_to[i] >= 0) & (e.switch_to[i] == r.switch_to[j])
    same_from = (e.switch_from[i] >= 0) & (e.switch_from[i] == r.switch_from[j])
    switch = same_to.astype(np.int64) + (same_to & same_from)

    goal_area = e.goal_area[i].astype(np.int64)
    goal = (goal_area >= 0) & (
        (r.goal_areas[j] >> goal_area.clip(0).astype(np.uint64)) & np.uint64(1) != 0
    )
    usable_count = np.bitwise_count(usable.astype(np.uint8)).astype(np.int64)
    fit = np.asarray(STAGE_EXPERIENCE_FIT, dtype=np.float64)
    values = np.column_stack(
        [
            goal.astype(np.float64),
            np.divide(shared_count, wanted, out=np.zeros(i.size), where=wanted > 0),
            np.minimum(slots / SATURATION_SLOTS, 1.0),
            np.divide(
                np.bitwise_count(shared_formats.astype(np.uint8)).astype(np.int64),
                usable_count,
                out=np.zeros(i.size),
                where=usable_count > 0,
            ),
            fit[e.stage[i].astype(np.intp), experience_bucket(r.years_experience[j])],
            np.array([0.0, SWITCH_TO_ONLY, SWITCH_BOTH])[switch],
            r.track_record[j].astype(np.float64),
        ]
    )
    combos, combo_of = _distinct(values)
    points = weights.points()
    combo_text = [
        '"f":'
        + _encode(
            [
                [code, points[code], round(value, 4)]
                for code, value in zip(_FACTORS, row, strict=True)
            ]
        )
        for row in combos.tolist()
    ]

    mentee_text = _side_texts(i, lambda k: _mentee_members(batch, codes, k))
    mentor_text = _side_texts(j, lambda k: _mentor_members(batch, k))
    week = f'"week":"{batch.week.isoformat()}"'
    switch_text = [f'"switch":"{name}"' for name in _SWITCH_NAMES]
    members = [
        f"{combo_text[c]},{mentee_text[a]},{mentor_text[b]},{skills_text[s]},"
        f"{hours_text[h]},{formats_text[fm]},{switch_text[sw]},{week}"
        for c, a, b, s, h, fm, sw in zip(
            combo_of.tolist(),
            i.tolist(),
            j.tolist(),
            skills_of.tolist(),
            hours_of.tolist(),
            shared_formats.tolist(),
            switch.tolist(),
            strict=True,
        )
    ]
    fingerprints = [blake2b(text.encode(), digest_size=8).hexdigest() for text in members]
    texts = [
        f'{{{text},"{FINGERPRINT}":"{digest}"}}'
        for text, digest in zip(members, fingerprints, strict=True)
    ]
    return texts, fingerprints, (slots * SLOT_MINUTES).tolist()


def _side_texts(rows: np.ndarray, text_of: Any) -> dict[int, str]:
    return {k: text_of(k) for k in np.unique(rows).tolist()}


def _mentee_members(batch: Batch, codes: Any, k: int) -> str:
    e = batch.mentees
    goal_area = int(e.goal_area[k])
    return _members(
        {
            "goal": codes.goal_areas.get(goal_area),
            "wanted": int(_popcount(e.skills[k : k + 1])[0]),
            "stage": STAGE_NAMES[int(e.stage[k])],
        }
    )


def _mentor_members(batch: Batch, k: int) -> str:
    r = batch.mentors
    members: dict[str, Any] = {"years": float(r.years_experience[k])}
    track: TrackFacts | None = batch.track.get(int(r.ids[k]))
    if track is not None:
        members.update(
            rating=track.rating_avg, ratings=track.rating_count, responds=track.responsiveness
        )
    return _members(members)
