"""Accessibility of every page a journey visits, checked by axe-core.

axe-core comes bundled with axe-playwright-python (no CDN). Every browser
context a journey opens is watched (tests/e2e/conftest.py wraps
`browser.new_context`): each document, once loaded, runs axe on itself and
reports to the test through a binding, so every page the person sees is
checked, a form shown again with its errors too, and a journey written later
is covered without a line of its own. Serious and critical violations fail
the test (conftest.py, after the test's steps).

A document must not be replaced while axe reads it: a navigation of a page
whose check is still running is held (a context route) until the report is in.
Playwright cannot evaluate in a page while one of its navigations is held, so
the check runs inside the page rather than from here.
"""

import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import BrowserContext, Page, Request, Route
from playwright.sync_api import Error as PlaywrightError

FAILING_IMPACTS = frozenset({"serious", "critical"})
# Every rule axe has (WCAG 2.x A and AA, best practices); only serious and critical fail.
OPTIONS = {"resultTypes": ["violations"]}

# Runs in every top-level document once it has loaded (and its deferred scripts ran).
RUNNER = f"""
(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) {{ return; }}
  window.addEventListener("load", () => {{
    window.__axeStart();
    setTimeout(() => {{
      axe.run(document, {json.dumps(OPTIONS)})
        .then((results) => window.__axeReport(location.href, results.violations, null))
        .catch((error) => window.__axeReport(location.href, [], String(error)));
    }}, 0);
  }});
}})();
"""

# How long the end of a test waits for checks still running.
SETTLE_SECONDS = 15


@dataclass
class AxeWatch:
    """What axe found in one test: how many page states it checked, and what failed."""

    checked: int = 0
    pages: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    running: set[Page] = field(default_factory=set)
    held: dict[Page, list[Route]] = field(default_factory=dict)

    def watch(self, context: BrowserContext) -> None:
        self.contexts.append(context)
        context.expose_binding("__axeStart", self._started)
        context.expose_binding("__axeReport", self._reported)
        context.add_init_script(script=AXE_SCRIPT + RUNNER)
        context.route("**/*", self._route)

    def _started(self, source: dict) -> None:
        self.running.add(source["page"])

    def _reported(self, source: dict, url: str, violations: list, error: str | None) -> None:
        page = source["page"]
        self._record(url, violations, error)
        self.running.discard(page)
        for route in self.held.pop(page, []):
            route.continue_()

    def _route(self, route: Route, request: Request) -> None:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            page = request.frame.page
            if page in self.running:
                self.held.setdefault(page, []).append(route)
                return
        route.fallback()

    def _record(self, url: str, violations: list, error: str | None) -> None:
        parts = urlsplit(url)
        where = parts.path + (f"?{parts.query}" if parts.query else "")
        if error:
            self.errors.append(f"{where}: {error}")
            return
        self.checked += 1
        self.pages.add(parts.path)
        for violation in violations:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            nodes = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            self.violations.append(
                f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}"
                f" — {'; '.join(nodes[:5])}"
            )

    def settle(self) -> None:
        """Waits for the checks still running (the pages the test ended on)."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while self.running and time.monotonic() < deadline:
            page = next(iter(self.running))
            try:
                page.wait_for_timeout(50)  # lets Playwright deliver the reports
            except PlaywrightError:
                self.running.discard(page)

    def report(self) -> str:
        unique = list(dict.fromkeys(self.violations + self.errors))
        return "axe-core found serious or critical violations:\n" + "\n".join(unique)
