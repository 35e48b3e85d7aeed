"""The demo's programme: a coordinator with a cohort and a matching draft to review.

«Весенний поток: в аналитику» gathers seven demo mentees whose goals lean on
data (BI, product metrics, marketplaces, targeting, content) and four mentors
from analytics and marketing analytics. None of the three main logins is in it:
mentee@ already has a mentor outside the programme, and the cohort matching
would propose her a second one; a member's view is one sign-in away with any
cohort member's address and the same password.

One rule is set: Наталья and Тимур, her best match by the scorer, must not be
paired (they sell in the same category on Wildberries), so the draft shows the
rule at work. Светлана, who only meets by video at hours no cohort mentor has,
stays unmatched with the reason — something for the coordinator to settle by
hand before publishing.

The run is started by the service and its chord's steps are run here, in this
process, in order (as tests/programmes/conftest.py run_inline does), inside the
transaction that started it: the task the service enqueues after commit then
finds the run already claimed and does nothing, in-process or on a worker.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.management.commands.seed_demo import CONSENT_VERSION, DEMO_PASSWORD
from accounts.models import Consent, User
from mentorship.demo import seeding_quietly
from programmes import runs
from programmes.models import Objective, Programme, Role, RuleKind
from programmes.services import pair_rule_set, programme_create, programme_join

DEMO_COORDINATOR = "coordinator@demo.nastavnik.local"
PROGRAMME_NAME = "Весенний поток: в аналитику"
PROGRAMME_DESCRIPTION = (
    "Весенний набор школы аналитики для тех, кто меняет профессию: бухгалтеры, инженеры, "
    "маркетологи и продавцы. Каждому участнику — наставник-практик на три месяца: SQL и BI, "
    "продуктовые и маркетинговые метрики, проект в портфолио и подготовка к первому "
    "собеседованию."
)


def _demo(local_part: str) -> str:
    return f"{local_part}@demo.nastavnik.local"


COHORT_MENTEES = tuple(
    _demo(name)
    for name in (
        "svetlana.belova",
        "andrey.melnikov",
        "natalia.fedorova",
        "yulia.sorokina",
        "victoria.lee",
        "ruslan.galiev",
        "daria.egorova",
    )
)
COHORT_MENTORS = tuple(
    _demo(name)
    for name in ("maria.sokolova", "pavel.novikov", "ekaterina.orlova", "timur.akhmetov")
)
FORBIDDEN_PAIR = (_demo("natalia.fedorova"), _demo("timur.akhmetov"))


def demo_programme_seed(*, password_hash: str | None = None) -> dict[str, int]:
    """Creates the demo coordinator (or refreshes them, like the demo people) and, unless
    they already have it, the programme with its cohort, rule and draft.

    `password_hash` is the demo password's hash the people share (hashed here when
    not given). Returns the counts of what was created.
    """
    coordinator, _created = User.objects.update_or_create(
        email=DEMO_COORDINATOR,
        defaults={
            "full_name": "Марина Гусева",
            "timezone": "Europe/Moscow",
            "password": password_hash or make_password(DEMO_PASSWORD),
        },
    )
    Consent.objects.get_or_create(
        user=coordinator, kind=Consent.Kind.PERSONAL_DATA, version=CONSENT_VERSION
    )
    counts = {"programmes": 0, "members": 0, "rules": 0, "pairs": 0, "unmatched": 0}
    if Programme.objects.coordinated_by(coordinator).filter(name=PROGRAMME_NAME).exists():
        return counts
    with seeding_quietly(), transaction.atomic():
        programme = _programme(coordinator)
        run = runs.matching_run_start(
            user=coordinator, programme_id=programme.pk, objective=Objective.SCORE
        )
        runs.matching_run_in_process(run_id=run.pk)
    return {
        "programmes": 1,
        "members": programme.members.count(),
        "rules": programme.rules.count(),
        "pairs": run.pairs.count(),
        "unmatched": run.unmatched.count(),
    }


def _programme(coordinator: User) -> Programme:
    today = timezone.localdate()
    programme = programme_create(
        user=coordinator,
        name=PROGRAMME_NAME,
        description=PROGRAMME_DESCRIPTION,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(weeks=13),
        goal_areas=["analytics", "marketing"],
    )
    people = {
        user.email: user
        for user in User.objects.filter(email__in=COHORT_MENTEES + COHORT_MENTORS, is_active=True)
    }
    for emails, role in ((COHORT_MENTEES, Role.MENTEE), (COHORT_MENTORS, Role.MENTOR)):
        for email in emails:
            if email in people:
                programme_join(user=people[email], join_code=programme.join_code, role=role)
    mentee, mentor = (people.get(email) for email in FORBIDDEN_PAIR)
    if mentee is not None and mentor is not None:
        pair_rule_set(
            user=coordinator,
            programme_id=programme.pk,
            mentee_id=mentee.pk,
            mentor_id=mentor.pk,
            kind=RuleKind.FORBIDDEN,
        )
    return programme
