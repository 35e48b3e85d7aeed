"""HTTP-level guards: the body size limit and one JSON shape for every API error.

The API's own views answer errors in JSON, but some answers come from
elsewhere: Django's resolver (404 for an unknown address), its request parser
(400 for too many fields), the CSRF check, django-axes. Under /api/ those are
rewritten here, so a client always reads `{"detail": ...}`.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
# A body over the limit is read and thrown away up to this size before the
# answer, so that the client, still sending, reads the 413 instead of a reset
# connection. Past it the connection is simply closed: nobody sends that much
# in good faith.
DRAIN_MAX_BYTES = 64 * 1024 * 1024
DRAIN_CHUNK = 256 * 1024
# What a multipart form adds around an uploaded file (boundaries, headers, the token).
UPLOAD_FORM_BYTES = 64 * 1024


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _language_of(request: HttpRequest) -> str:
    return translation.get_language_from_request(request)


def _status_message(status: int) -> str:
    messages = {
        400: _("Неверный запрос."),
        401: _("Нужно войти."),
        403: _("Доступ запрещён."),
        404: _("Не найдено."),
        405: _("Этот метод здесь не поддерживается."),
        413: _("Тело запроса слишком велико."),
        415: _("Неподдерживаемый тип содержимого."),
        429: _("Слишком много запросов. Попробуйте позже."),
    }
    return messages.get(status, _("Что-то пошло не так. Мы уже разбираемся."))


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _drain(request: HttpRequest, length: int) -> bool:
    """Reads and discards the body; returns whether all of it was read."""
    if length > DRAIN_MAX_BYTES:
        return False
    try:
        while request.read(DRAIN_CHUNK):
            pass
    except OSError:
        return False
    return True


class BodySizeLimitMiddleware:
    """Answers 413 to a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, before anything reads it.

    Django checks that limit only when a form is parsed; DRF's JSON parser
    reads the stream itself and never does. A declared Content-Length is
    enough to refuse, and the body is drained first (see DRAIN_MAX_BYTES).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        upload = getattr(settings, "UPLOAD_LIMITS", {}).get(request.path_info)
        if upload is not None:
            limit = upload[1] + UPLOAD_FORM_BYTES
        length = _content_length(request)
        if limit is None or length <= limit:
            return self.get_response(request)
        drained = _drain(request, length)
        if upload is not None and not is_api(request) and drained:
            return self._page_refused(request)
        status = 413
        with translation.override(_language_of(request)):
            if upload is not None:
                # A file too large is the person's input on that field (400), not the
                # HTTP limit: the same answer as a file checked after it arrived.
                status = 400
                message = _("Файл слишком большой: не больше %(size)s МБ.") % {
                    "size": upload[1] // (1024 * 1024)
                }
                body = {upload[0]: [message]}
            else:
                message = _("Тело запроса слишком велико: не больше %(size)s КБ.") % {
                    "size": limit // 1024
                }
                body = {"detail": message}
        if is_api(request):
            response: HttpResponse = JsonResponse(body, status=status)
        else:
            response = HttpResponse(
                message, status=status, content_type="text/plain; charset=utf-8"
            )
        if not drained:
            response["Connection"] = "close"
        log.warning("Refused a body of %s bytes on %s", length, request.path_info)
        return response

    def _page_refused(self, request: HttpRequest) -> HttpResponse:
        """An upload page shows its form again with the error, not a bare 400.

        The body is gone (drained, never parsed), so the page is asked as a GET:
        nothing can be written by it, and no CSRF token is needed to show a form.
        The view reads `request.upload_too_large` and answers 413 with the form.
        """
        request.method = "GET"
        request.META["REQUEST_METHOD"] = "GET"
        request.META["CONTENT_LENGTH"] = "0"
        request.upload_too_large = True
        log.warning(
            "Refused an upload of %s bytes on %s", _content_length(request), request.path_info
        )
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Rewrites every non-JSON error answer under /api/ as `{"detail": ...}` JSON.

    Outermost, so it also sees what other middleware answered (CSRF, the body
    limit, django-axes). Retry-After and Allow are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code >= 500 and settings.DEBUG:
            return response  # the developer's traceback page
        with translation.override(_language_of(request)):
            body = {"detail": _status_message(response.status_code)}
        rewritten = JsonResponse(body, status=response.status_code)
        for header in ("Retry-After", "Allow", "WWW-Authenticate", "Connection"):
            if header in response:
                rewritten[header] = response[header]
        return rewritten


class ApiNoStoreMiddleware:
    """Signed-in API answers hold personal data: no cache on the way may keep them.

    DRF authenticates inside the view and sets the Django request's user, so
    this looks after the view has run, for token and session sign-in alike.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if is_api(request) and user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
