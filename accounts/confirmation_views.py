"""The address confirmation's twin adapters: the letter's link, and asking for the letter
again from the banner (a page) or an application (the API), over accounts.confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import confirmation
from core.errors import ServiceError


@require_safe
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the letter's link confirms the address (once; a used link says so)."""
    try:
        confirmed = confirmation.email_confirm(token=token)
    except ServiceError as error:
        context = {"ok": False, "message": error.message, "code": error.code}
        return render(request, "accounts/confirm_email.html", context, status=400)
    if request.user.is_authenticated and request.user.pk == confirmed.pk:
        # This request's user was read before the link was used: the page it renders
        # (the banner in the layout) must already know the address is confirmed.
        request.user.email_confirmed_at = confirmed.email_confirmed_at
    context = {"ok": True, "message": _("Адрес подтверждён. Теперь можно отправлять запросы.")}
    return render(request, "accounts/confirm_email.html", context)


@login_required
@require_POST
def resend(request: HttpRequest) -> HttpResponse:
    """The banner's button: the letter again, then back to the page it was pressed on."""
    try:
        confirmation.confirmation_letter_resend(user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Письмо отправлено на %(email)s. Откройте ссылку из него.")
            % {"email": request.user.email},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)


class ConfirmEmailApi(APIView):
    @extend_schema(
        request=None,
        responses={
            202: inline_serializer("ConfirmEmailSent", {"detail": serializers.CharField()}),
            409: OpenApiResponse(description="the address is already confirmed"),
            429: OpenApiResponse(description="too many letters in an hour"),
        },
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        confirmation.confirmation_letter_resend(user=request.user)
        return Response(
            {"detail": _("Письмо отправлено на %(email)s.") % {"email": request.user.email}},
            status=status.HTTP_202_ACCEPTED,
        )
