"""Tables as files: a CSV for scripts, a CSV and an XLSX for people, from the same sections.

A section is a table of rows with raw values (ids, codes, datetimes, booleans);
each column says how a person reads its value (a phase's name, a date in the
reader's zone, «да»/«нет»). Scripts get the raw values under stable keys (the
API's report.csv); people get titles and values in their language, dates as
dates, a BOM so that Excel on Windows reads UTF-8, and the separator Excel
expects in that language. Text people typed is defused: a spreadsheet never
runs a name as a formula.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# Excel splits a CSV on the list separator of the reader's regional settings.
SEPARATORS = {"ru": ";"}
DATE_FORMATS = {"ru": "DD.MM.YYYY"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """Defuses spreadsheet formulas in text people typed (CSV injection)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def yes_no(value: bool) -> str:
    return _("да") if value else _("нет")


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Column:
    key: str  # the stable name scripts read (the API's header)
    title: str | Promise  # what a person reads
    human: Callable[[Any], Any] = _same  # the raw value as a person reads it
    width: int = 14  # characters, in the XLSX


@dataclass
class Section:
    """One table: a sheet of the XLSX, a block of the CSV under its own header row."""

    title: str | Promise
    columns: Sequence[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def human_rows(self) -> list[list[Any]]:
        return [[column.human(row[column.key]) for column in self.columns] for row in self.rows]


def _machine(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else value


def machine_csv(sections: Sequence[Section]) -> str:
    """For scripts: stable keys and raw values (codes, ISO 8601), comma-separated;
    sections one after another, a blank line between them."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, section in enumerate(sections):
        if index:
            writer.writerow([])
        writer.writerow([column.key for column in section.columns])
        for row in section.rows:
            writer.writerow([_machine(row[column.key]) for column in section.columns])
    return out.getvalue()


def _human_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()  # YYYY-MM-DD: read as a date by Excel in any language
    return "" if value is None else value


def human_csv(sections: Sequence[Section]) -> bytes:
    """For people: titles, values in the reader's language, UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS.get(get_language() or "", ","))
    for index, section in enumerate(sections):
        if index:
            writer.writerow([])
        if len(sections) > 1:
            writer.writerow([str(section.title)])
        writer.writerow([str(column.title) for column in section.columns])
        for row in section.human_rows():
            writer.writerow([_human_text(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx(sections: Sequence[Section]) -> bytes:
    """The same tables as a workbook: a sheet per section, dates as date cells."""
    book = Workbook()
    book.remove(book.active)
    date_format = DATE_FORMATS.get(get_language() or "", "YYYY-MM-DD")
    for section in sections:
        sheet = book.create_sheet(str(section.title)[:31])  # Excel's limit for a name
        sheet.append([str(column.title) for column in section.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in section.human_rows():
            sheet.append([_cell(value) for value in values])
        for index, column in enumerate(section.columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = column.width
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, dt.date):
                    cell.number_format = date_format
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    # Strings are already defused (safe) where people typed them; openpyxl would store
    # one starting with "=" as a formula, so nothing else may.
    if isinstance(value, str | Promise):
        return str(value)
    return value
