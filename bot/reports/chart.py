"""The RAG trend chart's geometry: stacked bars, one per board, as numbers a template draws as
inline SVG (so the HTML and PDF packs need no image files or scripts)."""

from __future__ import annotations

from dataclasses import dataclass

from store.domain import STATUS_ORDER
from store.reports.views import StatusLabel, TrendPoint

# Conventional RAG colours, dark enough for white text and distinct in greyscale print.
COLOURS = {
    "red": "#c0392b",
    "amber": "#e67e22",
    "green": "#27ae60",
    "complete": "#2e75b6",
    "not_started": "#a6acaf",
}
WIDTH, HEIGHT = 680, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 60  # margins: axis labels left, board dates below


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    colour: str
    count: int
    label: str  # "Red: 4", for the title tooltip and screen readers


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    day: str
    total: int
    current: bool
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    baseline: float  # y of the x axis
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[LegendItem]


def trend_chart(points: list[TrendPoint], statuses: list[StatusLabel]) -> Chart:
    """Stacked bars of each board's RAG counts, worst at the bottom."""
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = max([p.counts.total for p in points] + [1])
    scale = plot_height / _nice(top_value)
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    width = min(slot * 0.6, 70)
    labels = {s.value: s.label for s in statuses}
    bars = []
    for i, point in enumerate(points):
        y = float(HEIGHT - BOTTOM)
        segments = []
        for status in STATUS_ORDER:
            count = point.counts.get(status.value)
            if not count:
                continue
            height = count * scale
            y -= height
            label = f"{labels.get(status.value, status.word)}: {count}"
            segments.append(
                Segment(round(y, 1), round(height, 1), COLOURS[status.value], count, label)
            )
        x = LEFT + i * slot + (slot - width) / 2
        bars.append(
            Bar(
                round(x, 1),
                round(width, 1),
                point.label,
                point.day,
                point.counts.total,
                point.current,
                segments,
            )
        )
    step = _nice(top_value) // 4 or 1
    ticks = [
        Tick(round(HEIGHT - BOTTOM - v * scale, 1), v) for v in range(0, _nice(top_value) + 1, step)
    ]
    legend = [LegendItem(COLOURS[s.value], labels.get(s.value, s.word)) for s in STATUS_ORDER]
    return Chart(WIDTH, HEIGHT, LEFT, float(HEIGHT - BOTTOM), bars, ticks, legend)


def _nice(value: int) -> int:
    """The axis top: the value rounded up to a multiple of 4 (so four even steps)."""
    return max(4, -(-value // 4) * 4)
