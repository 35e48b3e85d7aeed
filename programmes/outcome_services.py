"""Writes about outcomes (issue 16): applying the suggested weights, by the coordinator."""

from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ServiceError
from programmes import predictors, services
from programmes.models import Programme


def suggested_weights_apply(*, user: User, programme_id: int) -> Programme:
    """Sets the programme's weights to the ones its outcomes suggest, for the next run.

    Only on the coordinator's word (this call): the suggestion is never applied by
    itself. Refused (409) while there are too few six-month answers to suggest any.
    """
    programme = services.programme_coordinated(user=user, programme_id=programme_id)
    result = predictors.predictors(programme)
    suggested = result.get("suggested_weights")
    if not suggested:
        raise ServiceError(
            _("Пока нечего применять: нужно не меньше %(n)s ответов через полгода.")
            % {"n": predictors.MIN_SIX_MONTH_ANSWERS},
            code="not_enough_answers",
        )
    weights = {**programme.weights, **suggested}
    return services.programme_update(user=user, programme_id=programme_id, weights=weights)
