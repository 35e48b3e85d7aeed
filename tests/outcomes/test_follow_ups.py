"""Follow-ups: who gets them, the letter's link, answering and correcting."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.personal_data import person_export
from mentorship import outcomes, services
from mentorship.follow_up_models import FollowUp
from mentorship.models import EndReason, Phase
from tests.factories import MentorshipFactory
from tests.outcomes.conftest import T0, completed

pytestmark = pytest.mark.django_db


def _link(follow_up: FollowUp) -> str:
    return reverse("mentorship:follow-up-link", args=[outcomes.follow_up_token(follow_up)])


def _first(mentorship) -> FollowUp:
    return FollowUp.objects.get(mentorship=mentorship, months=1)


def test_a_completed_mentorship_schedules_three_follow_ups_for_its_mentee():
    mentorship = completed(T0)
    rows = FollowUp.objects.filter(mentorship=mentorship).order_by("months")
    assert [(f.months, f.due_at, f.mentee_id) for f in rows] == [
        (1, dt.datetime(2027, 2, 18, 9, 30, tzinfo=dt.UTC), mentorship.mentee_id),
        (3, dt.datetime(2027, 4, 18, 9, 30, tzinfo=dt.UTC), mentorship.mentee_id),
        (6, dt.datetime(2027, 7, 18, 9, 30, tzinfo=dt.UTC), mentorship.mentee_id),
    ]


def test_month_ends_are_kept_in_shorter_months():
    assert outcomes.add_months(dt.datetime(2027, 8, 31, tzinfo=dt.UTC), 6) == dt.datetime(
        2028, 2, 29, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("phase", "expected"), [(Phase.INITIAL, 0), (Phase.MAIN, 3), (Phase.CLOSING, 3)]
)
def test_an_early_end_is_followed_up_only_after_the_main_phase_began(phase, expected):
    mentorship = MentorshipFactory(phase=phase)
    services.mentorship_end(
        user=mentorship.mentee.user, mentorship_id=mentorship.pk, reason=EndReason.NO_TIME
    )
    assert FollowUp.objects.filter(mentorship=mentorship).count() == expected


def test_the_link_works_without_signing_in_and_only_once(client, finished):
    follow_up = _first(finished)
    link = _link(follow_up)
    assert client.get(link).status_code == 200
    response = client.post(link, {"interviews": "2", "offers": "1", "in_target_field": "yes"})
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert (follow_up.interviews, follow_up.offers, follow_up.in_target_field) == (2, 1, "yes")
    assert follow_up.link_used_at is not None
    # Used: neither shown nor taken again.
    assert client.get(link).status_code == 410
    assert client.post(link, {"interviews": "9"}).status_code == 410
    follow_up.refresh_from_db()
    assert follow_up.interviews == 2


def test_the_link_expires_thirty_days_after_the_letter(client, finished):
    follow_up = _first(finished)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        notified_at=timezone.now() - dt.timedelta(days=30, minutes=1)
    )
    response = client.post(_link(follow_up), {"interviews": "1"})
    assert response.status_code == 410
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_a_tampered_link_is_refused(client, finished):
    link = _link(_first(finished))
    token = link.rstrip("/").rsplit("/", 1)[-1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.post(reverse("mentorship:follow-up-link", args=[forged]), {"interviews": "1"})
    assert response.status_code == 403
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()


def test_another_persons_follow_up_gives_nothing_away(client, api, finished, stranger):
    follow_up = _first(finished)
    client.force_login(stranger)
    assert client.get(reverse("mentorship:follow-up", args=[follow_up.pk])).status_code == 404
    api.force_authenticate(stranger)
    url = reverse("api-my-outcome", args=[follow_up.pk])
    assert api.put(url, {"interviews": 1}, format="json").status_code == 404
    assert api.get(reverse("api-my-outcomes")).json() == []


def test_a_link_whose_account_is_gone_is_a_404(client, finished):
    follow_up = _first(finished)
    link = _link(follow_up)
    FollowUp.objects.filter(pk=follow_up.pk).delete()
    assert client.get(link).status_code == 404


def test_the_api_lists_and_answers_a_due_follow_up_and_refuses_one_not_due(api, finished):
    person = finished.mentee.user
    api.force_authenticate(person)
    rows = api.get(reverse("api-my-outcomes")).json()
    assert [(r["months"], r["due_on"], r["answered_at"]) for r in rows[1:]] == [
        (3, "2027-04-18", None),
        (6, "2027-07-18", None),
    ]
    first, third = rows[0]["id"], rows[1]["id"]
    body = {"interviews": 3, "offers": 0, "in_target_field": "not_yet", "confidence_now": 7}
    # T0 lies in 2027: from the test's own today, the three-month one is not due yet.
    assert api.put(reverse("api-my-outcome", args=[third]), body, format="json").status_code == 409
    FollowUp.objects.filter(pk=third).update(due_at=timezone.now())
    answered = api.put(reverse("api-my-outcome", args=[first]), body, format="json")
    assert answered.status_code == 200
    assert answered.json()["confidence_now"] == 7
    bad = api.put(reverse("api-my-outcome", args=[first]), {"confidence_now": 11}, format="json")
    assert bad.status_code == 400
    assert "confidence_now" in bad.json()
    # The latest answer can be corrected; once a later one is given, the earlier is fixed.
    fixed = api.put(reverse("api-my-outcome", args=[first]), {"offers": 1}, format="json")
    assert fixed.status_code == 200
    assert fixed.json()["offers"] == 1
    assert api.put(reverse("api-my-outcome", args=[third]), {}, format="json").status_code == 200
    late = api.put(reverse("api-my-outcome", args=[first]), {"offers": 2}, format="json")
    assert late.status_code == 409


def test_the_signed_in_page_answers_and_corrects(client, finished):
    follow_up = _first(finished)
    client.force_login(finished.mentee.user)
    url = reverse("mentorship:follow-up", args=[follow_up.pk])
    assert client.post(url, {"in_target_field": "changed_aim"}).status_code == 302
    assert client.post(url, {"in_target_field": "yes", "role_now": "аналитик"}).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.in_target_field, follow_up.role_now) == ("yes", "аналитик")
    assert client.post(url, {"confidence_now": "0"}).status_code == 400


def test_the_export_holds_the_persons_own_answers(finished):
    follow_up = _first(finished)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        answered_at=timezone.now(), offers=2, comment="нашёл работу"
    )
    exported = person_export(finished.mentee.user)["follow_ups"]
    assert (exported[0]["months"], exported[0]["offers"], exported[0]["comment"]) == (
        1, 2, "нашёл работу",
    )  # fmt: skip
    assert person_export(finished.mentor.user)["follow_ups"] == []


def test_the_follow_up_list_and_the_dashboard_do_not_grow_in_queries(api, client, finished):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = finished.mentee.user
    api.force_authenticate(person)
    client.force_login(person)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listed:
            api.get(reverse("api-my-outcomes"))
        with CaptureQueriesContext(connection) as dashboard:
            client.get(reverse("mentorship:dashboard"))
        return len(listed), len(dashboard)

    queries()  # the first request of a session does more (its session, the login)
    before = queries()
    for _ in range(3):
        completed(T0, mentee=finished.mentee)
    assert FollowUp.objects.filter(mentee=person).count() == 12
    assert queries() == before
