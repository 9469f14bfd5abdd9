"""The board pack's charts as Plotly figures, in the house style of :mod:`cxmaturity.charts`.

The app's presentation mode and the HTML report draw every :class:`~cxmaturity.board.content.Chart`
through :func:`figure`. Figure data keeps the engine's unrounded numbers (None where there is no
value: a gap, never a zero); what a reader sees — bar labels, hover — is rounded as sentences
round. Every text from the pack is HTML-escaped before Plotly sees it (Plotly decodes entities
back for display), so a name such as ``<b>Sales</b>`` shows as typed and never as markup, and
labels are wrapped over lines, never cut.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go

from cxmaturity.board.content import Chart, Series, Table
from cxmaturity.charts import (
    FONT_SIZE,
    LABEL_ALL,
    LABEL_FONT,
    ORGANISATION_COLOUR,
    _place_labels,
)
from cxmaturity.stats import whole

KINDS = ("bar", "column", "line", "scatter")
BAR_WRAP, COLUMN_WRAP = 40, 18  # characters a line of a category label
INK = "#262626"
VALUE_LABELS = 40  # up to this many bars carry their value at the end


# plotly_white's look, the few parts these charts use: the whole template is validated and
# copied into every figure that names it (~15 ms a figure, most of an HTML report's time).
_AXIS = {
    "gridcolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
}
_TEMPLATE = go.layout.Template(
    layout={"paper_bgcolor": "white", "plot_bgcolor": "white", "xaxis": _AXIS, "yaxis": _AXIS}
)


def figure(chart: Chart, title: str = "") -> go.Figure:
    """The chart as a Plotly figure: bars, columns, lines across waves or labelled points."""
    if chart.kind not in KINDS:
        raise ValueError(f"unknown chart kind {chart.kind!r}; expected one of {', '.join(KINDS)}")
    if chart.kind == "scatter" and len(chart.series) != 2:
        raise ValueError(
            f"a scatter chart needs two series (x, then y); this one has {len(chart.series)}"
        )
    build = {"bar": _bars, "column": _columns, "line": _lines, "scatter": _points}[chart.kind]
    built, height = build(chart)
    legend = chart.kind != "scatter" and len(chart.series) > 1
    _style(built, title=title, height=height, legend=legend)
    return built


def number(value: float | None) -> str:
    """A value as every renderer prints it: whole, halves away from zero, a true minus sign."""
    if value is None or not np.isfinite(value):
        return ""
    return str(whole(value)).replace("-", "−")


def ink(fill: str) -> str:
    """Text colour for a ``#RRGGBB`` fill: white or near-black, whichever contrasts more
    (WCAG relative luminance)."""
    light, dark = 1.0, _luminance("#1A1A1A")
    shade = _luminance(fill)
    return (
        "#FFFFFF" if (light + 0.05) / (shade + 0.05) > (shade + 0.05) / (dark + 0.05) else "#1A1A1A"
    )


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _escaped(text: str) -> str:
    return html.escape(str(text), quote=False)


def _wrapped(text: str, width: int) -> str:
    """Text escaped and over lines of at most ``width`` characters (words kept whole)."""
    lines = textwrap.wrap(str(text), width, break_long_words=False) or [str(text)]
    return "<br>".join(_escaped(line) for line in lines)


# -- one builder a kind ---------------------------------------------------------------------------


def _bars(chart: Chart) -> tuple[go.Figure, int]:
    """Horizontal grouped bars, the categories top to bottom in the order given."""
    labels = [_wrapped(c, BAR_WRAP) for c in chart.categories]
    show = len(chart.categories) * len(chart.series) <= VALUE_LABELS
    result = go.Figure(
        [
            go.Bar(
                x=list(s.values),
                y=list(chart.categories),
                orientation="h",
                **_series_options(chart, s, show),
            )
            for s in chart.series
        ]
    )
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    pitch = max(13 * len(chart.series) + 12, 20 * lines + 8)
    result.update_layout(barmode="group", bargap=0.2, bargroupgap=0.0)
    result.update_yaxes(
        categoryorder="array",
        categoryarray=list(chart.categories),
        tickvals=list(chart.categories),
        ticktext=labels,
        autorange="reversed",
        title=_escaped(chart.category_title) or None,
        showgrid=False,
        ticks="",
        automargin=True,
    )
    _value_axis(result, chart, "x")
    return result, 170 + pitch * max(len(chart.categories), 1)


def _columns(chart: Chart) -> tuple[go.Figure, int]:
    """Vertical grouped bars, the categories left to right in the order given."""
    show = len(chart.categories) * len(chart.series) <= VALUE_LABELS
    result = go.Figure(
        [
            go.Bar(x=list(chart.categories), y=list(s.values), **_series_options(chart, s, show))
            for s in chart.series
        ]
    )
    result.update_layout(barmode="group", bargap=0.3, bargroupgap=0.06)
    _category_axis(result, chart, COLUMN_WRAP)
    _value_axis(result, chart, "y")
    return result, 460


def _lines(chart: Chart) -> tuple[go.Figure, int]:
    """One line a series across the waves, with a marker at each wave; a gap where no value."""
    result = go.Figure(
        [
            go.Scatter(
                x=list(chart.categories),
                y=list(s.values),
                mode="lines+markers",
                line={"color": s.colour, "width": 3 if k == 0 else 2},
                marker={"size": 10, "color": s.colour},
                connectgaps=False,
                **_series_options(chart, s, show=False, bars=False),
            )
            for k, s in enumerate(chart.series)
        ]
    )
    _category_axis(result, chart, COLUMN_WRAP)
    _value_axis(result, chart, "y")
    return result, 460


def _points(chart: Chart) -> tuple[go.Figure, int]:
    """One labelled point a category: ``series[0]`` across, ``series[1]`` up."""
    across, up = chart.series
    names = [_escaped(c) for c in chart.categories]
    result = go.Figure(
        go.Scatter(
            x=list(across.values),
            y=list(up.values),
            mode="markers",
            name=_escaped(up.name),
            marker={"size": 14, "color": across.colour, "line": {"width": 1, "color": "#FFFFFF"}},
            customdata=[
                [name, number(x), number(y)]
                for name, x, y in zip(names, across.values, up.values, strict=True)
            ],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{_escaped(across.name)}: "
            f"%{{customdata[1]}} · {_escaped(up.name)}: %{{customdata[2]}}<extra></extra>",
            cliponaxis=False,
            showlegend=False,
        )
    )
    ranges = (list(across_range(chart)), list(value_range(chart)))
    result.update_xaxes(
        title=_escaped(chart.category_title or across.name), range=ranges[0], zeroline=False
    )
    result.update_yaxes(
        title=_escaped(chart.value_title),
        range=ranges[1],
        zeroline=True,
        zerolinecolor="#BDBDBD",
        ticklabelstandoff=10,
    )
    _label_points(result, chart, ranges)
    return result, 540


# -- pieces ---------------------------------------------------------------------------------------


def _series_options(chart: Chart, s: Series, show: bool, *, bars: bool = True) -> dict:
    """Name, colour, rounded labels (at the bars' ends when ``show``) and hover of a series."""
    options: dict = {
        "name": _escaped(s.name),
        "meta": _escaped(s.name),
        "customdata": [_escaped(c) for c in chart.categories],
        "text": [number(v) for v in s.values],
        "hovertemplate": "%{meta}<br>%{customdata}: %{text}<extra></extra>",
    }
    if bars:
        options |= {"marker_color": s.colour, "textposition": "outside" if show else "none"}
    if bars and show:
        options |= {
            "texttemplate": "%{text}",
            "textfont": {"size": FONT_SIZE - 3, "color": INK},
            "cliponaxis": False,
        }
    return options


def _category_axis(result: go.Figure, chart: Chart, width: int) -> None:
    result.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(chart.categories),
        tickvals=list(chart.categories),
        ticktext=[_wrapped(c, width) for c in chart.categories],
        title=_escaped(chart.category_title) or None,
        showgrid=False,
        automargin=True,
    )


