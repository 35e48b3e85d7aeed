"""Parts of a person's dashboard that the floors above mentorship add.

The dashboard is mentorship's page, and mentorship may not import the floors
above it; a coordinator's programmes live in one of them. So the dashboard
asks DASHBOARD for panels, and each floor adds its builder from its
AppConfig.ready(): a function of the person that returns a Panel, or None
when it has nothing to show them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` in its context
    context: dict[str, Any] = field(default_factory=dict)


class Panels:
    def __init__(self) -> None:
        self._builders: list[Callable[..., Panel | None]] = []

    def add(self, builder: Callable[..., Panel | None]) -> None:
        """Adds a builder once (ready() may run again in tests)."""
        if builder not in self._builders:
            self._builders.append(builder)

    def for_user(self, user: Any) -> list[Panel]:
        panels = (builder(user=user) for builder in self._builders)
        return [panel for panel in panels if panel is not None]


DASHBOARD = Panels()
