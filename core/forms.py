"""How a page form shows a broken rule, and how every page form ends."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise

from core.errors import InvalidInput, ServiceError


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Shows a broken rule next to the field it is about, or above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


def submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str | Promise,
    back: str,
    rerender: Callable[[], HttpResponse],
) -> HttpResponse:
    """How every page form ends, on both the mentorship and the programme pages.

    Valid and accepted: back to `back` with `success`. Invalid input (the form's
    or the service's): `rerender()` — the page again with the form as sent and
    what is wrong next to its field. A state conflict (the phase moved on): back,
    with the reason. An object the person may not see: 404.
    """
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ObjectDoesNotExist as error:
            raise Http404 from error
        except InvalidInput as error:
            add_service_error(form, error)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(back)
        else:
            messages.success(request, success)
            return redirect(back)
    return rerender()
