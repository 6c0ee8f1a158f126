"""The report's charts as plain geometry: where each bar, point, line and legend entry goes.

The templates (templates/charts.svg.j2) draw them as inline SVG, so the report fetches
nothing. Every chart has a legend; target lines carry their year and value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

BAR = "#2f6db5"
WARN = "#c0392b"
TARGET = "#e67e22"
PLAN = "#7d3c98"
PALETTE = ("#2f6db5", "#16a085", "#8e44ad", "#d35400", "#7f8c8d")
LEGEND_ROW = 18


@dataclass(frozen=True)
class LegendItem:
    mark: str  # box | line | dash | dot
    colour: str
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    text: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    title: str
    width: float
    height: float
    left: float
    bars: list[Bar]
    target_x: float | None
    legend: list[LegendItem]
    kind: str = "bar-chart"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]
    colour: str
    dashed: bool = False

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    title: str
    width: float
    height: float
    box: tuple[float, float, float, float]  # left, top, width, height of the plot
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    series: list[Series]
    legend: list[LegendItem]
    target: tuple[float, str] | None = None  # y, label
    markers: list[tuple[float, str]] = field(default_factory=list)  # vertical: x, label
    plan: list[Point] = field(default_factory=list)  # planned values (diamonds)
    kind: str = "line-chart"


def _legend(items: Sequence[tuple[str, str, str]], top: float) -> list[LegendItem]:
    return [LegendItem(m, c, t, top + i * LEGEND_ROW) for i, (m, c, t) in enumerate(items)]


def percent(value: float) -> str:
    return f"{value:.1%}"


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, float | None]],
    *,
    target: tuple[float, str] | None,
    labels: dict[str, str],
) -> BarChart:
    """Horizontal bars of ratios 0..1; bars short of the target in red; legend below."""
    row, left, span = 22, 150, 360
    top = 30
    drawn = []
    for index, (name, value) in enumerate(bars):
        if value is None:
            drawn.append(Bar(name, top + index * row, 0, labels["no_data"], "#888"))
            continue
        short = target is not None and value < target[0]
        shown = max(0.0, min(value, 1.0)) * span
        drawn.append(Bar(name, top + index * row, shown, percent(value), WARN if short else BAR))
    legend_top = top + row * len(bars) + 20
    items = [("box", BAR, labels["measured"])]
    if target is not None:
        items += [("box", WARN, labels["below_target"]), ("dash", TARGET, target[1])]
    legend = _legend(items, legend_top)
    height = legend_top + LEGEND_ROW * len(items)
    target_x = None if target is None else left + target[0] * span
    return BarChart(title, left + span + 70, height, left, drawn, target_x, legend)


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    top: float
    height: float

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.top + self.height - (value - self.low) / span * self.height


def around_target(values: Sequence[float], target: float | None) -> tuple[float, float, float]:
    """A ratio axis that shows differences near the target: from a round step below the
    lowest value (or the target) up to 100%, with at most five steps. -> (low, high, step)"""
    low = min([*values, *([target] if target is not None else [])], default=0.0)
    high = 1.0
    for step in (0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25):
        floor = max(0.0, (int(round(low / step, 6) - 1e-9) * step))
        floor = floor if floor < low else max(0.0, floor - step)
        if (high - floor) / step <= 5 + 1e-9:
            return round(floor, 4), high, step
    return 0.0, high, 0.25


def ratio_line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    target: tuple[float, str] | None,
    series_name: str,
    kind: str = "line-chart",
    width: float = 460,
) -> LineChart:
    """Ratios over labelled x positions (months, dates), scaled around the target."""
    left, top, height = 60, 30, 160
    values = [v for _, v in points]
    low, high, tick = around_target(values, target[0] if target else None)
    scale = Scale(low, high, top, height)
    step = width / max(len(points) - 1, 1)
    drawn = [Point(left + i * step, scale.y(v), f"{name}: {percent(v)}") for i, (name, v) in
             enumerate(points)]  # fmt: skip
    shown = "{:.1%}" if tick < 0.01 else "{:.0%}"
    count = round((high - low) / tick)
    ticks = [(scale.y(low + i * tick), shown.format(low + i * tick)) for i in range(count + 1)]
    every = max(1, len(points) // 6)
    x_ticks = [(left + i * step, points[i][0]) for i in range(0, len(points), every)]
    items = [("line", BAR, series_name)]
    if target is not None:
        items.append(("dash", TARGET, target[1]))
    legend_top = top + height + 44
    legend = _legend(items, legend_top)
    target_line = None if target is None else (scale.y(target[0]), target[1])
    return LineChart(
        title, left + width + 40, legend_top + LEGEND_ROW * len(items),
        (left, top, width, height), ticks, x_ticks, [Series(series_name, drawn, BAR)], legend,
        target_line, kind=kind,
    )  # fmt: skip


def time_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[date, float]]]],
    *,
    plan: Sequence[tuple[date, float, str]] = (),
    markers: Sequence[tuple[date, str]] = (),
    labels: dict[str, str],
) -> LineChart:
    """Counts over real time: the first series solid, the rest dashed; planned values as
    diamonds, deadlines as labelled vertical lines; a legend for each."""
    left, top, width, height = 60, 40, 460, 180
    days = [d for _, line in series for d, _ in line] + [d for d, _, _ in plan]
    days += [d for d, _ in markers]
    first, last = min(days).toordinal(), max(days).toordinal()
    high = max([v for _, line in series for _, v in line] + [v for _, v, _ in plan] + [1.0])
    scale = Scale(0.0, high, top, height)

    def x(day: date) -> float:
        return left + width * (day.toordinal() - first) / max(last - first, 1)

    drawn = [
        Series(name, [Point(x(d), scale.y(v), f"{d}: {v:g}") for d, v in line],
               PALETTE[i % len(PALETTE)], dashed=i > 0)
        for i, (name, line) in enumerate(series)
    ]  # fmt: skip
    items = [("dash" if s.dashed else "line", s.colour, s.name) for s in drawn]
    if plan:
        items.append(("dot", PLAN, labels["plan_target"]))
    if markers:
        items.append(("dash", TARGET, labels["deadline"]))
    legend_top = top + height + 44
    ends = sorted({min(days), max(days)})
    return LineChart(
        title, left + width + 80, legend_top + LEGEND_ROW * len(items),
        (left, top, width, height), [(scale.y(0), "0"), (scale.y(high), f"{high:g}")],
        [(x(d), d.isoformat()) for d in ends], drawn, _legend(items, legend_top),
        markers=[(x(d), text) for d, text in markers],
        plan=[Point(x(d), scale.y(v), text) for d, v, text in plan], kind="time-chart",
    )  # fmt: skip
