"""What every programme page needs: the programme the person may see or coordinates."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest

from core.errors import ServiceError
from programmes import services
from programmes.models import Programme

PAGE = "programmes:detail"


def sent(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def visible(request: HttpRequest, id: int) -> Programme:
    try:
        return services.programme_visible(user=request.user, programme_id=id)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def coordinated(request: HttpRequest, id: int) -> Programme:
    try:
        return services.programme_coordinated(user=request.user, programme_id=id)
    except Programme.DoesNotExist as error:
        raise Http404 from error
    except services.NotCoordinator as error:
        raise PermissionDenied(error.message) from error


def act(request: HttpRequest, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Calls a service that needs no form: (True, its result), or (False, None) with
    the conflict shown as a message."""
    try:
        return True, call()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except ServiceError as error:
        messages.error(request, error.message)
        return False, None
