"""The plotly specs carry the results' numbers, the shared colours, and nothing suppressed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxmaturity import build_survey, charts, read_survey, score, views
from cxmaturity.resources import SAMPLE_SURVEY
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


def test_pillar_charts_show_the_organisation_first(results) -> None:
    table = views.pillar_table(results)
    dots = charts.pillar_dots(table)
    by_name = {trace.name: trace for trace in dots.data if trace.name}
    assert list(by_name) == ["People", "Process", "Technology"]
    assert by_name["People"].y[0] == "Organisation"
    assert dots.layout.yaxis.ticktext[0] == "<b>Organisation</b>"
    for pillar, trace in zip(["people", "process", "technology"], by_name.values(), strict=True):
        expected = table.loc[list(trace.y), pillar].tolist()
        assert list(trace.x) == pytest.approx(expected, nan_ok=True)
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
        charts.pillar_dots(views.pillar_table(results)),
        charts.gap_dumbbell(views.language_gaps(results)),
        charts.agreement_heatmap(views.agreement_table(results)),
        charts.answer_distribution_chart(views.answer_distribution(survey, results, "S02")),
        charts.nps_scatter(views.nps_maturity(results)),
    ]
    for figure in figures:
        data = figure.to_json()
        assert '"C"' not in data


# -- readable on a projector: statements whole, labels clear of each other ----------------------


@pytest.fixture(scope="module")
def sample():
    survey = read_survey([SAMPLE_SURVEY])
    return survey, score(survey)


def _statement_charts(survey, results) -> dict:
    """Every chart with a statement on each row or column."""
    division = next(iter(results.divisions))
    return {
        "gap_dumbbell": charts.gap_dumbbell(views.language_gaps(results)),
        "icc_bars": charts.icc_bars(views.language_gaps(results), threshold=0.05),
        "agreement_heatmap": charts.agreement_heatmap(views.agreement_table(results)),
        "role_gap_chart": charts.role_gap_chart(views.role_gap_table(survey, results)),
        "division_deltas": charts.division_deltas(
            views.division_profile(survey, results, division).statements, division=division
        ),
    }


@pytest.mark.parametrize(
    "chart", ["gap_dumbbell", "icc_bars", "agreement_heatmap", "role_gap_chart", "division_deltas"]
)
def test_statements_are_never_cut(sample, chart) -> None:
    """S01's text (87 characters) in full, wrapped over lines of at most STATEMENT_WRAP."""
    survey, results = sample
    figure = _statement_charts(survey, results)[chart]
    every_text = str(figure.to_plotly_json())
    assert "…" not in every_text
    flat = every_text.replace("<br>", " ")
    for item in results.framework.item_ids:
        text = results.framework.item(item).text.rstrip(".")
        assert f"{item} · {text}" in flat
    assert len(results.framework.item("S01").text) > 80
    labels = figure.layout.yaxis.categoryarray or figure.data[0].hovertext[0]
    lines = [line for label in labels for line in str(label).split("<br>")]
    assert max(len(line) for line in lines if "·" in line) <= charts.STATEMENT_WRAP


@pytest.mark.parametrize(
    ("labels", "pitch", "height"),
    [
        (["S01 · short"], 40, 150 + 40),
        (["S01 · two<br>lines", "S02 · one"], 40, 150 + 2 * 56),
        (["a<br>b<br>c"], 44, 150 + 74),
        ([], 40, 150),
    ],
)
def test_rows_are_as_tall_as_their_longest_label(labels, pitch, height) -> None:
    assert charts._statement_height(labels, pitch=pitch) == height


@pytest.mark.parametrize(
    ("value", "text"), [(0.474, "0.47"), (0.0, "0.00"), (-0.004, "0.00"), (-0.012, "−0.01")]
)
def test_icc_values_are_written_plainly(value, text) -> None:
    assert charts._icc_text(value) == text


def test_the_icc_threshold_is_named_in_the_legend_not_over_a_bar(results) -> None:
    gaps = views.language_gaps(results)
    figure = charts.icc_bars(gaps, threshold=0.05)
    assert not figure.layout.annotations
    (line,) = figure.layout.shapes
    assert (line.x0, line.x1, line.layer) == (0.05, 0.05, "below")
    legend = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert legend == ["0.05 and above: divisions speak differently"]
    bars, numbers = figure.data[0], figure.data[1]
    top = figure.layout.xaxis.range[1]
    assert set(numbers.x) == {top} and numbers.textposition == "middle left"
    assert top >= 1.25 * max(bars.x)


