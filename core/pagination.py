"""The API's pages: DRF's page-number pagination, without a COUNT query for a short first page.

Most lists a person reads (their matches, their pairs) fit on the first page. When
that page comes back with fewer rows than a page holds, those rows are all there
are, so the total needs no second query. The answer is the same
({count, next, previous, results}); only a full page or a later one still counts.
A list read at every visit may hand the paginator core.rows.SqlRows instead of a
QuerySet; it is cut and counted the same way.
"""

from django.core.paginator import Page, Paginator
from rest_framework import pagination


class ShortFirstPagePaginator(Paginator):
    def page(self, number) -> Page:
        counted = "count" in self.__dict__  # Paginator.count is a cached_property
        if number not in (1, "1") or counted or self.orphans or not self.allow_empty_first_page:
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["count"] = len(rows)
        return self._get_page(rows, 1, self)


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = ShortFirstPagePaginator
