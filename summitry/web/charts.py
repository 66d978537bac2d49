"""Charts as geometry for inline SVG (templates/_chart.html draws them): bars by period, and lines
over time with one series per speaker or unit. Every bar and point links somewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
SERIES_CLASSES = 8  # CSS classes series-0 … series-7


@dataclass
class Mark:
    x: float
    y: float
    href: str
    title: str
    width: float = 0.0  # bars only
    height: float = 0.0
    series: int = 0


@dataclass
class Chart:
    kind: str  # "bar" or "line"
    width: int = WIDTH
    height: int = HEIGHT
    marks: list[Mark] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (series, SVG points)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[int, str]] = field(default_factory=list)
    y_label: str = ""
    baseline: float = HEIGHT - BOTTOM

    @property
    def radius(self) -> float:
        return 4.5 if len(self.marks) <= 60 else 2.5


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _fmt(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:g}B"
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def _y_axis(chart: Chart, low: float, high: float) -> None:
    span = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = low + (high - low) * i / 4
        chart.y_ticks.append((TOP + span - span * i / 4, _fmt(round(value, 6))))


def bar_chart(bars: list[tuple[str, float, str]], label: str) -> Chart:
    """One bar per (label, value, link), left to right."""
    chart = Chart("bar", y_label=label)
    top = _nice_max(max((value for _, value, _ in bars), default=0))
    _y_axis(chart, 0, top)
    span_x, span_y = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = span_x / max(len(bars), 1)
    every = max(1, len(bars) // 12)
    for i, (name, value, href) in enumerate(bars):
        height = span_y * value / top
        x = LEFT + i * slot + slot * 0.15
        chart.marks.append(Mark(x, TOP + span_y - height, href, f"{name}: {value:,.0f} {label}", slot * 0.7, height))
        if i % every == 0:
            chart.x_ticks.append((LEFT + i * slot + slot / 2, name))
    return chart


def _day(value: str) -> float:
    """An ISO date, year-month or year as a day number (the middle of a month or year)."""
    parts = value.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 7, 1).toordinal()
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 15).toordinal()
    return date.fromisoformat(value[:10]).toordinal()


def line_chart(series: dict[str, list[tuple[str, float, str, str]]], label: str, lines: bool = True) -> Chart:
    """Lines over time: for each series name, points (ISO date or period, value, link, title);
    lines=False draws the points alone."""
    chart = Chart("line", y_label=label)
    points = [(name, _day(when), value, href, title) for name, rows in series.items() for when, value, href, title in rows]
    if not points:
        return chart
    first, last = min(p[1] for p in points), max(p[1] for p in points)
    if last - first < 1:
        first, last = first - 180, last + 180
    low = min(0.0, min(p[2] for p in points))
    high = _nice_max(max(p[2] for p in points))
    _y_axis(chart, low, high)
    span_x, span_y = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: float) -> float:
        return LEFT + span_x * (day - first) / (last - first)

    def y_of(value: float) -> float:
        return TOP + span_y - span_y * (value - low) / ((high - low) or 1)

    for index, name in enumerate(series):
        cls = index % SERIES_CLASSES
        chart.legend.append((cls, name))
        mine = sorted((p for p in points if p[0] == name), key=lambda p: p[1])
        if lines:
            chart.lines.append((cls, " ".join(f"{x_of(p[1]):.1f},{y_of(p[2]):.1f}" for p in mine)))
        chart.marks += [Mark(x_of(p[1]), y_of(p[2]), p[3], p[4], series=cls) for p in mine]
    first_year, last_year = date.fromordinal(int(first)).year, date.fromordinal(int(last)).year
    step = max(1, (last_year - first_year + 1) // 10)
    for year in range(first_year, last_year + 1, step):
        day = date(year, 1, 1).toordinal()
        if first <= day <= last:
            chart.x_ticks.append((x_of(day), str(year)))
    if not chart.x_ticks:
        chart.x_ticks.append((x_of((first + last) / 2), str(date.fromordinal(int((first + last) / 2)).year)))
    chart.baseline = y_of(max(low, 0.0))
    return chart
