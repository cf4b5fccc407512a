"""Charts as SVG images drawn by matplotlib on the server, knowing nothing of the domain.

Why on the server: the same chart must appear in the page and in the PDF report (which runs no JavaScript),
and pages carry a strict Content-Security-Policy. A chart is returned as a `data:` URI for an `<img>` (the
policy allows `img-src 'self' data:`); every chart is shown beside a table of its numbers, so the `alt` text
only says what the chart is about. Rendering costs tens of milliseconds, so results are cached on their input.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, ParamSpec

import matplotlib

matplotlib.use("Agg")  # no screen on a server; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

# Colour-blind-safe palette (Okabe–Ito), in the order series are drawn.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
_SIZE_INCHES = (7.5, 3.4)
_rc: Any = {
    "svg.fonttype": "none",  # text stays text: sharper, smaller and selectable
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "svg.hashsalt": "opvangnet",  # stable ids, so equal input gives byte-equal output
}


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per category (None: no value, drawn as a gap)."""

    name: str
    values: tuple[float | None, ...]


def _as_data_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


P = ParamSpec("P")


class _Input:
    """A chart's arguments, hashed and compared by a digest of their JSON: lists and dicts cannot be keys of a
    cache, and equal input given as a list or as a tuple must find the same chart."""

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.args, self.kwargs = args, kwargs
        text = json.dumps([args, kwargs], sort_keys=True, default=str)
        self.key = hashlib.sha256(text.encode()).hexdigest()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Input) and other.key == self.key


def _cached(maxsize: int) -> Callable[[Callable[P, str]], Callable[P, str]]:
    """Draw a chart once per input: the `maxsize` most recent are kept."""

    def decorate(draw: Callable[P, str]) -> Callable[P, str]:
        @lru_cache(maxsize=maxsize)
        def cached(given: _Input) -> str:
            return draw(*given.args, **given.kwargs)

        @wraps(draw)
        def chart(*args: P.args, **kwargs: P.kwargs) -> str:
            return cached(_Input(args, kwargs))

        return chart

    return decorate


@_cached(maxsize=256)
def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str = "",
    horizontal: bool = False,
    stacked: bool = False,
) -> str:
    """Grouped (or stacked) bars, one group per category; returns a `data:image/svg+xml` URI."""
    with matplotlib.rc_context(_rc):
        height = max(_SIZE_INCHES[1], 0.28 * len(categories) + 0.8) if horizontal else _SIZE_INCHES[1]
        figure, axes = plt.subplots(figsize=(_SIZE_INCHES[0], height))
        positions: list[float] = [float(p) for p in range(len(categories))]
        count = max(len(series), 1)
        width = 0.8 if stacked else 0.8 / count
        base: list[float] = [0.0] * len(categories)
        for index, row in enumerate(series):
            values = [value or 0.0 for value in row.values]
            offsets = positions if stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
            colour = PALETTE[index % len(PALETTE)]
            if horizontal:
                axes.barh(
                    offsets,
                    values,
                    height=width,
                    left=base if stacked else None,
                    color=colour,
                    label=row.name,
                )
            else:
                axes.bar(
                    offsets,
                    values,
                    width=width,
                    bottom=base if stacked else None,
                    color=colour,
                    label=row.name,
                )
            if stacked:
                base = [b + v for b, v in zip(base, values, strict=True)]
        if horizontal:
            axes.set_yticks(positions, categories)
            axes.invert_yaxis()
            axes.set_xlabel(value_label)
            axes.grid(axis="y", visible=False)
        else:
            axes.set_xticks(
                positions,
                categories,
                rotation=30 if len(categories) > 8 else 0,
                ha="right" if len(categories) > 8 else "center",
            )
            axes.set_ylabel(value_label)
            axes.grid(axis="x", visible=False)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8)
        return _as_data_uri(figure)


@_cached(maxsize=256)
def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str = "",
    bands: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
) -> str:
    """Lines over ordered x labels (periods); `bands` shades a range (low, high) behind the named series,
    for prediction or confidence intervals. Returns a `data:image/svg+xml` URI."""
    with matplotlib.rc_context(_rc):
        figure, axes = plt.subplots(figsize=_SIZE_INCHES)
        positions = list(range(len(x_labels)))
        band_by_name = bands or {}
        for index, row in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            values = [float("nan") if value is None else value for value in row.values]
            axes.plot(
                positions, values, color=colour, label=row.name, linewidth=1.8, marker="o", markersize=2.5
            )
            if row.name in band_by_name:
                low, high = band_by_name[row.name]
                axes.fill_between(positions, low, high, color=colour, alpha=0.18, linewidth=0)
        step = max(1, len(x_labels) // 12)
        axes.set_xticks(positions[::step], list(x_labels)[::step], rotation=30 if step > 1 else 0)
        axes.set_ylabel(value_label)
        axes.set_ylim(bottom=0)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8)
        return _as_data_uri(figure)


