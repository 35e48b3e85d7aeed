"""Programmes: create, join, cohort, pair rules, the draft of a cohort matching, publish.

Access rules, in one place: a coordinator sees everything of their programme;
a member sees the programme they joined (name, dates) and their own data; anyone
else gets DoesNotExist (→ 404). Coordinator-only actions by a member raise
NotCoordinator (→ 403).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import GoalArea, MenteeProfile, MentorProfile, User
from core.errors import Forbidden, InvalidInput, ServiceError
from matching.models import Match, MatchOrigin, unanswered
from programmes import draft_scores
from programmes.models import (
    Coordinator,
    DraftPair,
    DraftUnmatched,
    MatchingRun,
    Member,
    Objective,
    PairRule,
    Programme,
    Role,
    RuleKind,
    RunStatus,
    UnmatchedReason,
)
from programmes.weights import WEIGHT_NAMES, any_weight_counts

MAX_PROGRAMME_DAYS = 3 * 366
# How far ahead a programme may be planned: a start in 9999 is a typo, not a plan.
MAX_DAYS_AHEAD = 5 * 366
# Each factor's weight in a programme's matching: 0 switches the factor off.
MAX_WEIGHT = 100
# PostgreSQL's SQLSTATE for a row that points at a row no longer there.
FOREIGN_KEY_VIOLATION = "23503"


class NotCoordinator(Forbidden):
    """The person is in the programme but the action is the coordinator's (403)."""

    def __init__(self) -> None:
        super().__init__(
            _("Это может сделать только координатор программы."), code="not_coordinator"
        )


# --- Access ---------------------------------------------------------------------------------


def programme_visible(*, user: User, programme_id: int) -> Programme:
    """The programme if the person coordinates it or is in its cohort."""
    programme = Programme.objects.visible_to(user).filter(pk=programme_id).first()
    if programme is None:
        raise Programme.DoesNotExist
    return programme


def programme_coordinated(*, user: User, programme_id: int) -> Programme:
    """The programme for a coordinator-only action: 404 to outsiders, 403 to members."""
    programme = programme_visible(user=user, programme_id=programme_id)
    if not is_coordinator(user=user, programme=programme):
        raise NotCoordinator
    return programme


def is_coordinator(*, user: User, programme: Programme) -> bool:
    """Whether the person coordinates the programme (and so sees its code and cohort)."""
    return Coordinator.objects.filter(programme=programme, user_id=user.pk).exists()


# --- Create and join ------------------------------------------------------------------------


def _dates_valid(starts_on: dt.date, ends_on: dt.date) -> None:
    """The dates' rules, the same on create and on update."""
    today = timezone.localdate()
    if starts_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(_("Начало программы — не позже чем через пять лет."), field="starts_on")
    if starts_on < today - dt.timedelta(days=MAX_PROGRAMME_DAYS):
        raise InvalidInput(_("Начало программы — не раньше чем три года назад."), field="starts_on")
    if ends_on < starts_on:
        raise InvalidInput(_("Окончание не может быть раньше начала."), field="ends_on")
    if (ends_on - starts_on).days > MAX_PROGRAMME_DAYS:
        raise InvalidInput(_("Программа не может длиться дольше трёх лет."), field="ends_on")


