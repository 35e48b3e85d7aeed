"""The dashboard's SVG charts: pure functions, no database."""

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from programmes import charts

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def _parsed(svg: str) -> ElementTree.Element:
    """The markup as XML: a label that broke out of its element would not parse."""
    return ElementTree.fromstring(svg)  # noqa: S314 — markup this module just wrote


def _bar_widths(svg: str) -> list[float]:
    return [
        float(rect.get("width"))
        for rect in _parsed(svg).iter(f"{SVG}rect")
        if "chart-bar" in rect.get("class", "")
    ]


def test_scale_fills_the_length_at_the_top_and_nothing_at_zero():
    assert charts.scale(10, 10, 300) == 300
    assert charts.scale(5, 10, 300) == 150
    assert charts.scale(0, 10, 300) == 0
    assert charts.scale(3, 0, 300) == 0  # an empty chart has no top
    assert charts.scale(20, 10, 300) == 300  # above the top is clamped, not drawn outside


def test_labels_and_title_are_escaped():
    evil = '<script>alert("x")</script> & «кавычки»'
    svg = charts.bar_chart([(evil, 3)], title='Пары "по" этапам <b>')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'aria-label="Пары &quot;по&quot; этапам &lt;b&gt;"' in svg
    root = _parsed(svg)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert evil in texts  # the reader sees the label exactly as typed
    assert root.find(f"{SVG}title").text == 'Пары "по" этапам <b>'


def test_every_chart_is_an_image_with_a_label():
    for svg in (
        charts.bar_chart([("a", 1)], title="A"),
        charts.column_chart([("1.01", 2)], title="B"),
        charts.grouped_bar_chart([charts.Group("x", (1, 2))], series=["s", "t"], title="C"),
        charts.nps_scale(10, title="D"),
    ):
        root = _parsed(svg)
        assert root.get("role") == "img"
        assert root.get("aria-label")
        assert root.get("viewBox").startswith("0 0 ")


def test_bars_are_scaled_to_the_largest_value():
    svg = charts.bar_chart([("начальный", 4), ("основной", 2), ("завершён", 0)], title="t")
    full = charts.WIDTH - charts.VALUE_ROOM
    assert _bar_widths(svg) == [full, full / 2, 0]
    assert [t.text for t in _parsed(svg).iter(f"{SVG}text")][1::2] == ["4", "2", "0"]


def test_percent_bars_use_the_given_top_and_unit():
    svg = charts.bar_chart([("шаги", 50)], title="t", unit="%", top=100)
    assert _bar_widths(svg) == [(charts.WIDTH - charts.VALUE_ROOM) / 2]
    assert "50%" in svg


def test_columns_grow_with_their_values_and_label_only_a_few_weeks():
    rows = [(f"{day}.01", day) for day in range(1, 13)]
    svg = charts.column_chart(rows, title="Встречи")
    heights = [
        float(rect.get("height"))
        for rect in _parsed(svg).iter(f"{SVG}rect")
        if "chart-bar" in rect.get("class", "")
    ]
    assert heights == sorted(heights)
    assert heights[-1] == 2 * heights[5]  # 12 against 6
    labels = [t.text for t in _parsed(svg).iter(f"{SVG}text") if "chart-label" in t.get("class")]
    assert labels == ["1.01", "3.01", "5.01", "7.01", "9.01", "11.01"]


def test_empty_charts_are_valid_and_draw_no_bars():
    assert _bar_widths(charts.bar_chart([], title="t")) == []
    assert _bar_widths(charts.column_chart([], title="t")) == []
    assert _bar_widths(charts.grouped_bar_chart([], series=["a", "b"], title="t")) == [12, 12]


def test_a_highlighted_group_is_marked_not_only_by_colour():
    svg = charts.grouped_bar_chart(
        [charts.Group("ИТ", (5, 2), highlight=True), charts.Group("Аналитика", (1, 4))],
        series=["Подопечные", "Места"],
        title="Спрос и предложение",
    )
    groups = list(_parsed(svg).iter(f"{SVG}g"))
    assert [g.get("class") for g in groups] == ["chart-group is-highlighted", "chart-group"]
    assert groups[0].find(f"{SVG}text").text == "! ИТ"
    assert groups[1].find(f"{SVG}text").text == "Аналитика"
    full = charts.WIDTH - charts.VALUE_ROOM
    assert _bar_widths(svg)[2:] == [full, full * 2 / 5, full / 5, full * 4 / 5]


def test_the_nps_marker_sits_where_the_score_is():
    def marker_x(score):
        path = _parsed(charts.nps_scale(score, title="NPS")).find(f"{SVG}path")
        return None if path is None else float(re.search(r"L([\d.]+) 18", path.get("d"))[1])

    middle = charts.WIDTH / 2
    assert marker_x(0) == middle
    assert marker_x(100) == charts.WIDTH - 16
    assert marker_x(-100) == 16
    assert marker_x(250) == marker_x(100)
    assert marker_x(None) is None


def test_numbers_are_written_without_needless_decimals():
    assert charts.number(3) == "3"
    assert charts.number(3.0) == "3"
    assert charts.number(2.46) == "2.5"


def test_charts_module_does_not_import_django():
    code = (
        "import sys, programmes.charts; "
        "assert not any(m.split('.')[0] == 'django' for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
