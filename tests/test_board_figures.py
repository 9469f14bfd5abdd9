"""The board pack's charts as Plotly figures: the pack's own numbers, one trace type a kind, the
categories in the pack's order, the value axis fixed, text escaped and never cut."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest

from cxmaturity.board.content import Chart, Series, Table
from cxmaturity.board.figures import (
    across_range,
    figure,
    ink,
    number,
    text_columns,
    value_range,
)

HOSTILE = "<script>alert(1)</script>"
LINE = Chart(
    "line",
    ("Mid-2025", "End 2025", "Mid-2026"),
    (
        Series("Organisation", (45.2, None, 52.7), "#404040"),
        Series("People", (50.0, 55.5, 58.0), "#1B9E77"),
    ),
    "Score (0–100)",
)
GAPPED = Chart(
    "bar",
    ("S01", "S02", "S03"),
    (Series("Leaders", (70.4, None, 12.5), "#542788"),),
    "Score (0–100)",
)
UNBOUNDED = Chart(
    "column",
    ("A", "B"),
    (Series("Change", (-12.0, 30.0), "#2C7BB6"),),
    "Change (points)",
    value_range=None,
)


@pytest.fixture(scope="module")
def pack(sample_pack):
    return sample_pack  # the sample survey's pack (conftest.py)


@pytest.fixture(scope="module")
def charts(pack) -> list[Chart]:
    return [slide.chart for slide in pack.slides if slide.chart is not None] + [
        LINE,
        GAPPED,
        UNBOUNDED,
    ]


def _same(drawn, expected) -> bool:
    """Figure values against the chart's: equal numbers, and a gap (None or NaN) for None."""
    drawn = list(drawn)
    if len(drawn) != len(expected):
        return False
    for got, want in zip(drawn, expected, strict=True):
        if want is None:
            if got is not None and not (isinstance(got, float) and math.isnan(got)):
                return False
        elif got is None or not math.isclose(float(got), want):
            return False
    return True


def test_the_sample_has_every_kind_but_line(charts) -> None:
    assert {c.kind for c in charts} == {"bar", "column", "line", "scatter"}


@pytest.mark.parametrize(
    ("kind", "trace_type"),
    [("bar", "bar"), ("column", "bar"), ("line", "scatter"), ("scatter", "scatter")],
)
def test_each_kind_draws_its_own_trace(charts, kind: str, trace_type: str) -> None:
    for chart in (c for c in charts if c.kind == kind):
        drawn = figure(chart)
        assert {t.type for t in drawn.data} == {trace_type}
        expected = 1 if kind == "scatter" else len(chart.series)
        assert len(drawn.data) == expected


def test_traces_carry_the_packs_numbers_with_gaps_for_none(charts) -> None:
    for chart in charts:
        drawn = figure(chart)
        if chart.kind == "scatter":
            (trace,) = drawn.data
            assert _same(trace.x, chart.series[0].values)
            assert _same(trace.y, chart.series[1].values)
            continue
        for trace, series in zip(drawn.data, chart.series, strict=True):
            values = trace.x if chart.kind == "bar" else trace.y
            assert _same(values, series.values), (chart.kind, series.name)
            assert list(trace.y if chart.kind == "bar" else trace.x) == list(chart.categories)


def test_bars_run_top_to_bottom_in_the_packs_order(charts) -> None:
    for chart in (c for c in charts if c.kind == "bar"):
        drawn = figure(chart)
        assert drawn.data[0].orientation == "h"
        assert drawn.layout.yaxis.autorange == "reversed"
        assert list(drawn.layout.yaxis.categoryarray) == list(chart.categories)
        assert drawn.layout.barmode == "group"


def test_columns_and_lines_keep_the_packs_order() -> None:
    drawn = figure(LINE)
    assert list(drawn.layout.xaxis.categoryarray) == list(LINE.categories)
    assert drawn.data[0].mode == "lines+markers"
    assert drawn.data[0].connectgaps is False


def test_the_value_axis_is_fixed_and_named(charts) -> None:
    for chart in charts:
        drawn = figure(chart)
        axis = {"bar": drawn.layout.xaxis}.get(chart.kind, drawn.layout.yaxis)
        assert tuple(axis.range) == pytest.approx(value_range(chart))
        assert axis.title.text == chart.value_title
        if chart.value_range is not None:
            assert tuple(axis.range) == chart.value_range


