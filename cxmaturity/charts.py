"""Plotly figures drawn from the tables in :mod:`cxmaturity.views`; no streamlit here.

One glossary (``LABELS``) names things the same way on every chart, and one colour stands for
one concept everywhere: favourable / above the organisation is blue, unfavourable / below is
orange, neutral is grey, the organisation is dark grey. Numbers are rounded for display only;
figure data keeps them unrounded. A withheld cell never carries a number: it is grey and its
hover says why, unlike "no data", which shows a dash.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from cxmaturity.stats import thresholds
from cxmaturity.views import NO_DATA, ORGANISATION, SHOWN, SPREAD, SUPPRESSED, HeatmapTable

FAVOURABLE = "#2C7BB6"
UNFAVOURABLE = "#E66101"
NEUTRAL = "#BDBDBD"
ORGANISATION_COLOUR = "#404040"
SUPPRESSED_COLOUR = "#D9D9D9"
REFERENCE_COLOUR = "#F0F0F0"
LEADERS_COLOUR = "#542788"
FRONT_LINE_COLOUR = "#A6761D"
DIVISION_PALETTE = (
    "#1B9E77",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#8E0152",
    "#7FC4B8",
    "#C994C7",
    "#B8A300",
)
DIVERGING = [
    [0.0, UNFAVOURABLE],
    [0.25, "#FDB863"],
    [0.5, "#F7F7F7"],
    [0.75, "#92C5DE"],
    [1.0, FAVOURABLE],
]
SPREAD_SCALE = [[0.0, "#FFFFFF"], [1.0, "#969696"]]
AGREEMENT_SCALE = [[0.0, "#FFFFFF"], [1.0, "#35978F"]]
PILLAR_MARKERS = (("#1B9E77", "circle"), ("#7570B3", "diamond"), ("#E7298A", "square"))
# Drawn from the widest shape up, so that dots on the same score all show: a square's corners
# round a circle, a circle's edge round a diamond.
MARKER_LAYER = {"square": 1, "circle": 2, "diamond": 3}
OTHER_DIVISIONS_COLOUR = "#A3A3A3"
FONT_SIZE = 16
DIFFERENCE_LIMIT = 30.0
STATEMENT_WRAP = 50  # characters a line: the id and text of a statement on two lines
TITLE_TOP, LEGEND_TOP = 12, 50  # pixels from the top of a chart
TITLE_WRAP, TITLE_LINE = 70, 26  # a title's characters a line (a 1280-wide window), line pixels
LABEL_FONT = FONT_SIZE - 1
LABEL_ALL = 12  # up to this many divisions, a scatter names every point that has room
PLOT_AREA = (640, 360)  # pixels of a 520-high scatter's plot area at 1280×720, the narrowest
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))

LABELS = {
    "score": "Score (0–100)",
    "pct_favourable": "% favourable",
    "delta": "Difference from the organisation (points)",
    "delta_pct_favourable": "Difference from the organisation (% favourable, points)",
    "spread": "Spread: highest minus lowest division (points)",
    "rwg": "Agreement within the division (rwg, 0 to 1)",
    "icc1": "Share of the difference lying between divisions (ICC)",
    "icc1_beyond_levels": "Share of the difference between divisions beyond their overall "
    "levels (ICC)",
    "range": "Range between divisions (points)",
    "nps": "NPS (−100 to 100)",
    "leaders": "Leaders (executives, managers)",
    "front_line": "Front line",
    "organisation": ORGANISATION,
    "unfavourable": "Unfavourable",
    "neutral": "Neutral",
    "favourable": "Favourable",
    "pct_answers": "% of answers",
}
_UNITS = {"score": "", "pct_favourable": " %", "delta": " points"}
_UNDEFINED = "not defined (fewer than 2 answers)"


def division_colours(divisions: Sequence[str]) -> dict[str, str]:
    """A stable colour per division (alphabetical order), shared by every chart of a page."""
    names = sorted(divisions)
    return {name: DIVISION_PALETTE[i % len(DIVISION_PALETTE)] for i, name in enumerate(names)}


def heatmap(
    table: HeatmapTable, *, significance: pd.DataFrame | None = None, title: str | None = None
) -> go.Figure:
    """Divisions (rows) × statements (columns) on a fixed colour scale: blue high, orange low."""
    status = table.wide("status").T
    value = table.wide("value").T.where(status == SHOWN)
    text = _cell_text(table, value, status, _marks(significance, table.groups, value.columns))
    scale = heatmap_scale(difference=table.difference)
    rows = np.broadcast_to(value.index.to_numpy()[:, None], value.shape)
    spread = rows == SPREAD
    reference = (rows == ORGANISATION) & table.difference & (table.change_since is None)
    plain = ~spread & ~reference
    layers = [
        _layer(status.eq(SUPPRESSED), name="withheld", colour=SUPPRESSED_COLOUR),
        _layer(
            value.where(spread),
            text.where(spread, ""),
            name=LABELS["spread"],
            colorscale=SPREAD_SCALE,
            zmin=0,
            zmax=100,
        ),
        _layer(
            value.notna() & reference,
            text.where(reference, ""),
            name=ORGANISATION,
            colour=REFERENCE_COLOUR,
        ),
        _layer(
            value.where(plain),
            text.where(plain, ""),
            name=_measure_label(table),
            zmin=scale["zmin"],
            zmax=scale["zmax"],
            colorscale=scale["colorscale"],
            showscale=True,
            colorbar=_colour_bar(scale),
            hovertext=_heatmap_hover(table, significance).to_numpy().tolist(),
            hovertemplate="%{hovertext}<extra></extra>",
            hoverongaps=True,
        ),
    ]
    figure = _figure(layers, title=title or _measure_label(table), height=_heatmap_height(table))
    _heatmap_axes(figure, table)
    figure.update_layout(
        title={
            "subtitle": {"text": _heatmap_subtitle(table), "font": {"size": FONT_SIZE - 2}},
            "yref": "container",
            "y": 1 - 10 / figure.layout.height,
            "yanchor": "top",
        }
    )
    return figure


def _layer(
    z: pd.DataFrame,
    text: pd.DataFrame | None = None,
    *,
    name: str,
    colour: str | None = None,
    **options,
) -> go.Heatmap:
    """One layer of the heatmap, over every cell (gaps where it has nothing to draw).

    The top layer carries the hover for every cell; the layers under it show through its gaps.
    """
    if colour is not None:
        z = z.astype(float).where(z.astype(bool))
        options |= {"colorscale": [[0, colour], [1, colour]], "zmin": 0, "zmax": 1}
    if text is not None:
        options |= {
            "text": text.to_numpy().tolist(),
            "texttemplate": "%{text}",
            "textfont": {"size": FONT_SIZE - 2},
        }
    options.setdefault("hoverinfo", "skip")
    return go.Heatmap(
        z=_cells(z),
        x=list(z.columns),
        y=list(z.index),
        name=name,
        xgap=2,
        ygap=2,
        showscale=options.pop("showscale", False),
        **options,
    )


def heatmap_scale(*, difference: bool = False) -> dict:
    """The heatmap's fixed colour scale: zmin, zmax, colorscale, tickvals and ticktext.

    Scores and % favourable run from orange (0) through white (50, the scale's middle) to blue
    (100), whatever the data. A difference from the organisation runs from −30 to +30 points,
    with a white band of ± the minimum effect (thresholds.yaml) where nothing is said to
    differ; differences beyond ±30 take the end colours.
    """
    if not difference:
        ticks = [0, 25, 50, 75, 100]
        return {
            "zmin": 0,
            "zmax": 100,
            "colorscale": DIVERGING,
            "tickvals": ticks,
            "ticktext": [str(t) for t in ticks],
        }
    limit, band = DIFFERENCE_LIMIT, thresholds().min_effect
    ticks = [-limit, -limit / 2, -band, band, limit / 2, limit]
    return {
        "zmin": -limit,
        "zmax": limit,
        "colorscale": [
            [0.0, UNFAVOURABLE],
            [0.25, "#FDB863"],
            [(limit - band) / (2 * limit), "#F7F7F7"],
            [(limit + band) / (2 * limit), "#F7F7F7"],
            [0.75, "#92C5DE"],
            [1.0, FAVOURABLE],
        ],
        "tickvals": ticks,
        "ticktext": [f"≤ −{limit:.0f}", *(_signed(t) for t in ticks[1:-1]), f"≥ +{limit:.0f}"],
    }


def cell_colour(value: float | None, *, difference: bool = False) -> str:
    """The heatmap's colour for one value, as ``#RRGGBB`` (grey for no value): what a deck's
    table cell or a PDF fills with, so that every output colours a number the same way."""
    if value is None or not np.isfinite(value):
        return SUPPRESSED_COLOUR
    scale = heatmap_scale(difference=difference)
    share = (min(max(value, scale["zmin"]), scale["zmax"]) - scale["zmin"]) / (
        scale["zmax"] - scale["zmin"]
    )
    sampled = plotly.colors.sample_colorscale(scale["colorscale"], [share])[0]
    red, green, blue = (round(float(v)) for v in sampled[4:-1].split(","))
    return f"#{red:02X}{green:02X}{blue:02X}"


def pillar_dots(
    table: pd.DataFrame,
    *,
    pillar_names: Mapping[str, str] | None = None,
    title: str = "Pillar scores by division",
) -> go.Figure:
    """One line per group: each pillar's score as a dot, the organisation on top, then the
    divisions from the highest overall score down; readable for 3 divisions or 100."""
    pillars = [c for c in table.columns if c != "score"]
    divisions = table.drop(index=ORGANISATION, errors="ignore")
    divisions = divisions.sort_values("score", ascending=False, kind="stable")
    groups = [g for g in (ORGANISATION,) if g in table.index] + list(divisions.index)
    rows = table.loc[groups, pillars].astype(float)
    traces = [
        go.Scatter(
            x=_segments(rows.min(axis=1), rows.max(axis=1)),
            y=_segments(groups, groups),
            mode="lines",
            line={"color": SUPPRESSED_COLOUR, "width": 4},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    for place, pillar in enumerate(pillars):
        name = (pillar_names or {}).get(pillar, pillar.capitalize())
        colour, symbol = PILLAR_MARKERS[place % len(PILLAR_MARKERS)]
        traces.append(
            go.Scatter(
                x=rows[pillar],
                y=groups,
                mode="markers",
                name=name,
                marker={"size": 14, "color": colour, "symbol": symbol},
                zorder=MARKER_LAYER[symbol],
                hovertemplate=f"%{{y}} · {name}: %{{x:.0f}}<extra></extra>",
            )
        )
    pitch = 34 if len(groups) <= 12 else 26
    figure = _figure(traces, title=title, height=200 + pitch * len(groups))
    _top_margin(figure, 150)
    figure.update_xaxes(title=LABELS["score"], range=[0, 100], side="top", dtick=10)
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=groups,
        range=[len(groups) - 0.5, -0.5],
        tickvals=groups,
        ticktext=[_row_label(group) for group in groups],
        tickfont={"size": FONT_SIZE - 1},
    )
    if ORGANISATION in groups and len(groups) > 1:
        figure.add_hline(y=0.5, line={"color": ORGANISATION_COLOUR, "width": 2})
    return figure


def pillar_radar(
    table: pd.DataFrame,
    divisions: Sequence[str],
    *,
    pillar_names: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    title: str = "Pillar profile against the organisation",
) -> go.Figure:
    """Radar of pillar scores: the chosen divisions against the organisation (dark grey)."""
    missing = [d for d in divisions if d not in table.index]
    if missing:
        raise ValueError(f"no pillar scores for {missing}; expected some of {list(table.index)}")
    pillars = [c for c in table.columns if c != "score"]
    names = [(pillar_names or {}).get(p, p.capitalize()) for p in pillars]
    colours = colours or division_colours([g for g in table.index if g != ORGANISATION])
    traces = []
    for group in [ORGANISATION, *divisions]:
        values = table.loc[group, pillars].to_numpy(dtype=float)
        colour = ORGANISATION_COLOUR if group == ORGANISATION else colours[group]
        traces.append(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*names, names[0]],
                name=group,
                line={
                    "color": colour,
                    "width": 3,
                    "dash": "dash" if group == ORGANISATION else None,
                },
                fill="toself" if group == ORGANISATION else None,
                fillcolor="rgba(64,64,64,0.08)" if group == ORGANISATION else None,
                hovertemplate=f"{group}<br>%{{theta}}: %{{r:.0f}}<extra></extra>",
            )
        )
    figure = _figure(traces, title=title, height=520)
    figure.update_layout(
        legend={
            "orientation": "v",
            "xref": "paper",
            "x": 1.02,
            "xanchor": "left",
            "yref": "paper",
            "y": 1,
        }
    )
    figure.update_polars(
        radialaxis={
            "range": [0, 100],
            "angle": 30,
            "tickangle": 30,
            "tickvals": [25, 50, 75, 100],
            "tickfont": {"size": FONT_SIZE - 3, "color": "#737373"},
            "layer": "below traces",  # the lines cross the scale's numbers, never hide under them
        },
        angularaxis={"rotation": 90, "direction": "clockwise"},
    )
    return figure


def gap_dumbbell(gaps: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Per statement, the lowest (orange) and highest (blue) division, widest range on top."""
    gaps = gaps.sort_values("range", ascending=False)
    labels = _statement_labels(gaps)
    lines = go.Scatter(
        x=_segments(gaps["min_score"], gaps["max_score"]),
        y=_segments(labels, labels),
        mode="lines",
        line={"color": NEUTRAL, "width": 6},
        hoverinfo="skip",
        showlegend=False,
    )
    low, high = _end_positions(gaps)
    ends = [
        _dots(gaps, labels, "min", UNFAVOURABLE, "Lowest division", low),
        _dots(gaps, labels, "max", FAVOURABLE, "Highest division", high),
        go.Scatter(
            x=gaps["organisation"],
            y=labels,
            mode="markers",
            name=ORGANISATION,
            marker={
                "symbol": "line-ns",
                "size": 22,
                "line": {"width": 3, "color": ORGANISATION_COLOUR},
            },
            hovertemplate="Organisation: %{x:.0f}<extra></extra>",
        ),
    ]
    figure = _figure(
        [lines, *ends],
        title=title or "Where divisions are furthest apart, statement by statement",
        height=_statement_height(labels, pitch=44),
    )
    figure.update_xaxes(title=LABELS["score"], range=[-20, 120], tickvals=[0, 25, 50, 75, 100])
    _statement_rows(figure, labels)
    return figure


def _end_positions(gaps: pd.DataFrame, *, points_px: float = 3.0) -> tuple[list[str], list[str]]:
    """Where the lowest and highest division's names go: centred above their dots where the two
    names clear each other, else the lowest's to the left and the highest's to the right."""
    size = FONT_SIZE - 2
    half = [
        (_text_width(str(a), size) + _text_width(str(b), size)) / 2 + 12
        for a, b in zip(gaps["min_division"], gaps["max_division"], strict=True)
    ]
    apart = (gaps["max_score"] - gaps["min_score"]).to_numpy() * points_px >= np.array(half)
    return (
        np.where(apart, "top center", "top left").tolist(),
        np.where(apart, "top center", "top right").tolist(),
    )


def icc_bars(gaps: pd.DataFrame, *, threshold: float, title: str | None = None) -> go.Figure:
    """ICC beyond overall levels per statement, against the threshold of a language gap.

    The threshold is a dashed line named in the legend, and the values stand in a column at the
    right, so that no label lies on a bar or on the line.
    """
    gaps = gaps.dropna(subset=["icc1_beyond_levels"]).sort_values(
        "icc1_beyond_levels", ascending=False
    )
    values = gaps["icc1_beyond_levels"]
    labels = _statement_labels(gaps)
    top = max(float(values.max()) if len(values) else 0, threshold) * 1.3
    bottom = min(0.0, float(values.min()) if len(values) else 0.0)
    line = {"dash": "dash", "color": ORGANISATION_COLOUR, "width": 2}
    traces = [
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=np.where(values >= threshold, ORGANISATION_COLOUR, NEUTRAL).tolist(),
            hovertemplate="%{y}<br>ICC beyond levels %{x:.3f}<extra></extra>",
            showlegend=False,
        ),
        go.Scatter(
            x=[top] * len(values),
            y=labels,
            mode="text",
            text=[_icc_text(v) for v in values],
            textposition="middle left",
            hoverinfo="skip",
            showlegend=False,
        ),
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=line,
            name=f"{threshold:g} and above: divisions speak differently",
        ),
    ]
    figure = _figure(
        traces,
        title=title or "How much divisions disagree on each statement, beyond their overall level",
        height=_statement_height(labels, top=170),
    )
    figure.add_vline(x=threshold, line=line, layer="below")
    figure.update_xaxes(title=_wrap(LABELS["icc1_beyond_levels"], 44), range=[bottom, top])
    _statement_rows(figure, labels)
    return figure


