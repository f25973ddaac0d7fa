"""Chart geometry for server-rendered SVG: pure functions that take series and return
what to draw (bars, points, line paths, axis ticks and labels) in a chart's own
coordinates (its ``viewBox``). Templates only place the shapes; no script draws them.

A value of ``None`` is "no data": no bar, no point, and a break in the line, so a
missing quarter shows as a gap rather than as a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Frame:
    """The chart's size (its ``viewBox``) and the margins around the plotting area, which
    hold the value ticks (left) and the category labels (bottom)."""

    # About as wide as a phone's card or a third of a desktop page, so the text keeps
    # close to its set size when the chart is scaled to fit.
    width: float = 360
    height: float = 210
    left: float = 34
    right: float = 8
    top: float = 12
    bottom: float = 42
    font_size: float = 14

    @property
    def plot_left(self) -> float:
        return self.left

    @property
    def plot_right(self) -> float:
        return self.width - self.right

    @property
    def plot_top(self) -> float:
        return self.top

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def plot_middle(self) -> float:
        return self.plot_top + self.plot_height / 2

    @property
    def plot_centre(self) -> float:
        return self.plot_left + self.plot_width / 2

    @property
    def tick_x(self) -> float:
        """Where the value ticks' labels end, just left of the plot."""
        return self.plot_left - self.font_size / 2

    @property
    def label_y(self) -> float:
        """The baseline of the category labels under the plot."""
        return self.plot_bottom + self.font_size * 1.3

    @property
    def sublabel_y(self) -> float:
        return self.label_y + self.font_size * 1.2


@dataclass(frozen=True)
class Tick:
    """A value on the vertical axis, with its label and height ``y``."""

    value: float
    label: str
    y: float


@dataclass(frozen=True)
class Label:
    """A category's label under the plot, centred on ``x``; ``subtext`` goes on a second
    line (the year under a quarter). ``text`` is empty where labels are thinned out."""

    x: float
    text: str
    subtext: str = ""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    index: int
    value: float
    category: str  # its label, even where the axis leaves it out


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    index: int
    value: float
    category: str


@dataclass(frozen=True)
class Chart:
    """Everything a template draws: ``ticks`` (with grid lines), category ``labels``,
    ``bars``, ``points`` and ``lines`` (SVG path data, one per unbroken run)."""

    frame: Frame
    ticks: list[Tick]
    labels: list[Label]
    bars: list[Bar] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def value_ticks(
    *, high: float, low: float = 0, count: int = 4, integer: bool = False
) -> list[float]:
    """Round tick values from ``low`` (rounded down) to at least ``high`` (rounded up), in
    steps of 1, 2, 2.5 or 5 times a power of ten, about ``count`` of them; whole-number
    steps when ``integer``. An empty range (``high <= low``) spans one unit from ``low``."""
    high = high if high > low else low + 1.0
    span = high - low
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw * (1 - 1e-9))
    if integer:
        step = max(1.0, float(math.ceil(step)))
    start = math.floor(low / step + 1e-9) * step
    stop = max(math.ceil(high / step - 1e-9) * step, start + step)
    n = round((stop - start) / step)
    return [round(start + i * step, 10) for i in range(n + 1)]


def format_value(value: float) -> str:
    """``3`` for a whole number, ``2.5`` otherwise (at most two decimals)."""
    return f"{value:g}" if value == int(value) else f"{round(value, 2):g}"


def text_width(text: str, font_size: float) -> float:
    """About how wide ``text`` is set: a CJK character is as wide as the font is high,
    a Latin one a little over half."""
    return sum(font_size if ord(c) > 0x2E7F else 0.62 * font_size for c in text)


def quarter_labels(quarters: Sequence[str]) -> tuple[list[str], list[str]]:
    """``["2026Q3", "2026Q4", "2027Q1"]`` → ``(["Q3", "Q4", "Q1"], ["2026", "", "2027"])``:
    the quarter under each slot and the year where it starts or changes."""
    texts, years = [], []
    last_year = ""
    for quarter in quarters:
        year, _, number = quarter.partition("Q")
        texts.append(f"Q{number}" if number else quarter)
        years.append(year if year != last_year else "")
        last_year = year
    return texts, years


def _slot(frame: Frame, n: int) -> float:
    return frame.plot_width / max(n, 1)


def _centre(frame: Frame, n: int, i: int) -> float:
    return frame.plot_left + (i + 0.5) * _slot(frame, n)


