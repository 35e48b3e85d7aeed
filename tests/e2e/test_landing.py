import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_landing_page_opens_in_russian_and_switches_to_english(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("наставником")
    expect(page.get_by_role("link", name="Найти наставника")).to_be_visible()

    page.get_by_role("button", name="EN").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("mentor", re.I))
    expect(page.get_by_role("link", name="Find a mentor")).to_be_visible()


def test_landing_page_loads_its_styles_from_the_application(page, live_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    assert requests, "the page made no requests"
    assert all(url.startswith(live_server.url) for url in requests), requests
    # The stylesheet applied: the brand link is styled by app.css.
    weight = page.locator(".brand").evaluate("el => getComputedStyle(el).fontWeight")
    assert weight == "700"
