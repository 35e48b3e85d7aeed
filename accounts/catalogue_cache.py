"""Catalogue pages kept in the shared cache, under the catalogue's version.

A page of `GET /api/v1/mentors/` is public: the same for every caller given its
address (host, filters, search, page) and language. It is kept under the
catalogue's version (accounts migration 0014), which every commit that changes
anything a card shows, or what the filters, the search and the order read,
moves; a page kept under an older version is never read again (and expires).

Why the order below is safe: the version is read before the rows, so a page
kept under a version holds at least every change that version counts (a later
commit may make it newer still, never older). Inside a transaction (an atomic
block, every plain test) and on SQLite nothing is kept: the caller may see rows
of its own that are not committed, and so not counted, yet.
"""

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import translation

# A kept page outlives its version by at most this; it is only a bound on the
# space pages of old versions and rare addresses take.
KEEP_SECONDS = 600
PREFIX = "catalogue-page"


def catalogue_version() -> int | None:
    """The catalogue's committed version, or None where pages are not kept."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM accounts_catalogue_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def page_key(request: HttpRequest, version: int) -> str:
    """The page's key: the version, the language and the address with its parameters
    sorted by name (the page's links list them so whatever order they came in). A
    name given twice keeps its values in their order: the filters and the paginator
    read the last one, so `?page=3&page=1` is page 1 and `?page=1&page=3` page 3."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.build_absolute_uri(request.path)}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    # The database too: versions of two databases (a staging copy, parallel test
    # runs) sharing one Redis are unrelated numbers.
    database = connection.settings_dict["NAME"]
    return f"{PREFIX}:{database}:{version}:{translation.get_language()}:{digest}"


def kept_page(request: HttpRequest, build: Callable[[], Any]) -> Any:
    """The page `build()` makes, from the cache when this version's is kept there."""
    version = catalogue_version()
    if version is None:
        return build()
    key = page_key(request, version)
    page = cache.get(key)
    if page is None:
        page = build()
        cache.set(key, page, KEEP_SECONDS)
    return page
