"""What the board pack says, slide by slide — one source for the deck, the division briefs, the
HTML and PDF reports and the app's presentation mode.

Everything here comes from :class:`~cxmaturity.results.Results` (and, for change, from
:class:`~cxmaturity.trends.Trends`), which hold only groups that may be shown: a division under
the minimum group size, or hidden so that it cannot be worked out, is in no slide, chart or
table, by name or by number — only their count, on the methodology slide. Numbers in sentences
are rounded to whole points; chart and table values are the engine's own (unrounded) numbers,
which every renderer shows rounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from cxmaturity import views
from cxmaturity.charts import (
    FAVOURABLE,
    FRONT_LINE_COLOUR,
    LEADERS_COLOUR,
    ORGANISATION_COLOUR,
    TREND_PALETTE,
    UNFAVOURABLE,
    cell_colour,
)
from cxmaturity.findings import Finding
from cxmaturity.results import ORGANISATION, Results
from cxmaturity.stats import thresholds, whole
from cxmaturity.survey import Survey
from cxmaturity.trends import OVERALL, Trends, change_findings

HEATMAP_ROWS = 12  # divisions per heatmap slide (with the organisation: 13 rows, readable)
SUMMARY_FINDINGS = 6
DIVISION_POINTS = 3  # strengths and weaknesses per division slide
NOT_SHOWN = "–"  # a withheld cell: no number


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name, one value per category (None: no value), its colour."""

    name: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class Chart:
    """A chart as data, drawn natively by each renderer (a PowerPoint chart, a Plotly figure).

    ``kind``: ``bar`` (categories down the side), ``column``, ``line`` (categories are waves),
    ``scatter`` (``categories`` are the points' labels; ``series[0]`` x, ``series[1]`` y).
    """

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str
    value_range: tuple[float, float] | None = (0.0, 100.0)
    category_title: str = ""


@dataclass(frozen=True)
class Table:
    """A table: header, rows of text, and each cell's fill colour (None: no fill)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    fills: tuple[tuple[str | None, ...], ...] = ()
    values: tuple[tuple[float | None, ...], ...] = ()  # the numbers behind the cells, unrounded


@dataclass(frozen=True)
class Slide:
    """One insight: a title that says it, then the few words, the chart or the table behind it."""

    kind: str
    title: str
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    notes: str = ""
    division: str | None = None


@dataclass(frozen=True)
class Pack:
    """The board pack, or one division's brief: its cover facts and its slides, in order."""

    title: str
    subtitle: str
    slides: tuple[Slide, ...]
    divisions: tuple[str, ...] = field(default=())

    def kinds(self) -> list[str]:
        return [slide.kind for slide in self.slides]


# -- the pack -------------------------------------------------------------------------------------


def board_pack(
    survey: Survey,
    results: Results,
    findings: Sequence[Finding],
    *,
    source: str,
    organisation: str = "",
    when: dt.date | None = None,
    trends: Trends | None = None,
) -> Pack:
    """The whole board pack for one view of one survey (wave)."""
    when = when or dt.date.today()
    divisions = tuple(results.divisions)
    every = len(divisions) + results.divisions_not_shown
    subtitle = " · ".join(
        part
        for part in (
            organisation,
            source,
            f"{when.day} {when:%B %Y}",
            f"{results.respondents:,} respondents",
            f"{len(divisions)} of {every} division{'s' if every != 1 else ''} shown",
            _filters(results) if results.filters else "",
        )
        if part
    )
    slides = [
        Slide("title", "Customer-work maturity", subtitle),
        _summary(results, findings, trends),
        _level(results),
        *_heatmap(results),
        _statements(results),
        *_gaps(results, findings),
        *(roles := _roles(survey, results, findings)),
        *_nps(results, findings),
        *_changes(trends),
        *(_division(survey, results, name) for name in _by_score(results)),
        _methodology(results, roles_left_out="role" in survey.respondents and not roles),
    ]
    return Pack("Customer-work maturity", subtitle, tuple(slides), divisions)


