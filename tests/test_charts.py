"""The plotly specs carry the results' numbers, the shared colours, and nothing suppressed."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity import build_survey, charts, score, views
from cxmaturity.stats import thresholds
from tests.test_views import FOUR, FRAME, ODD


@pytest.fixture(scope="module")
def survey():
    return build_survey([("t.csv", "t", FRAME)])


@pytest.fixture(scope="module")
def results(survey):
    return score(survey, min_group_size=2)


@pytest.fixture(scope="module")
def four():
    return score(build_survey([("four.csv", "four", FOUR)]), min_group_size=2)


def _main(figure):
    """The top layer: the measure's colours, and the hover for every cell."""
    return figure.data[-1]


def _layer(figure, name: str):
    return next(trace for trace in figure.data if trace.name == name)


def _cell(trace, group: str, statement: str, field: str = "z"):
    return getattr(trace, field)[list(trace.y).index(group)][list(trace.x).index(statement)]


@pytest.mark.parametrize(
    ("measure", "difference"),
    [("score", False), ("pct_favourable", False), ("score", True), ("pct_favourable", True)],
)
def test_heatmap_cells_are_the_results_numbers(results, measure, difference) -> None:
    table = views.heatmap_table(results, measure, difference=difference)
    main = _main(charts.heatmap(table))
    assert list(main.y) == ["Organisation", "A", "B", "Spread"]
    assert list(main.x) == ["S01", "S02", "S03"]
    for group in ("A", "B"):
        expected = [None if v != v else pytest.approx(v) for v in table.wide()[group]]
        assert [_cell(main, group, item) for item in main.x] == expected
    value = table.wide().loc["S02", "A"]
    shown = f"{value:+.0f}".replace("-", "−") if difference else f"{value:.0f}"
    assert _cell(main, "A", "S02", "text") == shown


@pytest.mark.parametrize(
    ("measure", "difference", "zmin", "zmax"),
    [
        ("score", False, 0, 100),
        ("pct_favourable", False, 0, 100),
        ("score", True, -30, 30),
        ("pct_favourable", True, -30, 30),
    ],
)
def test_heatmap_colour_scale_is_fixed(results, four, measure, difference, zmin, zmax) -> None:
    """The same range and colours whatever the data: two surveys, one scale."""
    mains = [
        _main(charts.heatmap(views.heatmap_table(r, measure, difference=difference)))
        for r in (results, four)
    ]
    for main in mains:
        assert (main.zmin, main.zmax) == (zmin, zmax)
        assert main.zmid is None
        assert all(zmin <= tick <= zmax for tick in main.colorbar.tickvals)
    assert mains[0].colorscale == mains[1].colorscale


@pytest.mark.parametrize(
    ("points", "colour"),
    [(-30, charts.UNFAVOURABLE), (-5, "#F7F7F7"), (5, "#F7F7F7"), (30, charts.FAVOURABLE)],
)
def test_a_difference_within_the_minimum_effect_is_white(points, colour) -> None:
    scale = charts.heatmap_scale(difference=True)
    assert thresholds().min_effect == 5
    position = (points - scale["zmin"]) / (scale["zmax"] - scale["zmin"])
    assert [position, colour] in [list(stop) for stop in scale["colorscale"]]


@pytest.mark.parametrize(
    ("values", "signed", "text"),
    [
        ([42.5, 43.49, 0.4, 99.5], False, ["43", "43", "0", "100"]),
        ([2.5, -2.5, -0.4, 0.0, 12.0], True, ["+3", "−3", "0", "0", "+12"]),
    ],
)
def test_numbers_are_rounded_as_the_findings_round_them(values, signed, text) -> None:
    assert list(charts._whole(pd.Series(values), signed=signed)) == text


@pytest.mark.parametrize("difference", [False, True])
def test_no_label_is_cut(four, difference) -> None:
    """Statement texts and division names in full: no "…" anywhere, long ones wrapped."""
    table = views.heatmap_table(four, difference=difference)
    figure = charts.heatmap(table)
    assert "…" not in figure.to_json()
    hover = " ".join(
        str(cell).replace("<br>", " ") for row in _main(figure).hovertext for cell in row
    )
    for item, text in table.statements["text"].items():
        assert f"{item} · {text}" in hover
    labels = [label.replace("<br>", " ") for label in figure.layout.yaxis.ticktext]
    assert ODD in labels and ODD not in figure.layout.yaxis.ticktext
    assert "<b>Organisation</b>" in labels


def test_withheld_cell_carries_no_number(results) -> None:
    """A's S03 is withheld (see tests/test_views.py): grey, no number, a hover saying why."""
    figure = charts.heatmap(views.heatmap_table(results))
    main = _main(figure)
    assert _cell(main, "A", "S03") is None
    assert _cell(main, "A", "S03", "text") == ""
    hover = _cell(main, "A", "S03", "hovertext")
    assert "not shown: fewer than 2 answers" in hover and "interval" not in hover
    assert _cell(_layer(figure, "withheld"), "A", "S03") == 1
    assert _cell(_layer(figure, "withheld"), "B", "S03") is None
    assert not {"C", "D"} & set(main.y)


def test_no_data_differs_from_withheld(results) -> None:
    main = _main(charts.heatmap(views.heatmap_table(results)))
    assert _cell(main, "B", "S03", "text") == "–"
    assert "no data: nobody here answered" in _cell(main, "B", "S03", "hovertext")


def test_heatmap_hover_gives_n_and_interval(results) -> None:
    hover = _cell(_main(charts.heatmap(views.heatmap_table(results))), "A", "S01", "hovertext")
    assert "3 answers" in hover and "95 % interval 0 to 100" in hover


