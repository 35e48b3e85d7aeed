"""The site's CSP header, built once (core.middleware.CSPMiddleware), is django-csp's."""

import csp.exceptions
import csp.middleware
import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory

from core import middleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}}


def _answers(respond, path: str = "/api/v1/me/"):
    """The headers of the same response through ours and through django-csp's."""
    headers = []
    for cls in (middleware.CSPMiddleware, csp.middleware.CSPMiddleware):
        request = RequestFactory().get(path)
        response = cls(lambda request: respond())(request)
        headers.append({name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)})
    return headers


def test_an_api_answer_has_django_csps_header():
    ours, theirs = _answers(lambda: JsonResponse({"id": 1}))
    assert ours == theirs
    assert "default-src 'self'" in ours[HEADER]


def test_a_page_has_django_csps_header():
    ours, theirs = _answers(lambda: HttpResponse("<p>страница</p>"), path="/dashboard/")
    assert ours == theirs


def test_a_changed_policy_is_seen(settings):
    before, _theirs = _answers(lambda: JsonResponse({}))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY
    ours, theirs = _answers(lambda: JsonResponse({}))
    assert ours == theirs
    assert ours != before
    assert ours[HEADER_REPORT_ONLY] is not None


def test_a_view_that_changes_its_policy_keeps_its_change():
    def respond():
        response = HttpResponse("x")
        response._csp_update = {"img-src": ["https://example.org"]}
        return response

    ours, theirs = _answers(respond)
    assert ours == theirs
    assert "https://example.org" in ours[HEADER]


def test_an_exempt_response_has_no_header():
    def respond():
        response = HttpResponse("x")
        response._csp_exempt = True
        return response

    ours, theirs = _answers(respond)
    assert ours == theirs == {HEADER: None, HEADER_REPORT_ONLY: None}


def test_a_page_that_used_the_nonce_has_it_in_its_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    request = RequestFactory().get("/")
    chain = middleware.CSPMiddleware(lambda request: (str(request.csp_nonce), HttpResponse())[1])
    response = chain(request)
    assert f"script-src 'self' 'nonce-{request._csp_nonce}'" in response[HEADER]


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request = RequestFactory().get("/")
    middleware.CSPMiddleware(lambda request: HttpResponse())(request)
    with pytest.raises(csp.exceptions.CSPNonceError):
        str(request.csp_nonce)


def test_a_response_with_a_header_of_its_own_keeps_it():
    def respond():
        response = HttpResponse("x")
        response[HEADER] = "default-src 'none'"
        return response

    ours, theirs = _answers(respond)
    assert ours == theirs
    assert ours[HEADER] == "default-src 'none'"
