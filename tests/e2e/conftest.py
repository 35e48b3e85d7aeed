"""Journeys of several people at once, each on a phone of their own; every page they see
is checked by axe-core (tests/e2e/axe.py)."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe import AxeWatch
from tests.e2e.helpers import PHONE


@pytest.fixture
def open_phone(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens another person's phone: a browser context of its own, in their zone."""
    contexts = []

    def open_(timezone_id: str = "Europe/Moscow", **options) -> Page:
        """`options` are more of the context's (java_script_enabled=False, …)."""
        context = browser.new_context(
            **PHONE, timezone_id=timezone_id, base_url=live_server.url, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def axe_watch(request, monkeypatch) -> AxeWatch | None:
    """Every browser context the test opens (the `page` fixture's, each `open_phone`, any
    other) is watched by axe; set up before them, as an autouse fixture is."""
    if not {"page", "open_phone", "browser"} & set(request.fixturenames):
        return None
    browser = request.getfixturevalue("browser")
    watch = AxeWatch()
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        watch.watch(context)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    request.node.axe_watch = watch
    return watch


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test's own steps: the checks of the pages still open are waited for,
    and a serious or critical violation anywhere fails the test (unless it failed already)."""
    result = yield
    watch = getattr(item, "axe_watch", None)
    if watch is not None:
        watch.settle()
        # Counted by tests/conftest.py's summary (the reports reach it from every process).
        item.user_properties.append(("axe_checked", watch.checked))
        item.user_properties.append(("axe_pages", sorted(watch.pages)))
        if watch.violations or watch.errors:
            raise AssertionError(watch.report())
    return result