def division_brief(
    survey: Survey,
    results: Results,
    division: str,
    *,
    source: str,
    organisation: str = "",
    when: dt.date | None = None,
) -> Pack:
    """A short pack for one division's leader: its figures against the organisation's, what
    goes well, what to do next — nothing about any other division."""
    when = when or dt.date.today()
    profile = views.division_profile(survey, results, division)
    subtitle = " · ".join(
        part
        for part in (
            organisation,
            source,
            f"{when.day} {when:%B %Y}",
            f"{profile.n:,} respondents in {division}",
        )
        if part
    )
    slides = (
        Slide("title", f"{division}: customer-work maturity", subtitle, division=division),
        _division(survey, results, division, profile=profile),
        _division_statements(results, profile),
        _methodology(results, brief=True),
    )
    return Pack(f"{division}: customer-work maturity", subtitle, slides, (division,))


# -- slides ---------------------------------------------------------------------------------------


def _summary(results: Results, findings: Sequence[Finding], trends: Trends | None) -> Slide:
    chosen = [f.headline for f in findings[:SUMMARY_FINDINGS]]
    if trends is not None and len(trends.waves) > 1:
        changes = [f.headline for f in change_findings(trends)[:2]]
        chosen = chosen[: SUMMARY_FINDINGS - len(changes)] + changes
    organisation = results.organisation
    level = organisation.level
    title = f"The customer work scores {whole(organisation.score)} out of 100" + (
        f": level {level.level}, {level.name}" if level else ""
    )
    return Slide(
        "summary",
        title,
        "What the survey says, most important first",
        tuple(chosen),
        notes="Each sentence passes the same test: a difference of at least "
        f"{thresholds().min_effect:.0f} points, clear of chance after correcting for the number "
        "of comparisons. The evidence behind each is in the dashboard and the data download.",
    )


def _level(results: Results) -> Slide:
    organisation = results.organisation
    level = organisation.level
    pillars = results.framework.pillars
    chart = Chart(
        "column",
        tuple(p.name for p in pillars),
        (
            Series(
                ORGANISATION,
                tuple(_number(organisation.pillars[p.id]) for p in pillars),
                ORGANISATION_COLOUR,
            ),
        ),
        "Score (0–100)",
    )
    scored = [p for p in pillars if _number(organisation.pillars.get(p.id)) is not None]
    bullets = [
        f"{p.name}: no statement of this pillar was answered" for p in pillars if p not in scored
    ]
    if level is not None:
        bullets.insert(0, f"Level {level.level} of 5, {level.name}: {level.meaning}")
    listed = ", ".join(f"{p.name.lower()} {whole(organisation.pillars[p.id])}" for p in scored)
    return Slide(
        "level",
        f"Across the three pillars: {listed}",
        "The organisation's score on each pillar (0–100)",
        tuple(bullets),
        chart=chart,
        notes="A pillar's score is the mean of its statements' scores; a statement's score is "
        "the average position of its answers on the scale, from 0 (most unfavourable) to 100.",
    )


def _heatmap(results: Results) -> list[Slide]:
    table = views.heatmap_table(results, "score", "score")
    statements = list(table.statements.index)
    order = list(table.order)
    chunks = [order[k : k + HEATMAP_ROWS] for k in range(0, len(order), HEATMAP_ROWS)] or [[]]
    slides = []
    status = table.wide("status")
    values = table.wide("value")
    for k, chunk in enumerate(chunks, start=1):
        groups = [ORGANISATION, *chunk]
        rows, fills, numbers = [], [], []
        for group in groups:
            overall = (
                results.organisation.score
                if group == ORGANISATION
                else results.divisions[group].scores.score
            )
            cells = [
                float(values.at[i, group]) if status.at[i, group] == views.SHOWN else None
                for i in statements
            ]
            colours = [
                cell_colour(v) if v is not None else _blank(status.at[i, group])
                for i, v in zip(statements, cells, strict=True)
            ]
            rows.append((group, str(whole(overall)), *(_cell(v) for v in cells)))
            fills.append((None, cell_colour(overall), *colours))
            numbers.append((None, overall, *cells))
        part = f" ({k} of {len(chunks)})" if len(chunks) > 1 else ""
        slides.append(
            Slide(
                "heatmap",
                f"Statements by division{part}",
                "Score (0–100): orange below 50, white around 50, blue above; "
                f"{NOT_SHOWN} not shown (too few answers)",
                table=Table(
                    ("Division", "All", *statements),
                    tuple(rows),
                    tuple(fills),
                    tuple(numbers),
                ),
                notes="Divisions in order of score. The statements are listed on the next slide.",
            )
        )
    return slides


