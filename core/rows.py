"""Rows read with a hand-written SELECT, and their values as the API writes them.

Why: on a list read at every visit (a person's matches, their mentorships), the
ORM compiling its query anew on each request and building a model instance per
joined row, then a DRF serializer walking its fields per row, were most of the
request's work. Such a list reads only the columns its answer shows with SQL
written once, and writes its answer from plain dicts; its serializer stays for the
schema, and a test holds the two answers equal.

The SQL keeps to what PostgreSQL and SQLite (`make run`) share; the few values
SQLite answers differently (instants as text, booleans of expressions as 0/1) are
made alike here and by the callers' bool().
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection


class SqlRows:
    """The rows of one SELECT (ending with its ORDER BY), for a paginator to cut a page from.

    A slice runs `sql` for that slice alone (LIMIT/OFFSET), each row a dict by column
    name; count() runs `count_sql` with `count_params` (by default the same), and only
    when the paginator needs the total (core.pagination skips it on a short first page).
    """

    def __init__(
        self,
        sql: str,
        params: Sequence[Any],
        *,
        count_sql: str,
        count_params: Sequence[Any] | None = None,
    ) -> None:
        self.sql, self.params = sql, list(params)
        self.count_sql = count_sql
        self.count_params = self.params if count_params is None else list(count_params)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            raise TypeError("SqlRows are read a bounded slice at a time")
        start = index.start or 0
        limit = max(index.stop - start, 0)
        return fetch_dicts(f"{self.sql} LIMIT %s OFFSET %s", [*self.params, limit, start])

    def all(self) -> list[dict[str, Any]]:
        return fetch_dicts(self.sql, self.params)

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]


def fetch_dicts(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows of `sql`, each a dict by column name."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def instant(value: dt.datetime | str | None, zone: dt.tzinfo) -> str | None:
    """An instant as DRF's DateTimeField writes it: ISO 8601 in `zone` (the active
    zone, timezone.get_current_timezone()), "Z" for UTC; None stays None."""
    if not value:
        return None
    if isinstance(value, str):  # SQLite answers a timestamp as text
        value = connection.ops.convert_datetimefield_value(value, None, connection)
    text = value.astimezone(zone).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text