def _labels(frame: Frame, texts: Sequence[str], subtexts: Sequence[str] | None) -> list[Label]:
    """Category labels; when they would overlap, only every k-th keeps its text (the
    last one always does). Subtexts (years) are kept wherever they are given."""
    n = len(texts)
    slot = _slot(frame, n)
    widest = max((text_width(t, frame.font_size) for t in texts), default=0)
    step = max(1, math.ceil((widest + frame.font_size * 0.5) / slot))
    subs = list(subtexts) if subtexts is not None else [""] * n
    return [
        Label(
            x=round(_centre(frame, n, i), 2),
            text=texts[i] if (n - 1 - i) % step == 0 else "",
            subtext=subs[i],
        )
        for i in range(n)
    ]


def _y(frame: Frame, value: float, low: float, high: float) -> float:
    share = (value - low) / (high - low)
    return round(frame.plot_bottom - share * frame.plot_height, 2)


def _ticks(frame: Frame, values: Sequence[float], low: float, high: float) -> list[Tick]:
    return [Tick(value=v, label=format_value(v), y=_y(frame, v, low, high)) for v in values]


def bar_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Sequence[float | None]],
    sublabels: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    frame: Frame | None = None,
    integer: bool = True,
) -> Chart:
    """Grouped bars: one group per label, one bar per series in each group, from zero up.
    Every series has one value per label; ``None`` draws no bar. Values must not be
    negative. ``categories`` names each slot in full for the bars' tooltips (the labels by
    default)."""
    frame = frame or Frame()
    n = len(labels)
    names = list(categories) if categories is not None else list(labels)
    if any(len(values) != n for values in series):
        raise ValueError("every series needs one value per label")
    present = [v for values in series for v in values if v is not None]
    if any(v < 0 for v in present):
        raise ValueError("bars start at zero; negative values cannot be drawn")
    tick_values = value_ticks(high=max(present, default=0), integer=integer)
    low, high = tick_values[0], tick_values[-1]
    slot = _slot(frame, n)
    group = slot * 0.72
    width = group / max(len(series), 1)
    bars = []
    for s, values in enumerate(series):
        for i, value in enumerate(values):
            if value is None:
                continue
            y = _y(frame, value, low, high)
            bars.append(
                Bar(
                    x=round(frame.plot_left + i * slot + (slot - group) / 2 + s * width, 2),
                    y=y,
                    width=round(width, 2),
                    height=round(frame.plot_bottom - y, 2),
                    series=s,
                    index=i,
                    value=value,
                    category=names[i],
                )
            )
    return Chart(
        frame=frame,
        ticks=_ticks(frame, tick_values, low, high),
        labels=_labels(frame, labels, sublabels),
        bars=bars,
    )


def line_chart(
    *,
    labels: Sequence[str],
    values: Sequence[float | None],
    sublabels: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    frame: Frame | None = None,
    axis: Sequence[float] | None = None,
) -> Chart:
    """A line through the values, with a point on each; ``None`` breaks the line, so each
    unbroken run is its own path (a run of one value is a point alone). ``axis`` fixes the
    tick values (``[1, 2, 3, 4, 5]`` for ratings); otherwise they run from zero to round
    numbers above the highest value. ``categories`` as for :func:`bar_chart`."""
    frame = frame or Frame()
    n = len(labels)
    names = list(categories) if categories is not None else list(labels)
    if len(values) != n:
        raise ValueError("one value per label")
    present = [v for v in values if v is not None]
    tick_values = list(axis) if axis else value_ticks(high=max(present, default=0))
    low, high = tick_values[0], tick_values[-1]
    points = [
        Point(
            x=round(_centre(frame, n, i), 2),
            y=_y(frame, v, low, high),
            index=i,
            value=v,
            category=names[i],
        )
        for i, v in enumerate(values)
        if v is not None
    ]
    runs: list[list[Point]] = []
    for point in points:
        if runs and runs[-1][-1].index == point.index - 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    lines = [
        " ".join(f"{'M' if k == 0 else 'L'}{p.x:g} {p.y:g}" for k, p in enumerate(run))
        for run in runs
        if len(run) > 1
    ]
    return Chart(
        frame=frame,
        ticks=_ticks(frame, tick_values, low, high),
        labels=_labels(frame, labels, sublabels),
        points=points,
        lines=lines,
    )