def _statements(results: Results) -> Slide:
    rows = views.statement_rows(results)
    return Slide(
        "statements",
        "The statements",
        "Jeanne Bliss's eleven statements and three on technology, by pillar",
        table=Table(
            ("Id", "Pillar", "Statement"),
            tuple((i, row.pillar_name, row.text) for i, row in rows.iterrows()),
        ),
    )


def _gaps(results: Results, findings: Sequence[Finding]) -> list[Slide]:
    gaps = views.language_gaps(results).head(5)
    if gaps.empty:
        return []
    worst = gaps.iloc[0]
    said = [
        f"{item} {_quoted(row['text'])}: {row['min_division']} {whole(row['min_score'])}, "
        f"{row['max_division']} {whole(row['max_score'])} — "
        f"{whole(row['max_score']) - whole(row['min_score'])} points apart"
        for item, row in gaps.head(3).iterrows()
    ]
    beyond = [f.statement for f in findings if f.kind == "language_gap" and f.statement]
    if beyond:
        said.append(
            "Set against each division's overall level, divisions differ most on "
            + ", ".join(dict.fromkeys(beyond))
            + " (the key findings)."
        )
    chart = Chart(
        "bar",
        tuple(gaps.index),
        (
            Series("Lowest division", _values(gaps["min_score"]), UNFAVOURABLE),
            Series(ORGANISATION, _values(gaps["organisation"]), ORGANISATION_COLOUR),
            Series("Highest division", _values(gaps["max_score"]), FAVOURABLE),
        ),
        "Score (0–100)",
    )
    return [
        Slide(
            "gaps",
            "Where divisions do not yet speak a common language",
            f"Widest: {worst.name}, {whole(worst['range'])} points between "
            f"{worst['min_division']} and {worst['max_division']}",
            tuple(said),
            chart=chart,
            notes="Each statement's lowest and highest division and the organisation, as the "
            "heatmap shows them. A language gap (a key finding) is claimed only when divisions "
            "rate a statement differently beyond their overall levels, which is why it can name "
            "other divisions than the lowest and highest here (see the methodology).",
        )
    ]


def _roles(survey: Survey, results: Results, findings: Sequence[Finding]) -> list[Slide]:
    table = views.role_gap_table(survey, results)
    if table.empty:
        return []
    said = [f.headline for f in findings if f.kind == "role_gap"][:3]
    leaders, front = table["leaders"].mean(), table["front_line"].mean()
    chart = Chart(
        "bar",
        tuple(table.index),
        (
            Series("Leaders", _values(table["leaders"]), LEADERS_COLOUR),
            Series("Front line", _values(table["front_line"]), FRONT_LINE_COLOUR),
        ),
        "Score (0–100)",
    )
    return [
        Slide(
            "roles",
            "Leaders and the front line",
            f"Statement by statement; on average leaders {whole(leaders)}, the front line "
            f"{whole(front)}",
            tuple(said),
            chart=chart,
            notes="Leaders are executives and managers; the front line the rest (data/roles.yaml).",
        )
    ]


