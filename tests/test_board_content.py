"""What the board pack says: slide by slide in the deck's order, every number the engine's (and
the dashboard's), no group too small to show — by name or by number — in any slide."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cxmaturity import build_survey, read_survey, score, views
from cxmaturity.board import file_stem, file_stems
from cxmaturity.board.content import NOT_SHOWN, Pack, Slide, board_pack, division_brief
from cxmaturity.charts import cell_colour
from cxmaturity.findings import find_findings
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.results import ORGANISATION
from cxmaturity.sample import sample_rounds, sample_survey
from cxmaturity.stats import whole
from cxmaturity.trends import SavedWave, trends

HIDDEN = ("Human Resources", "Marketing")  # too small to show in the sample at the minimum of 5


@pytest.fixture(scope="module")
def sample():
    survey = read_survey([SAMPLE_SURVEY])
    results = score(survey)
    findings = find_findings(survey, results)
    pack = board_pack(survey, results, findings, source="Sample survey", when=dt.date(2026, 6, 30))
    return survey, results, findings, pack


def _texts(slide: Slide) -> list[str]:
    """Every piece of text a slide carries, wherever a renderer may put it."""
    texts = [slide.title, slide.subtitle, *slide.bullets, slide.notes, slide.division or ""]
    if slide.chart is not None:
        texts += [*slide.chart.categories, *(s.name for s in slide.chart.series)]
        texts += [slide.chart.value_title, slide.chart.category_title]
    if slide.table is not None:
        texts += [*slide.table.columns, *(cell for row in slide.table.rows for cell in row)]
    return texts


def _everything(pack: Pack) -> str:
    return "\n".join([pack.title, pack.subtitle, *(t for s in pack.slides for t in _texts(s))])


def test_the_slides_come_in_the_decks_order(sample) -> None:
    *_, pack = sample
    kinds = pack.kinds()
    assert kinds[:3] == ["title", "summary", "level"]
    assert kinds[-1] == "methodology"
    order = ["title", "summary", "level", "heatmap", "statements", "gaps", "roles", "nps"]
    seen = [k for k in dict.fromkeys(kinds) if k in order]
    assert seen == [k for k in order if k in kinds]
    assert kinds.count("division") == len(sample[1].divisions)


def test_the_cover_says_what_the_pack_is_about(sample) -> None:
    _, results, _, pack = sample
    assert "Sample survey" in pack.subtitle
    assert "30 June 2026" in pack.subtitle
    assert f"{results.respondents:,} respondents" in pack.subtitle


def test_the_summary_is_the_findings_most_important_first(sample) -> None:
    _, results, findings, pack = sample
    summary = pack.slides[1]
    assert list(summary.bullets) == [f.headline for f in findings[: len(summary.bullets)]]
    assert str(whole(results.organisation.score)) in summary.title


def test_pillar_chart_carries_the_engines_numbers(sample) -> None:
    _, results, _, pack = sample
    level = next(s for s in pack.slides if s.kind == "level")
    framework = results.framework
    assert level.chart.categories == tuple(p.name for p in framework.pillars)
    assert level.chart.series[0].values == tuple(
        float(results.organisation.pillars[p.id]) for p in framework.pillars
    )


def test_heatmap_cells_are_the_dashboards_numbers_and_colours(sample) -> None:
    _, results, _, pack = sample
    table = next(s for s in pack.slides if s.kind == "heatmap").table
    statements = table.columns[2:]
    for row, fills, values in zip(table.rows, table.fills, table.values, strict=True):
        group = row[0]
        scores = (
            results.organisation.statements
            if group == ORGANISATION
            else results.divisions[group].scores.statements
        )
        for k, item in enumerate(statements, start=2):
            expected = scores.loc[item, "score"] if item in scores.index else None
            if row[k] == NOT_SHOWN:
                assert values[k] is None
                continue
            assert values[k] == pytest.approx(expected)
            assert row[k] == str(whole(expected))
            assert fills[k] == cell_colour(expected)


def test_many_divisions_are_split_over_heatmap_slides() -> None:
    survey = build_survey([("thirty.csv", "", sample_survey(3000, 30, seed=3))])
    results = score(survey)
    pack = board_pack(survey, results, [], source="Thirty")
    heatmaps = [s for s in pack.slides if s.kind == "heatmap"]
    assert len(heatmaps) == -(-len(results.divisions) // 12)
    shown = [row[0] for s in heatmaps for row in s.table.rows if row[0] != ORGANISATION]
    assert sorted(shown) == sorted(results.divisions)
    assert all(s.table.rows[0][0] == ORGANISATION for s in heatmaps)  # the yardstick on each


def test_no_hidden_division_appears_anywhere_in_the_pack(sample) -> None:
    _, results, _, pack = sample
    assert set(HIDDEN).isdisjoint(results.divisions)
    said = _everything(pack)
    assert [name for name in HIDDEN if name in said] == []
    methodology = pack.slides[-1]
    assert any(
        f"{results.divisions_not_shown} divisions are not shown" in b for b in methodology.bullets
    )


def test_a_division_brief_names_no_other_division(sample) -> None:
    survey, results, _, _ = sample
    for division in results.divisions:
        brief = division_brief(survey, results, division, source="Sample survey")
        said = _everything(brief)
        others = [d for d in [*results.divisions, *HIDDEN] if d != division and d in said]
        assert others == [], division
        assert brief.divisions == (division,)
        assert [s.kind for s in brief.slides] == ["title", "division", "statements", "methodology"]


def test_division_slides_state_the_shown_figures(sample) -> None:
    _, results, _, pack = sample
    for slide in (s for s in pack.slides if s.kind == "division"):
        division = results.divisions[slide.division]
        assert slide.title.startswith(
            f"{slide.division}: {whole(division.scores.score)} against "
            f"{whole(results.organisation.score)}"
        )
        assert slide.chart.series[0].name == slide.division


def test_change_slides_appear_only_with_an_earlier_wave() -> None:
    saved = [
        SavedWave(name, when, build_survey([(f"{name}.csv", "", frame)]))
        for name, when, frame in sample_rounds()
    ]
    found = trends(saved)
    survey = saved[-1].survey
    results = score(survey)
    pack = board_pack(survey, results, find_findings(survey, results), source="x", trends=found)
    changes = [s for s in pack.slides if s.kind == "changes"]
    assert len(changes) == 2
    line = changes[0].chart
    assert line.kind == "line" and line.categories == tuple(found.waves)
    organisation = found.series[
        (found.series["group"] == ORGANISATION) & (found.series["measure"] == "overall")
    ].set_index("wave")["score"]
    assert line.series[0].values == tuple(float(organisation[w]) for w in found.waves)
    alone = board_pack(survey, results, [], source="x")
    assert "changes" not in alone.kinds()


def test_a_filtered_view_says_so_on_the_cover_and_the_methodology(sample) -> None:
    survey, *_ = sample
    results = score(survey, filters={"role": "manager"})
    pack = board_pack(survey, results, [], source="Sample survey")
    assert "role" in pack.subtitle
    assert any("This pack shows one view" in b for b in pack.slides[-1].bullets)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Customer Service", "Customer-Service"),
        ("../../etc/passwd", "etc-passwd"),
        ("R&D", "R-and-D"),
        ("Ventes – Île-de-France", "Ventes-Île-de-France"),
        ("***", "division"),
        ("x" * 100, "x" * 60),
    ],
)
def test_file_stems_are_plain_names_never_paths(name: str, stem: str) -> None:
    assert file_stem(name) == stem


def test_file_stems_never_collide() -> None:
    stems = file_stems(["R D", "R/D", "r-d", "R&D", "Sales"])
    assert stems == {
        "R D": "R-D",
        "R/D": "R-D-2",
        "r-d": "r-d-3",
        "R&D": "R-and-D",
        "Sales": "Sales",
    }


def test_pack_is_frozen(sample) -> None:
    *_, pack = sample
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.title = "x"  # type: ignore[misc]


def test_the_gaps_slide_says_what_its_chart_shows(sample) -> None:
    *_, pack = sample
    gaps = next(s for s in pack.slides if s.kind == "gaps")
    lowest, _, highest = gaps.chart.series
    for k, bullet in enumerate(gaps.bullets[:3]):
        item = gaps.chart.categories[k]
        low, high = whole(lowest.values[k]), whole(highest.values[k])
        assert bullet.startswith(item)
        assert f" {low}, " in bullet and f" {high} — {high - low} points apart" in bullet
    widest = gaps.chart.categories[0]
    assert gaps.subtitle.startswith(f"Widest: {widest}, ")


def test_the_cover_counts_the_divisions_not_shown(sample) -> None:
    _, results, _, pack = sample
    every = len(results.divisions) + results.divisions_not_shown
    assert f"{len(results.divisions)} of {every} divisions shown" in pack.subtitle
    assert "The organisation" not in pack.subtitle  # no placeholder when no name is given


def test_a_pack_without_the_roles_slide_says_why(sample) -> None:
    survey, *_ = sample
    results = score(survey, filters={"role": "manager"})
    pack = board_pack(survey, results, [], source="Sample survey")
    assert "roles" not in pack.kinds()
    assert any("Leaders and the front line are not compared" in b for b in pack.slides[-1].bullets)
    *_, whole_pack = sample
    assert "roles" in whole_pack.kinds()
    assert not any("not compared" in b for b in whole_pack.slides[-1].bullets)


def test_a_division_slide_says_when_nothing_is_clearly_behind(sample) -> None:
    survey, results, _, pack = sample
    for slide in (s for s in pack.slides if s.kind == "division"):
        profile = views.division_profile(survey, results, slide.division)
        if profile.weaknesses.empty and not profile.strengths.empty:
            assert slide.bullets[-1] == "No statement is clearly behind the organisation."
        if profile.strengths.empty and not profile.weaknesses.empty:
            assert slide.bullets[0] == "No statement is clearly ahead of the organisation."
    divisions = [s for s in pack.slides if s.kind == "division"]
    assert any(s.bullets[-1].startswith("No statement is clearly behind") for s in divisions)
