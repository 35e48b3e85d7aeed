"""What every journey does: a phone-sized Russian browser, and signing in."""

from playwright.sync_api import Page, expect

from accounts.models import User
from tests import factories

PHONE = {"locale": "ru-RU", "viewport": {"width": 390, "height": 844}}


def sign_in(page: Page, user: User) -> None:
    """Signs in on the login page the browser is on (or opens it)."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Пароль").fill(factories.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