def test_significance_markers(survey, results) -> None:
    tests = views.significance(survey, results).assign(significant=True)
    main = _main(charts.heatmap(views.heatmap_table(results), significance=tests))
    assert _cell(main, "A", "S01", "text").endswith("▲")
    assert _cell(main, "B", "S01", "text").endswith("▼")
    assert "against the rest of the organisation" in _cell(main, "A", "S01", "hovertext")


def test_spread_is_its_own_grey_row(results) -> None:
    figure = charts.heatmap(views.heatmap_table(results))
    spread = _layer(figure, charts.LABELS["spread"])
    assert [_cell(spread, "Spread", item) for item in ("S01", "S02")] == pytest.approx(
        [100 / 3, 25]
    )
    assert _cell(_main(figure), "Spread", "S01") is None
    assert "across 2 divisions" in _cell(_main(figure), "Spread", "S01", "hovertext")


def test_difference_keeps_the_organisations_own_values_as_reference(results) -> None:
    figure = charts.heatmap(views.heatmap_table(results, difference=True))
    reference = _layer(figure, "Organisation")
    assert _cell(reference, "Organisation", "S02", "text") == "53"
    assert _cell(_main(figure), "Organisation", "S02") is None
    assert _cell(_main(figure), "A", "S01", "text") == "+17"
    assert _cell(_main(figure), "B", "S01", "text") == "−17"


@pytest.mark.parametrize(
    ("page", "chosen", "subtitle"),
    [
        (0, (), "By division and statement · divisions 1–3 of 4"),
        (1, (), "By division and statement · division 4 of 4"),
        (0, ("Zed", "Low"), "By division and statement · 2 divisions of 4"),
        (0, ("Low",), "By division and statement · division 4 of 4"),
        (0, ("Zed", "Mid", ODD, "Low"), "By division and statement"),
    ],
)
def test_the_subtitle_says_which_divisions_are_drawn(four, page, chosen, subtitle) -> None:
    table = views.heatmap_selection(views.heatmap_table(four), page=page, size=3, divisions=chosen)
    figure = charts.heatmap(table)
    assert figure.layout.title.subtitle.text == subtitle
    assert list(_main(figure).y) == list(table.groups)


def test_answer_distribution_chart(survey, results) -> None:
    table = views.answer_distribution(survey, results, "S02")
    figure = charts.answer_distribution_chart(table, statement="S02")
    bars = {bar.name: bar for bar in figure.data}
    assert list(bars) == ["Unfavourable", "Neutral", "Favourable"]
    assert list(bars["Favourable"].x) == pytest.approx(table["pct_favourable"].tolist())
    assert bars["Favourable"].marker.color == charts.FAVOURABLE
    assert bars["Unfavourable"].marker.color == charts.UNFAVOURABLE
    neutral_half = table["pct_neutral"] / 2
    assert list(bars["Neutral"].base) == pytest.approx((-neutral_half).tolist())
    assert list(bars["Favourable"].base) == pytest.approx(neutral_half.tolist())


def test_yes_no_statement_has_no_neutral_bar(survey, results) -> None:
    table = views.answer_distribution(survey, results, "S01")
    names = [bar.name for bar in charts.answer_distribution_chart(table).data]
    assert names == ["Unfavourable", "Favourable"]


def test_gap_dumbbell_uses_the_shared_colours(results) -> None:
    figure = charts.gap_dumbbell(views.language_gaps(results))
    by_name = {trace.name: trace for trace in figure.data if trace.name}
    assert by_name["Lowest division"].marker.color == charts.UNFAVOURABLE
    assert by_name["Highest division"].marker.color == charts.FAVOURABLE
    assert list(by_name["Lowest division"].text) == ["B", "B"]


def test_pillar_charts_show_the_organisation_in_dark_grey(results) -> None:
    table = views.pillar_table(results)
    bars = charts.pillar_bars(table)
    assert bars.data[0].name == "Organisation"
    assert bars.data[0].marker.color == charts.ORGANISATION_COLOUR
    assert list(bars.data[1].y) == pytest.approx(
        table.loc["A", ["people", "process", "technology"]].tolist(), nan_ok=True
    )
    radar = charts.pillar_radar(table, ["B"])
    assert [t.name for t in radar.data] == ["Organisation", "B"]
    with pytest.raises(ValueError, match="no pillar scores"):
        charts.pillar_radar(table, ["C"])


def test_other_charts_draw(survey, results) -> None:
    figures = [
        charts.icc_bars(views.language_gaps(results), threshold=0.05),
        charts.agreement_heatmap(views.agreement_table(results)),
        charts.role_gap_chart(views.role_gap_table(survey, results)),
        charts.nps_scatter(views.nps_maturity(results), organisation=(60.0, 10.0)),
        charts.division_deltas(
            views.division_profile(survey, results, "A").statements, division="A"
        ),
    ]
    for figure in figures:
        assert figure.layout.title.text
        assert figure.layout.font.size >= 14
    scatter = figures[3].data[0]
    assert list(scatter.text) == ["A", "B"]


def test_no_chart_mentions_the_suppressed_division(survey, results) -> None:
    figures = [
        charts.pillar_bars(views.pillar_table(results)),
        charts.gap_dumbbell(views.language_gaps(results)),
        charts.agreement_heatmap(views.agreement_table(results)),
        charts.answer_distribution_chart(views.answer_distribution(survey, results, "S02")),
        charts.nps_scatter(views.nps_maturity(results)),
    ]
    for figure in figures:
        data = figure.to_json()
        assert '"C"' not in data
