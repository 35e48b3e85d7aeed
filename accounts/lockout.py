"""Sign-in lockouts (django-axes): per account and address, and per address alone.

Failures count in two groups (settings.AXES_LOCKOUT_PARAMETERS): the pair
(account, address), locked after AXES_FAILURE_LIMIT, so an attacker elsewhere
cannot lock the real person out of their own account; and the address alone,
locked after the higher AXES_ADDRESS_FAILURE_LIMIT, which stops one address
from trying one password on a hundred accounts (password spraying).
"""

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """The database handler with its own limit for each group of failures."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Failures on the scale of AXES_FAILURE_LIMIT, which axes compares against.

        The address's failures count by the ratio of the two limits: the result
        reaches AXES_FAILURE_LIMIT exactly when they reach AXES_ADDRESS_FAILURE_LIMIT.
        """
        pair, address = self.get_user_attempts(request, credentials)
        scaled = _failures(address) * settings.AXES_FAILURE_LIMIT
        return max(_failures(pair), scaled // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # A successful sign-in forgives that account's failures from this
        # address, not the address's failures on other accounts: a sprayer
        # would otherwise sign in to their own account to start afresh.
        pair, _address = self.filter_user_attempts(request, credentials)
        count, _deleted = pair.delete()
        return count


def retry_after_seconds(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds())) if cool_off else 3600


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The lockout answer: 429 JSON under /api/, a page in the site's layout elsewhere;
    both say when to try again (and the Retry-After header)."""
    seconds = retry_after_seconds(request)
    minutes = math.ceil(seconds / 60)
    # "мин." reads right after any number, where a full word would need Russian plurals.
    retry = _("Попробуйте снова через %(minutes)s мин.") % {"minutes": minutes}
    if request.path_info.startswith("/api/"):
        detail = _("Слишком много неудачных попыток входа.") + " " + retry
        response: HttpResponse = JsonResponse(
            {"detail": detail, "retry_after": seconds}, status=429
        )
    else:
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, {"retry": retry}, status=429)
    response["Retry-After"] = str(seconds)
    return response
