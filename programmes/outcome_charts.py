"""The outcome funnel as a server-rendered SVG (issue 16), drawn like programmes.charts.

Pure Python: numbers in, escaped markup out. For one horizon (1, 3 or 6 months)
each stage of the funnel gets a bar per group, as a share of that group's
answers; a hidden figure (too few answers) is written out, not drawn as zero.
"""

from collections.abc import Sequence
from html import escape

from programmes.charts import BAR, VALUE_ROOM, WIDTH, scale

LEGEND_LINE = 18


def funnel_chart(
    stages: Sequence[tuple[str, Sequence[float | None]]],
    *,
    series: Sequence[str],
    title: str,
    hidden_label: str,
) -> str:
    """`stages`: (label, one percentage or None per series); None is `hidden_label`."""
    length = WIDTH - VALUE_ROOM
    body = []
    for index, name in enumerate(series):
        line = index * LEGEND_LINE
        body += [
            f'<rect class="chart-bar series-{index}" x="0" y="{line + 2}" width="12" height="12"/>',
            f'<text class="chart-legend" x="16" y="{line + 12}">{escape(name)}</text>',
        ]
    y = len(series) * LEGEND_LINE + 10
    for label, values in stages:
        body.append(f'<text class="chart-label" x="0" y="{y + 13}">{escape(label)}</text>')
        y += 18
        for index, value in enumerate(values):
            if value is None:
                body.append(
                    f'<text class="chart-value chart-hidden" x="0" y="{y + BAR - 3}">'
                    f"{escape(hidden_label)}</text>"
                )
            else:
                width = scale(value, 100, length)
                body += [
                    f'<rect class="chart-bar series-{index}" x="0" y="{y}" width="{width}" '
                    f'height="{BAR}" rx="2"/>',
                    f'<text class="chart-value" x="{width + 4}" y="{y + BAR - 3}">'
                    f"{escape(f'{value:.0f}%')}</text>",
                ]
            y += BAR + 4
        y += 10
    label = escape(title, quote=True)
    return (
        f'<svg class="chart chart-funnel" viewBox="0 0 {WIDTH} {y}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def share(part: int | None, whole: int) -> float | None:
    """`part` as a percentage of `whole`; None when hidden or nothing to divide."""
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)