def _nps(results: Results, findings: Sequence[Finding]) -> list[Slide]:
    table = views.nps_maturity(results)
    if len(table) < 3:
        return []
    said = [f.headline for f in findings if f.kind == "nps_link"]
    chart = Chart(
        "scatter",
        tuple(table["division"]),
        (
            Series("Score (0–100)", _values(table["score"]), FAVOURABLE),
            Series("NPS", _values(table["nps"]), FAVOURABLE),
        ),
        "NPS (−100 to 100)",
        value_range=(-100.0, 100.0),
        category_title="Customer-work maturity score (0–100)",
    )
    return [
        Slide(
            "nps",
            "Maturity and NPS",
            f"Each division's maturity score against its NPS ({len(table)} divisions): how "
            "likely its people are to recommend the company",
            tuple(said) or ("No clear link between divisions' maturity and their NPS.",),
            chart=chart,
        )
    ]


def _changes(trends: Trends | None) -> list[Slide]:
    if trends is None or len(trends.waves) < 2:
        return []
    latest, before = trends.waves[-1], trends.previous(trends.waves[-1])
    organisation = trends.series[trends.series["group"] == ORGANISATION]
    framework = trends.results[latest].framework
    lines = {OVERALL: ORGANISATION} | {p.id: p.name for p in framework.pillars}
    colours = TREND_PALETTE  # the Trends page's: the organisation, then each pillar
    series = []
    for (measure, name), colour in zip(lines.items(), colours, strict=False):
        by_wave = organisation[organisation["measure"] == measure].set_index("wave")["score"]
        series.append(Series(name, tuple(_number(by_wave.get(w)) for w in trends.waves), colour))
    said = [f.headline for f in change_findings(trends)]
    table = trends.change_table(latest)
    rows = tuple(
        (
            row.group,
            str(whole(row.before)),
            str(whole(row.after)),
            f"{row.change:+d}" if row.change else "0",
            f"{whole(row.ci_low):+d} to {whole(row.ci_high):+d}",
            "yes" if row.clear else "",
        )
        for row in table.itertuples(index=False)
    )
    return [
        Slide(
            "changes",
            f"What changed since {before}",
            " → ".join(trends.waves),
            tuple(said) or ("No clear change since the wave before.",),
            chart=Chart("line", tuple(trends.waves), tuple(series), "Score (0–100)"),
            notes="Each wave is scored on its own; a change is the difference of two rounded "
            "scores on the statements asked the same way in both waves, with a Welch interval "
            "and Benjamini–Hochberg correction (see the methodology).",
        ),
        Slide(
            "changes",
            f"Each division since {before}",
            "Overall score; clear: corrected p ≤ 0.05, at least "
            f"{thresholds().min_effect:.0f} points, interval clear of chance",
            table=Table((" ", before, latest, "Change", "95 % CI", "Clear"), rows),
        ),
    ]


def _division(
    survey: Survey,
    results: Results,
    division: str,
    *,
    profile: views.DivisionProfile | None = None,
) -> Slide:
    profile = profile or views.division_profile(survey, results, division)
    pillars = profile.pillars
    chart = Chart(
        "column",
        tuple(pillars["name"]),
        (
            Series(division, _values(pillars["score"]), FAVOURABLE),
            Series(ORGANISATION, _values(pillars["organisation"]), ORGANISATION_COLOUR),
        ),
        "Score (0–100)",
    )
    strengths = profile.strengths.head(DIVISION_POINTS)
    weaknesses = profile.weaknesses.head(DIVISION_POINTS)
    bullets = [
        f"Goes well: {row.Index} {_quoted(row.text)} — {whole(row.score)} against "
        f"{whole(row.organisation)}"
        for row in strengths.itertuples()
    ]
    bullets += [
        f"To do next on {row.Index} ({whole(row.score)} against {whole(row.organisation)}): "
        f"{row.tip}"
        for row in weaknesses.itertuples()
    ]
    if not bullets:
        bullets = ["No statement differs clearly from the organisation."]
    elif weaknesses.empty:
        bullets.append("No statement is clearly behind the organisation.")
    elif strengths.empty:
        bullets.insert(0, "No statement is clearly ahead of the organisation.")
    level = profile.level
    return Slide(
        "division",
        f"{division}: {whole(profile.score)} against {whole(profile.organisation_score)} "
        "for the organisation",
        f"{profile.n:,} respondents"
        + (f" · level {level.level}, {level.name}" if level else "")
        + " · pillars against the organisation",
        tuple(bullets),
        chart=chart,
        division=division,
        notes="Goes well / to do next: statements on which the division differs clearly from the "
        "rest of the organisation (Benjamini–Hochberg corrected), by at least "
        f"{thresholds().min_effect:.0f} points; the advice is the instrument's own tip.",
    )


