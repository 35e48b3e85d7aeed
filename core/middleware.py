"""Guards that must run before anything touches the database."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return True
    # parse_cookie unquotes octal escapes, so "\000" in a cookie arrives here as NUL.
    return any(NUL in key or NUL in value for key, value in request.COOKIES.items())


class RejectNulBytesMiddleware:
    """Answers 400 to a NUL byte in the path, the query string or a cookie.

    PostgreSQL cannot store NUL in text, so a session cookie or a filter value
    holding one would otherwise turn into a 500 on every page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_nul(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            message = _("Запрос содержит недопустимый символ (NUL).")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
