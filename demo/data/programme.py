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
"""

import datetime as dt

from demo.data.logins import demo_email

COORDINATOR_NAME = "Марина Гусева"
COORDINATOR_TIMEZONE = "Europe/Moscow"

PROGRAMME_NAME = "Весенний поток: в аналитику"
PROGRAMME_DESCRIPTION = (
    "Весенний набор школы аналитики для тех, кто меняет профессию: бухгалтеры, инженеры, "
    "маркетологи и продавцы. Каждому участнику — наставник-практик на три месяца: SQL и BI, "
    "продуктовые и маркетинговые метрики, проект в портфолио и подготовка к первому "
    "собеседованию."
)
PROGRAMME_GOAL_AREAS = ["analytics", "marketing"]
# Relative to today: the programme began a week ago and runs for thirteen weeks more.
STARTED_AGO = dt.timedelta(days=7)
ENDS_IN = dt.timedelta(weeks=13)

COHORT_MENTEES = tuple(
    demo_email(name)
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
    demo_email(name)
    for name in ("maria.sokolova", "pavel.novikov", "ekaterina.orlova", "timur.akhmetov")
)
FORBIDDEN_PAIR = (demo_email("natalia.fedorova"), demo_email("timur.akhmetov"))
