"""A small accessible SVG bar chart (no JavaScript, no external library)."""

from xml.sax.saxutils import escape


def bar_chart(bars, low, high, title="", width=520, bar_height=22):
    """``bars``: [(label, value)]; values between ``low`` and ``high``."""
    span = float(high - low) or 1.0
    label_width = 130
    chart_width = width - label_width - 50
    height = bar_height * len(bars) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="ikz-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(bars):
        y = 5 + index * bar_height
        length = max(0.0, (float(value) - low) / span) * chart_width
        text = f"{value:.2f}".replace(".", ",")
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(str(label))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" '
            f'height="{bar_height - 8}" fill="#1d5c96">'
            f"<title>{escape(str(label))}: {text}</title></rect>"
            f'<text x="{label_width + length + 4:.1f}" y="{y + 15}" '
            f'font-size="12">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