@_cached(maxsize=64)
def flow_chart(links: Sequence[tuple[int, str, str, float]], *, value_label: str = "") -> str:
    """A Sankey-like flow diagram: `links` are (step, source, target, amount); step 0 runs from column 0 to
    column 1, and so on. A node is identified by its column and label. Returns a `data:image/svg+xml` URI."""
    import numpy as np
    from matplotlib.patches import Polygon, Rectangle

    columns: dict[int, dict[str, float]] = {}
    for step, source, target, amount in links:
        left = columns.setdefault(step, {})
        right = columns.setdefault(step + 1, {})
        left[source] = left.get(source, 0.0)
        right[target] = right.get(target, 0.0) + amount
    for step, source, _target, amount in links:  # a first column's nodes are as large as what leaves them
        if step == 0:
            columns[0][source] += amount
    total = max((sum(nodes.values()) for nodes in columns.values()), default=1.0) or 1.0
    gap = total * 0.04
    position: dict[tuple[int, str], list[float]] = {}  # [bottom, height, used_out, used_in]
    for column, nodes in columns.items():
        bottom = 0.0
        for name, size in sorted(nodes.items(), key=lambda item: -item[1]):
            size = max(size, sum(a for s, src, _t, a in links if s == column and src == name))
            position[(column, name)] = [bottom, size, 0.0, 0.0]
            bottom += size + gap
    with matplotlib.rc_context(_rc):
        figure, axes = plt.subplots(figsize=(_SIZE_INCHES[0], 4.2))
        axes.axis("off")
        width = 0.12
        for (column, name), (bottom, height, _o, _i) in position.items():
            axes.add_patch(Rectangle((column - width / 2, bottom), width, height, color="#1d0857"))
            axes.text(column + width / 2 + 0.03, bottom + height / 2, name, va="center", fontsize=7)
        curve = np.linspace(0, 1, 30)
        smooth = 3 * curve**2 - 2 * curve**3
        for index, (step, source, target, amount) in enumerate(links):
            start, end = position[(step, source)], position[(step + 1, target)]
            low_left, low_right = start[0] + start[2], end[0] + end[3]
            start[2] += amount
            end[3] += amount
            xs = step + width / 2 + curve * (1 - width)
            lower = low_left + (low_right - low_left) * smooth
            upper = lower + amount
            points = np.concatenate([np.column_stack([xs, lower]), np.column_stack([xs[::-1], upper[::-1]])])
            colour = PALETTE[index % len(PALETTE)]
            axes.add_patch(Polygon(points, closed=True, color=colour, alpha=0.45, linewidth=0))
        axes.set_xlim(-0.2, max(columns, default=0) + 0.9)
        axes.set_ylim(0, max((b + h for b, h, _o, _i in position.values()), default=1.0) * 1.02)
        if value_label:
            axes.set_title(value_label, fontsize=8, loc="left")
        return _as_data_uri(figure)


# --- light charts: pygal ------------------------------------------------------------------------------------
#
# matplotlib lays out every tick label through its font engine: about half a second per chart on a busy
# server, too slow for pages people wait on. pygal (a small, maintained SVG charting library) writes the SVG
# directly, in a few tens of milliseconds, for the plain bar and line charts of the national picture. Same
# inputs as `bar_chart` and `line_chart` (without bands), same palette, cached on their input the same way;
# the output carries no script (pygal's tooltip script is switched off and its inline config removed).

_LIGHT_SIZE = (750, 340)


def _pygal_style() -> Any:
    from pygal.style import Style

    return Style(
        colors=PALETTE,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#222222",
        foreground_subtle="#dddddd",
        font_family="sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        value_font_size=10,
    )


def _light_chart(
    kind: Any, x_labels: Sequence[str], series: Sequence[Series], value_label: str, **options: Any
) -> str:
    """A pygal chart of `kind` in the house style, with a legend below when there are several series; returns
    a `data:image/svg+xml` URI."""
    import re

    chart = kind(
        js=[],
        style=_pygal_style(),
        width=_LIGHT_SIZE[0],
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(1, len(series)),
        y_title=value_label or None,
        margin=8,
        no_prefix=True,
        **options,
    )
    chart.x_labels = list(x_labels)
    for row in series:
        chart.add(row.name, list(row.values))
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.DOTALL)
    # pygal's banner comment carries the date: without it equal input gives equal output.
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    # Without its id prefix (`no_prefix`) pygal leaves rules with an empty selector; give them the svg element
    # (WeasyPrint, which draws the PDF report, refuses them otherwise).
    svg = re.sub(
        r"(<style[^>]*>)(.*?)(</style>)",
        lambda m: m.group(1) + re.sub(r"(^|[}\n])\s*\{", r"\1svg{", m.group(2)) + m.group(3),
        svg,
        flags=re.DOTALL,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@_cached(maxsize=512)
def light_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_label: str = "",
    horizontal: bool = False,
) -> str:
    """Grouped bars drawn by pygal, one group per category; returns a `data:image/svg+xml` URI."""
    import pygal

    return _light_chart(
        pygal.HorizontalBar if horizontal else pygal.Bar,
        categories,
        series,
        value_label,
        height=max(_LIGHT_SIZE[1], 26 * len(categories) + 90) if horizontal else _LIGHT_SIZE[1],
        x_label_rotation=0 if horizontal or len(categories) <= 8 else 30,
        truncate_label=-1,
        print_values=False,
    )


@_cached(maxsize=256)
def light_line_chart(x_labels: Sequence[str], series: Sequence[Series], *, value_label: str = "") -> str:
    """Lines over ordered x labels (periods) drawn by pygal; returns a `data:image/svg+xml` URI."""
    import pygal

    step = max(1, len(x_labels) // 12)
    return _light_chart(
        pygal.Line,
        x_labels,
        series,
        value_label,
        height=_LIGHT_SIZE[1],
        x_label_rotation=30 if step > 1 else 0,
        x_labels_major_every=step,
        show_minor_x_labels=False,
        dots_size=2,
        include_x_axis=True,
    )
