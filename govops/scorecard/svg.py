"""Charts as inline SVG strings: nothing to fetch when the report is opened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

BAR = "#2f6db5"
WARN = "#c0392b"
TARGET = "#e67e22"
FONT = 'font-family="sans-serif" font-size="12"'


def bar_chart(
    title: str, bars: Sequence[tuple[str, float | None]], target: float | None = None
) -> str:
    """Horizontal bars of ratios 0..1, one per label, with an optional target line."""
    row, left, width = 22, 150, 360
    height = 30 + row * len(bars) + 10
    parts = [_open(left + width + 60, height, title, "bar-chart")]
    for index, (label, value) in enumerate(bars):
        y = 30 + index * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" {FONT}>{escape(label)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{left}" y="{y + 14}" {FONT} fill="#888">n/a</text>')
            continue
        shown = max(0.0, min(value, 1.0))
        colour = WARN if target is not None and value < target else BAR
        parts.append(
            f'<rect class="bar" x="{left}" y="{y + 2}" width="{shown * width:.1f}" '
            f'height="{row - 6}" fill="{colour}"><title>{escape(label)}: '
            f"{value:.1%}</title></rect>"
        )
        parts.append(f'<text x="{left + shown * width + 4}" y="{y + 14}" {FONT}>{value:.1%}</text>')
    if target is not None:
        x = left + target * width
        parts.append(
            f'<line class="target" x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 6}" '
            f'stroke="{TARGET}" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    y_max: float | None = None,
    target: float | None = None,
    percent: bool = False,
) -> str:
    """A line over labelled x positions (dates, months), with an optional horizontal target."""
    left, top, width, height = 60, 30, 460, 180
    parts = [_open(left + width + 60, top + height + 50, title, "line-chart")]
    if not points:
        parts.append(f'<text x="{left}" y="{top + 20}" {FONT} fill="#888">no data</text></svg>')
        return "".join(parts)
    values = [v for _, v in points]
    high = y_max if y_max is not None else max([*values, target or 0, 1e-9])
    low = min(0.0, *values)
    span = (high - low) or 1.0

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (width * i / max(len(points) - 1, 1))
        return x, top + height - (v - low) / span * height

    def fmt(value: float) -> str:
        return f"{value:.0%}" if percent else f"{value:g}"

    parts.append(
        f'<line x1="{left}" y1="{top + height}" x2="{left + width}" y2="{top + height}" '
        'stroke="#444"/>'
    )
    parts.append(f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" {FONT}>{fmt(high)}</text>')
    parts.append(
        f'<text x="{left - 6}" y="{top + height}" text-anchor="end" {FONT}>{fmt(low)}</text>'
    )
    coords = [xy(i, v) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(
        f'<polyline class="series" points="{path}" fill="none" stroke="{BAR}" stroke-width="2"/>'
    )
    for (x, y), (label, value) in zip(coords, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BAR}"><title>'
            f"{escape(label)}: {fmt(value)}</title></circle>"
        )
    step = max(1, len(points) // 6)
    for i in range(0, len(points), step):
        x, _ = xy(i, low)
        parts.append(
            f'<text x="{x:.1f}" y="{top + height + 16}" text-anchor="middle" {FONT}>'
            f"{escape(points[i][0])}</text>"
        )
    if target is not None:
        _, ty = xy(0, target)
        parts.append(
            f'<line class="target" x1="{left}" y1="{ty:.1f}" x2="{left + width}" '
            f'y2="{ty:.1f}" stroke="{TARGET}" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, title: str, kind: str) -> str:
    return (
        f'<svg class="chart {kind}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
        f"<title>{escape(title)}</title>"
        f'<text x="4" y="16" font-family="sans-serif" font-size="14" font-weight="bold">'
        f"{escape(title)}</text>"
    )


def time_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[date, float]]]],
    markers: Sequence[tuple[date, str]] = (),
) -> str:
    """Lines over real time (x proportional to dates): the first solid, the rest dashed,
    with labelled vertical markers (deadlines)."""
    left, top, width, height = 60, 30, 460, 180
    parts = [_open(left + width + 60, top + height + 70, title, "time-chart")]
    points = [p for _, line in series for p in line]
    if not points:
        parts.append(f'<text x="{left}" y="{top + 20}" {FONT} fill="#888">no data</text></svg>')
        return "".join(parts)
    days = [d for d, _ in points] + [d for d, _ in markers]
    first, last = min(days).toordinal(), max(days).toordinal()
    high = max(v for _, v in points) or 1.0

    def xy(d: date, v: float) -> tuple[float, float]:
        x = left + width * (d.toordinal() - first) / max(last - first, 1)
        return x, top + height - v / high * height

    parts.append(
        f'<line x1="{left}" y1="{top + height}" x2="{left + width}" y2="{top + height}" '
        'stroke="#444"/>'
    )
    parts.append(f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" {FONT}>{high:g}</text>')
    parts.append(f'<text x="{left - 6}" y="{top + height}" text-anchor="end" {FONT}>0</text>')
    for index, (name, line) in enumerate(series):
        coords = " ".join("{:.1f},{:.1f}".format(*xy(d, v)) for d, v in line)
        dash = "" if index == 0 else ' stroke-dasharray="6 4"'
        parts.append(
            f'<polyline class="series" points="{coords}" fill="none" stroke="{BAR}" '
            f'stroke-width="2"{dash}><title>{escape(name)}</title></polyline>'
        )
        legend_y = top + height + 34 + 14 * index
        parts.append(
            f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" '
            f'stroke="{BAR}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{left + 30}" y="{legend_y}" {FONT}>{escape(name)}</text>')
    for d, label in markers:
        x, _ = xy(d, 0)
        parts.append(
            f'<line class="target" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" '
            f'y2="{top + height}" stroke="{TARGET}" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top - 4}" text-anchor="middle" {FONT} '
            f'fill="{TARGET}">{escape(label)}</text>'
        )
    for d in (min(days), max(days)):
        x, _ = xy(d, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{top + height + 16}" text-anchor="middle" {FONT}>'
            f"{d.isoformat()}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
