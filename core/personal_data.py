"""What each app holds about a person, for the export and the deletion of an account.

Each app says, from its AppConfig.ready(), which of its models hold a person's
data and how it hands that data out (export) or lets it go (forget); the
accounts app then asks every app at once without importing the apps above it.
A test checks that every model pointing at the user belongs to some app's
contribution, so a new one cannot be forgotten.

Deleting a person runs, in one transaction: every app's `lock` (the rows other
writers take first, so the deletion takes them in the same order), then every
app's `forget`, then the account itself, whose foreign keys cascade or clear.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

# The person: the user model, named loosely here because core sits below accounts.
Person = Any


@dataclass(frozen=True)
class Contribution:
    """One app's part of a person's data."""

    app: str
    # Every model of the app (or one it answers for) with rows about the person.
    models: tuple[type[models.Model], ...]
    export: Callable[[Person], dict[str, Any]] | None = None
    forget: Callable[[Person], None] | None = None
    lock: Callable[[Person], None] | None = None


_contributions: dict[str, Contribution] = {}


def contribute(contribution: Contribution) -> None:
    """Adds (or, when ready() runs again, replaces) an app's contribution."""
    _contributions[contribution.app] = contribution


def contributions() -> list[Contribution]:
    """Every contribution, in the order the apps were made ready (floor by floor)."""
    return list(_contributions.values())


def covered_models() -> set[type[models.Model]]:
    return {model for contribution in contributions() for model in contribution.models}


def person_export(person: Person) -> dict[str, Any]:
    """Every app's part of the person's export, as one document."""
    document: dict[str, Any] = {}
    for contribution in _having("export"):
        document.update(contribution.export(person=person))
    return document


def person_lock(person: Person) -> None:
    """Takes the row locks every app needs before anything of the person is deleted."""
    for contribution in _having("lock"):
        contribution.lock(person=person)


def person_forget(person: Person) -> None:
    """Lets every app remove what must go before the account itself is deleted."""
    for contribution in _having("forget"):
        contribution.forget(person=person)


def _having(step: str) -> Iterable[Contribution]:
    return [c for c in contributions() if getattr(c, step) is not None]
