"""Weekly availability: validating slots sent by clients, the half-hour grid, a summary.

A slot is `{"weekday": 0..6, "start": "HH:MM", "end": "HH:MM"}` in the profile's own
time zone, 0 is Monday. Times sit on a 30-minute grid and "24:00" may end a day.
Internally a week is a set of cells `(weekday, half-hour index 0..47)`: overlapping
and adjacent slots merge for free when they are turned into cells and back.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

Cell = tuple[int, int]
Slot = dict[str, object]

DAYS = 7
CELLS_PER_DAY = 48
# A week holds at most this many distinct half hours, so a longer list can only be
# garbage or an attempt to make the server work.
MAX_SLOTS = DAYS * CELLS_PER_DAY
SLOT_FIELDS = ("weekday", "start", "end")
WEEKDAY_ABBREVIATIONS = (_("пн"), _("вт"), _("ср"), _("чт"), _("пт"), _("сб"), _("вс"))

# ASCII digits only: `\d` would accept "１０:００" or Arabic-Indic digits.
_TIME = re.compile(r"([0-9]{2}):(00|30)")
_EXCERPT_LENGTH = 20


def printable_excerpt(text: str) -> str:
    """Client input made safe to echo in a message: short, without control characters.

    PostgreSQL cannot store NUL, and a message may end up in a log or a database row.
    """
    excerpt = "".join(char if char.isprintable() else "\ufffd" for char in text[:_EXCERPT_LENGTH])
    return excerpt + ("…" if len(text) > _EXCERPT_LENGTH else "")


def index_to_time(index: int) -> str:
    """Half-hour index 0..48 as "HH:MM"; 48 is "24:00", the end of the day."""
    return f"{index // 2:02d}:{index % 2 * 30:02d}"


def _time_to_index(text: str) -> int | None:
    match = _TIME.fullmatch(text)
    return None if match is None else int(match[1]) * 2 + int(match[2]) // 30


def _slot_error(message: str, code: str, number: int, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params={"number": number, **params})


def _check_fields(item: object, number: int) -> dict[object, object]:
    if not isinstance(item, dict):
        raise _slot_error(
            _("Интервал %(number)s: ожидался объект с полями weekday, start и end."),
            "slot_not_object",
            number,
        )
    for field in SLOT_FIELDS:
        if field not in item:
            raise _slot_error(
                _("Интервал %(number)s: нет поля «%(field)s»."),
                "missing_field",
                number,
                field=field,
            )
    if len(item) > len(SLOT_FIELDS):
        extra = next(key for key in item if key not in SLOT_FIELDS)
        raise _slot_error(
            _(
                "Интервал %(number)s: лишнее поле «%(field)s»; "
                "допустимы только weekday, start и end."
            ),
            "extra_field",
            number,
            field=printable_excerpt(str(extra)),
        )
    return item


def _check_weekday(value: object, number: int) -> int:
    # `type() is int` because bool is an int subclass and `True` is not Tuesday.
    if type(value) is not int or not 0 <= value < DAYS:
        raise _slot_error(
            _(
                "Интервал %(number)s: день недели должен быть целым числом "
                "от 0 (понедельник) до 6 (воскресенье)."
            ),
            "invalid_weekday",
            number,
        )
    return value


# Per field: its message and the half-hour indexes it may take, since a day starts
# no later than 23:30 and ends no earlier than 00:30 (48 is "24:00").
_TIME_RULES = {
    "start": (
        _(
            "Интервал %(number)s: неверное время начала «%(value)s»: нужен формат ЧЧ:ММ "
            "с шагом 30 минут, от 00:00 до 23:30."
        ),
        range(CELLS_PER_DAY),
    ),
    "end": (
        _(
            "Интервал %(number)s: неверное время окончания «%(value)s»: нужен формат ЧЧ:ММ "
            "с шагом 30 минут, от 00:30 до 24:00."
        ),
        range(1, CELLS_PER_DAY + 1),
    ),
}


def _check_time(value: object, field: str, number: int) -> int:
    if not isinstance(value, str):
        raise _slot_error(
            _("Интервал %(number)s: поле «%(field)s» должно быть строкой ЧЧ:ММ, например «09:30»."),
            "time_not_string",
            number,
            field=field,
        )
    message, allowed = _TIME_RULES[field]
    index = _time_to_index(value)
    if index is None or index not in allowed:
        raise _slot_error(message, f"invalid_{field}", number, value=printable_excerpt(value))
    return index


def _slot_cells(item: object, number: int) -> Iterable[Cell]:
    slot = _check_fields(item, number)
    weekday = _check_weekday(slot["weekday"], number)
    start = _check_time(slot["start"], "start", number)
    end = _check_time(slot["end"], "end", number)
    if start >= end:
        raise _slot_error(
            _(
                "Интервал %(number)s: окончание %(end)s должно быть позже начала %(start)s. "
                "Время после полуночи добавьте отдельным интервалом следующего дня."
            ),
            "end_not_after_start",
            number,
            start=slot["start"],
            end=slot["end"],
        )
    return ((weekday, index) for index in range(start, end))


def slots_to_cells(slots: object) -> set[Cell]:
    """The half hours a slot list covers; validates it exactly as `clean_slots` does."""
    if not isinstance(slots, list | tuple):
        raise ValidationError(
            _("Свободное время должно быть списком интервалов."), code="not_a_list"
        )
    if len(slots) > MAX_SLOTS:
        raise ValidationError(
            _("Слишком много интервалов: %(count)s, можно не больше %(limit)s."),
            code="too_many_slots",
            params={"count": len(slots), "limit": MAX_SLOTS},
        )
    cells: set[Cell] = set()
    for number, item in enumerate(slots, start=1):
        cells.update(_slot_cells(item, number))
    return cells


def cells_to_slots(cells: Iterable[Cell]) -> list[Slot]:
    """Cells as slots, sorted by weekday and start; each run of neighbouring cells is one slot."""
    by_day: list[list[int]] = [[] for _day in range(DAYS)]
    for weekday, index in set(cells):
        if not (0 <= weekday < DAYS and 0 <= index < CELLS_PER_DAY):
            raise ValueError(f"No such cell in a week: {(weekday, index)!r}")
        by_day[weekday].append(index)
    return [
        {"weekday": weekday, "start": index_to_time(start), "end": index_to_time(end)}
        for weekday, indexes in enumerate(by_day)
        for start, end in _runs(sorted(indexes))
    ]


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Sorted indexes as half-open runs: [18, 19, 20, 30] -> [(18, 21), (30, 31)]."""
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def clean_slots(value: object) -> list[Slot]:
    """Validates raw client input and returns it sorted, with overlapping and adjacent slots merged.

    Raises ValidationError whose message names the slot (counted from 1) and the problem.
    """
    return cells_to_slots(slots_to_cells(value))


def format_slots(slots: Iterable[Slot]) -> str:
    """A short summary of clean slots, e.g. "пн 19:00–21:00, ср 08:00–09:30"."""
    return ", ".join(
        f"{WEEKDAY_ABBREVIATIONS[slot['weekday']]} {slot['start']}–{slot['end']}" for slot in slots
    )
