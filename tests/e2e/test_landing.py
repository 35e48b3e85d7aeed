import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.helpers import menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The header is one line: 3.5rem and its border on a phone and on a desktop (static/css/app.css).
HEADER_MAX_PX = 64
DESKTOP = {"width": 1280, "height": 900}


def header_height(page: Page) -> float:
    box = page.locator("header.site-header").bounding_box()
    assert box, "no header on the page"
    return box["height"]


def assert_one_line(page: Page) -> None:
    brand = page.locator(".brand").bounding_box()
    ru = page.get_by_role("button", name="RU").bounding_box()
    en = page.get_by_role("button", name="EN").bounding_box()
    assert brand, "no brand"
    assert ru, "no RU"
    assert en, "no EN"
    assert ru["y"] == en["y"], (ru, en)
    # On the brand's line, not wrapped below it.
    assert abs((ru["y"] + ru["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 8, (brand, ru)
    assert header_height(page) <= HEADER_MAX_PX
    # Nothing sticks out of the header either.
    assert page.locator("header nav").evaluate("nav => nav.scrollWidth <= nav.clientWidth")


def test_landing_page_opens_in_russian_and_switches_to_english(page, open_phone):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("наставником")
    expect(page.get_by_role("link", name="Найти наставника")).to_be_visible()
    # On a phone the header is one line; its links wait in the menu.
    assert header_height(page) <= HEADER_MAX_PX
    expect(page.locator("header summary")).to_have_text("Меню")
    expect(page.get_by_role("link", name="Войти")).to_be_hidden()

    menu(page).get_by_role("button", name="EN").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("mentor", re.I))
    expect(page.get_by_role("link", name="Find a mentor")).to_be_visible()
    expect(page.locator("header summary")).to_have_text("Menu")
    assert header_height(page) <= HEADER_MAX_PX

    # The menu is a <details>: it opens, from the keyboard too, with no script at all.
    bare = open_phone(java_script_enabled=False)
    bare.goto("/")
    bare.keyboard.press("Tab")  # the skip link
    bare.keyboard.press("Tab")  # the brand
    bare.keyboard.press("Tab")  # the menu button
    expect(bare.locator("header summary")).to_be_focused()
    bare.keyboard.press("Enter")
    expect(bare.locator("header details")).to_have_attribute("open", "")
    bare.get_by_role("link", name="Войти").click()
    expect(bare).to_have_url(re.compile(r"/accounts/login/$"))

    # On a desktop every link of the longest header (a person both mentee and mentor) and
    # the RU/EN switch stand on the brand's line, in both languages.
    both = factories.MentorFactory().user
    factories.MenteeFactory(user=both)
    desk = open_phone()
    desk.set_viewport_size(DESKTOP)
    sign_in(desk, both)
    expect(desk.locator("header summary")).to_be_hidden()
    expect(desk.locator("header .nav-links a")).to_have_count(6)
    assert_one_line(desk)
    menu(desk).get_by_role("button", name="EN").click()
    expect(desk.locator("html")).to_have_attribute("lang", "en")
    assert_one_line(desk)


def test_landing_page_loads_its_styles_from_the_application(page, live_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    assert requests, "the page made no requests"
    assert all(url.startswith(live_server.url) for url in requests), requests
    # The stylesheet applied: the brand link is styled by app.css.
    weight = page.locator(".brand").evaluate("el => getComputedStyle(el).fontWeight")
    assert weight == "700"
