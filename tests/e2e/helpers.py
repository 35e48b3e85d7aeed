"""What every journey does: a phone-sized Russian browser, signing in, the header's menu."""

from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from tests import factories

PHONE = {"locale": "ru-RU", "viewport": {"width": 390, "height": 844}}
# From this width (64rem, static/css/app.css) the header's links stand inline; below it
# they are in the menu, a <details> whose <summary> is the menu button.
INLINE_NAV_WIDTH = 1024


def sign_in(page: Page, user: User) -> None:
    """Signs in on the login page the browser is on (or opens it)."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    # The notifications link stands in the header of a signed-in person, on a phone too.
    expect(page.get_by_test_id("nav-notifications")).to_be_visible()


def menu(page: Page) -> Locator:
    """The header's navigation, its menu opened first when the screen is narrow:
    `menu(page).get_by_role("link", name="Подбор", exact=True).click()`."""
    nav = page.locator("header nav")
    width = (page.viewport_size or {}).get("width", INLINE_NAV_WIDTH)
    if width < INLINE_NAV_WIDTH:
        details = nav.locator("details")
        if details.get_attribute("open") is None:
            nav.locator("summary").click()
        expect(details).to_have_attribute("open", "")
    return nav
