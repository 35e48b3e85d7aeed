"""The site's own error pages (404, 403, 500, a failed CSRF check), in its layout and language.

Django's handlers take these with DEBUG off. With DEBUG on (`make run`, the demo)
Django answers a missing page and a crash with its technical pages, which list
the URL patterns; FriendlyErrorPagesMiddleware puts the site's pages in their
place there too, unless DEBUG_TECHNICAL_ERRORS asks for Django's (developers).
The API keeps its JSON errors (core.http_guards).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from core.http_guards import is_api

log = logging.getLogger(__name__)

TEMPLATES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html"}


# The last resort: no template, no static file, no database.
BARE_PAGE = (
    '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Ошибка / Error</title></head><body>"
    "<h1>Что-то пошло не так. / Something went wrong.</h1>"
    '<p><a href="/">На главную / Home</a></p></body></html>'
)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if is_api(request):
        # The API answers in JSON (core.http_guards.ApiJsonErrorsMiddleware
        # words it): no page to render, so nothing here that could fail.
        response = HttpResponse(status=status)
        response.site_error_page = True
        return response
    try:
        response = render(request, template, status=status)
    except Exception:
        # The layout needs the database (the header's counts); a page that says
        # only what happened needs neither.
        log.exception("The error page %s could not be rendered in the layout.", template)
        try:
            content = render_to_string("errors/plain.html")
        except Exception:
            # Its stylesheet's address needs the collected files' manifest.
            log.exception("The plain error page could not be rendered either.")
            content = BARE_PAGE
        response = HttpResponse(content, status=status)
    response.site_error_page = True
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, TEMPLATES[400], 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, TEMPLATES[403], 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, TEMPLATES[404], 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "errors/500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "errors/csrf.html", 403)


class FriendlyErrorPagesMiddleware:
    """With DEBUG on, answers a technical 404 or 500 page with the site's own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not settings.DEBUG
            or settings.DEBUG_TECHNICAL_ERRORS
            or is_api(request)
            or getattr(response, "site_error_page", False)
            or response.status_code not in (404, 500)
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        if response.status_code == 404:
            return page_not_found(request)
        return server_error(request)
