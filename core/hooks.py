"""A point where a lower floor lets the floors above it act, without importing them.

The lower floor names the moment (a module-level `Hook`) and calls it; a higher
floor adds its function from its AppConfig.ready(). Unlike Django's signals the
hook is a plain object next to the code that calls it: its functions run in the
order they were added, with keyword arguments, and an error in one reaches the
caller.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self) -> None:
        self._functions: list[Callable[..., Any]] = []

    def add(self, function: Callable[..., Any]) -> None:
        """Adds a function once (ready() may run again in tests)."""
        if function not in self._functions:
            self._functions.append(function)

    def __call__(self, **kwargs: Any) -> None:
        for function in self._functions:
            function(**kwargs)
