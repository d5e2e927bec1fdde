"""Small accessible SVG charts (no JavaScript, no external library).

Every chart reads on its own: a title and a description (``<title>``,
``<desc>``, ``aria-labelledby``), full labels (wrapped, never cut), an
axis with ticks and a title saying what is counted, integers shown as
integers, and an HTML table with the same figures as an alternative.
"""

from ikz.landespreis.domain.formatting import german_number
from xml.sax.saxutils import escape

import itertools
import math
import textwrap


CHAR_WIDTH = 6.6  # average width of a 12 px sans-serif character
_ids = itertools.count(1)


def _text(value, decimals=2):
    if isinstance(value, float) and value.is_integer() and decimals == 0:
        value = int(value)
    return german_number(value, decimals)


def _ticks(low, high, integers):
    """About five round tick values from ``low`` to ``high``."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(1, math.ceil(step))
    first = math.ceil(low / step) * step
    count = int((high - first) // step) + 1
    return [first + i * step for i in range(count)]


def nice_max(value):
    """A round upper end for an axis that starts at 0 (integers: at least 1)."""
    if value <= 5:
        return max(1, math.ceil(value))
    magnitude = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


def _attr(value):
    return escape(str(value), {'"': "&quot;"})


def bar_chart(
    bars,
    low,
    high,
    title="",
    width=560,
    bar_height=18,
    axis_title="",
    desc="",
    unit="",
    table=True,
    label_title="",
):
    """A horizontal bar chart.

    ``bars``: ``[(label, value)]`` or ``[(label, value, text)]`` where
    ``text`` is what is written next to the bar (default: the value; an
    integer stays an integer, anything else gets two decimals).
    Each label stands in full above its bar (wrapped when long).
    """
    bars = [tuple(b) + (None,) * (3 - len(b)) for b in bars]
    integers = all(isinstance(v, int) for _l, v, _t in bars) and isinstance(low, int)
    span = float(high - low) or 1.0
    shown_texts = []
    for _label, value, text in bars:
        shown = text if text is not None else _text(value, 0 if integers else 2)
        shown_texts.append(
            f"{shown} {unit}".strip() if text is None and unit else shown
        )
    # room right of the longest bar for the longest value text
    left = 10
    right = max(
        40, int(max([len(str(t)) for t in shown_texts] + [0]) * CHAR_WIDTH) + 14
    )
    chart_width = width - left - right
    per_line = max(20, int((width - left) / CHAR_WIDTH))
    number = next(_ids)
    title_id, desc_id = f"ikz-chart-{number}-title", f"ikz-chart-{number}-desc"
    rows = []
    y = 8
    for (label, value, _unused), shown in zip(bars, shown_texts, strict=True):
        lines = textwrap.wrap(str(label), per_line) or [""]
        rows.append((lines, value, shown, y))
        y += 15 * len(lines) + bar_height + 8
    axis_y = y + 2
    height = axis_y + 44
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="ikz-chart" '
        f'aria-labelledby="{title_id} {desc_id}" '
        f'font-family="sans-serif" style="max-width: 100%; height: auto">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc or title)}</desc>',
    ]
    for tick in _ticks(low, high, integers):
        x = left + (tick - low) / span * chart_width
        parts.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y}" '
            f'stroke="#d0d7de" stroke-width="1" aria-hidden="true"/>'
            f'<text x="{x:.1f}" y="{axis_y + 14}" font-size="11" '
            f'text-anchor="middle" fill="#333">{_text(tick, 0 if integers else 1)}'
            f"</text>"
        )
    for lines, value, shown, top in rows:
        label = " ".join(lines)
        for index, line in enumerate(lines):
            parts.append(
                f'<text x="{left}" y="{top + 11 + 15 * index}" font-size="12" '
                f'fill="#1a1a1a">{escape(line)}</text>'
            )
        bar_y = top + 15 * len(lines) + 1
        length = max(0.0, min(1.0, (float(value or 0) - low) / span)) * chart_width
        parts.append(
            f'<rect x="{left}" y="{bar_y}" width="{length:.1f}" '
            f'height="{bar_height}" fill="#003064">'
            f"<title>{escape(label)}: {escape(str(shown))}</title></rect>"
            f'<text x="{left + length + 5:.1f}" y="{bar_y + bar_height - 5}" '
            f'font-size="12" fill="#1a1a1a">{escape(str(shown))}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{left + chart_width}" y2="{axis_y}" '
        f'stroke="#333" stroke-width="1"/>'
    )
    if axis_title:
        parts.append(
            f'<text x="{left + chart_width / 2:.1f}" y="{axis_y + 34}" '
            f'font-size="12" text-anchor="middle" fill="#1a1a1a" '
            f'class="ikz-axis-title">{escape(axis_title)}</text>'
        )
    parts.append("</svg>")
    svg = "".join(parts)
    if not table:
        return svg
    return figure(
        svg,
        title,
        [label_title or "", axis_title or "Wert"],
        [(" ".join(lines), shown) for lines, _v, shown, _y in rows],
    )


def column_chart(
    columns, title="", width=560, height=220, axis_title="", x_title="", desc=""
):
    """A vertical column chart of counts (e.g. applications per day).

    ``columns``: ``[(label, count)]`` in order; every label is in the data
    table, about ten are written under the axis.
    """
    number = next(_ids)
    title_id, desc_id = f"ikz-chart-{number}-title", f"ikz-chart-{number}-desc"
    top_value = nice_max(max([v for _l, v in columns] + [1]))
    left, right, top, bottom = 44, 10, 10, 56
    chart_width = width - left - right
    chart_height = height - top - bottom
    slot = chart_width / max(1, len(columns))
    every = max(1, math.ceil(len(columns) / 10))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="ikz-chart" '
        f'aria-labelledby="{title_id} {desc_id}" '
        f'font-family="sans-serif" style="max-width: 100%; height: auto">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc or title)}</desc>',
    ]
    base = top + chart_height
    for tick in _ticks(0, top_value, True):
        y = base - tick / top_value * chart_height
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + chart_width}" y2="{y:.1f}" '
            f'stroke="#d0d7de" stroke-width="1" aria-hidden="true"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#333">{_text(tick, 0)}</text>'
        )
    for index, (label, value) in enumerate(columns):
        x = left + index * slot
        bar = value / top_value * chart_height
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{base - bar:.1f}" '
            f'width="{max(1.0, slot * 0.7):.1f}" height="{bar:.1f}" fill="#003064">'
            f"<title>{escape(str(label))}: {_text(value, 0)}</title></rect>"
        )
        if index % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{base + 14}" font-size="11" '
                f'text-anchor="middle" fill="#333">{escape(str(label))}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{base}" x2="{left + chart_width}" y2="{base}" '
        f'stroke="#333" stroke-width="1"/>'
    )
    if x_title:
        parts.append(
            f'<text x="{left + chart_width / 2:.1f}" y="{height - 8}" '
            f'font-size="12" text-anchor="middle" fill="#1a1a1a" '
            f'class="ikz-axis-title">{escape(x_title)}</text>'
        )
    if axis_title:
        parts.append(
            f'<text x="12" y="{top + chart_height / 2:.1f}" font-size="12" '
            f'text-anchor="middle" fill="#1a1a1a" class="ikz-axis-title" '
            f'transform="rotate(-90 12 {top + chart_height / 2:.1f})">'
            f"{escape(axis_title)}</text>"
        )
    parts.append("</svg>")
    return figure(
        "".join(parts),
        title,
        [x_title or "", axis_title or "Wert"],
        [(label, _text(value, 0)) for label, value in columns],
    )


def figure(svg, title, header, rows):
    """The chart with a caption and its figures as a table (in a
    ``<details>`` a keyboard and a screen reader can open)."""
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in header)
    body = "".join(
        f'<tr><th scope="row">{escape(str(label))}</th>'
        f'<td class="text-end">{escape(str(value))}</td></tr>'
        for label, value in rows
    )
    number = next(_ids)
    return (
        f'<div class="ikz-figure" role="group" '
        f'aria-labelledby="ikz-figure-{number}">'
        f'<p class="h6 mb-1" id="ikz-figure-{number}">{escape(title)}</p>{svg}'
        f'<details class="ikz-chart-data"><summary>Zahlen als Tabelle: '
        f"{escape(title)}</summary>"
        f'<table class="table table-sm"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></details></div>"
    )