def _icc_text(value: float) -> str:
    """An ICC to two decimals, with a true minus sign, and 0.00 rather than −0.00."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def agreement_heatmap(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Within-division agreement (rwg): divisions down the side, statements across under their
    pillars, as on the heatmap; darker is more agreement."""
    statements = table.drop_duplicates("statement").set_index("statement")
    divisions = list(dict.fromkeys(table["division"]))
    grid = {"index": divisions, "columns": statements.index}
    rwg = table.pivot(index="division", columns="statement", values="rwg").reindex(**grid)
    n = table.pivot(index="division", columns="statement", values="n").reindex(**grid)
    many = len(divisions) > 12
    trace = go.Heatmap(
        z=_cells(rwg),
        x=list(statements.index),
        y=divisions,
        text=rwg.map(lambda v: "" if pd.isna(v) else f"{v:.2f}").to_numpy().tolist(),
        texttemplate="%{text}",
        textfont={"size": FONT_SIZE - (3 if many else 2)},
        hovertext=_agreement_hover(rwg, n, statements),
        hovertemplate="%{hovertext}<extra></extra>",
        colorscale=AGREEMENT_SCALE,
        zmin=0,
        zmax=1,
        xgap=2,
        ygap=2,
        colorbar=_colour_bar({"tickvals": [0, 0.5, 1], "ticktext": ["0", "0.5", "1"]}),
    )
    figure = _figure(
        [trace],
        title=title or "How much each division agrees within itself (rwg)",
        height=190 + len(divisions) * (26 if many else 34),
    )
    _top_margin(figure, 125, l=10, r=10, b=70)
    figure.update_xaxes(side="top", showgrid=False, tickfont={"size": FONT_SIZE - 1})
    figure.update_yaxes(
        autorange="reversed",
        showgrid=False,
        tickvals=divisions,
        ticktext=[_row_label(name) for name in divisions],
        tickfont={"size": FONT_SIZE - 1},
    )
    _pillar_headers(figure, statements.assign(pillar=statements["pillar_name"]))
    return figure


