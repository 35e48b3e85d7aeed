"""One way to write dates per language, on every page and in every letter."""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

MOMENT = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _render(text: str, language: str) -> str:
    with translation.override(language):
        return Template(text).render(Context({"d": MOMENT}))


def test_dates_read_one_way_in_russian_and_one_way_in_english():
    page = (
        '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"DATETIME_FORMAT" }}|{{ d|date:"MONTH_DAY_FORMAT" }}'
    )
    assert _render(page, "ru") == "5 декабря 2026|5 декабря 2026, 08:00|5 декабря"
    assert _render(page, "en") == "5 December 2026|5 December 2026, 08:00|5 December"
    # A datetime written with no filter takes the same format.
    assert _render("{{ d }}", "en") == "5 December 2026, 08:00"


def test_templates_name_their_date_formats_instead_of_spelling_them_out():
    literal = re.compile(r"\|(?:date|time):[\"'](?!c[\"'])(?![A-Z_]+_FORMAT[\"'])")
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.*")
        for match in literal.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
