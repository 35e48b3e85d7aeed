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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import GoalArea, MenteeProfile, MentorProfile, User
from matching.models import Match, MatchOrigin, MatchStatus
from mentorship.errors import Forbidden, InvalidInput, ServiceError
from programmes.models import (
    Coordinator,
    DraftPair,
    MatchingRun,
    Member,
    Objective,
    PairRule,
    Programme,
    Role,
    RuleKind,
    RunStatus,
)

MAX_PROGRAMME_DAYS = 3 * 366


class NotCoordinator(Forbidden):
    """The person is in the programme but the action is the coordinator's (403)."""

    def __init__(self) -> None:
        super().__init__(
            _("Это может сделать только координатор программы."), code="not_coordinator"
        )


# --- Access ---------------------------------------------------------------------------------


def programme_visible(user: User, programme_id: int) -> Programme:
    """The programme if the person coordinates it or is in its cohort."""
    programme = (
        Programme.objects.filter(pk=programme_id)
        .filter(Q(coordinators__user_id=user.pk) | Q(members__user_id=user.pk))
        .distinct()
        .first()
    )
    if programme is None:
        raise Programme.DoesNotExist
    return programme


def programme_coordinated(user: User, programme_id: int) -> Programme:
    """The programme for a coordinator-only action: 404 to outsiders, 403 to members."""
    programme = programme_visible(user, programme_id)
    if not Coordinator.objects.filter(programme=programme, user=user).exists():
        raise NotCoordinator
    return programme


def is_coordinator(user: User, programme: Programme) -> bool:
    return Coordinator.objects.filter(programme=programme, user=user).exists()


# --- Create and join ------------------------------------------------------------------------


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
    if ends_on < starts_on:
        raise InvalidInput(_("Окончание не может быть раньше начала."), field="ends_on")
    if (ends_on - starts_on).days > MAX_PROGRAMME_DAYS:
        raise InvalidInput(_("Программа не может длиться дольше трёх лет."), field="ends_on")
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
    programme = programme_coordinated(user, programme_id)
    areas = fields.pop("goal_areas", None)
    for name in ("name", "description"):
        if name in fields:
            fields[name] = fields[name].strip()
    if "name" in fields and not fields["name"]:
        raise InvalidInput(_("Назовите программу."), field="name")
    starts_on = fields.get("starts_on", programme.starts_on)
    ends_on = fields.get("ends_on", programme.ends_on)
    if ends_on < starts_on:
        raise InvalidInput(_("Окончание не может быть раньше начала."), field="ends_on")
    if "weights" in fields:
        fields["weights"] = {name: float(value) for name, value in fields["weights"].items()}
    with transaction.atomic():
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.save()
        if areas is not None:
            programme.goal_areas.set(areas)
    return programme


# --- Cohort -----------------------------------------------------------------------------------


def _mentee_completeness(profile: MenteeProfile | None) -> int:
    if profile is None:
        return 0
    checks = [
        bool(profile.goal_area_id),
        profile.skills.exists(),
        bool(profile.current_role),
        bool(profile.target_role),
        bool(profile.goals),
        bool(profile.availability),
        profile.languages.exists(),
    ]
    return round(100 * sum(checks) / len(checks))


def _mentor_completeness(profile: MentorProfile | None) -> int:
    if profile is None:
        return 0
    checks = [
        profile.goal_areas.exists(),
        profile.skills.exists(),
        bool(profile.headline),
        bool(profile.bio),
        bool(profile.availability),
        profile.languages.exists(),
        profile.accepting_mentees,
    ]
    return round(100 * sum(checks) / len(checks))


def cohort_of(programme: Programme, *, members: Iterable[Member] | None = None) -> list[dict]:
    """Each member with their role and how complete the profile for that role is.

    `members` narrows it to some of the programme's members (a page of a long cohort).
    """
    if members is None:
        members = Member.objects.filter(programme=programme).select_related("user")
    members = [m for m in members if m.programme_id == programme.pk]
    user_ids = [m.user_id for m in members]
    mentees = {p.pk: p for p in MenteeProfile.objects.filter(pk__in=user_ids)}
    mentors = {p.pk: p for p in MentorProfile.objects.filter(pk__in=user_ids)}
    rows = []
    for member in members:
        if member.role == Role.MENTEE:
            completeness = _mentee_completeness(mentees.get(member.user_id))
        else:
            completeness = _mentor_completeness(mentors.get(member.user_id))
        rows.append({"member": member, "completeness": completeness})
    return rows


# --- Pair rules -------------------------------------------------------------------------------