def _agreement_hover(rwg: pd.DataFrame, n: pd.DataFrame, statements: pd.DataFrame) -> list:
    """Each cell's division, whole statement, agreement and number of answers."""
    labels = {item: _statement_label(item, text) for item, text in statements["text"].items()}

    def cell(division: str, item: str) -> str:
        value, count = rwg.loc[division, item], n.loc[division, item]
        agreement = _UNDEFINED if pd.isna(value) else f"{value:.2f}"
        answers = "no answers" if pd.isna(count) else f"{count:.0f} answers"
        return f"<b>{division}</b><br>{labels[item]}<br>agreement (rwg) {agreement} · {answers}"

    return [[cell(division, item) for item in rwg.columns] for division in rwg.index]


def role_gap_chart(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Leaders against the front line per statement, widest gap on top."""
    table = table.sort_values("gap", ascending=False)
    labels = _statement_labels(table)
    lines = go.Scatter(
        x=_segments(table["front_line"], table["leaders"]),
        y=_segments(labels, labels),
        mode="lines",
        line={"color": NEUTRAL, "width": 6},
        hoverinfo="skip",
        showlegend=False,
    )
    dots = [
        go.Scatter(
            x=table[key],
            y=labels,
            mode="markers",
            name=LABELS[key],
            marker={"size": 16, "color": colour, "symbol": symbol},
            customdata=np.column_stack([table[f"{key}_n"], table["gap"]]),
            hovertemplate=(
                f"{LABELS[key]}: %{{x:.0f}} (%{{customdata[0]:.0f}} answers)"
                "<br>gap %{customdata[1]:+.0f} points<extra></extra>"
            ),
        )
        for key, colour, symbol in (
            ("leaders", LEADERS_COLOUR, "diamond"),
            ("front_line", FRONT_LINE_COLOUR, "circle"),
        )
    ]
    figure = _figure(
        [lines, *dots],
        title=title
        or "Top floor to shop floor: leaders and the front line, statement by statement",
        height=_statement_height(labels, pitch=44),
    )
    figure.update_xaxes(title=LABELS["score"], range=[0, 100])
    _statement_rows(figure, labels)
    return figure


def answer_distribution_chart(
    table: pd.DataFrame, *, statement: str = "", title: str | None = None
) -> go.Figure:
    """Diverging stacked bars: unfavourable left, neutral centred on zero, favourable right."""
    half = table["pct_neutral"] / 2
    starts = {
        "unfavourable": -half - table["pct_unfavourable"],
        "neutral": -half,
        "favourable": half,
    }
    colours = {"unfavourable": UNFAVOURABLE, "neutral": NEUTRAL, "favourable": FAVOURABLE}
    groups = [f"<b>{g}</b>" if g == ORGANISATION else g for g in table.index]
    bars = []
    for category, colour in colours.items():
        share = table[f"pct_{category}"]
        if category == "neutral" and not table["neutral"].any():
            continue
        bars.append(
            go.Bar(
                x=share,
                base=starts[category],
                y=groups,
                orientation="h",
                name=LABELS[category],
                marker_color=colour,
                text=[f"{v:.0f} %" if v >= 10 else "" for v in share],
                textposition="inside",
                textangle=0,
                insidetextanchor="middle",
                textfont={"size": FONT_SIZE - 1},
                customdata=np.column_stack([table[category], table["n"], share]),
                hovertemplate=(
                    f"%{{y}} — {LABELS[category].lower()}: %{{customdata[0]:.0f}} of "
                    "%{customdata[1]:.0f} answers (%{customdata[2]:.0f} %)<extra></extra>"
                ),
            )
        )
    figure = _figure(
        bars,
        title=title or f"How each division answered {statement}".strip(),
        height=170 + (46 if len(table) <= 12 else 32) * len(table),
    )
    figure.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    figure.update_xaxes(
        title=LABELS["pct_answers"],
        range=[-100, 100],
        tickvals=ticks,
        ticktext=[f"{abs(t)}" for t in ticks],
        zeroline=True,
        zerolinecolor=ORGANISATION_COLOUR,
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def nps_scatter(
    table: pd.DataFrame,
    *,
    organisation: tuple[float, float] | None = None,
    colours: Mapping[str, str] | None = None,
    highlight: str | None = None,
    title: str = "Do divisions with more mature customer work have a higher NPS?",
) -> go.Figure:
    """Each division's maturity score against its NPS. Names go where they fit clear of every
    point and every other name — all of them for a few divisions, the extremes and
    ``highlight`` for many — and every point names its division on hover."""
    names = list(table["division"])
    colours = colours or division_colours(names)
    own = [n == highlight or (highlight is None and len(names) <= LABEL_ALL) for n in names]
    points = table[["score", "nps"]].to_numpy(dtype=float)
    traces = [
        go.Scatter(
            x=table["score"],
            y=table["nps"],
            mode="markers",
            text=names,
            marker={
                "size": [20 if n == highlight else 14 for n in names],
                "color": [
                    colours[n] if o else OTHER_DIVISIONS_COLOUR
                    for n, o in zip(names, own, strict=True)
                ],
                "line": {"width": 1, "color": "#FFFFFF"},
            },
            customdata=table[["nps_n"]],
            hovertemplate=(
                "%{text}<br>score %{x:.0f} · NPS %{y:.0f} (%{customdata[0]} answers)<extra></extra>"
            ),
            showlegend=False,
        )
    ]
    if organisation is not None:
        points = np.vstack([points, organisation])
        traces.append(
            go.Scatter(
                x=[organisation[0]],
                y=[organisation[1]],
                mode="markers",
                marker={"size": 18, "color": ORGANISATION_COLOUR, "symbol": "diamond"},
                hovertemplate="Organisation<br>score %{x:.0f} · NPS %{y:.0f}<extra></extra>",
                showlegend=False,
            )
        )
    ranges = (
        _zoom(points[:, 0], bounds=(0, 100), span=30, pad=6),
        _zoom(points[:, 1], bounds=(-100, 100), span=60, pad=12),
    )
    figure = _figure(traces, title=title, height=520)
    _top_margin(figure, 70)
    figure.update_xaxes(title=LABELS["score"], range=ranges[0])
    figure.update_yaxes(title=LABELS["nps"], range=ranges[1], zeroline=True)
    texts = names + ([ORGANISATION] if organisation is not None else [])
    order = _label_order(table, highlight, organisation is not None)
    for i, (dx, dy, beside) in _place_labels(points, texts, order, ranges=ranges).items():
        strong = texts[i] in (highlight, ORGANISATION)
        figure.add_annotation(
            x=points[i, 0],
            y=points[i, 1],
            text=f"<b>{texts[i]}</b>" if strong else texts[i],
            ax=dx,
            ay=dy,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="rgba(0,0,0,0)" if beside else OTHER_DIVISIONS_COLOUR,
            standoff=9,
            font={"size": LABEL_FONT, "color": "#262626"},
        )
    return figure


def _label_order(table: pd.DataFrame, highlight: str | None, organisation: bool) -> list[int]:
    """Which points get a name, most wanted first: the division chosen, the organisation, the
    highest and lowest score and NPS, then — for a few divisions — the rest, outermost first."""
    names = list(table["division"])
    order = [names.index(highlight)] if highlight in names else []
    order += [len(names)] if organisation else []
    if len(names):
        order += [int(table[c].to_numpy().argmax()) for c in ("score", "nps")]
        order += [int(table[c].to_numpy().argmin()) for c in ("score", "nps")]
    if len(names) <= LABEL_ALL:
        spread = table[["score", "nps"]] - table[["score", "nps"]].mean()
        order += list(np.argsort(-(spread**2).sum(axis=1).to_numpy(), kind="stable"))
    return list(dict.fromkeys(int(i) for i in order))


def _zoom(values: np.ndarray, *, bounds: tuple[float, float], span: float, pad: float) -> list:
    """An axis range around the values, at least ``span`` wide, inside ``bounds``."""
    low, high = float(np.nanmin(values)) - pad, float(np.nanmax(values)) + pad
    widen = max(0.0, span - (high - low)) / 2
    low, high = low - widen, high + widen
    low, high = low + max(0.0, bounds[0] - low), high - max(0.0, high - bounds[1])
    low, high = min(low, bounds[1] - span), max(high, bounds[0] + span)
    return [max(bounds[0], low), min(bounds[1], high)]


def _place_labels(
    points: np.ndarray, texts: list[str], order: list[int], *, ranges: tuple
) -> dict[int, tuple[float, float, bool]]:
    """Pixel offsets of the names that fit, in ``order``: each clear of every point, of the
    names already placed and of the plot's edges, as near its point as it can be (and whether
    it is right beside it, or away with a line to it); a name that does not fit is left off —
    its point still names it on hover."""
    (x0, x1), (y0, y1) = ranges
    width, height = PLOT_AREA
    px = (points[:, 0] - x0) / (x1 - x0) * width
    py = (y1 - points[:, 1]) / (y1 - y0) * height
    markers = [_box(x, y, 20, 20) for x, y in zip(px, py, strict=True)]
    labels: list[tuple] = []
    placed: dict[int, tuple[float, float, bool]] = {}
    for i in order:
        w, h = _text_width(texts[i], LABEL_FONT) + 6, LABEL_FONT + 6
        others = markers[:i] + markers[i + 1 :] + labels
        for step, (sx, sy) in itertools.product(range(6), _DIRECTIONS):
            dx, dy = sx * (w / 2 + 12 + 18 * step), sy * (h / 2 + 12 + 18 * step)
            box = _box(px[i] + dx, py[i] + dy, w, h)
            line = [_box(px[i] + dx * t, py[i] + dy * t, 2, 2) for t in (0.3, 0.5, 0.7) if step]
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlap(a, b) for a in (box, *line) for b in others):
                placed[i] = (dx, dy, step == 0)
                labels.append(box)
                break
    return placed


def _box(x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of a box centred on (x, y)."""
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def division_deltas(
    statements: pd.DataFrame, *, division: str, title: str | None = None
) -> go.Figure:
    """A division's distance from the organisation per statement; pale where it may be chance."""
    table = statements.sort_values("delta", ascending=False, kind="stable")
    clear = table["verdict"] != ""
    colour = np.where(table["delta"] >= 0, FAVOURABLE, UNFAVOURABLE)
    labels = _statement_labels(table)
    bar = go.Bar(
        x=table["delta"],
        y=labels,
        orientation="h",
        marker={"color": colour.tolist(), "opacity": np.where(clear, 1.0, 0.35).tolist()},
        text=_whole(table["delta"], signed=True).where(table["delta"].notna(), "").tolist(),
        textposition="outside",
        cliponaxis=False,
        customdata=np.column_stack([table["score"], table["organisation"]]),
        hovertemplate=(
            f"%{{y}}<br>{division} %{{customdata[0]:.0f}} · organisation %{{customdata[1]:.0f}}"
            "<br>difference %{x:+.0f} points<extra></extra>"
        ),
        showlegend=False,
    )
    figure = _figure(
        [bar],
        title=title or f"{division} against the organisation, statement by statement",
        height=_statement_height(labels),
    )
    _top_margin(figure, 70)
    reach = max(10.0, float(table["delta"].abs().max()) * 1.25) if len(table) else 10.0
    figure.update_xaxes(
        title=LABELS["delta"],
        range=[-reach, reach],
        zeroline=True,
        zerolinecolor=ORGANISATION_COLOUR,
        zerolinewidth=2,
    )
    _statement_rows(figure, labels)
    return figure


