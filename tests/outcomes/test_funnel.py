"""The programme's outcome funnel and its comparison group, on a seeded cohort."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from mentorship.follow_up_models import FollowUp
from programmes import services as programme_services
from programmes.outcomes import comparison_follow_ups_schedule, programme_outcomes
from tests.factories import MenteeFactory, MentorshipFactory, area

pytestmark = pytest.mark.django_db

DUE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _answer(mentee, months, interviews, offers, field, first_offer=None, *, mentorship=None,
            programme):  # fmt: skip
    FollowUp.objects.create(
        mentee=mentee.user, mentorship=mentorship, programme=programme, months=months,
        due_at=DUE, answered_at=DUE, interviews=interviews, offers=offers,
        in_target_field=field, months_to_first_offer=first_offer,
    )  # fmt: skip


# (goal area, [(months, interviews, offers, in_target_field, months to first offer)])
MATCHED = [
    ("analytics", [(1, 2, 0, "not_yet", None), (6, 1, 1, "yes", 4)]),
    ("analytics", [(1, 0, 0, "not_yet", None), (6, 3, 1, "yes", 5)]),
    ("analytics", [(1, 1, 0, "not_yet", None), (6, 0, 0, "not_yet", None)]),
    ("analytics", [(1, 0, 0, "not_yet", None), (6, 0, 0, "not_yet", None)]),
    ("analytics", [(1, 1, 1, "yes", 2), (6, 0, 0, "yes", 2)]),
    ("analytics", [(6, 2, 0, "changed_aim", None)]),
    ("marketing", [(6, 1, 1, "yes", 3)]),
    ("marketing", [(6, 0, 0, "not_yet", None)]),
    ("marketing", [(6, 2, 1, "yes", 6)]),
]
NEVER_MATCHED = [
    [(6, 0, 0, "not_yet", None)],
    [(6, 1, 0, "not_yet", None)],
    [(6, 2, 1, "yes", 7)],
    [(6, 0, 0, "not_yet", None)],
    [(6, 1, 1, "not_yet", 8)],
]


@pytest.fixture
def seeded(programme):
    for code, answers in MATCHED:
        mentee = MenteeFactory(goal_area=area(code))
        mentorship = MentorshipFactory(mentee=mentee, programme=programme, phase="completed")
        for row in answers:
            _answer(mentee, *row, mentorship=mentorship, programme=programme)
    for answers in NEVER_MATCHED:
        mentee = MenteeFactory()
        for row in answers:
            _answer(mentee, *row, programme=programme)
    # Another programme's answers count nowhere here.
    other = MenteeFactory()
    _answer(other, 6, 5, 5, "yes", 1, programme=None)
    return programme


def _stages(cell):
    return (cell["answers"], cell["interviewed"], cell["offered"], cell["working"])


def test_the_funnel_of_the_matched_members_at_one_three_and_six_months(seeded):
    matched = programme_outcomes(seeded)["matched"]
    # Interviews and offers add up over a person's answers; "working" is the answer then.
    assert _stages(matched["total"]["1"]) == (5, 3, 1, 1)
    assert _stages(matched["total"]["3"]) == (0, None, None, None)
    assert _stages(matched["total"]["6"]) == (9, 7, 5, 5)
    assert matched["median_months_to_first_offer"] == 4


def test_small_groups_are_hidden_and_cannot_be_worked_out_from_the_total(seeded):
    areas = {row["goal_area"]: row["months"] for row in programme_outcomes(seeded)["matched"][
        "goal_areas"]}  # fmt: skip
    assert _stages(areas["analytics"]["1"]) == (5, 3, 1, 1)
    # Marketing has 3 six-month answers: hidden. Analytics (6) would then be the total
    # less marketing, so it is hidden as well.
    assert _stages(areas["marketing"]["6"]) == (3, None, None, None)
    assert _stages(areas["analytics"]["6"]) == (6, None, None, None)


def test_the_comparison_group_is_the_members_never_matched(seeded):
    comparison = programme_outcomes(seeded)["comparison"]
    assert _stages(comparison["total"]["6"]) == (5, 3, 2, 1)
    assert _stages(comparison["total"]["1"]) == (0, None, None, None)
    # Two offers with a month given: fewer than five, so no median.
    assert comparison["median_months_to_first_offer"] is None
    assert "not proof" in comparison["note"]


def test_the_api_is_the_coordinators_only(seeded, api, coordinator, cohort):
    url = reverse("api-programme-outcomes", args=[seeded.pk])
    api.force_authenticate(coordinator)
    body = api.get(url).json()
    assert _stages(body["matched"]["total"]["6"]) == (9, 7, 5, 5)
    mentees, _mentors = cohort
    api.force_authenticate(mentees[0].user)
    assert api.get(url).status_code == 403


def test_the_outcome_csv_and_the_report_page_carry_the_funnel(seeded, client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("programmes:outcomes-csv", args=[seeded.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "group", "goal_area", "months", "answers", "interviewed", "offered", "working",
        "median_months_to_first_offer",
    ]  # fmt: skip
    funnel = rows[1:]
    assert ["matched", "all", "6", "9", "7", "5", "5", "4"] in funnel
    assert ["matched", "marketing", "6", "3", "", "", "", ""] in funnel
    assert ["comparison (not proof)", "all", "6", "5", "3", "2", "1", ""] in funnel
    page = client.get(reverse("programmes:report", args=[seeded.pk])).content.decode()
    assert 'data-testid="outcomes"' in page
    assert "chart-funnel" in page
    assert "а не доказательство" in page


def test_never_matched_members_get_follow_ups_after_the_programme_ends(programme, cohort):
    mentees, _mentors = cohort
    MentorshipFactory(mentee=mentees[0], programme=programme)
    now = dt.datetime.combine(programme.ends_on, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(days=1)
    assert comparison_follow_ups_schedule(now=now) == 4 * 3
    assert comparison_follow_ups_schedule(now=now) == 0
    asked = set(FollowUp.objects.filter(mentorship=None).values_list("mentee_id", flat=True))
    assert asked == {m.pk for m in mentees[1:]}
    # Before the programme ends, nobody.
    programme_services.programme_update(
        user=programme.coordinators.get().user,
        programme_id=programme.pk,
        ends_on=programme.ends_on + dt.timedelta(days=30),
    )
    FollowUp.objects.all().delete()
    assert comparison_follow_ups_schedule(now=now) == 0