def _value_axis(result: go.Figure, chart: Chart, axis: str) -> None:
    low, high = value_range(chart)
    options = {
        "title": _escaped(chart.value_title),
        "range": [low, high],
        "zeroline": low < 0 < high,
        "zerolinecolor": ORGANISATION_COLOUR,
        "automargin": True,
    }
    (result.update_xaxes if axis == "x" else result.update_yaxes)(**options)


def value_range(chart: Chart) -> tuple[float, float]:
    """The value axis: the chart's fixed range; without one, from zero (or the lowest value) to
    the highest, padded. A scatter's value axis is its ``series[1]`` (up)."""
    if chart.value_range is not None:
        return float(chart.value_range[0]), float(chart.value_range[1])
    series = chart.series[1:2] if chart.kind == "scatter" else chart.series
    present = _present(v for s in series for v in s.values) or [0.0]
    low, high = min(0.0, min(present)), max(0.0, max(present))
    pad = (high - low) * 0.08 or 1.0
    return low - (pad if low < 0 else 0.0), high + pad


def across_range(chart: Chart) -> tuple[float, float]:
    """A scatter's horizontal axis (``series[0]``): the whole 0–100 scale for scores, so that
    distance means the same on every chart; else the values, padded."""
    present = _present(chart.series[0].values) or [0.0]
    if min(present) >= 0 and max(present) <= 100:
        return 0.0, 100.0
    pad = (max(present) - min(present)) * 0.08 or 1.0
    return min(present) - pad, max(present) + pad


