"""Large synthetic sets of people for benchmarks, written in bulk.

    synthetic_seed(mentors=20000, mentees=80000)   # what `seed_demo --mentors --mentees` does

Bench people are bench-<role>-<i>@example.invalid for i in 0..N-1. Rows are
written directly with bulk inserts: this is fixture data at a scale the sign-up
services (one person, one welcome letter) are not for. Nothing here relies on
signals. Used by the command and by the scripts in bench/.
"""

import random
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Consent, MenteeProfile, MentorProfile, User
from demo.data.logins import CONSENT_VERSION, DEMO_PASSWORD
from demo.data.synthetic import BENCH_EMAIL
from demo.synthetic_people import Taxonomy, bench_mentee, bench_mentor

BATCH_SIZE = 1000
ROLES = ("mentor", "mentee")


def synthetic_seed(
    *,
    mentors: int = 0,
    mentees: int = 0,
    seed: int = 2026,
    chunk: int = 5000,
    password_hash: str | None = None,
) -> tuple[dict[str, int], int]:
    """Ensures bench mentors 0..mentors-1 and mentees 0..mentees-1 exist; returns the
    people created by role and the rows written. Raises TaxonomyMissing before
    `migrate`. `password_hash` is the demo password's hash (hashed here when not
    given): every bench person shares it.
    """
    taxonomy = Taxonomy.load()
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    counts = {"mentor": mentors, "mentee": mentees}
    created, rows = {}, 0
    for role in ROLES:
        created[role], written = bench_people_seed(
            role=role,
            count=counts[role],
            seed=seed,
            chunk=chunk,
            password_hash=password_hash,
            taxonomy=taxonomy,
        )
        rows += written
    return created, rows


BENCH_ROLES = {"mentor": (MentorProfile, bench_mentor), "mentee": (MenteeProfile, bench_mentee)}


def existing_bench_indices(role: str) -> set[int]:
    prefix, suffix = BENCH_EMAIL.format(role=role, index="|").split("|")
    emails = User.objects.filter(email__startswith=prefix, email__endswith=suffix)
    indices = (
        email[len(prefix) : -len(suffix)] for email in emails.values_list("email", flat=True)
    )
    return {int(index) for index in indices if index.isdigit()}


def bench_people_seed(
    *, role: str, count: int, seed: int, chunk: int, password_hash: str, taxonomy: Taxonomy
) -> tuple[int, int]:
    """Ensures bench people 0..count-1 of `role` exist; returns (people created, rows written).

    Indices whose e-mail is already taken are skipped, so a second run with the
    same numbers writes nothing, and a larger number adds only the difference.
    Person i is generated from its own seed and is the same in every run.
    """
    existing = existing_bench_indices(role)
    missing = [index for index in range(count) if index not in existing]
    rows = 0
    for start in range(0, len(missing), chunk):
        rows += _bench_chunk_write(
            role,
            missing[start : start + chunk],
            seed=seed,
            password_hash=password_hash,
            taxonomy=taxonomy,
        )
    return len(missing), rows


@transaction.atomic
def _bench_chunk_write(
    role: str, indices: Sequence[int], *, seed: int, password_hash: str, taxonomy: Taxonomy
) -> int:
    """Writes one chunk of people with their profiles, M2M rows and consents; returns rows."""
    model, generate = BENCH_ROLES[role]
    people = [
        # Synthetic data, not secrets: a reproducible generator is the point.
        generate(random.Random(f"{seed}:{role}:{index}"), index, taxonomy, password_hash)  # noqa: S311
        for index in indices
    ]
    # RETURNING gives the new primary keys on PostgreSQL and on SQLite >= 3.35.
    User.objects.bulk_create([person.user for person in people], batch_size=BATCH_SIZE)
    model.objects.bulk_create(
        [model(user_id=person.user.pk, **person.profile) for person in people],
        batch_size=BATCH_SIZE,
    )
    owner = f"{model._meta.model_name}_id"
    through_rows = {
        model.skills.through: [
            model.skills.through(**{owner: person.user.pk, "skill_id": skill_id})
            for person in people
            for skill_id in person.skill_ids
        ],
        model.languages.through: [
            model.languages.through(**{owner: person.user.pk, "language_id": code})
            for person in people
            for code in person.languages
        ],
    }
    if model is MentorProfile:
        through_rows[model.goal_areas.through] = [
            model.goal_areas.through(**{owner: person.user.pk, "goalarea_id": area_id})
            for person in people
            for area_id in person.goal_area_ids
        ]
    for through, rows in through_rows.items():
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    Consent.objects.bulk_create(
        [
            Consent(
                user_id=person.user.pk, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
            )
            for person in people
        ],
        batch_size=BATCH_SIZE,
    )
    return 3 * len(people) + sum(len(rows) for rows in through_rows.values())
