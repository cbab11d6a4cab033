"""Server-rendered bar charts (docs/statistics.md, "Charts"): one SVG per table, drawn here so
that it needs no JavaScript; the numbers are written beside the bars (direct labels), so no
meaning rests on colour, and the data table is always next to it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

WIDTH = 360       # the viewBox: the chart scales to its container (320 px reflow)
ROW = 44          # each bar: a label line above it, the bar and its number
LABEL_SIZE = 15
BAR_HEIGHT = 16
NUMBER_ROOM = 70  # room right of the longest bar for its number


@register.simple_tag
def bar_chart(table, chart_id: str, hidden_text: str) -> SafeString:
    """A horizontal bar chart of ``table.bars`` with ``role="img"``; its name is the table's
    title and its description the one-sentence summary."""
    bars = table.bars
    top = table.chart_max or 1
    height = ROW * len(bars) + 4
    rows = []
    for index, (label, cell) in enumerate(bars):
        y = ROW * index
        length = 0 if cell.hidden else round((WIDTH - NUMBER_ROOM) * cell.value / top)
        number = hidden_text if cell.hidden else str(cell.value)
        rows.append((y + LABEL_SIZE, label, y + 20, length, max(length, 1) + 6 + 0, y + 20 + BAR_HEIGHT - 3, number))
    body = format_html_join(
        "",
        '<text class="chart__label" x="0" y="{}">{}</text>'
        '<rect class="chart__bar" x="0" y="{}" width="{}" height="' + str(BAR_HEIGHT) + '"></rect>'
        '<text class="chart__value" x="{}" y="{}">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id, w=WIDTH, h=height, title=table.title, desc=table.summary, body=body,
    )
