"""Server-side SVG charts for the dashboard: horizontal bars, no JavaScript chart library.

Every chart is drawn from a list of rows ({"label", "value"}); its numbers are also in the
chart's text (for screen readers) and downloadable as CSV from the link beside it.
"""

from decimal import Decimal

from django import template

register = template.Library()

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 300
VALUE_WIDTH = 80


@register.inclusion_tag("municipality/includes/bar_chart.html")
def bar_chart(rows, title, csv_url="", unit="", max_value=None, baseline=None):
    """A horizontal bar chart. `max_value` fixes the scale (100 for percentages); `baseline`
    draws a reference line (the ILVO 58%)."""
    values = [float(row["value"] or 0) for row in rows]
    top = float(max_value) if max_value else max(values + [0]) or 1
    bars = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": row["label"],
                "value": value,
                "display": _display(row["value"], unit),
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(BAR_WIDTH * value / top, 1) if top else 0,
            }
        )
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP)
    baseline_x = LABEL_WIDTH + BAR_WIDTH * float(baseline) / top if baseline is not None else None
    return {
        "title": title,
        "bars": bars,
        "csv_url": csv_url,
        "height": height,
        "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        "label_width": LABEL_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 6,
        "bar_height": BAR_HEIGHT,
        "baseline_x": baseline_x,
        "baseline": baseline,
        "unit": unit,
    }


def _display(value, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal | float) and float(value) != int(float(value)):
        text = f"{float(value):,.1f}"
    else:
        text = f"{int(float(value)):,}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()
