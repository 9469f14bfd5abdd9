"""Plotly figures drawn from the tables in :mod:`cxmaturity.views`; no streamlit here.

One glossary (``LABELS``) names things the same way on every chart, and one colour stands for
one concept everywhere: favourable / above the organisation is blue, unfavourable / below is
orange, neutral is grey, the organisation is dark grey. Numbers are rounded for display only;
figure data keeps them unrounded. A suppressed division never carries a number: its column is
hatched grey and says "fewer than N responses", unlike "no data", which is left white.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cxmaturity.views import NO_DATA, ORGANISATION, SHOWN, SPREAD, SUPPRESSED, HeatmapTable

FAVOURABLE = "#2C7BB6"
UNFAVOURABLE = "#E66101"
NEUTRAL = "#BDBDBD"
ORGANISATION_COLOUR = "#404040"
SUPPRESSED_COLOUR = "#D9D9D9"
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

LABELS = {
    "score": "Score (0–100)",
    "pct_favourable": "% favourable",
    "delta": "Difference from the organisation (points)",
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


def division_colours(divisions: Sequence[str]) -> dict[str, str]:
    """A stable colour per division (alphabetical order), shared by every chart of a page."""
    names = sorted(divisions)
    return {name: DIVISION_PALETTE[i % len(DIVISION_PALETTE)] for i, name in enumerate(names)}


def heatmap(
    table: HeatmapTable, *, significance: pd.DataFrame | None = None, title: str | None = None
) -> go.Figure:
    """Statements × divisions, coloured above (blue) or below (orange) the organisation."""
    columns = [c for c in table.columns if c != SPREAD]
    status = table.wide("status")
    value = table.wide("value").where(status == SHOWN)
    marks = _marks(significance, table.statements.index, columns)
    text = value[columns].map(lambda v: _number(v, table.measure)).where(value.notna(), "")
    text = text.where(status[columns] != NO_DATA, "no data") + marks
    y = _statement_axis(table.statements)
    main = go.Heatmap(
        z=_cells(value[columns]),
        x=columns,
        y=y,
        text=text.to_numpy().tolist(),
        texttemplate="%{text}",
        textfont={"size": FONT_SIZE - 1},
        hovertext=_heatmap_hover(table, columns, significance).to_numpy().tolist(),
        hovertemplate="%{hovertext}<extra></extra>",
        colorscale=DIVERGING,
        zmid=table.centre,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": LABELS[table.measure], "side": "right"}, "thickness": 14},
        name=LABELS[table.measure],
    )
    spread = table.wide("value")[SPREAD].where(status[SPREAD] == SHOWN)
    side = go.Heatmap(
        z=_cells(spread.to_frame()),
        x=[SPREAD],
        y=y,
        text=[[_number(v, "score")] if pd.notna(v) else ["no data"] for v in spread],
        texttemplate="%{text}",
        textfont={"size": FONT_SIZE - 1},
        hovertext=[[_spread_hover(table, item, v)] for item, v in spread.items()],
        hovertemplate="%{hovertext}<extra></extra>",
        colorscale=SPREAD_SCALE,
        zmin=0,
        showscale=False,
        xgap=2,
        ygap=2,
        name=LABELS["spread"],
    )
    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[len(columns), 1.3],
        horizontal_spacing=0.012,
    )
    figure.add_trace(main, row=1, col=1)
    figure.add_trace(side, row=1, col=2)
    _style(
        figure,
        title=title or f"{LABELS[table.measure]} by statement and division",
        height=170 + 40 * len(table.statements),
    )
    figure.update_xaxes(side="top", tickangle=-35, showgrid=False)
    figure.update_xaxes(categoryorder="array", categoryarray=columns, row=1, col=1)
    figure.update_yaxes(autorange="reversed", showgrid=False)
    figure.add_vline(x=0.5, line={"color": ORGANISATION_COLOUR, "width": 2}, row=1, col=1)
    _hatch(figure, [columns.index(c) for c in table.suppressed], table.min_group_size)
    return figure


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


def _marks(significance: pd.DataFrame | None, items: pd.Index, columns: list[str]) -> pd.DataFrame:
    """▲ / ▼ where a division differs clearly from the rest of the view, "" elsewhere."""
    if significance is None or significance.empty:
        return pd.DataFrame("", index=items, columns=columns)
    clear = significance[significance["significant"]]
    arrows = np.where(clear["effect"] > 0, " ▲", " ▼")
    marks = clear.assign(mark=arrows).pivot(index="statement", columns="division", values="mark")
    return marks.reindex(index=items, columns=columns).astype(object).fillna("")


def _heatmap_hover(
    table: HeatmapTable, columns: list[str], significance: pd.DataFrame | None
) -> pd.DataFrame:
    tests = {}
    if significance is not None and not significance.empty:
        keys = zip(significance["division"], significance["statement"], strict=True)
        tests = dict(zip(keys, significance.to_dict("records"), strict=True))
    cells = table.cells[table.cells["column"].isin(columns)]
    texts = table.statements["text"]
    hover = [
        f"<b>{cell['column']}</b><br>{cell['statement']} · {texts[cell['statement']]}<br>"
        + _cell_hover(cell, table, tests.get((cell["column"], cell["statement"])))
        for cell in cells.to_dict("records")
    ]
    frame = cells[["statement", "column"]].assign(hover=hover)
    wide = frame.pivot(index="statement", columns="column", values="hover")
    return wide.reindex(index=table.statements.index, columns=columns)


def _cell_hover(cell: Mapping, table: HeatmapTable, test: Mapping | None) -> str:
    if cell["status"] == SUPPRESSED:
        return (
            f"not shown: fewer than {table.min_group_size} answers here, or hidden so that a "
            "smaller group's answers cannot be worked out"
        )
    if cell["status"] == NO_DATA:
        return "no data: nobody here answered this statement"
    measure = table.measure
    text = (
        f"{LABELS[measure]}: {_number(cell['value'], measure)}{_UNITS[measure]}"
        f"<br>{int(cell['n'])} answers · 95 % interval "
        f"{_interval(cell['ci_low'], cell['ci_high'], measure)}"
    )
    return text if test is None else f"{text}<br>{_test_line(test)}"


def _interval(low: float, high: float, measure: str) -> str:
    if pd.isna(low) or pd.isna(high):
        return "not defined (fewer than 2 answers)"
    if measure != "delta":
        low, high = max(low, 0.0), min(high, 100.0)
    return f"{_number(low, measure)} to {_number(high, measure)}"


def _test_line(test: Mapping) -> str:
    if pd.isna(test["p_adjusted"]):
        return "not tested against the rest of the organisation"
    verdict = "differs from" if test["significant"] else "not clearly different from"
    return (
        f"{test['effect']:+.0f} points against the rest of the organisation "
        f"(95 % interval {test['ci_low']:+.0f} to {test['ci_high']:+.0f}; "
        f"p = {test['p_adjusted']:.3f} after correction): {verdict} the rest"
    )


def _spread_hover(table: HeatmapTable, item: str, value: float) -> str:
    head = f"<b>{SPREAD}</b><br>{item} · {table.statements.loc[item, 'text']}<br>"
    if pd.isna(value):
        return head + "no data: fewer than two divisions to compare"
    compared = int(table.wide("n").loc[item, SPREAD])
    return head + f"highest minus lowest division: {value:.0f} points across {compared} divisions"


def _hatch(figure: go.Figure, positions: list[int], min_group_size: int) -> None:
    """Grey, diagonally hatched columns saying why there is nothing to see."""
    for x in positions:
        figure.add_shape(
            type="rect",
            xref="x",
            yref="y domain",
            x0=x - 0.5,
            x1=x + 0.5,
            y0=0,
            y1=1,
            fillcolor=SUPPRESSED_COLOUR,
            line={"width": 0},
            layer="below",
        )
        for step in np.linspace(0, 0.97, 30):
            figure.add_shape(
                type="line",
                xref="x",
                yref="y domain",
                x0=x - 0.5,
                x1=x + 0.5,
                y0=step,
                y1=step + 0.03,
                line={"color": "#FFFFFF", "width": 2},
                layer="below",
            )
        figure.add_annotation(
            x=x,
            xref="x",
            y=0.5,
            yref="y domain",
            text=f"fewer than {min_group_size} responses",
            textangle=-90,
            showarrow=False,
            font={"size": FONT_SIZE, "color": "#404040"},
            bgcolor="rgba(255,255,255,0.85)",
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