def _weights_valid(weights: dict[str, Any]) -> dict[str, float]:
    """{factor: 0–MAX_WEIGHT} over the scorer's factors; the others keep their defaults."""
    unknown = sorted(set(weights) - set(WEIGHT_NAMES))
    if unknown:
        raise InvalidInput(
            _("Неизвестные факторы: %(unknown)s. Возможные: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(WEIGHT_NAMES)},
            field="weights",
        )
    try:
        values = {name: float(value) for name, value in weights.items()}
    except (TypeError, ValueError) as error:
        raise InvalidInput(
            _("Вес — число от 0 до %(max)s.") % {"max": MAX_WEIGHT}, field="weights"
        ) from error
    if not all(0 <= value <= MAX_WEIGHT for value in values.values()):  # NaN fails too
        raise InvalidInput(_("Вес — число от 0 до %(max)s.") % {"max": MAX_WEIGHT}, field="weights")
    if not any_weight_counts(values):
        raise InvalidInput(_("Хотя бы один вес должен быть больше нуля."), field="weights")
    return values


def programme_create(
    *,
    user: User,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    goal_areas: Iterable[str] = (),
    description: str = "",
) -> Programme:
    """A new programme; the person creating it becomes its coordinator."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("Назовите программу."), field="name")
    _dates_valid(starts_on, ends_on)
    codes = set(goal_areas)
    areas = list(GoalArea.objects.filter(code__in=codes))
    if len(areas) != len(codes):
        unknown = ", ".join(sorted(codes - {area.code for area in areas}))
        raise InvalidInput(
            _("Неизвестные направления: %(codes)s.") % {"codes": unknown}, field="goal_areas"
        )
    with transaction.atomic():
        for _attempt in range(5):  # a join code collision is rare; try another
            try:
                with transaction.atomic():
                    programme = Programme.objects.create(
                        name=name,
                        description=description.strip(),
                        starts_on=starts_on,
                        ends_on=ends_on,
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 31^8 codes
            raise ServiceError(_("Не удалось создать программу, попробуйте ещё раз."))
        programme.goal_areas.set(areas)
        Coordinator.objects.create(programme=programme, user=user)
    user.forget_roles()
    return programme


def programme_join(*, user: User, join_code: str, role: str) -> Member:
    """Joins the cohort by the code the coordinator shared; joining twice is harmless."""
    if role not in Role.values:
        raise InvalidInput(_("Выберите роль: подопечный или наставник."), field="role")
    code = join_code.strip().upper().replace("-", "").replace(" ", "")
    programme = Programme.objects.filter(join_code=code).first()
    if programme is None:
        raise InvalidInput(_("Такого кода программы нет — проверьте его."), field="join_code")
    if programme.ends_on < timezone.localdate():
        raise ServiceError(_("Программа уже закончилась."), code="programme_over")
    member, _created = Member.objects.get_or_create(programme=programme, user=user, role=role)
    return member


def programme_update(*, user: User, programme_id: int, **fields: Any) -> Programme:
    """The coordinator changes the programme: texts, dates, areas, the scorer's weights."""
    programme = programme_coordinated(user=user, programme_id=programme_id)
    areas = fields.pop("goal_areas", None)
    for name in ("name", "description"):
        if name in fields:
            fields[name] = fields[name].strip()
    if "name" in fields and not fields["name"]:
        raise InvalidInput(_("Назовите программу."), field="name")
    # Only a change of dates is checked: an old programme may still be renamed.
    if "starts_on" in fields or "ends_on" in fields:
        _dates_valid(
            fields.get("starts_on", programme.starts_on), fields.get("ends_on", programme.ends_on)
        )
    if "weights" in fields:
        fields["weights"] = _weights_valid(fields["weights"])
    with transaction.atomic():
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.save()
        if areas is not None:
            programme.goal_areas.set(areas)
    return programme


# --- Pair rules -------------------------------------------------------------------------------


def _member_ids(programme: Programme, role: str) -> set[int]:
    return set(
        Member.objects.filter(programme=programme, role=role).values_list("user_id", flat=True)
    )


def pair_rule_set(
    *, user: User, programme_id: int, mentee_id: int, mentor_id: int, kind: str | None
) -> PairRule | None:
    """Forces or forbids a pair for the next matching; kind None removes the rule."""
    programme = programme_coordinated(user=user, programme_id=programme_id)
    if mentee_id not in _member_ids(programme, Role.MENTEE):
        raise InvalidInput(_("Этот человек не подопечный программы."), field="mentee")
    if mentor_id not in _member_ids(programme, Role.MENTOR):
        raise InvalidInput(_("Этот человек не наставник программы."), field="mentor")
    if mentee_id == mentor_id:
        raise InvalidInput(_("Человек не может быть наставником самому себе."), field="mentor")
    if kind is None:
        PairRule.objects.filter(
            programme=programme, mentee_id=mentee_id, mentor_id=mentor_id
        ).delete()
        return None
    if kind not in RuleKind.values:
        raise InvalidInput(_("Правило — обязательная или запрещённая пара."), field="kind")
    if kind == RuleKind.FORCED:
        clash = PairRule.objects.filter(
            programme=programme, mentee_id=mentee_id, kind=RuleKind.FORCED
        ).exclude(mentor_id=mentor_id)
        if clash.exists():
            raise ServiceError(
                _("У этого подопечного уже есть обязательная пара."), code="forced_twice"
            )
    rule, _created = PairRule.objects.update_or_create(
        programme=programme, mentee_id=mentee_id, mentor_id=mentor_id, defaults={"kind": kind}
    )
    return rule


# --- The draft: review and publish ---------------------------------------------------------


def run_of(*, user: User, programme_id: int, run_id: int, for_update: bool = False) -> MatchingRun:
    """A matching run of a programme the person coordinates (DoesNotExist → 404)."""
    programme = programme_coordinated(user=user, programme_id=programme_id)
    runs = MatchingRun.objects.select_for_update() if for_update else MatchingRun.objects
    run = runs.filter(programme=programme, pk=run_id).first()
    if run is None:
        raise MatchingRun.DoesNotExist
    return run


def _draft_of(user: User, programme_id: int, run_id: int) -> MatchingRun:
    """The run, locked until the caller's transaction ends, if it is still a draft.

    Every edit of a draft and its publishing lock the run's row first, so they
    happen one after another: an edit that waited for a publish finds the run
    published and is refused, rather than landing in a draft nobody will read.
    """
    run = run_of(user=user, programme_id=programme_id, run_id=run_id, for_update=True)
    if run.status != RunStatus.DRAFT:
        raise ServiceError(
            _("Править можно только готовый и ещё не опубликованный черновик."),
            code="not_a_draft",
        )
    return run


@transaction.atomic
def draft_pair_remove(*, user: User, programme_id: int, run_id: int, pair_id: int) -> None:
    """Takes a pair out of the draft; its mentee joins those left without a pair."""
    run = _draft_of(user, programme_id, run_id)
    pair = DraftPair.objects.filter(run=run, pk=pair_id).first()
    if pair is None:
        raise DraftPair.DoesNotExist
    pair.delete()
    DraftUnmatched.objects.get_or_create(
        run=run, mentee_id=pair.mentee_id, defaults={"reason": UnmatchedReason.REMOVED}
    )


@transaction.atomic
def draft_pair_add(
    *, user: User, programme_id: int, run_id: int, mentee_id: int, mentor_id: int
) -> DraftPair:
    """The coordinator adds a pair of their own; the mentor's places still bound it,
    and a pair the coordinator forbade stays forbidden."""
    run = _draft_of(user, programme_id, run_id)
    programme = run.programme
    if mentee_id not in _member_ids(programme, Role.MENTEE):
        raise InvalidInput(_("Этот человек не подопечный программы."), field="mentee")
    if mentor_id not in _member_ids(programme, Role.MENTOR) or mentee_id == mentor_id:
        raise InvalidInput(_("Этот человек не наставник программы."), field="mentor")
    # A match needs both profiles: without one, publishing could not create it.
    if not MenteeProfile.objects.filter(pk=mentee_id).exists():
        raise InvalidInput(
            _(
                "У этого человека нет профиля подопечного: пару можно составить, "
                "когда он его заполнит."
            ),
            field="mentee",
        )
    mentor = MentorProfile.objects.select_for_update().filter(pk=mentor_id).first()
    if mentor is None:
        raise InvalidInput(_("У этого человека нет анкеты наставника."), field="mentor")
    if PairRule.objects.filter(
        programme=programme, mentee_id=mentee_id, mentor_id=mentor_id, kind=RuleKind.FORBIDDEN
    ).exists():
        raise ServiceError(
            _("Эта пара запрещена правилом программы. Снимите правило, если пара всё же нужна."),
            code="forbidden_pair",
        )
    taken = DraftPair.objects.filter(run=run, mentor_id=mentor_id).count()
    if taken >= mentor.free_places:
        raise ServiceError(
            _("У наставника не осталось мест в этом черновике."), code="capacity_full"
        )
    # Scored as the matching would have scored it; a hard filter that fails does not
    # refuse the pair but is shown with it (its blockers), for the coordinator to judge.
    score, facts = draft_scores.pair_scored(run=run, mentee_id=mentee_id, mentor_id=mentor_id)
    try:
        with transaction.atomic():
            pair = DraftPair.objects.create(
                run=run,
                mentee_id=mentee_id,
                mentor_id=mentor_id,
                score=score,
                factors=facts,
                added_by_coordinator=True,
            )
    except IntegrityError as error:
        raise ServiceError(
            _("У этого подопечного уже есть пара в черновике."), code="mentee_paired"
        ) from error
    run.unmatched.filter(mentee_id=mentee_id).delete()
    return pair


def draft_publish(*, user: User, programme_id: int, run_id: int) -> dict[str, int]:
    """Turns the draft's pairs into matches that both sides accept as usual.

    A pair that already has a match the people have acted on (accepted,
    declined, expired, or one side said yes) is left as it is and counted as
    skipped, and so is a pair whose mentee or mentor has since deleted their
    profile; an untouched suggestion of the pair becomes the programme's.
    The run's row is locked while publishing, so a double click publishes once
    and an edit of the draft lands before the publish or is refused after it.
    Bulk statements: a cohort of 10,000 publishes in one request.
    """
    try:
        with transaction.atomic():
            return _publish(_draft_of(user, programme_id, run_id))
    except IntegrityError as error:
        # A profile deleted between our check and the insert: nothing was published.
        if getattr(error.__cause__, "sqlstate", None) != FOREIGN_KEY_VIOLATION:
            raise
        raise ServiceError(
            _("Пока публиковали, кто-то из участников удалил профиль. Опубликуйте ещё раз."),
            code="profile_gone",
        ) from error


def _publish(run: MatchingRun) -> dict[str, int]:
    programme = run.programme
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.PUBLISHED, published_at=timezone.now()
    )
    drafted = list(run.pairs.values_list("mentee_id", "mentor_id", "score", "factors"))
    with_mentee = set(
        MenteeProfile.objects.filter(pk__in={e for e, *_ in drafted}).values_list("pk", flat=True)
    )
    with_mentor = set(
        MentorProfile.objects.filter(pk__in={r for _e, r, *_ in drafted}).values_list(
            "pk", flat=True
        )
    )
    pairs = [p for p in drafted if p[0] in with_mentee and p[1] in with_mentor]
    wanted = {(e, r) for e, r, *_ in pairs}
    existing = {
        (e, r): (pk, untouched)
        for e, r, pk, untouched in Match.objects.select_for_update()
        .filter(mentee_id__in={e for e, _r in wanted})
        .annotate(untouched=unanswered())
        .values_list("mentee_id", "mentor_id", "pk", "untouched")
        if (e, r) in wanted
    }  # fmt: skip
    # One shape for every match: the programme's pair keeps the score, the facts (with
    # the weights that made the score) and the overlap the draft showed.
    shaped = {
        (e, r): Match(
            mentee_id=e,
            mentor_id=r,
            score=score,
            factors=factors,
            overlap_minutes_per_week=factors.get("minutes", 0),
            origin=MatchOrigin.PROGRAMME,
            programme=programme,
        )
        for e, r, score, factors in pairs
    }
    fresh = [match for pair, match in shaped.items() if pair not in existing]
    # A pair someone requested a moment ago is skipped by ignore_conflicts; what
    # was really inserted is what the programme's matches grew by.
    ours = Match.objects.filter(programme=programme)
    before = ours.count()
    Match.objects.bulk_create(fresh, batch_size=2000, ignore_conflicts=True)
    created = ours.count() - before
    adopted = []
    for pair, (pk, untouched) in existing.items():
        if untouched:
            shaped[pair].pk = pk
            shaped[pair].updated_at = timezone.now()
            adopted.append(shaped[pair])
    Match.objects.bulk_update(
        adopted,
        ["score", "factors", "overlap_minutes_per_week", "origin", "programme", "updated_at"],
        batch_size=1000,
    )
    return {
        "created": created,
        "updated": len(adopted),
        "skipped": len(drafted) - created - len(adopted),
    }


def objective_valid(objective: str) -> str:
    if objective not in Objective.values:
        raise InvalidInput(
            _("Цель подбора — наибольшая сумма оценок или как можно больше пар."),
            field="objective",
        )
    return objective