def test_a_chart_without_a_range_reaches_from_its_lowest_to_its_highest_value() -> None:
    low, high = value_range(UNBOUNDED)
    assert low < -12 and high > 30


def test_a_scatter_of_scores_spans_the_whole_scale(charts) -> None:
    (chart,) = [c for c in charts if c.kind == "scatter"]
    drawn = figure(chart)
    assert tuple(drawn.layout.xaxis.range) == across_range(chart) == (0.0, 100.0)
    assert drawn.layout.xaxis.title.text == chart.category_title


def test_the_legend_shows_only_for_more_than_one_series(charts) -> None:
    for chart in charts:
        drawn = figure(chart)
        assert drawn.layout.showlegend is (chart.kind != "scatter" and len(chart.series) > 1)


def test_hover_and_labels_show_rounded_numbers(charts) -> None:
    for chart in (c for c in charts if c.kind != "scatter"):
        for trace, series in zip(figure(chart).data, chart.series, strict=True):
            assert list(trace.text) == [number(v) for v in series.values]
            assert "%{text}" in trace.hovertemplate
    assert [number(v) for v in (49.5, -0.4, -20.6, None, float("nan"))] == [
        "50",
        "0",
        "−21",
        "",
        "",
    ]


def test_the_scatter_names_its_points_on_hover_and_where_names_fit(charts) -> None:
    (chart,) = [c for c in charts if c.kind == "scatter"]
    drawn = figure(chart)
    names = [row[0] for row in drawn.data[0].customdata]
    assert names == list(chart.categories)
    labelled = [a.text for a in drawn.layout.annotations]
    assert labelled and set(labelled) <= set(chart.categories)
    assert len(labelled) == len(set(labelled))


def test_many_points_name_only_the_extremes() -> None:
    names = tuple(f"Division {k}" for k in range(40))
    chart = Chart(
        "scatter",
        names,
        (
            Series("Score", tuple(30 + k for k in range(40)), "#2C7BB6"),
            Series("NPS", tuple(-40 + 2 * k for k in range(40)), "#2C7BB6"),
        ),
        "NPS",
        value_range=(-100.0, 100.0),
    )
    labelled = {a.text for a in figure(chart).layout.annotations}
    assert labelled and labelled <= {"Division 0", "Division 39"}


def test_text_is_escaped_for_plotly_and_never_cut() -> None:
    long = "There is someone in our company who clarifies what we are to accomplish " * 2
    chart = Chart(
        "bar",
        (HOSTILE, long.strip()),
        (Series(HOSTILE, (10.0, 20.0), "#2C7BB6"), Series("B", (1.0, 2.0), "#404040")),
        "Score",
    )
    drawn = figure(chart, title=HOSTILE)
    ticks = list(drawn.layout.yaxis.ticktext)
    assert ticks[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert ticks[1].replace("<br>", " ") == long.strip()
    assert "…" not in "".join(ticks)
    assert drawn.data[0].name == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert drawn.layout.title.text == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert HOSTILE not in drawn.to_json()


def test_the_presentation_mode_can_resize_a_figure(charts) -> None:
    for chart in charts:
        drawn = figure(chart)
        drawn.update_layout(height=560, font={"size": 20})
        assert isinstance(drawn, go.Figure)
        assert drawn.layout.height == 560


def test_an_unknown_kind_says_what_was_expected() -> None:
    with pytest.raises(ValueError, match="bar, column, line, scatter"):
        figure(Chart("pie", ("a",), (Series("x", (1.0,), "#000000"),), "v"))


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("#FFFFFF", "#1A1A1A"),
        ("#2C7BB6", "#FFFFFF"),
        ("#E66101", "#1A1A1A"),
        ("#404040", "#FFFFFF"),
    ],
)
def test_ink_stays_readable_on_its_fill(fill: str, expected: str) -> None:
    assert ink(fill) == expected


def test_text_columns_tell_words_from_numbers() -> None:
    table = Table(
        ("Division", "All", "S01", "Statement", "Change"),
        (("Sales", "26", "–", "Some words here", "+5"), ("IT", "57", "40", "More", "−3")),
    )
    assert text_columns(table) == [True, False, False, True, False]
