"""Plotly figures drawn from the tables in :mod:`cxmaturity.views`; no streamlit here.

One glossary (``LABELS``) names things the same way on every chart, and one colour stands for
one concept everywhere: favourable / above the organisation is blue, unfavourable / below is
orange, neutral is grey, the organisation is dark grey. Numbers are rounded for display only;
figure data keeps them unrounded. A withheld cell never carries a number: it is grey and its
hover says why, unlike "no data", which shows a dash.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
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
FONT_SIZE = 16
DIFFERENCE_LIMIT = 30.0

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
    reference = (rows == ORGANISATION) & table.difference
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
    height = _heatmap_height(table)
    figure = _figure(layers, title=title or _measure_label(table), height=height)
    _heatmap_axes(figure, table)
    figure.update_layout(
        title={
            "subtitle": {"text": _heatmap_subtitle(table), "font": {"size": FONT_SIZE - 2}},
            "yref": "container",
            "y": 1 - 10 / height,
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


def pillar_bars(
    table: pd.DataFrame,
    *,
    pillar_names: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    title: str = "Pillar scores by division",
) -> go.Figure:
    """Grouped bars: each pillar's score for the organisation and every division shown."""
    pillars = [c for c in table.columns if c != "score"]
    names = [(pillar_names or {}).get(p, p.capitalize()) for p in pillars]
    colours = colours or division_colours([g for g in table.index if g != ORGANISATION])
    bars = [
        go.Bar(
            x=names,
            y=row[pillars].to_numpy(dtype=float),
            name=group,
            marker_color=ORGANISATION_COLOUR if group == ORGANISATION else colours[group],
            hovertemplate=f"{group}<br>%{{x}}: %{{y:.0f}}<extra></extra>",
        )
        for group, row in table.iterrows()
    ]
    figure = _figure(bars, title=title, height=520)
    figure.update_layout(barmode="group", legend={"title": {"text": "Division"}})
    figure.update_yaxes(title=LABELS["score"], range=[0, 100])
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
    figure.update_polars(
        radialaxis={"range": [0, 100], "angle": 30, "tickangle": 30, "tickvals": [25, 50, 75, 100]},
        angularaxis={"rotation": 90, "direction": "clockwise"},
    )
    return figure