# -- the shared builder -----------------------------------------------------------------------


def _figure(traces: list, *, title: str, height: int) -> go.Figure:
    """Every chart's look: white, calm, large type, the title in plain words."""
    return _style(go.Figure(traces), title=title, height=height)


def _style(figure: go.Figure, *, title: str, height: int) -> go.Figure:
    """The title at the very top, the legend on one line under it, the chart under both: a
    legend can then never run into the title, whatever the width. A long title goes over
    lines, and the chart grows by as much, so that it is never cut at the right (plotly lifts
    a title of several lines by 0.7 of its font size: it is put back down by as much)."""
    title = _wrap(title, TITLE_WRAP)
    extra = TITLE_LINE * title.count("<br>")
    height += extra
    figure.update_layout(
        title={
            "text": title,
            "font": {"size": FONT_SIZE + 4},
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - (TITLE_TOP + (0.7 * (FONT_SIZE + 4) if extra else 0)) / height,
            "yanchor": "top",
        },
        font={"size": FONT_SIZE, "color": "#262626"},
        template="plotly_white",
        height=height,
        margin={"l": 20, "r": 20, "t": 110 + extra, "b": 60},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1 - (LEGEND_TOP + extra) / height,
            "yanchor": "top",
            "xref": "container",
            "x": 0,
            "font": {"size": 15},
        },
        hoverlabel={"font": {"size": FONT_SIZE - 1}},
    )
    return figure


