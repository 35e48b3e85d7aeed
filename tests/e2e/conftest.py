"""Journeys of several people at once: each on a phone of their own."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.helpers import PHONE


@pytest.fixture
def open_phone(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens another person's phone: a browser context of its own, in their zone."""
    contexts = []

    def open_(timezone_id: str = "Europe/Moscow") -> Page:
        context = browser.new_context(**PHONE, timezone_id=timezone_id, base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