@pytest.mark.parametrize("chart", ["agreement_heatmap"])
def test_agreement_runs_divisions_down_and_statements_across(survey, results, chart) -> None:
    """Short statement ids across the top (never tilted names under the title), as the heatmap."""
    figure = _statement_charts(survey, results)[chart]
    trace = figure.data[0]
    assert list(trace.x) == ["S01", "S02"]  # A's S03 is withheld, B's has no data
    assert list(trace.y) == ["A", "B"]
    assert figure.layout.xaxis.side == "top"
    title_bottom = charts.TITLE_TOP + 1.3 * figure.layout.title.font.size
    pillar_top = figure.layout.margin.t - 30 - 1.3 * charts.FONT_SIZE
    assert title_bottom <= pillar_top
    assert all(annotation.yshift == 30 for annotation in figure.layout.annotations)


@pytest.mark.parametrize(
    "build",
    [
        lambda s, r: charts.gap_dumbbell(views.language_gaps(r)),
        lambda s, r: charts.role_gap_chart(views.role_gap_table(s, r)),
        lambda s, r: charts.answer_distribution_chart(views.answer_distribution(s, r, "S02")),
        lambda s, r: charts.pillar_dots(views.pillar_table(r)),
        lambda s, r: charts.icc_bars(views.language_gaps(r), threshold=0.05),
    ],
    ids=["gap_dumbbell", "role_gap_chart", "answer_distribution_chart", "pillar_dots", "icc_bars"],
)
def test_a_legend_sits_under_the_title(survey, results, build) -> None:
    figure = build(survey, results)
    height = figure.layout.height
    title, legend = figure.layout.title, figure.layout.legend
    assert (title.yref, title.yanchor, legend.yref, legend.yanchor) == (
        "container",
        "top",
        "container",
        "top",
    )
    title_bottom = (1 - title.y) * height + 1.3 * title.font.size
    assert title_bottom <= (1 - legend.y) * height
    assert (1 - legend.y) * height + 30 <= figure.layout.margin.t


@pytest.mark.parametrize(
    ("low", "high", "positions"),
    [
        (10.0, 90.0, ("top center", "top center")),
        (45.0, 55.0, ("top left", "top right")),
    ],
)
def test_division_names_at_the_ends_of_a_gap_never_meet(low, high, positions) -> None:
    gaps = pd.DataFrame(
        {
            "min_score": [low],
            "max_score": [high],
            "min_division": ["Customer Service"],
            "max_division": ["Operations"],
        }
    )
    low_place, high_place = charts._end_positions(gaps)
    assert (low_place[0], high_place[0]) == positions


def test_answer_shares_are_written_level_and_only_where_they_fit(survey, results) -> None:
    table = views.answer_distribution(survey, results, "S02")
    for bar in charts.answer_distribution_chart(table).data:
        assert bar.textangle == 0
        for share, text in zip(bar.x, bar.text, strict=True):
            assert (text == "") == (share < 10)