def _top_margin(figure: go.Figure, pixels: int, **margins: int) -> None:
    """A chart's own top margin, below however many lines its title took."""
    extra = TITLE_LINE * str(figure.layout.title.text or "").count("<br>")
    figure.update_layout(margin={"t": pixels + extra, **margins})


def _statement_label(item: str, text: str) -> str:
    """A statement as every chart names it: its id and its whole text, over lines; never cut."""
    return _wrap(f"{item} · {str(text).rstrip('.')}", STATEMENT_WRAP)


def _statement_labels(table: pd.DataFrame) -> list[str]:
    """The label of each statement (the index) of a table with a ``text`` column, in its order."""
    return [_statement_label(item, text) for item, text in table["text"].items()]


def _statement_rows(figure: go.Figure, labels: list[str]) -> None:
    """Statements down the side, in the order given, each label whole."""
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        tickfont={"size": FONT_SIZE - 2},
    )


def _statement_height(labels: list[str], *, pitch: int = 40, top: int = 150) -> int:
    """A chart's height with room for every statement label's lines."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return top + len(labels) * max(pitch, 18 * lines + 20)


def _wrap(text: str, width: int) -> str:
    """Text over lines of at most ``width`` characters (words kept whole), joined for plotly."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _text_width(text: str, size: float) -> float:
    """About how many pixels a line of text takes (a little more than most fonts need)."""
    return 0.56 * size * len(text)


