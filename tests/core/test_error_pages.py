"""The site's own error pages, in its layout and the reader's language, DEBUG on or off."""

import pytest
from django.core.cache import caches
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_address_gets_the_sites_404_not_the_url_patterns(client, debug):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-page"' in page
    assert "Страница не найдена" in page
    assert "URLconf" not in page
    assert "api/schema" not in page
    assert 'class="site-header"' in page


def test_a_missing_object_gets_the_sites_404(client, debug, mentee):
    client.force_login(mentee.user)
    response = client.get("/mentors/999999/")
    assert response.status_code == 404
    assert 'data-testid="error-page"' in response.content.decode()


def test_the_404_speaks_the_readers_language(client, debug):
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page
    assert '<html lang="en">' in page


def test_a_crash_gets_the_sites_500(debug, monkeypatch):
    def boom():
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("mentorship.health.database_ok", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/healthz")
    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-page"' in page
    assert "the database fell over" not in page
    assert "Traceback" not in page


def test_a_failed_csrf_check_explains_itself(debug):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@b.c", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Форма устарела" in page
    assert 'class="site-header"' in page


def test_the_api_keeps_its_json_errors(client, debug):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_developers_may_ask_for_djangos_technical_page(client, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_ERRORS = True
    page = client.get("/no-such-page/").content.decode()
    assert 'data-testid="error-page"' not in page


@pytest.fixture
def uncollected_static_files(settings, tmp_path):
    """A deployment whose `collectstatic` did not run: no manifest to name files by."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The layout's head, cached by an earlier test, would name the files already.
    caches["template_fragments"].clear()


def test_an_api_error_renders_no_page_so_nothing_there_can_fail(uncollected_static_files):
    response = Client(raise_request_exception=False).get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Не найдено."}


def test_a_page_error_still_answers_when_no_page_can_be_rendered(uncollected_static_files):
    response = Client(raise_request_exception=False).get("/no-such-page/")
    assert response.status_code == 404
    assert "Something went wrong" in response.content.decode()
