"""The demo has a finished programme with six-month answers: the funnel, the mentors'
figure and the predictor table show on the first `make run` (demo/outcomes.py)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import MentorProfile, User
from demo.data.logins import DEMO_COORDINATOR
from demo.data.programme import COHORT_MENTORS
from demo.outcomes import PROGRAMME_NAME
from programmes import predictors
from programmes.models import Programme
from programmes.outcomes import programme_outcomes

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_funnel_the_card_figure_and_the_predictor_table(client):
    call_command("seed_demo", stdout=StringIO())
    finished = Programme.objects.get(name=PROGRAMME_NAME)

    data = programme_outcomes(finished)
    assert data["matched"]["total"]["6"]["answers"] == 60
    assert data["matched"]["total"]["6"]["working"] is not None
    assert data["comparison"]["total"]["6"]["answers"] == 10
    assert data["matched"]["median_months_to_first_offer"] is not None

    mentor = MentorProfile.objects.get(user__email=COHORT_MENTORS[0])
    assert mentor.outcome_answers == 15
    card = client.get(reverse("mentor-card", args=[mentor.pk])).content.decode()
    assert 'data-testid="outcome"' in card
    assert 'data-testid="public-outcome"' in client.get("/").content.decode()

    table = predictors.predictors(finished)
    assert table["missing"] == 0
    skills = next(a for a in table["associations"] if a["factor"] == "skills")
    assert skills["coefficient"] > 0  # the model the demo answers were drawn from
    client.force_login(User.objects.get(email=DEMO_COORDINATOR))
    page = client.get(reverse("programmes:predictors", args=[finished.pk])).content.decode()
    assert 'data-testid="predictors"' in page
    report = client.get(reverse("programmes:report", args=[finished.pk])).content.decode()
    assert "chart-funnel" in report

    # Seeding again adds nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Programme.objects.filter(name=PROGRAMME_NAME).count() == 1