def _measure_label(table: HeatmapTable) -> str:
    if table.change_since is not None:
        return f"Change since {table.change_since} (points)"
    if not table.difference:
        return LABELS[table.measure]
    return LABELS["delta" if table.measure == "score" else "delta_pct_favourable"]


def _heatmap_subtitle(table: HeatmapTable) -> str:
    """What the rows are, and which divisions are drawn when they are not all of them."""
    drawn, total = len(table.divisions), len(table.order)
    subtitle = "By division and statement"
    if drawn < total:
        places = [table.order.index(name) for name in table.divisions]
        block = places == list(range(places[0], places[0] + drawn)) if places else False
        first, last = places[0] + 1, places[-1] + 1
        which = f"divisions {first}–{last}" if block else f"{drawn} divisions"
        which = f"division {first}" if block and drawn == 1 else which
        subtitle += f" · {which} of {total}"
    return subtitle


def _heatmap_height(table: HeatmapTable) -> int:
    rows = len(table.groups)
    return 190 + rows * (34 if rows <= 12 else 30)


def _heatmap_axes(figure: go.Figure, table: HeatmapTable) -> None:
    """Statement ids on top under their pillars, the groups down the side, lines between."""
    groups = list(table.groups)
    _top_margin(figure, 125, l=10, r=10, b=70)
    figure.update_xaxes(
        side="top",
        showgrid=False,
        categoryorder="array",
        categoryarray=list(table.statements.index),
        tickfont={"size": FONT_SIZE - 1},
    )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=groups,
        autorange="reversed",
        showgrid=False,
        tickvals=groups,
        ticktext=[_row_label(group) for group in groups],
        tickfont={"size": FONT_SIZE - 1},
    )
    line = {"color": ORGANISATION_COLOUR, "width": 2}
    figure.add_hline(y=0.5, line=line)
    figure.add_hline(y=len(groups) - 1.5, line=line)
    _pillar_headers(figure, table.statements)


def _pillar_headers(figure: go.Figure, statements: pd.DataFrame) -> None:
    """Each pillar's name over its statements' ids, a rule under it, a white gap between."""
    ends = statements.groupby("pillar", sort=False).size().cumsum()
    starts = ends.shift(fill_value=0)
    names = statements.drop_duplicates("pillar").set_index("pillar")["pillar_name"]
    for pillar, first, end in zip(ends.index, starts, ends, strict=True):
        figure.add_annotation(
            x=(first + end - 1) / 2,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=30,
            text=names[pillar],
            showarrow=False,
            font={"size": FONT_SIZE - 1, "color": ORGANISATION_COLOUR},
        )
        figure.add_shape(
            type="line",
            xref="x",
            x0=first - 0.4,
            x1=end - 0.6,
            yref="paper",
            yanchor=1,
            ysizemode="pixel",
            y0=28,
            y1=28,
            line={"color": NEUTRAL, "width": 1},
        )
        if end < len(statements):
            figure.add_vline(x=end - 0.5, line={"color": "#FFFFFF", "width": 6})


def _row_label(group: str) -> str:
    """A group's name in full, over two lines when long; the organisation in bold."""
    if group == ORGANISATION:
        return f"<b>{group}</b>"
    return "<br>".join(textwrap.wrap(group, 22, break_long_words=False)) or group


