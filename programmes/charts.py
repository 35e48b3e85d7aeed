"""Server-rendered SVG charts for the programme dashboard: numbers in, markup out.

Pure Python (no Django), so the page needs no chart library and no script,
and the tests need no database. Every label is escaped here, which is what
lets the template print the result with |safe. Colours come from classes
(programmes.css), because the site's CSP forbids inline styles. Each chart
carries role="img" and an aria-label; the page puts a table of the same
numbers next to it for people who cannot see the picture.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# The drawing's own units; the SVG scales to the width of its box (390px phones and up).
WIDTH = 340
BAR = 14
ROW = 40
VALUE_ROOM = 48  # right of the longest bar, for its number
COLUMNS_HEIGHT = 160
MAX_X_LABELS = 6


@dataclass(frozen=True)
class Group:
    """One category of a grouped chart: its label, one value per series, highlighted or not."""

    label: str
    values: tuple[float, ...]
    highlight: bool = False


def scale(value: float, top: float, length: float) -> float:
    """`value`'s share of `length`, where `top` fills it all; nothing for a zero or empty top."""
    if top <= 0 or value <= 0:
        return 0.0
    return round(length * min(value, top) / top, 2)


def number(value: float) -> str:
    """1 → "1", 2.5 → "2.5", 2.0 → "2"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _svg(title: str, height: float, body: list[str], css: str) -> str:
    label = escape(title, quote=True)
    return (
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {math.ceil(height)}" '
        f'role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _bar(x: float, y: float, width: float, css: str, value: float, unit: str) -> list[str]:
    return [
        f'<rect class="chart-bar {css}" x="{x}" y="{y}" width="{width}" height="{BAR}" rx="2"/>',
        f'<text class="chart-value" x="{x + width + 4}" y="{y + BAR - 3}">'
        f"{escape(number(value) + unit)}</text>",
    ]


def bar_chart(
    rows: Sequence[tuple[str, float]], *, title: str, unit: str = "", top: float | None = None
) -> str:
    """Horizontal bars, one row each: the label on its own line, the bar and its number below.

    `top` is the value of a full bar (100 for percentages); by default the largest value.
    """
    top = max([value for _label, value in rows], default=0) if top is None else top
    length = WIDTH - VALUE_ROOM
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        body.append(f'<text class="chart-label" x="0" y="{y + 13}">{escape(label)}</text>')
        body += _bar(0, y + 18, scale(value, top, length), "series-0", value, unit)
    return _svg(title, max(len(rows), 1) * ROW, body, "chart-bars")


def column_chart(rows: Sequence[tuple[str, float]], *, title: str) -> str:
    """Vertical columns over time (sessions per week); a few labels under the axis."""
    n = len(rows)
    top = max([value for _label, value in rows], default=0)
    plot = COLUMNS_HEIGHT - 36  # room above for the numbers, below for the labels
    slot = WIDTH / max(n, 1)
    width = max(min(slot * 0.7, 40), 1)
    every = max(math.ceil(n / MAX_X_LABELS), 1)
    body = [f'<line class="chart-axis" x1="0" x2="{WIDTH}" y1="{plot + 16}" y2="{plot + 16}"/>']
    for index, (label, value) in enumerate(rows):
        height = scale(value, top, plot)
        x = round(index * slot + (slot - width) / 2, 2)
        middle = round(index * slot + slot / 2, 2)
        body.append(
            f'<rect class="chart-bar series-0" x="{x}" y="{round(plot + 16 - height, 2)}" '
            f'width="{round(width, 2)}" height="{height}"/>'
        )
        if n <= 16:  # wider than that, the numbers would overlap; the table has them
            body.append(
                f'<text class="chart-value" x="{middle}" y="{round(plot + 12 - height, 2)}" '
                f'text-anchor="middle">{escape(number(value))}</text>'
            )
        if index % every == 0:
            body.append(
                f'<text class="chart-label" x="{middle}" y="{plot + 32}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(title, COLUMNS_HEIGHT, body, "chart-columns")


def grouped_bar_chart(groups: Sequence[Group], *, series: Sequence[str], title: str) -> str:
    """Horizontal bars in groups (one bar per series), a legend on top; highlighted groups
    are marked, and not by colour alone: their label gets a "!" in front."""
    top = max([value for group in groups for value in group.values], default=0)
    length = WIDTH - VALUE_ROOM
    body = []
    # The legend, one series a line: text widths are unknown here, so nothing can collide.
    for index, name in enumerate(series):
        line = index * 18
        body += [
            f'<rect class="chart-bar series-{index}" x="0" y="{line + 2}" width="12" height="12"/>',
            f'<text class="chart-legend" x="16" y="{line + 12}">{escape(name)}</text>',
        ]
    y = len(series) * 18 + 10
    for group in groups:
        css = "chart-group is-highlighted" if group.highlight else "chart-group"
        mark = "! " if group.highlight else ""
        body += [
            f'<g class="{css}">',
            f'<text class="chart-label" x="0" y="{y + 13}">{escape(mark + group.label)}</text>',
        ]
        y += 18
        for index, value in enumerate(group.values):
            body += _bar(0, y, scale(value, top, length), f"series-{index}", value, "")
            y += BAR + 4
        body.append("</g>")
        y += 10
    return _svg(title, y, body, "chart-grouped")


def nps_scale(score: float | None, *, title: str) -> str:
    """The would-recommend score on its scale, −100 … 0 … 100, with a marker where it is."""
    pad = 16
    length = WIDTH - 2 * pad
    body = [
        f'<rect class="nps-detractors" x="{pad}" y="20" width="{length / 2}" height="10"/>',
        f'<rect class="nps-promoters" x="{pad + length / 2}" y="20" width="{length / 2}" '
        'height="10"/>',
    ]
    for value in (-100, 0, 100):
        x = pad + scale(value + 100, 200, length)
        body.append(f'<text class="chart-label" x="{x}" y="48" text-anchor="middle">{value}</text>')
    if score is not None:
        x = pad + scale(max(min(score, 100), -100) + 100, 200, length)
        body.append(f'<path class="nps-marker" d="M{x - 7} 4 L{x + 7} 4 L{x} 18 Z"/>')
    return _svg(title, 56, body, "chart-nps")
