"""Weekly availability: slot validation, the half-hour grid, the form field and its widget."""

import itertools
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.availability import (
    MAX_SLOTS,
    cells_to_slots,
    clean_slots,
    format_slots,
    slots_to_cells,
)
from accounts.widgets import AvailabilityField


@pytest.fixture(autouse=True)
def _russian():
    # Messages are asserted in Russian, the default language, whatever ran before.
    with translation.override("ru"):
        yield


def slot(weekday: int, start: str, end: str) -> dict[str, object]:
    return {"weekday": weekday, "start": start, "end": end}


def hhmm(index: int) -> str:
    return f"{index // 2:02d}:{index % 2 * 30:02d}"


def error_of(value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_slots(value)
    return caught.value.messages[0]


cells = st.sets(st.tuples(st.integers(0, 6), st.integers(0, 47)), max_size=60)


# --- clean_slots: valid input -------------------------------------------------------


def test_clean_slots_sorts_by_weekday_then_start():
    raw = [slot(2, "08:00", "09:30"), slot(0, "19:00", "21:00"), slot(0, "07:00", "08:00")]

    assert clean_slots(raw) == [
        slot(0, "07:00", "08:00"),
        slot(0, "19:00", "21:00"),
        slot(2, "08:00", "09:30"),
    ]


def test_clean_slots_merges_overlapping_slots():
    assert clean_slots([slot(0, "10:00", "11:00"), slot(0, "10:30", "12:00")]) == [
        slot(0, "10:00", "12:00")
    ]


def test_clean_slots_merges_adjacent_slots():
    assert clean_slots([slot(3, "12:00", "13:00"), slot(3, "09:00", "12:00")]) == [
        slot(3, "09:00", "13:00")
    ]


def test_clean_slots_merges_a_slot_inside_another():
    assert clean_slots([slot(4, "08:00", "20:00"), slot(4, "10:00", "10:30")]) == [
        slot(4, "08:00", "20:00")
    ]


def test_clean_slots_keeps_the_same_hours_on_different_days_apart():
    raw = [slot(0, "10:00", "11:00"), slot(1, "10:00", "11:00")]

    assert clean_slots(raw) == raw


def test_clean_slots_accepts_a_slot_ending_at_midnight():
    assert clean_slots([slot(6, "22:30", "24:00")]) == [slot(6, "22:30", "24:00")]


def test_clean_slots_accepts_a_whole_day():
    assert clean_slots([slot(5, "00:00", "24:00")]) == [slot(5, "00:00", "24:00")]


def test_clean_slots_does_not_join_sunday_night_to_monday_morning():
    raw = [slot(0, "00:00", "01:00"), slot(6, "23:00", "24:00")]

    assert clean_slots(raw) == raw


def test_clean_slots_accepts_an_empty_week():
    assert clean_slots([]) == []


def test_clean_slots_accepts_as_many_slots_as_a_week_has_half_hours():
    # One slot per half hour, listed out of order: they must merge into whole days.
    raw = [slot(day, hhmm(index), hhmm(index + 1)) for index in range(48) for day in range(7)]
    assert len(raw) == MAX_SLOTS

    assert clean_slots(raw) == [slot(day, "00:00", "24:00") for day in range(7)]


# --- clean_slots: invalid input ---------------------------------------------------------


@pytest.mark.parametrize("value", [None, "пн 10:00–11:00", {"weekday": 0}, 42, b"[]"])
def test_clean_slots_rejects_anything_but_a_list(value):
    assert error_of(value) == "Свободное время должно быть списком интервалов."


def test_clean_slots_rejects_more_slots_than_a_week_has_half_hours():
    message = error_of([slot(0, "10:00", "10:30")] * (MAX_SLOTS + 1))

    assert message == "Слишком много интервалов: 337, можно не больше 336."


@pytest.mark.parametrize("item", ["10:00-11:00", None, [0, "10:00", "11:00"], 3])
def test_clean_slots_rejects_a_slot_that_is_not_an_object(item):
    message = error_of([slot(0, "08:00", "09:00"), item])

    assert message == "Интервал 2: ожидался объект с полями weekday, start и end."


@pytest.mark.parametrize("missing", ["weekday", "start", "end"])
def test_clean_slots_rejects_a_slot_without_a_field(missing):
    item = slot(0, "10:00", "11:00")
    del item[missing]

    assert error_of([item]) == f"Интервал 1: нет поля «{missing}»."


def test_clean_slots_rejects_an_extra_field():
    message = error_of([{**slot(0, "10:00", "11:00"), "note": "после работы"}])

    assert message == ("Интервал 1: лишнее поле «note»; допустимы только weekday, start и end.")


@pytest.mark.parametrize("weekday", [7, -1, True, False, "0", 1.0, None, [1]])
def test_clean_slots_rejects_a_weekday_that_is_not_0_to_6(weekday):
    message = error_of([slot(weekday, "10:00", "11:00")])

    assert message == (
        "Интервал 1: день недели должен быть целым числом от 0 (понедельник) до 6 (воскресенье)."
    )


@pytest.mark.parametrize(
    "start", ["25:00", "10:15", "24:00", "9:00", "10:00 ", "10:00\n", "１０:００", "10.00", ""]
)
def test_clean_slots_rejects_a_start_off_the_half_hour_grid(start):
    message = error_of([slot(0, start, "24:00")])

    shown = start.replace("\n", "\ufffd")  # control characters are never echoed as they are
    assert message.startswith(f"Интервал 1: неверное время начала «{shown}»")
    assert message.endswith("нужен формат ЧЧ:ММ с шагом 30 минут, от 00:00 до 23:30.")


@pytest.mark.parametrize("end", ["24:30", "00:00", "10:45", "99:00"])
def test_clean_slots_rejects_an_end_off_the_half_hour_grid(end):
    message = error_of([slot(0, "00:00", end)])

    assert message == (
        f"Интервал 1: неверное время окончания «{end}»: "
        "нужен формат ЧЧ:ММ с шагом 30 минут, от 00:30 до 24:00."
    )


@pytest.mark.parametrize("value", [1000, 10.5, None, True, ["10:00"]])
def test_clean_slots_rejects_a_time_that_is_not_a_string(value):
    message = error_of([slot(0, "10:00", value)])

    assert message == "Интервал 1: поле «end» должно быть строкой ЧЧ:ММ, например «09:30»."


@pytest.mark.parametrize(("start", "end"), [("12:00", "12:00"), ("21:00", "02:00")])
def test_clean_slots_rejects_an_end_not_after_the_start(start, end):
    message = error_of([slot(1, start, end)])

    assert message == (
        f"Интервал 1: окончание {end} должно быть позже начала {start}. "
        "Время после полуночи добавьте отдельным интервалом следующего дня."
    )


def test_clean_slots_names_the_slot_that_is_wrong():
    raw = [slot(0, "10:00", "11:00"), slot(1, "10:00", "11:00"), slot(2, "10:15", "11:00")]

    assert error_of(raw).startswith("Интервал 3: неверное время начала «10:15»")


def test_clean_slots_never_echoes_nul_or_control_characters():
    message = error_of([slot(0, "10:\x0000", "11:00"), slot(0, "\x1b[2J", "11:00")])

    assert "\x00" not in message
    assert message.startswith("Интервал 1: неверное время начала «10:\ufffd00»")


def test_clean_slots_shortens_a_long_value_in_the_message():
    message = error_of([slot(0, "1" * 100_000, "11:00")])

    assert "«11111111111111111111…»" in message
    assert len(message) < 200


def test_clean_slots_shows_a_nul_in_an_extra_field_name_safely():
    message = error_of([{**slot(0, "10:00", "11:00"), "x\x00": 1}])

    assert "«x\ufffd»" in message


# --- cells and slots ------------------------------------------------------------------


def test_slots_to_cells_lists_each_half_hour():
    assert slots_to_cells([slot(0, "19:00", "20:00"), slot(6, "23:30", "24:00")]) == {
        (0, 38),
        (0, 39),
        (6, 47),
    }


def test_slots_to_cells_validates_like_clean_slots():
    with pytest.raises(ValidationError):
        slots_to_cells([slot(0, "19:00", "19:15")])


def test_cells_to_slots_refuses_a_cell_outside_the_week():
    with pytest.raises(ValueError, match="No such cell"):
        cells_to_slots({(7, 0)})


@given(cells)
def test_cells_survive_a_round_trip_through_slots(week):
    assert slots_to_cells(cells_to_slots(week)) == week


@given(cells)
def test_cells_to_slots_gives_clean_slots_that_never_touch(week):
    slots = cells_to_slots(week)

    assert clean_slots(slots) == slots
    for before, after in itertools.pairwise(slots):
        assert (before["weekday"], before["end"]) < (after["weekday"], after["start"])


# (weekday, start index, end index) with start < end <= 48.
runs = st.tuples(st.integers(0, 6), st.integers(0, 47)).flatmap(
    lambda day_start: st.tuples(*map(st.just, day_start), st.integers(day_start[1] + 1, 48))
)


@given(st.lists(runs, max_size=30))
def test_clean_slots_keeps_exactly_the_time_it_was_given(week):
    slots = [slot(day, hhmm(start), hhmm(end)) for day, start, end in week]
    covered = {(day, index) for day, start, end in week for index in range(start, end)}

    cleaned = clean_slots(slots)

    assert slots_to_cells(cleaned) == covered
    assert clean_slots(cleaned) == cleaned


# --- format_slots ---------------------------------------------------------------------


def test_format_slots_summarises_with_weekday_abbreviations():
    slots = [slot(0, "19:00", "21:00"), slot(2, "08:00", "09:30")]

    assert format_slots(slots) == "пн 19:00–21:00, ср 08:00–09:30"


def test_format_slots_of_an_empty_week_is_empty():
    assert format_slots([]) == ""


# --- the form field -----------------------------------------------------------------


class AvailabilityForm(forms.Form):
    availability = AvailabilityField(label="Свободное время")


class OptionalAvailabilityForm(forms.Form):
    availability = AvailabilityField(required=False)


def posted(*values: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.setlist("availability", list(values))
    return data


def test_field_cleans_checked_cells_into_merged_slots():
    form = AvailabilityForm(data=posted("0-39", "0-38", "2-16", "6-47"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["availability"] == [
        slot(0, "19:00", "20:00"),
        slot(2, "08:00", "08:30"),
        slot(6, "23:30", "24:00"),
    ]


@pytest.mark.parametrize("garbage", ["9-99", "x", "7-0", "0-48", "-1-0", "0-1 ", "0-3\x00", ""])
def test_field_rejects_a_value_that_is_no_cell(garbage):
    form = AvailabilityForm(data=posted("0-38", garbage))

    assert not form.is_valid()
    shown = garbage.replace("\x00", "\ufffd")
    assert form.errors["availability"] == [
        f"Неизвестная ячейка расписания «{shown}». Обновите страницу и отметьте время заново."
    ]


def test_field_rejects_more_values_than_a_week_has_cells():
    form = AvailabilityForm(data=posted(*["0-0"] * 337))

    assert form.errors["availability"] == [
        "Отмечено слишком много ячеек: 337, а в неделе их всего 336."
    ]


def test_field_asks_for_some_time_when_nothing_is_checked():
    form = AvailabilityForm(data=QueryDict())

    assert form.errors["availability"] == ["Отметьте хотя бы одно удобное время."]


def test_optional_field_cleans_nothing_checked_to_an_empty_week():
    form = OptionalAvailabilityForm(data=QueryDict())

    assert form.is_valid()
    assert form.cleaned_data["availability"] == []


def test_field_reads_a_plain_dict_too():
    form = AvailabilityForm(data={"availability": ["1-20", "1-21"]})

    assert form.is_valid()
    assert form.cleaned_data["availability"] == [slot(1, "10:00", "11:00")]


def test_field_sees_no_change_when_the_same_time_is_checked_again():
    initial = {"availability": [slot(0, "19:00", "20:00")]}

    unchanged = AvailabilityForm(data=posted("0-38", "0-39"), initial=initial)
    changed = AvailabilityForm(data=posted("0-38"), initial=initial)

    assert not unchanged.has_changed()
    assert changed.changed_data == ["availability"]


# --- the widget ------------------------------------------------------------------


def checkboxes(html: str) -> list[str]:
    return re.findall(r'<input class="ag-input" type="checkbox" name="availability"[^>]*>', html)


def checked_values(html: str) -> set[str]:
    return {re.search(r'value="([^"]+)"', box)[1] for box in checkboxes(html) if " checked" in box}


def test_widget_renders_a_checkbox_for_every_half_hour_of_the_week():
    html = str(AvailabilityForm()["availability"])

    assert len(checkboxes(html)) == 7 * 48
    assert checked_values(html) == set()


def test_widget_checks_the_cells_of_the_stored_slots():
    form = AvailabilityForm(
        initial={"availability": [slot(0, "19:00", "20:00"), slot(6, "23:30", "24:00")]}
    )

    html = str(form["availability"])

    assert checked_values(html) == {"0-38", "0-39", "6-47"}


def test_widget_labels_each_checkbox_with_its_day_and_half_hour():
    html = str(AvailabilityForm()["availability"])

    assert 'value="0-38"><span class="ag-mark" aria-hidden="true"></span>' in html
    assert '<span class="ag-sr">пн 19:00–19:30</span>' in html
    assert '<span class="ag-sr">вс 23:30–24:00</span>' in html


def test_widget_keeps_the_valid_cells_checked_when_the_form_comes_back_with_errors():
    form = AvailabilityForm(data=posted("0-38", "9-99"))

    assert not form.is_valid()
    assert checked_values(str(form["availability"])) == {"0-38"}


def test_widget_shows_invalid_stored_slots_as_an_empty_grid(caplog):
    form = AvailabilityForm(initial={"availability": [slot(0, "19:15", "20:00")]})

    assert checked_values(str(form["availability"])) == set()
    assert "Stored availability is invalid" in caplog.text


def test_widget_loads_its_assets_without_inline_script_or_style():
    # The site's Content-Security-Policy blocks inline scripts and style attributes.
    html = str(AvailabilityForm()["availability"])

    assert re.search(r'<script src="[^"]*js/availability-grid\.js" defer></script>', html)
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/availability\.css">', html)
    assert "<script>" not in html
    assert " style=" not in html


def test_widget_summary_counts_hours_in_russian_number_format():
    form = AvailabilityForm(initial={"availability": [slot(0, "19:00", "22:30")]})

    html = str(form["availability"])

    assert "Выбрано: 3,5 ч в неделю" in html
    assert 'data-summary-template="Выбрано: %(hours)s ч в неделю"' in html


def test_widget_puts_no_required_attribute_on_the_checkboxes():
    html = str(AvailabilityForm()["availability"])

    assert " required" not in html