def _colour_bar(scale: dict) -> dict:
    """A slim bar under the chart, on the left; the title above the chart names the measure."""
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "xpad": 40,
        "y": 0,
        "yref": "container",
        "yanchor": "bottom",
        "ypad": 16,
        "len": 340,
        "lenmode": "pixels",
        "thickness": 12,
        "tickvals": scale["tickvals"],
        "ticktext": scale["ticktext"],
        "tickfont": {"size": FONT_SIZE - 2},
    }


def _whole(values: pd.DataFrame | pd.Series, *, signed: bool = False):
    """Whole numbers as text, rounded as sentences round them (halves away from zero)."""
    rounded = np.copysign(np.floor(np.abs(values) + 0.5), values) + 0.0
    return rounded.map(_signed if signed else (lambda v: f"{v:.0f}"))


def _signed(value: float) -> str:
    """+5, −5 and 0: a difference with its sign, none on zero."""
    return f"{value:+.0f}".replace("-", "−") if value else "0"


def _cell_text(
    table: HeatmapTable, value: pd.DataFrame, status: pd.DataFrame, marks: pd.DataFrame
) -> pd.DataFrame:
    """Each cell's number and marker; a dash for no data; nothing at all when withheld."""
    signed = pd.Series(value.index.isin(table.order) & table.difference, index=value.index)
    numbers = _whole(value).where(~signed, _whole(value, signed=True), axis=0)
    numbers = numbers.where(status == SHOWN, np.where(status == NO_DATA, "–", ""))
    return numbers + marks.reindex(index=value.index, columns=value.columns, fill_value="")


def _marks(significance: pd.DataFrame | None, groups: list[str], items: pd.Index) -> pd.DataFrame:
    """ " ▲" / " ▼" where a division differs clearly from the rest of the view, "" elsewhere."""
    if significance is None or significance.empty:
        return pd.DataFrame("", index=groups, columns=items)
    clear = significance[significance["significant"]]
    arrows = np.where(clear["effect"] > 0, "\u202f▲", "\u202f▼")
    marks = clear.assign(mark=arrows).pivot(index="division", columns="statement", values="mark")
    return marks.reindex(index=groups, columns=items).astype(object).fillna("")


def _heatmap_hover(table: HeatmapTable, significance: pd.DataFrame | None) -> pd.DataFrame:
    """Hover text, groups × statements: the full statement, value, n, interval and test."""
    cells = table.cells.reset_index(drop=True)
    group, status = cells["group"], cells["status"]
    texts = table.statements["text"]
    wrapped = pd.Series(
        ["<br>".join(textwrap.wrap(f"{i} · {t}", 60)) for i, t in texts.items()], texts.index
    )
    changes = table.change_since is not None
    signed = (group.isin(table.order) | ((group == ORGANISATION) & changes)) & table.difference
    label = np.where(signed, _measure_label(table), LABELS[table.measure])
    unit = np.where(signed, " points", _UNITS[table.measure])
    number = _whole(cells["value"]).where(~signed, _whole(cells["value"], signed=True))
    shown = (
        label
        + ": "
        + number
        + unit
        + "<br>"
        + cells["n"].astype(str)
        + " answers · 95 % interval "
        + _interval(table, cells, signed)
    )
    spread = (
        "highest minus lowest division: "
        + _whole(cells["value"])
        + " points across "
        + cells["n"].astype(str)
        + " divisions"
    )
    body = np.select(
        [
            status == SUPPRESSED,
            (group == SPREAD) & (status == NO_DATA),
            status == NO_DATA,
            group == SPREAD,
        ],
        [
            f"not shown: fewer than {table.min_group_size} answers here,<br>or hidden so that a "
            "smaller group's answers cannot be worked out",
            "no data: fewer than two divisions to compare",
            f"not compared: not shown in {table.change_since},<br>or the statement was worded "
            "differently then"
            if changes
            else "no data: nobody here answered this statement",
            spread,
        ],
        default=shown,
    )
    tests = _test_line(significance).reindex(pd.MultiIndex.from_arrays([group, cells["statement"]]))
    hover = "<b>" + group + "</b><br>" + cells["statement"].map(wrapped) + "<br>" + body
    hover = hover + ("<br>" + pd.Series(tests.to_numpy(), index=cells.index)).fillna("")
    frame = cells[["statement", "group"]].assign(hover=hover)
    wide = frame.pivot(index="group", columns="statement", values="hover")
    return wide.reindex(index=list(table.groups), columns=table.statements.index)


def _interval(table: HeatmapTable, cells: pd.DataFrame, signed: pd.Series) -> pd.Series:
    """The 95 % interval, clipped to what the scale can reach (0–100, less the organisation)."""
    organisation = cells.loc[cells["group"] == ORGANISATION].set_index("statement")["value"]
    base = np.where(signed, organisation.reindex(cells["statement"]).to_numpy(), 0.0)
    low, high = cells["ci_low"].clip(lower=-base), cells["ci_high"].clip(upper=100 - base)
    if table.change_since is not None:  # a change runs from −100 to +100
        low, high = cells["ci_low"].clip(lower=-100), cells["ci_high"].clip(upper=100)
    text = _whole(low).where(~signed, _whole(low, signed=True)) + " to "
    text += _whole(high).where(~signed, _whole(high, signed=True))
    return text.where(cells["ci_low"].notna() & cells["ci_high"].notna(), _UNDEFINED)


def _test_line(significance: pd.DataFrame | None) -> pd.Series:
    """A division's test against the rest of the organisation, per (division, statement)."""
    index = pd.MultiIndex.from_arrays([[], []])
    if significance is None or significance.empty:
        return pd.Series([], index=index, dtype=object)
    tests = significance.reset_index(drop=True)
    verdict = np.where(tests["significant"], "differs from", "not clearly different from")
    line = (
        _whole(tests["effect"], signed=True)
        + " points against the rest of the organisation: "
        + verdict
        + " the rest<br>(95 % interval "
        + _whole(tests["ci_low"], signed=True)
        + " to "
        + _whole(tests["ci_high"], signed=True)
        + "; p "
        + tests["p_adjusted"].map(lambda p: f"= {p:.3f}" if p >= 0.001 else "< 0.001")
        + " after correction)"
    )
    line = line.where(
        tests["p_adjusted"].notna(), "not tested against the rest of the organisation"
    )
    return pd.Series(
        line.to_numpy(), index=pd.MultiIndex.from_frame(tests[["division", "statement"]])
    )