def _member_ids(programme: Programme, role: str) -> set[int]:
    return set(
        Member.objects.filter(programme=programme, role=role).values_list("user_id", flat=True)
    )


def pair_rule_set(
    *, user: User, programme_id: int, mentee_id: int, mentor_id: int, kind: str | None
) -> PairRule | None:
    """Forces or forbids a pair for the next matching; kind None removes the rule."""
    programme = programme_coordinated(user, programme_id)
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


def _draft_of(user: User, programme_id: int, run_id: int) -> MatchingRun:
    programme = programme_coordinated(user, programme_id)
    run = MatchingRun.objects.filter(programme=programme, pk=run_id).first()
    if run is None:
        raise MatchingRun.DoesNotExist
    if run.status != RunStatus.DRAFT:
        raise ServiceError(
            _("Править можно только готовый и ещё не опубликованный черновик."),
            code="not_a_draft",
        )
    return run


def draft_pair_remove(*, user: User, programme_id: int, run_id: int, pair_id: int) -> None:
    run = _draft_of(user, programme_id, run_id)
    removed, _rows = DraftPair.objects.filter(run=run, pk=pair_id).delete()
    if not removed:
        raise DraftPair.DoesNotExist


def draft_pair_add(
    *, user: User, programme_id: int, run_id: int, mentee_id: int, mentor_id: int
) -> DraftPair:
    """The coordinator adds a pair of their own; the mentor's places still bound it."""
    run = _draft_of(user, programme_id, run_id)
    programme = run.programme
    if mentee_id not in _member_ids(programme, Role.MENTEE):
        raise InvalidInput(_("Этот человек не подопечный программы."), field="mentee")
    if mentor_id not in _member_ids(programme, Role.MENTOR) or mentee_id == mentor_id:
        raise InvalidInput(_("Этот человек не наставник программы."), field="mentor")
    with transaction.atomic():
        mentor = MentorProfile.objects.select_for_update().filter(pk=mentor_id).first()
        if mentor is None:
            raise InvalidInput(_("У этого человека нет анкеты наставника."), field="mentor")
        taken = DraftPair.objects.filter(run=run, mentor_id=mentor_id).count()
        if taken >= mentor.free_places:
            raise ServiceError(
                _("У наставника не осталось мест в этом черновике."), code="capacity_full"
            )
        try:
            with transaction.atomic():
                pair = DraftPair.objects.create(
                    run=run, mentee_id=mentee_id, mentor_id=mentor_id, added_by_coordinator=True
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
    skipped; an untouched suggestion of the pair becomes the programme's.
    Publishing is a conditional UPDATE of the run's status, so a double click
    publishes once. Bulk statements: a cohort of 10,000 publishes in one request.
    """
    run = _draft_of(user, programme_id, run_id)
    pairs = list(run.pairs.values_list("mentee_id", "mentor_id", "score", "factors"))
    with transaction.atomic():
        if not MatchingRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT).update(
            status=RunStatus.PUBLISHED, published_at=timezone.now()
        ):
            raise ServiceError(_("Черновик уже опубликован."), code="not_a_draft")
        wanted = {(e, r) for e, r, *_ in pairs}
        existing = {
            (e, r): (pk, untouched)
            for e, r, pk, untouched in Match.objects.select_for_update()
            .filter(mentee_id__in={e for e, _r in wanted})
            .annotate(untouched=Q(status=MatchStatus.SUGGESTED, mentee_accepted=False,
                                  mentor_accepted=False))
            .values_list("mentee_id", "mentor_id", "pk", "untouched")
            if (e, r) in wanted
        }  # fmt: skip
        fresh = [
            Match(
                mentee_id=e,
                mentor_id=r,
                score=score,
                factors=factors,
                origin=MatchOrigin.PROGRAMME,
                programme=run.programme,
            )
            for e, r, score, factors in pairs
            if (e, r) not in existing
        ]
        Match.objects.bulk_create(fresh, batch_size=2000, ignore_conflicts=True)
        adopted = [pk for pk, untouched in existing.values() if untouched]
        Match.objects.filter(pk__in=adopted).update(
            origin=MatchOrigin.PROGRAMME, programme=run.programme, updated_at=timezone.now()
        )
    return {
        "created": len(fresh),
        "updated": len(adopted),
        "skipped": len(existing) - len(adopted),
    }


def objective_valid(objective: str) -> str:
    if objective not in Objective.values:
        raise InvalidInput(
            _("Цель подбора — наибольшая сумма оценок или как можно больше пар."),
            field="objective",
        )
    return objective
