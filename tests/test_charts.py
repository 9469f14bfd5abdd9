"""The plotly specs carry the results' numbers, the shared colours, and nothing suppressed."""

from __future__ import annotations

import pytest

from cxmaturity import build_survey, charts, score, views
from tests.test_views import FRAME


@pytest.fixture(scope="module")
def survey():
    return build_survey([("t.csv", "t", FRAME)])


@pytest.fixture(scope="module")
def results(survey):
    return score(survey, min_group_size=2)


def _column(trace, name: str) -> list:
    index = list(trace.x).index(name)
    return [row[index] for row in trace.z]


@pytest.mark.parametrize("measure", ["score", "pct_favourable", "delta"])
def test_heatmap_cells_are_the_results_numbers(results, measure) -> None:
    table = views.heatmap_table(results, measure)
    figure = charts.heatmap(table)
    main = figure.data[0]
    for column in ("Organisation", "A", "B"):
        expected = [None if v != v else pytest.approx(v) for v in table.wide()[column]]
        assert _column(main, column) == expected
    statements = list(table.statements.index)
    text = main.text[statements.index("S02")][list(main.x).index("A")]
    value = table.wide().loc["S02", "A"]
    assert text == (f"{value:+.0f}" if measure == "delta" else f"{value:.0f}")
    assert main.zmid == pytest.approx(table.centre)


def test_heatmap_midpoint_is_the_organisation_score(results) -> None:
    figure = charts.heatmap(views.heatmap_table(results, "score"))
    assert figure.data[0].zmid == pytest.approx(results.organisation.score)


def test_withheld_cell_carries_no_number(results) -> None:
    """A's S03 is withheld (see tests/test_views.py): no number, a hover saying why."""
    figure = charts.heatmap(views.heatmap_table(results))
    main = figure.data[0]
    row = list(views.statement_rows(results).index).index("S03")
    position = list(main.x).index("A")
    assert main.z[row][position] is None
    assert main.text[row][position] == ""
    hover = main.hovertext[row][position]
    assert "not shown" in hover and "interval" not in hover
    assert not {"C", "D"} & set(main.x)


def test_no_data_differs_from_suppressed(results) -> None:
    main = charts.heatmap(views.heatmap_table(results)).data[0]
    row = list(views.statement_rows(results).index).index("S03")
    assert main.text[row][list(main.x).index("B")] == "no data"
    assert "no data" in main.hovertext[row][list(main.x).index("B")]


def test_heatmap_hover_gives_n_and_interval(results) -> None:
    main = charts.heatmap(views.heatmap_table(results)).data[0]
    hover = main.hovertext[0][list(main.x).index("A")]
    assert "3 answers" in hover and "95 % interval" in hover


def test_significance_markers(survey, results) -> None:
    tests = views.significance(survey, results).assign(significant=True)
    main = charts.heatmap(views.heatmap_table(results), significance=tests).data[0]
    assert main.text[0][list(main.x).index("A")].endswith("▲")
    assert main.text[0][list(main.x).index("B")].endswith("▼")
    assert "against the rest of the organisation" in main.hovertext[0][list(main.x).index("A")]


def test_spread_is_its_own_grey_column(results) -> None:
    spread = charts.heatmap(views.heatmap_table(results)).data[1]
    assert list(spread.x) == ["Spread"]
    assert [row[0] for row in spread.z][:2] == pytest.approx([100 / 3, 25])


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