def text_columns(table: Table) -> list[bool]:
    """Which columns of a table hold words (set left) rather than numbers or dashes (centred);
    the first, which names the rows, always holds words."""
    figure_like = re.compile(r"[−+-]?[\d.,]+ ?%?|[–-]?")
    return [
        j == 0 or any(not figure_like.fullmatch(row[j].strip()) for row in table.rows)
        for j in range(len(table.columns))
    ]


def _present(values: Iterable[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and np.isfinite(v)]


def _label_points(result: go.Figure, chart: Chart, ranges: tuple) -> None:
    """Each point's name where it fits clear of the points and the other names — every name for
    a few points (the outermost first), the highest and lowest on each axis for many — the rest
    left to the hover, as on the dashboard's NPS chart."""
    across, up = chart.series
    kept = [
        i
        for i, (x, y) in enumerate(zip(across.values, up.values, strict=True))
        if x is not None and y is not None and np.isfinite(x) and np.isfinite(y)
    ]
    if not kept:
        return
    points = np.array([[across.values[i], up.values[i]] for i in kept], dtype=float)
    texts = [str(chart.categories[i]) for i in kept]
    scaled = (points - [r[0] for r in ranges]) / [r[1] - r[0] for r in ranges]
    spread = ((scaled - scaled.mean(axis=0)) ** 2).sum(axis=1)
    order = [int(scaled[:, c].argmax()) for c in (0, 1)] + [
        int(scaled[:, c].argmin()) for c in (0, 1)
    ]
    if len(kept) <= LABEL_ALL:
        order += [int(i) for i in np.argsort(-spread, kind="stable")]
    order = list(dict.fromkeys(order))
    for i, (dx, dy, beside) in _place_labels(points, texts, order, ranges=ranges).items():
        result.add_annotation(
            x=points[i, 0],
            y=points[i, 1],
            text=_escaped(texts[i]),
            ax=dx,
            ay=dy,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="rgba(0,0,0,0)" if beside else "#A3A3A3",
            standoff=9,
            font={"size": LABEL_FONT, "color": INK},
        )


def _style(result: go.Figure, *, title: str, height: int, legend: bool) -> None:
    """White and calm, large type; the title at the top, the legend on one line above the plot
    (anchored to the plot, so it stays put when a caller changes the height)."""
    top = 24 + (44 if title else 0) + (34 if legend else 0)
    result.update_layout(
        template=_TEMPLATE,
        font={"size": FONT_SIZE, "color": INK},
        height=height,
        margin={"l": 20, "r": 40, "t": top, "b": 60},
        showlegend=legend,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
            "font": {"size": FONT_SIZE - 1},
        },
        hoverlabel={"font": {"size": FONT_SIZE - 1}},
    )
    if title:
        result.update_layout(
            title={
                "text": _escaped(title),
                "font": {"size": FONT_SIZE + 4},
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": 12},
            }
        )


__all__ = [
    "KINDS",
    "across_range",
    "figure",
    "ink",
    "number",
    "text_columns",
    "value_range",
]
