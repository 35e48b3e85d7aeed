"""A programme's cohort matching, as a Celery chord.

    matching_run_start (request)  → run_cohort_matching (task): plan the chunks
    cohort_chunk_score × N (tasks, any worker on any machine): the best 50 per mentee
    cohort_assign (the chord's callback, once): min-cost flow → the draft

Each step is safe to run twice: the run moves queued → running → draft by
conditional UPDATEs, and only the step that moved it does the work.
"""

import datetime as dt
import uuid
from collections import Counter
from contextlib import nullcontext
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MenteeProfile, MentorProfile, User
from core.notifications import in_language
from matching import cohort, compiled_kernel, features
from mentorship.models import ACTIVE_PHASES, Mentorship
from programmes import draft_scores
from programmes.draft_scores import run_week
from programmes.models import (
    RUN_IN_PROGRESS,
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    Member,
    PairRule,
    Role,
    RuleKind,
    RunStatus,
    UnmatchedReason,
)
from programmes.services import objective_valid, programme_coordinated

# Mentees per scoring task: big enough that numpy dominates the task overhead,
# small enough that 100,000 mentees make 25 tasks for the workers to share.
CHUNK = 4000

# Candidates each chunk keeps per mentee; the assignment proves its result optimal
# over every pair all the same (cohort.Pruned).
CANDIDATES_PER_MENTEE = cohort.DEFAULT_K

_REASONS = {
    cohort.NO_CANDIDATE: UnmatchedReason.NO_CANDIDATE,
    cohort.CAPACITY: UnmatchedReason.CAPACITY,
}


def matching_run_start(*, user: User, programme_id: int, objective: str) -> MatchingRun:
    """Starts a cohort matching, or returns the one already running (a double click).

    A run still queued is sent to the workers again, under its task id: a send still
    waiting for the broker stays one message (core/outbox.py), and one lost after the
    broker took it is replaced. Sending twice is harmless, since the plan step claims
    the run with a conditional UPDATE.
    """
    programme = programme_coordinated(user=user, programme_id=programme_id)
    objective_valid(objective)
    running = MatchingRun.objects.filter(programme=programme, status__in=RUN_IN_PROGRESS).first()
    if running is not None:
        if running.status == RunStatus.QUEUED:
            _enqueue(running)
        return running
    task_id = str(uuid.uuid4())
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(
                programme=programme, objective=objective, task_id=task_id, created_by=user
            )
            # An unpublished older draft is replaced by this run's.
            MatchingRun.objects.filter(programme=programme, status=RunStatus.DRAFT).update(
                status=RunStatus.SUPERSEDED
            )
    except IntegrityError:
        # Another request started one between our check and our insert.
        return MatchingRun.objects.get(programme=programme, status__in=RUN_IN_PROGRESS)
    _enqueue(run)
    return run


def _enqueue(run: MatchingRun) -> None:
    from programmes.tasks import run_cohort_matching

    # Through the outbox (core/outbox.py) under the run's own task id.
    run_cohort_matching.apply_async_on_commit((run.pk,), task_id=run.task_id)