def _division_statements(results: Results, profile: views.DivisionProfile) -> Slide:
    table = profile.statements
    rows, fills, numbers = [], [], []
    for item, row in table.iterrows():
        score = None if pd.isna(row["score"]) else float(row["score"])
        rows.append((item, row["text"], _cell(score), _cell(row["organisation"])))
        fills.append((None, None, cell_colour(score), cell_colour(row["organisation"])))
        numbers.append((None, None, score, _number(row["organisation"])))
    return Slide(
        "statements",
        f"{profile.division}, statement by statement",
        "Score (0–100) of the division and of the organisation",
        table=Table(
            ("Id", "Statement", profile.division, ORGANISATION),
            tuple(rows),
            tuple(fills),
            tuple(numbers),
        ),
        division=profile.division,
    )


def _methodology(results: Results, *, brief: bool = False, roles_left_out: bool = False) -> Slide:
    excluded = ", ".join(f"{reason} {n}" for reason, n in results.exclusions.items() if n)
    bullets = [
        "A statement's score is the average position of its answers on the scale, from 0 "
        "(most unfavourable) to 100; a pillar's and a division's score are means of statement "
        "scores; levels run from 1 (below 20) to 5 (80 and over).",
        f"Rows read {results.rows_read:,}; respondents scored {results.respondents:,}; rows not "
        f"scored {results.rows_excluded:,}" + (f" ({excluded})" if excluded else "") + ".",
        f"Privacy: no group of fewer than {results.min_group_size} people is shown, nor any "
        "group whose figures would let a smaller one be worked out by subtraction; names, "
        "e-mails and other personal columns were dropped as the files were read.",
    ]
    if not brief:
        hidden = results.divisions_not_shown
        bullets.append(
            f"{hidden} division{'s are' if hidden != 1 else ' is'} not shown for that reason; "
            "their people still count in the organisation's figures."
        )
        bullets.append(
            "Findings are stated only when a test, corrected for the number of comparisons "
            "(Benjamini–Hochberg), is clear at 5 % and the difference is at least "
            f"{thresholds().min_effect:.0f} points."
        )
    if roles_left_out:
        bullets.append(
            "Leaders and the front line are not compared in this pack: the view is filtered by "
            "role, or showing the two groups would let a smaller group be worked out."
        )
    if results.filters:
        bullets.append(f"This pack shows one view: {_filters(results)}.")
    return Slide(
        "methodology",
        "How the numbers are made, and what is not shown",
        "Every formula is defined in cxmaturity's methodology (docs/methodology.md)",
        tuple(bullets),
    )


# -- helpers --------------------------------------------------------------------------------------


def _by_score(results: Results) -> list[str]:
    return sorted(results.divisions, key=lambda d: -results.divisions[d].scores.score)


def _filters(results: Results) -> str:
    return ", ".join(f"{column} {value}" for column, value in results.filters.items())


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _values(values) -> tuple[float | None, ...]:
    return tuple(_number(v) for v in values)


def _cell(value: float | None) -> str:
    return NOT_SHOWN if value is None or pd.isna(value) else str(whole(value))


def _blank(status: str) -> str | None:
    return cell_colour(None) if status == views.SUPPRESSED else None


def _quoted(text: str) -> str:
    return f"“{str(text).rstrip('.')}”"


__all__ = [
    "Chart",
    "Pack",
    "Series",
    "Slide",
    "Table",
    "board_pack",
    "division_brief",
]