def gap_dumbbell(gaps: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Per statement, the lowest (orange) and highest (blue) division, widest range on top."""
    gaps = gaps.sort_values("range", ascending=False)
    labels = [_label(i, t) for i, t in gaps["text"].items()]
    lines = go.Scatter(
        x=_segments(gaps["min_score"], gaps["max_score"]),
        y=_segments(labels, labels),
        mode="lines",
        line={"color": NEUTRAL, "width": 6},
        hoverinfo="skip",
        showlegend=False,
    )
    ends = [
        _dots(gaps, labels, "min", UNFAVOURABLE, "Lowest division", "middle left"),
        _dots(gaps, labels, "max", FAVOURABLE, "Highest division", "middle right"),
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
        height=150 + 44 * len(gaps),
    )
    figure.update_xaxes(title=LABELS["score"], range=[-25, 125], tickvals=[0, 25, 50, 75, 100])
    figure.update_yaxes(autorange="reversed")
    return figure


def icc_bars(gaps: pd.DataFrame, *, threshold: float, title: str | None = None) -> go.Figure:
    """ICC beyond overall levels per statement, against the threshold of a language gap."""
    gaps = gaps.dropna(subset=["icc1_beyond_levels"]).sort_values(
        "icc1_beyond_levels", ascending=False
    )
    values = gaps["icc1_beyond_levels"]
    above = values >= threshold
    bar = go.Bar(
        x=values,
        y=[_label(i, t) for i, t in gaps["text"].items()],
        orientation="h",
        marker_color=np.where(above, ORGANISATION_COLOUR, NEUTRAL).tolist(),
        text=[f"{v:.2f}" for v in values],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>ICC beyond levels %{x:.3f}<extra></extra>",
        showlegend=False,
    )
    figure = _figure(
        [bar],
        title=title or "How much divisions disagree on each statement, beyond their overall level",
        height=170 + 40 * len(gaps),
    )
    figure.add_vline(x=threshold, line={"dash": "dash", "color": ORGANISATION_COLOUR})
    figure.add_annotation(
        x=threshold,
        y=1.0,
        xref="x",
        yref="paper",
        yanchor="bottom",
        text=f"{threshold:g}: divisions speak differently",
        showarrow=False,
        xanchor="left",
        font={"size": FONT_SIZE - 2, "color": ORGANISATION_COLOUR},
    )
    top = max(float(values.max()) if len(values) else 0, threshold) * 1.25
    figure.update_xaxes(
        title=LABELS["icc1_beyond_levels"],
        range=[min(0.0, float(values.min()) if len(values) else 0.0), top],
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def agreement_heatmap(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Within-division agreement (rwg) by statement and division: darker is more agreement."""
    rows = table.drop_duplicates("statement").set_index("statement")
    wide = table.pivot(index="statement", columns="division", values="rwg").reindex(rows.index)
    n = table.pivot(index="statement", columns="division", values="n").reindex(rows.index)
    hover = [
        [
            f"{division} · {item}<br>agreement (rwg) {wide.loc[item, division]:.2f} · "
            f"{n.loc[item, division]:.0f} answers"
            for division in wide.columns
        ]
        for item in wide.index
    ]
    trace = go.Heatmap(
        z=_cells(wide),
        x=list(wide.columns),
        y=_statement_axis(rows),
        text=wide.map(lambda v: "" if pd.isna(v) else f"{v:.2f}").to_numpy().tolist(),
        texttemplate="%{text}",
        textfont={"size": FONT_SIZE - 2},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        colorscale=AGREEMENT_SCALE,
        zmin=0,
        zmax=1,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": "rwg", "side": "right"}, "thickness": 14},
    )
    figure = _figure(
        [trace],
        title=title or "How much each division agrees within itself (rwg)",
        height=150 + 40 * len(rows),
    )
    figure.update_xaxes(side="top")
    figure.update_yaxes(autorange="reversed")
    return figure


def role_gap_chart(table: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Leaders against the front line per statement, widest gap on top."""
    table = table.sort_values("gap", ascending=False)
    labels = [_label(i, t) for i, t in table["text"].items()]
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
        height=150 + 44 * len(table),
    )
    figure.update_xaxes(title=LABELS["score"], range=[0, 100])
    figure.update_yaxes(autorange="reversed")
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
                text=[f"{v:.0f} %" if v >= 6 else "" for v in share],
                textposition="inside",
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
        height=170 + 46 * len(table),
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
    title: str = "Do divisions with more mature customer work have a higher NPS?",
) -> go.Figure:
    """Each division's maturity score against its NPS, labelled with the division's name."""
    colours = colours or division_colours(list(table["division"]))
    traces = [
        go.Scatter(
            x=table["score"],
            y=table["nps"],
            mode="markers+text",
            text=table["division"],
            textposition=_alternate(table["score"]),
            textfont={"size": FONT_SIZE - 1},
            marker={"size": 16, "color": [colours[d] for d in table["division"]]},
            customdata=table[["nps_n"]],
            hovertemplate=(
                "%{text}<br>score %{x:.0f} · NPS %{y:.0f} (%{customdata[0]} answers)<extra></extra>"
            ),
            showlegend=False,
        )
    ]
    if organisation is not None:
        traces.append(
            go.Scatter(
                x=[organisation[0]],
                y=[organisation[1]],
                mode="markers+text",
                text=[ORGANISATION],
                textposition="bottom center",
                marker={"size": 18, "color": ORGANISATION_COLOUR, "symbol": "diamond"},
                hovertemplate="Organisation<br>score %{x:.0f} · NPS %{y:.0f}<extra></extra>",
                showlegend=False,
            )
        )
    figure = _figure(traces, title=title, height=520)
    figure.update_xaxes(title=LABELS["score"], range=[0, 100])
    figure.update_yaxes(title=LABELS["nps"], range=[-100, 100], zeroline=True)
    return figure


def division_deltas(
    statements: pd.DataFrame, *, division: str, title: str | None = None
) -> go.Figure:
    """A division's distance from the organisation per statement; pale where it may be chance."""
    table = statements.sort_values("delta")
    clear = table["verdict"] != ""
    colour = np.where(table["delta"] >= 0, FAVOURABLE, UNFAVOURABLE)
    bar = go.Bar(
        x=table["delta"],
        y=[_label(i, t) for i, t in table["text"].items()],
        orientation="h",
        marker={"color": colour.tolist(), "opacity": np.where(clear, 1.0, 0.35).tolist()},
        text=[_number(v, "delta") for v in table["delta"]],
        textposition="outside",
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
        height=150 + 40 * len(table),
    )
    reach = max(10.0, float(table["delta"].abs().max()) * 1.25) if len(table) else 10.0
    figure.update_xaxes(
        title=LABELS["delta"],
        range=[-reach, reach],
        zeroline=True,
        zerolinecolor=ORGANISATION_COLOUR,
        zerolinewidth=2,
    )
    return figure


# -- the shared builder -----------------------------------------------------------------------


def _figure(traces: list, *, title: str, height: int) -> go.Figure:
    """Every chart's look: white, calm, large type, the title in plain words."""
    return _style(go.Figure(traces), title=title, height=height)


def _style(figure: go.Figure, *, title: str, height: int) -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 4}, "x": 0, "xanchor": "left"},
        font={"size": FONT_SIZE, "color": "#262626"},
        template="plotly_white",
        height=height,
        margin={"l": 20, "r": 20, "t": 110, "b": 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.03, "x": 0, "font": {"size": 15}},
        hoverlabel={"font": {"size": FONT_SIZE - 1}},
    )
    return figure


def _number(value: float, measure: str) -> str:
    if pd.isna(value):
        return ""
    return f"{value:+.0f}" if measure == "delta" else f"{value:.0f}"


def _label(item: str, text: str, width: int = 44) -> str:
    text = str(text).rstrip(".")
    short = text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
    return f"{item} · {short}"


def _statement_axis(statements: pd.DataFrame) -> list[list[str]]:
    """A two-level axis: pillar, then statement."""
    return [
        list(statements["pillar_name"]),
        [_label(i, t) for i, t in statements["text"].items()],
    ]


def _measure_label(table: HeatmapTable) -> str:
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
    figure.update_layout(margin={"l": 10, "r": 10, "t": 125, "b": 70})
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
    signed = group.isin(table.order) & table.difference
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
            "no data: nobody here answered this statement",
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


def _dots(gaps: pd.DataFrame, labels: list[str], end: str, colour: str, name: str, where: str):
    return go.Scatter(
        x=gaps[f"{end}_score"],
        y=labels,
        mode="markers+text",
        name=name,
        text=gaps[f"{end}_division"],
        textposition=where,
        textfont={"size": FONT_SIZE - 2, "color": colour},
        marker={"size": 16, "color": colour},
        hovertemplate=f"{name}: %{{text}} %{{x:.0f}}<extra></extra>",
    )