def _nps_table(points: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = [(name, score, nps) for name, (score, nps) in points.items()]
    table = pd.DataFrame(rows, columns=["division", "score", "nps"])
    return table.assign(nps_n=20, n=25, level_name="Aligned")


SAMPLE_NPS = {  # data/sample_survey.csv: four divisions within 8 points and 17 NPS
    "Customer Service": (63.1, 22.1),
    "Finance": (55.4, 7.5),
    "IT": (57.0, 9.0),
    "Product": (60.8, 4.8),
    "Operations": (41.8, -20.0),
    "Sales": (25.6, -52.5),
}


def _label_boxes(figure) -> list[tuple]:
    """Each name's box in the pixels the chart plans with (its plot area at 1280×720)."""
    (x0, x1), (y0, y1) = figure.layout.xaxis.range, figure.layout.yaxis.range
    width, height = charts.PLOT_AREA
    boxes = []
    for note in figure.layout.annotations:
        x = (note.x - x0) / (x1 - x0) * width + note.ax
        y = (y1 - note.y) / (y1 - y0) * height + note.ay
        text = note.text.replace("<b>", "").replace("</b>", "")
        boxes.append(charts._box(x, y, charts._text_width(text, charts.LABEL_FONT), 20))
    return boxes


@pytest.mark.parametrize("highlight", [None, "IT"])
def test_every_division_is_named_without_overlap_when_there_are_few(highlight) -> None:
    figure = charts.nps_scatter(
        _nps_table(SAMPLE_NPS), organisation=(48.8, -10.0), highlight=highlight
    )
    names = {note.text.replace("<b>", "").replace("</b>", "") for note in figure.layout.annotations}
    assert names == {*SAMPLE_NPS, "Organisation"}
    boxes = _label_boxes(figure)
    for i, a in enumerate(boxes):
        assert not any(charts._overlap(a, b) for b in boxes[i + 1 :])
    assert figure.data[0].mode == "markers"
    assert list(figure.data[0].text) == list(SAMPLE_NPS)


def test_with_many_divisions_only_the_extremes_and_the_chosen_one_are_named() -> None:
    rng = np.random.default_rng(5)
    score = rng.uniform(25, 70, 80)
    points = {f"Division {i:02d}": (s, 2 * s - 110 + rng.normal(0, 8)) for i, s in enumerate(score)}
    table = _nps_table(points)
    chosen = table["division"][int(np.argsort(score)[40])]
    figure = charts.nps_scatter(table, organisation=(48.0, -12.0), highlight=chosen)
    names = [note.text for note in figure.layout.annotations]
    assert 3 <= len(names) <= 6
    assert f"<b>{chosen}</b>" in names and "<b>Organisation</b>" in names
    assert table["division"][int(score.argmin())] in names
    boxes = _label_boxes(figure)
    for i, a in enumerate(boxes):
        assert not any(charts._overlap(a, b) for b in boxes[i + 1 :])
    colours = figure.data[0].marker.color
    assert sum(colour != charts.OTHER_DIVISIONS_COLOUR for colour in colours) == 1


@pytest.mark.parametrize("divisions", [3, 80])
def test_pillar_dots_name_every_division_once(divisions) -> None:
    names = [f"Division {i:02d}" for i in range(divisions)]
    table = pd.DataFrame(
        {
            "people": np.linspace(20, 80, divisions),
            "process": 50.0,
            "technology": 60.0,
            "score": np.linspace(30, 70, divisions),
        },
        index=names,
    )
    organisation = pd.DataFrame(
        {"people": [50.0], "process": [50.0], "technology": [60.0], "score": [53.0]},
        index=["Organisation"],
    )
    figure = charts.pillar_dots(pd.concat([organisation, table]))
    assert len([trace for trace in figure.data if trace.name]) == 3
    assert list(figure.layout.yaxis.tickvals) == ["Organisation", *reversed(names)]
    assert figure.layout.height >= 26 * (divisions + 1)


def _trend_series() -> pd.DataFrame:
    rows = [
        ("Organisation", "overall", wave, score, score - 2, score + 2, 100)
        for wave, score in (("Q1", 50.0), ("Q2", 55.0))
    ]
    columns = ["group", "measure", "wave", "score", "ci_low", "ci_high", "n"]
    return pd.DataFrame(rows, columns=columns)


LONG_TITLE = (
    "Organisation: S03 · We have a road map for the customer work and know where progress "
    "will be measured"
)


def test_a_long_title_goes_over_lines_and_the_chart_grows_by_as_much() -> None:
    breaks = pd.DataFrame(columns=["statement", "wave", "break"])
    lines = {("Organisation", "overall"): "Organisation"}
    short = charts.trend_chart(_trend_series(), breaks, lines=lines, waves=["Q1", "Q2"], title="T")
    long = charts.trend_chart(
        _trend_series(), breaks, lines=lines, waves=["Q1", "Q2"], title=LONG_TITLE
    )
    text = long.layout.title.text
    assert text.replace("<br>", " ") == LONG_TITLE
    assert max(len(line) for line in text.split("<br>")) <= charts.TITLE_WRAP
    extra = charts.TITLE_LINE * text.count("<br>")
    assert extra > 0
    assert long.layout.height == short.layout.height + extra
    assert long.layout.margin.t == short.layout.margin.t + extra


def test_a_trend_of_one_line_is_named_by_its_title_not_a_legend() -> None:
    breaks = pd.DataFrame(columns=["statement", "wave", "break"])
    one = charts.trend_chart(
        _trend_series(),
        breaks,
        lines={("Organisation", "overall"): "Organisation"},
        waves=["Q1", "Q2"],
        title="Organisation: Overall score",
    )
    assert one.layout.showlegend is False


def test_a_long_title_keeps_the_legend_under_it(results) -> None:
    figure = charts.gap_dumbbell(views.language_gaps(results), title=LONG_TITLE)
    height, title, legend = figure.layout.height, figure.layout.title, figure.layout.legend
    lines = title.text.count("<br>") + 1
    assert lines > 1
    top = (1 - title.y) * height - 0.7 * title.font.size  # plotly lifts it by as much
    assert top == pytest.approx(charts.TITLE_TOP)
    title_bottom = top + 1.3 * title.font.size + charts.TITLE_LINE * (lines - 1)
    assert title_bottom <= (1 - legend.y) * height
    assert (1 - legend.y) * height + 30 <= figure.layout.margin.t


def test_pillar_dots_on_the_same_score_all_show(results) -> None:
    """Widest shape underneath: a square's corners round a circle, a circle round a diamond."""
    dots = charts.pillar_dots(views.pillar_table(results))
    layer = {trace.marker.symbol: trace.zorder for trace in dots.data if trace.name}
    assert layer["square"] < layer["circle"] < layer["diamond"]
