"""The weekly availability grid: a form field and its widget.

The grid is 336 real checkboxes (7 days x 48 half hours), so it works with no
JavaScript at all; static/js/availability-grid.js only adds painting and keyboard moves.
"""

import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.availability import (
    CELLS_PER_DAY,
    DAYS,
    WEEKDAY_ABBREVIATIONS,
    Cell,
    Slot,
    cells_to_slots,
    clean_slots,
    index_to_time,
    printable_excerpt,
    slots_to_cells,
)

logger = logging.getLogger(__name__)

# The value of one checkbox: "<weekday>-<half-hour index>", e.g. "0-38" is Monday 19:00–19:30.
_CELL_VALUE = re.compile(r"([0-9])-([0-9]{1,2})")
_CELLS_PER_WEEK = DAYS * CELLS_PER_DAY


def cell_value(cell: Cell) -> str:
    return f"{cell[0]}-{cell[1]}"


def parse_cell_value(value: object) -> Cell | None:
    match = _CELL_VALUE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    weekday, index = int(match[1]), int(match[2])
    return (weekday, index) if weekday < DAYS and index < CELLS_PER_DAY else None


def checked_cells(value: object) -> set[Cell]:
    """The cells to show as checked, from a stored slot list or from posted checkbox values.

    Posted values come back here when the form is shown again with errors; the
    ones that make no sense are simply left unchecked.
    """
    if not value:
        return set()
    items = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    if all(isinstance(item, dict) for item in items):
        return _stored_cells(items)
    cells = (item if isinstance(item, tuple) else parse_cell_value(item) for item in items)
    return {cell for cell in cells if cell is not None}


def _stored_cells(slots: list[Slot]) -> set[Cell]:
    try:
        return slots_to_cells(slots)
    except ValidationError:
        # Only a hand edit of the database gets here. An empty grid that the person
        # fills again beats a page that cannot be opened at all.
        logger.warning("Stored availability is invalid and is shown empty: %r", slots[:5])
        return set()


def hours_text(cells: int) -> str:
    """The hours a number of half-hour cells make, as availability-grid.js also writes them."""
    hours = cells // 2 if cells % 2 == 0 else cells / 2
    return gettext("Выбрано: %(hours)s ч в неделю") % {"hours": number_format(hours)}


class AvailabilityGridWidget(forms.Widget):
    """7 day columns x 48 half-hour rows of checkboxes named after the field."""

    template_name = "accounts/widgets/availability_grid.html"
    use_fieldset = True

    def format_value(self, value: object) -> set[Cell]:
        return checked_cells(value)

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        checked = context["widget"]["value"]
        attrs = context["widget"]["attrs"]
        context["widget"].update(
            disabled=bool(attrs.pop("disabled", False)),
            days=[str(day) for day in WEEKDAY_ABBREVIATIONS],
            rows=[self._row(index, checked) for index in range(CELLS_PER_DAY)],
            summary=hours_text(len(checked)),
            summary_template=gettext("Выбрано: %(hours)s ч в неделю"),
        )
        return context

    def _row(self, index: int, checked: set[Cell]) -> dict:
        start, end = index_to_time(index), index_to_time(index + 1)
        cells = [
            {
                "value": cell_value((weekday, index)),
                "label": f"{WEEKDAY_ABBREVIATIONS[weekday]} {start}–{end}",
                "checked": (weekday, index) in checked,
            }
            for weekday in range(DAYS)
        ]
        return {"time": start, "full_hour": index % 2 == 0, "cells": cells}

    def render(self, name: str, value: object, attrs: dict | None = None, renderer=None) -> str:
        # The default form renderer looks only in Django's own form templates, not in
        # the project's templates/ directory, so the project's engine renders this one.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return getlist(name)
        # A plain dict, as in tests and hand-built forms.
        value = data.get(name)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        # Nothing checked posts nothing, which means "no time", not "field left out".
        return False

    def use_required_attribute(self, initial: object) -> bool:
        # `required` on each checkbox would demand that every half hour be checked.
        return False

    def id_for_label(self, id_: str) -> str:
        # There is no single input to point a <label> at, as with CheckboxSelectMultiple.
        return ""


class AvailabilityField(forms.Field):
    """Weekly availability as a grid of half hours; cleans to a list of merged slots."""

    widget = AvailabilityGridWidget
    default_error_messages = {
        "required": _("Отметьте хотя бы одно удобное время."),
        "invalid_cell": _(
            "Неизвестная ячейка расписания «%(value)s». Обновите страницу и отметьте время заново."
        ),
        "too_many_cells": _(
            "Отмечено слишком много ячеек: %(count)s, а в неделе их всего %(limit)s."
        ),
    }

    def prepare_value(self, value: object) -> set[Cell]:
        return checked_cells(value)

    def to_python(self, value: object) -> list[Slot]:
        values = self._as_list(value)
        if len(values) > _CELLS_PER_WEEK:
            raise ValidationError(
                self.error_messages["too_many_cells"],
                code="too_many_cells",
                params={"count": len(values), "limit": _CELLS_PER_WEEK},
            )
        cells = {self._parse(item) for item in values}
        # Cells always make valid slots; clean_slots still has the last word so the
        # grid and the API share one rule.
        return clean_slots(cells_to_slots(cells))

    def _as_list(self, value: object) -> list[object]:
        if value in self.empty_values:
            return []
        return list(value) if isinstance(value, list | tuple) else [value]

    def _parse(self, item: object) -> Cell:
        cell = parse_cell_value(item)
        if cell is None:
            shown = printable_excerpt(item if isinstance(item, str) else repr(item))
            raise ValidationError(
                self.error_messages["invalid_cell"], code="invalid_cell", params={"value": shown}
            )
        return cell

    def has_changed(self, initial: object, data: object) -> bool:
        if self.disabled:
            return False
        try:
            return slots_to_cells(self.to_python(data)) != checked_cells(initial)
        except ValidationError:
            return True