def _cells(table: pd.DataFrame) -> list[list[float | None]]:
    """Rows of numbers with None where there is nothing to show (a gap, never a value)."""
    return [[None if pd.isna(v) else float(v) for v in row] for row in table.to_numpy()]


def _alternate(x: pd.Series) -> list[str]:
    """Labels above and below in turn along x, so neighbouring names do not collide."""
    rank = x.rank(method="first").astype(int)
    return ["top center" if r % 2 else "bottom center" for r in rank]


def _segments(starts: Sequence, ends: Sequence) -> list:
    """x or y values for one line per row, separated by gaps (None)."""
    points: list = []
    for start, end in zip(starts, ends, strict=True):
        points += [start, end, None]
    return points


def _dots(gaps: pd.DataFrame, labels: list[str], end: str, colour: str, name: str, where: list):
    return go.Scatter(
        x=gaps[f"{end}_score"],
        y=labels,
        mode="markers+text",
        name=name,
        text=gaps[f"{end}_division"],
        textposition=where,
        textfont={"size": FONT_SIZE - 2, "color": colour},
        marker={"size": 16, "color": colour},
        cliponaxis=False,
        hovertemplate=f"{name}: %{{text}} %{{x:.0f}}<extra></extra>",
    )


# -- trends across survey waves -----------------------------------------------------------------


TREND_PALETTE = (ORGANISATION_COLOUR, "#1B9E77", "#7570B3", "#D95F02", *DIVISION_PALETTE)


def trend_chart(
    series: pd.DataFrame,
    breaks: pd.DataFrame,
    *,
    lines: Mapping[tuple[str, str], str],
    waves: Sequence[str],
    title: str,
) -> go.Figure:
    """Scores wave by wave, each with its 95 % interval as an error bar.

    ``lines`` maps (group, measure) to the name of a line. A statement's line is not joined
    across a break (added, dropped or reworded between two waves): the gap shows it. A wave in
    which the group was not shown has no point.
    """
    traces = []
    for k, ((group, measure), name) in enumerate(lines.items()):
        rows = series[(series["group"] == group) & (series["measure"] == measure)]
        by_wave = rows.set_index("wave")
        broken = set(breaks.loc[breaks["statement"] == measure, "wave"]) if len(breaks) else set()
        points: list[dict | None] = []
        for wave in waves:
            if wave in broken and points:
                points.append(None)  # not joined across the break
            if wave in by_wave.index:
                points.append(by_wave.loc[wave].to_dict() | {"wave": wave})
        x = [p["wave"] if p else None for p in points]
        y = [p["score"] if p else None for p in points]
        low = [p["score"] - p["ci_low"] if p else None for p in points]
        high = [p["ci_high"] - p["score"] if p else None for p in points]
        n = [int(p["n"]) if p else None for p in points]
        colour = TREND_PALETTE[k % len(TREND_PALETTE)]
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3 if k == 0 else 2},
                marker={"size": 9},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": high,
                    "arrayminus": low,
                    "color": colour,
                    "thickness": 1.5,
                    "width": 6,
                },
                customdata=[
                    [None, None, None] if v is None else [v - lo, v + hi, m]
                    for v, lo, hi, m in zip(y, low, high, n, strict=True)
                ],
                hovertemplate=f"{textwrap.fill(name, 40).replace(chr(10), '<br>')}<br>"
                "%{x}: %{y:.0f}<br>95 % CI %{customdata[0]:.0f} to %{customdata[1]:.0f}"
                "<br>n = %{customdata[2]}<extra></extra>",
                connectgaps=False,
            )
        )
    figure = _figure(traces, title=title, height=460)
    if len(traces) == 1:  # the title names the one line
        figure.update_layout(showlegend=False)
        _top_margin(figure, 70)
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(waves))
    figure.update_yaxes(title_text=LABELS["score"], range=[0, 100], dtick=20)
    return figure


def change_chart(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Each group's change since the wave before, with its 95 % interval; the grey band is the
    smallest change a finding states (``min_effect``), clear changes in colour."""
    rules = thresholds()
    rows = table.iloc[::-1]
    colours = [
        (FAVOURABLE if change > 0 else UNFAVOURABLE) if clear else NEUTRAL
        for change, clear in zip(rows["change"], rows["clear"], strict=True)
    ]
    figure = _figure(
        [
            go.Scatter(
                x=rows["exact_change"],
                y=rows["group"],
                mode="markers",
                marker={"size": 12, "color": colours, "line": {"width": 1, "color": "#404040"}},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": rows["ci_high"] - rows["exact_change"],
                    "arrayminus": rows["exact_change"] - rows["ci_low"],
                    "color": "#737373",
                    "thickness": 1.5,
                },
                customdata=np.column_stack(
                    [rows["before"], rows["after"], rows["change"], rows["ci_low"], rows["ci_high"]]
                ),
                hovertemplate="%{y}: %{customdata[0]:.0f} → %{customdata[1]:.0f} "
                "(%{customdata[2]:+d} points)<br>95 % CI %{customdata[3]:+.0f} to "
                "%{customdata[4]:+.0f}<extra></extra>",
                showlegend=False,
            )
        ],
        title=title,
        height=max(260, 150 + 34 * len(rows)),
    )
    _top_margin(figure, 70)  # no legend: the colours are explained under the chart
    figure.add_vrect(
        x0=-rules.min_effect,
        x1=rules.min_effect,
        fillcolor=REFERENCE_COLOUR,
        line_width=0,
        layer="below",
    )
    figure.add_vline(x=0, line={"color": "#737373", "width": 1})
    limit = max(10.0, float(np.nanmax(np.abs(rows[["ci_low", "ci_high"]].to_numpy()))) + 2)
    figure.update_xaxes(title_text="Change since the wave before (points)", range=[-limit, limit])
    figure.update_yaxes(automargin=True)
    return figure