def matching_run_plan(*, run_id: int) -> dict[str, Any] | None:
    """Claims a queued run and lists its cohort; None if another worker has it."""
    if not MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    ):
        return None
    run = MatchingRun.objects.select_related("programme").get(pk=run_id)
    programme = run.programme
    members = Member.objects.filter(programme=programme)
    busy = Mentorship.objects.filter(programme=programme, phase__in=ACTIVE_PHASES).values(
        "mentee_id"
    )
    mentee_ids = list(
        MenteeProfile.objects.filter(
            pk__in=members.filter(role=Role.MENTEE).values("user_id"), user__is_active=True
        )
        .exclude(pk__in=busy)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    mentor_ids = list(
        MentorProfile.objects.filter(
            pk__in=members.filter(role=Role.MENTOR).values("user_id"), user__is_active=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chunks = [mentee_ids[start : start + CHUNK] for start in range(0, len(mentee_ids), CHUNK)]
    MatchingRun.objects.filter(pk=run_id).update(
        chunks_total=len(chunks), mentees=len(mentee_ids), mentors=len(mentor_ids)
    )
    return {"mentee_ids": mentee_ids, "mentor_ids": mentor_ids, "chunks": chunks}


def matching_run_in_process(*, run_id: int) -> bool:
    """The chord's steps one after another in this process: plan, score each chunk,
    assign. For seeding the demo and for tests; a real run goes through the chord
    (programmes.tasks). Returns False when the run was already claimed; a run whose
    forced pairs cannot hold ends failed, as in the chord."""
    plan = matching_run_plan(run_id=run_id)
    if plan is None:
        return False
    payloads = [
        cohort_chunk_score(
            run_id=run_id,
            mentee_ids=chunk,
            mentor_ids=plan["mentor_ids"],
            first_index=index * CHUNK,
        )
        for index, chunk in enumerate(plan["chunks"])
    ]
    cohort_assign(
        run_id=run_id,
        payloads=payloads,
        mentee_ids=plan["mentee_ids"],
        mentor_ids=plan["mentor_ids"],
    )
    return True


def _scored_batch(
    run: MatchingRun, mentee_ids: list[int], mentor_ids: list[int]
) -> tuple[features.Batch, dict[str, Any]]:
    """The packed people of a chunk and how the run scores them (its weights, its
    forbidden pairs, the compiled kernel): one place, so the proof of optimality
    rescores pairs exactly as the chunks scored them."""
    batch = features.load_batch(
        MenteeProfile.objects.filter(pk__in=mentee_ids),
        MentorProfile.objects.filter(pk__in=mentor_ids),
        week=run_week(run),
        track_outcomes=draft_scores.track_outcomes(run.programme),
    )
    scored = {
        "weights": draft_scores.weights_of(run.programme),
        "exclude": draft_scores.excluded_pairs(run.programme, mentee_ids) or None,
        "scorer": compiled_kernel.score_block,
    }
    return batch, scored


def cohort_chunk_score(
    *, run_id: int, mentee_ids: list[int], mentor_ids: list[int], first_index: int
) -> dict[str, Any]:
    """The best 50 mentors of each mentee of one chunk, as a JSON-safe payload."""
    run = MatchingRun.objects.select_related("programme").get(pk=run_id)
    batch, scored = _scored_batch(run, mentee_ids, mentor_ids)
    candidates = cohort.candidates_for(
        batch.mentees, batch.mentors, k=CANDIDATES_PER_MENTEE, first_mentee=first_index, **scored
    )
    MatchingRun.objects.filter(pk=run_id).update(chunks_done=F("chunks_done") + 1)
    return candidates.to_payload()


def cohort_assign(
    *, run_id: int, payloads: list[dict[str, Any]], mentee_ids: list[int], mentor_ids: list[int]
) -> bool:
    """Gathers the chunks, solves the assignment once and writes the draft.

    Returns False when the run is no longer running (a duplicate callback).
    """
    run = MatchingRun.objects.select_related("programme", "created_by").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return False
    programme = run.programme
    candidates = cohort.candidates_concat(cohort.Candidates.from_payload(p) for p in payloads)
    places = dict(
        MentorProfile.objects.filter(pk__in=mentor_ids).values_list(
            "pk", F("capacity") - F("active_mentees")
        )
    )
    accepting = set(
        MentorProfile.objects.filter(pk__in=mentor_ids, accepting_mentees=True).values_list(
            "pk", flat=True
        )
    )
    capacity = [max(places.get(pk, 0), 0) if pk in accepting else 0 for pk in mentor_ids]
    mentee_index = {pk: i for i, pk in enumerate(mentee_ids)}
    mentor_index = {pk: j for j, pk in enumerate(mentor_ids)}

    def indexed(kind: str) -> list[tuple[int, int]]:
        rules = PairRule.objects.filter(programme=programme, kind=kind)
        return [
            (mentee_index[e], mentor_index[r])
            for e, r in rules.values_list("mentee_id", "mentor_id")
            if e in mentee_index and r in mentor_index
        ]

    forced = indexed(RuleKind.FORCED)
    # The chunks kept each mentee's best few: the solve proves its result optimal
    # over every pair, rescoring the few mentees whose other pairs might count.
    pruned = cohort.Pruned(k=CANDIDATES_PER_MENTEE, rows=_rows_scorer(run, mentee_ids, mentor_ids))
    try:
        result = cohort.assign(
            candidates,
            n_mentees=len(mentee_ids),
            capacity=capacity,
            objective=run.objective,
            forced=forced,
            forbidden=indexed(RuleKind.FORBIDDEN),
            pruned=pruned,
        )
    except cohort.ForcedPairError:
        with in_language(run.created_by) if run.created_by else nullcontext():
            message = _forced_pairs_message(forced, mentor_ids, capacity)
        MatchingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, error=message, finished_at=timezone.now()
        )
        return False
    baseline = cohort.greedy(candidates, n_mentees=len(mentee_ids), capacity=capacity)
    _write_draft(run, result, baseline, mentee_ids, mentor_ids)
    return True


def _rows_scorer(run: MatchingRun, mentee_ids: list[int], mentor_ids: list[int]):
    """``rows(mentees, mentors)`` of cohort.Pruned: every possible pair of some cohort
    mentees with some mentors, scored as cohort_chunk_score scored them (the same
    mentors packed together, weights and exclusions), for the proof of optimality;
    ``rows.blocks`` gives the same scores block by block (cohort.rows_of)."""
    index = {pk: i for i, pk in enumerate(mentee_ids)}

    def scored(who: np.ndarray):
        chosen = [mentee_ids[i] for i in who.tolist()]
        batch, scored = _scored_batch(run, chosen, mentor_ids)
        cohort_index = np.array([index[pk] for pk in batch.mentees.ids.tolist()], dtype=np.int64)
        everyone = np.arange(len(batch.mentees))
        return cohort.rows_of(batch.mentees, batch.mentors, **scored), everyone, cohort_index

    def rows(who, columns) -> cohort.Candidates:
        batch_rows, everyone, cohort_index = scored(who)
        found = batch_rows(everyone, columns)
        return cohort.Candidates(
            mentee=cohort_index[found.mentee], mentor=found.mentor, score=found.score
        )

    def blocks(who, columns):
        batch_rows, everyone, cohort_index = scored(who)
        for part, cols, scores in batch_rows.blocks(everyone, columns):
            yield cohort_index[part], cols, scores

    rows.blocks = blocks
    return rows


def _forced_pairs_message(
    forced: list[tuple[int, int]], mentor_ids: list[int], capacity: list[int]
) -> str:
    """Why the forced pairs cannot all hold, naming the mentor when it is their places.

    The solver refuses forced pairs for three causes: a mentee forced twice, a pair
    both forced and forbidden, and a mentor forced beyond the places open to the
    matching. `pair_rule_set` refuses the first two, so it is nearly always the third.
    """
    per_mentor = Counter(j for _i, j in forced)
    over = next((j for j, count in per_mentor.items() if count > capacity[j]), None)
    if over is None:
        return _(
            "Обязательные пары противоречат друг другу или местам наставников: "
            "проверьте обязательные и запрещённые пары программы."
        )
    mentor = User.objects.filter(pk=mentor_ids[over]).first()
    return _(
        "Обязательные пары противоречат друг другу или местам наставников: наставник "
        "%(mentor)s — обязательных пар: %(forced)s, а мест, открытых для подбора: %(places)s."
    ) % {
        "mentor": mentor.full_name if mentor else mentor_ids[over],
        "forced": per_mentor[over],
        "places": capacity[over],
    }


def _write_draft(
    run: MatchingRun,
    result: cohort.Assignment,
    baseline: cohort.Assignment,
    mentee_ids: list[int],
    mentor_ids: list[int],
) -> None:
    pairs = draft_scores.drafted_scored(
        run,
        [
            (mentee_ids[i], mentor_ids[j], round(float(score), 2), bool(forced))
            for i, j, score, forced in zip(
                result.mentee.tolist(),
                result.mentor.tolist(),
                result.score.tolist(),
                result.forced.tolist(),
                strict=True,
            )
        ],
    )
    unmatched = [
        (mentee_ids[i], _REASONS[reason])
        for i, reason in zip(result.unmatched.tolist(), result.reasons, strict=True)
    ]
    # Cohort mentees without a mentee profile could not take part at all.
    without_profile = (
        Member.objects.filter(programme=run.programme, role=Role.MENTEE)
        .exclude(user_id__in=MenteeProfile.objects.values("pk"))
        .values_list("user_id", flat=True)
    )
    unmatched += [(pk, UnmatchedReason.NO_PROFILE) for pk in without_profile]
    with transaction.atomic():
        moved = MatchingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.DRAFT,
            total_score=round(float(result.total_score), 2),
            greedy_score=round(float(baseline.total_score), 2),
            chunks_done=F("chunks_total"),
            finished_at=timezone.now(),
        )
        if not moved:
            return
        DraftPair.objects.bulk_create(
            [
                DraftPair(
                    run=run, mentee_id=e, mentor_id=r, score=score, forced=forced, factors=facts
                )
                for (e, r, score, forced), facts in pairs
            ],
            batch_size=2000,
        )
        DraftUnmatched.objects.bulk_create(
            [DraftUnmatched(run=run, mentee_id=e, reason=reason) for e, reason in unmatched],
            batch_size=2000,
            ignore_conflicts=True,
        )


def matching_run_fail(*, run_id: int, error: str) -> None:
    MatchingRun.objects.filter(pk=run_id, status__in=RUN_IN_PROGRESS).update(
        status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


# A run that has not reached its draft in this long has lost its worker(s):
# even 100,000 mentees take about a minute of compute.
RUN_STUCK_AFTER = dt.timedelta(hours=1)


def matching_runs_fail_stuck(*, now: dt.datetime | None = None) -> int:
    """Fails runs queued or running for over an hour (beat), so a new one can start.

    A late chord callback of such a run finds it no longer running and writes nothing.
    """
    now = now or timezone.now()
    failed = 0
    stuck = MatchingRun.objects.filter(
        status__in=RUN_IN_PROGRESS, created_at__lte=now - RUN_STUCK_AFTER
    ).select_related("created_by")
    for run in stuck:
        with in_language(run.created_by) if run.created_by else nullcontext():
            message = _("Подбор не завершился за час — запустите его снова.")
        failed += MatchingRun.objects.filter(pk=run.pk, status__in=RUN_IN_PROGRESS).update(
            status=RunStatus.FAILED, error=message, finished_at=now
        )
    return failed
