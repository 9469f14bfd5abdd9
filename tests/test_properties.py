"""Property tests of the scoring engine on small random surveys (hypothesis).

Surveys are tables of strings as ``read_table`` would produce them: a Division column
(names from a small alphabet, some missing), 1–14 statement columns headed by item ids,
each column answered on one scale (Yes/No, 5-point agreement, whole numbers 1–5, or only
non-answers), and sometimes an NPS column. Expected figures are worked out here, directly
from the strings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cxmaturity as cx
from cxmaturity.results import STATEMENT_COLUMNS

FRAMEWORK = cx.load_framework()
ITEM_IDS = FRAMEWORK.item_ids
PILLAR_OF = {item.id: item.pillar for item in FRAMEWORK.items}
DIVISIONS = ("Sales", "Ops", "IT", "HR")
NPS_HEADER = "How likely are you to recommend us?"
NON_ANSWERS = (None, "", "N/A", "Don't know")
AGREE5 = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
# Each scale: label → (item score, favourable?).
SCALES: dict[str, dict[str, tuple[float, bool]]] = {
    "yes/no": {"No": (0.0, False), "Yes": (100.0, True)},
    "agree5": {label: (25.0 * i, i >= 3) for i, label in enumerate(AGREE5)},
    "numeric5": {str(v): (25.0 * (v - 1), v >= 4) for v in range(1, 6)},
    "non-answers": {},
}
TOLERANCE = 1e-9
# Columns of the CSV table that hold a group's figures (not who the group is).
FIGURE_COLUMNS = ("measure", "id", "level", "level_name", *STATEMENT_COLUMNS)

# Each example costs about 0.1 s of pandas work, so the budgets are small; together the
# properties still run several hundred random surveys through the engine.
QUICK = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Generated:
    """A generated survey table and the scale each statement column was answered on."""

    table: pd.DataFrame
    scales: Mapping[str, str]

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self.scales)

    def answered(self) -> pd.DataFrame:
        """True where a respondent gave a real answer to an item."""
        return self.table[list(self.items)].map(is_answer)

    def has_division(self) -> pd.Series:
        if "Division" not in self.table:
            return pd.Series(True, index=self.table.index)
        return self.table["Division"].notna()

    def kept(self) -> pd.Series:
        """Rows the contract says are scored: a division and at least one answered item."""
        return self.has_division() & self.answered().any(axis=1)


def is_answer(value: object) -> bool:
    return value not in NON_ANSWERS


@st.composite
def column_of(draw: st.DrawFn, scale: str, rows: int) -> list[str | None]:
    """Answers to one statement: mostly labels of the scale, some non-answers."""
    labels = tuple(SCALES[scale])
    choices = labels * (12 // len(labels)) + NON_ANSWERS if labels else NON_ANSWERS
    return draw(st.lists(st.sampled_from(choices), min_size=rows, max_size=rows))


item_scales = st.dictionaries(
    st.sampled_from(ITEM_IDS), st.sampled_from(tuple(SCALES)), min_size=1, max_size=14
)


@st.composite
def surveys(
    draw: st.DrawFn,
    *,
    max_rows: int = 20,
    division_column: bool = True,
    scales: Mapping[str, str] | None = None,
) -> Generated:
    """A survey table; ``scales`` fixes each item's scale (as when several files are one
    survey), otherwise they are drawn."""
    rows = draw(st.integers(1, max_rows))
    scales = dict(scales) if scales is not None else draw(item_scales)
    data: dict[str, list[str | None]] = {}
    if division_column:
        names = st.sampled_from((*DIVISIONS, None))
        data["Division"] = draw(st.lists(names, min_size=rows, max_size=rows))
    for item, scale in scales.items():
        data[item] = draw(column_of(scale, rows))
    if draw(st.booleans()):
        nps = st.sampled_from((*(str(v) for v in range(11)), "", None))
        data[NPS_HEADER] = draw(st.lists(nps, min_size=rows, max_size=rows))
    return Generated(pd.DataFrame(data, dtype=object), scales)


min_group_sizes = st.integers(1, 8)


def build(table: pd.DataFrame, framework: cx.Framework | None = FRAMEWORK) -> cx.Survey:
    return cx.build_survey([("survey.csv", "survey", table)], framework, division_column="Division")


def score_or_skip(generated: Generated, min_group_size: int) -> cx.Results:
    """Score a generated survey; a survey with no scorable row must be refused instead, and so
    must one whose organisation is smaller than the minimum group size."""
    if not generated.kept().any():
        with pytest.raises(cx.SurveyError):
            build(generated.table)
        assume(False)
    try:
        return cx.score(build(generated.table), min_group_size=min_group_size)
    except cx.CxMaturityError as error:
        answered = generated.answered()[generated.kept()].sum()
        assert "too few" in str(error)
        assert generated.kept().sum() < min_group_size or (answered < min_group_size).all()
        assume(False)
        raise


def reported_groups(result: dict) -> Iterator[tuple[str, dict]]:
    """The organisation and every division that shows scores, from ``Results.to_dict()``."""
    yield "Organisation", result["organisation"]
    yield from result["divisions"].items()


def hidden_remainder(total: int, shown: list[int]) -> int:
    return total - sum(shown)


def expected_level(score: float) -> int:
    return min(int(score // 20) + 1, 5)


def assert_close(left: object, right: object, where: str = "") -> None:
    """Equal structures; numbers equal to within TOLERANCE, None only where None."""
    if isinstance(left, dict):
        assert isinstance(right, dict), where
        assert list(left) == list(right), where
        for key in left:
            assert_close(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        assert isinstance(right, list) and len(left) == len(right), where
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_close(a, b, f"{where}[{i}]")
    elif isinstance(left, float) and isinstance(right, float | int):
        assert math.isclose(left, right, rel_tol=0, abs_tol=TOLERANCE), (where, left, right)
    else:
        assert left == right, (where, left, right)


def in_percent_range(value: float | None) -> bool:
    return value is None or -TOLERANCE <= value <= 100 + TOLERANCE


# --------------------------------------------------------------------------- accounting


@THOROUGH
@given(surveys(), min_group_sizes)
def test_every_row_read_is_a_respondent_or_an_exclusion(
    generated: Generated, min_group_size: int
) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    assert result["rows_read"] == len(generated.table)
    assert result["rows_read"] == result["respondents"] + result["rows_excluded"]
    assert result["rows_excluded"] == sum(result["exclusions"].values())


@QUICK
@given(surveys())
def test_exclusions_are_counted_by_reason(generated: Generated) -> None:
    result = score_or_skip(generated, 1).to_dict()
    no_division = ~generated.has_division()
    no_answer = generated.has_division() & ~generated.answered().any(axis=1)
    assert result["exclusions"] == {
        "duplicate response": 0,
        "conflicting duplicates": 0,
        "no division": int(no_division.sum()),
        "no answered item": int(no_answer.sum()),
    }


@QUICK
@given(surveys(max_rows=8))
def test_a_survey_without_a_scorable_row_is_refused(generated: Generated) -> None:
    unscorable = generated.table.copy()
    unscorable[list(generated.items)] = None
    with pytest.raises(cx.SurveyError):
        build(unscorable, framework=None)


@QUICK
@given(surveys(), min_group_sizes)
def test_organisation_n_is_respondents_and_sum_of_division_n(
    generated: Generated, min_group_size: int
) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    organisation_n = result["organisation"]["n"]
    assert organisation_n == result["respondents"] == int(generated.kept().sum())
    shown = [d["n"] for d in result["divisions"].values()]
    assert hidden_remainder(organisation_n, shown) in {0, *range(min_group_size, 10**6)}


@QUICK
@given(surveys(), min_group_sizes)
def test_division_n_counts_its_kept_rows(generated: Generated, min_group_size: int) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    expected = generated.table.loc[generated.kept(), "Division"].value_counts().to_dict()
    for name, division in result["divisions"].items():
        assert division["n"] == expected[name] >= min_group_size


@QUICK
@given(surveys())
def test_organisation_statement_n_counts_answers_of_kept_rows(generated: Generated) -> None:
    result = score_or_skip(generated, 1).to_dict()
    answers = generated.answered()[generated.kept()].sum()
    expected = {item: int(n) for item, n in answers.items() if n > 0}
    statements = result["organisation"]["statements"]
    assert {item: s["n"] for item, s in statements.items()} == expected


# --------------------------------------------------------------------------- figures


@QUICK
@given(surveys())
def test_organisation_statement_scores_follow_the_scale(generated: Generated) -> None:
    """Yes = 100, No = 0, 5-point answer v → (v − 1)/4·100; favourable is Yes or 4–5."""
    result = score_or_skip(generated, 1).to_dict()
    kept = generated.table[generated.kept()]
    for item, statement in result["organisation"]["statements"].items():
        values = [SCALES[generated.scales[item]][v] for v in kept[item] if is_answer(v)]
        scores = [score for score, _ in values]
        favourable = [good for _, good in values]
        assert statement["score"] == pytest.approx(sum(scores) / len(scores), abs=TOLERANCE)
        assert statement["pct_favourable"] == pytest.approx(
            100 * sum(favourable) / len(favourable), abs=TOLERANCE
        )


@QUICK
@given(surveys(), min_group_sizes)
def test_overall_and_pillars_are_unweighted_means_of_statements(
    generated: Generated, min_group_size: int
) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    for name, group in reported_groups(result):
        scores = {item: s["score"] for item, s in group["statements"].items()}
        overall = sum(scores.values()) / len(scores)
        assert group["score"] == pytest.approx(overall, abs=TOLERANCE), name
        for pillar, value in group["pillars"].items():
            members = [s for item, s in scores.items() if PILLAR_OF[item] == pillar]
            if members:
                assert value == pytest.approx(sum(members) / len(members), abs=TOLERANCE)
            else:
                assert value is None, (name, pillar)


@THOROUGH
@given(surveys(), min_group_sizes)
def test_scores_and_percentages_lie_between_0_and_100(
    generated: Generated, min_group_size: int
) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    for name, group in reported_groups(result):
        assert in_percent_range(group["score"]), name
        assert all(in_percent_range(v) for v in group["pillars"].values()), name
        for item, s in group["statements"].items():
            assert in_percent_range(s["score"]), (name, item)
            assert in_percent_range(s["pct_favourable"]), (name, item)
            for low, high in (
                ("score_ci_low", "score_ci_high"),
                ("pct_favourable_ci_low", "pct_favourable_ci_high"),
            ):
                if s[low] is not None and s[high] is not None:
                    assert in_percent_range((s[low] + s[high]) / 2), (name, item, low)
        if group["nps"] is not None and group["nps"]["score"] is not None:
            assert -100 <= group["nps"]["score"] <= 100, name


@QUICK
@given(surveys(), min_group_sizes)
def test_level_is_the_band_of_the_overall_score(generated: Generated, min_group_size: int) -> None:
    result = score_or_skip(generated, min_group_size).to_dict()
    names = {level.level: level.name for level in cx.load_levels()}
    for name, group in reported_groups(result):
        assert group["level"] == expected_level(group["score"]), (name, group["score"])
        assert group["level_name"] == names[group["level"]], name


# --------------------------------------------------------------------------- suppression


@THOROUGH
@given(surveys(), min_group_sizes)
def test_no_statement_cell_is_about_fewer_than_the_minimum(
    generated: Generated, min_group_size: int
) -> None:
    """Every figure shown covers at least the minimum, and what the divisions shown leave of
    the organisation — respondents, and people who answered each statement or NPS — is
    nobody or at least the minimum: nothing hidden can be worked out by subtraction."""
    result = score_or_skip(generated, min_group_size).to_dict()
    allowed = {0, *range(min_group_size, 10**6)}
    organisation, divisions = result["organisation"], result["divisions"].values()
    for item, statement in organisation["statements"].items():
        assert statement["n"] >= min_group_size
        shown = [d["statements"][item]["n"] for d in divisions if item in d["statements"]]
        assert all(n >= min_group_size for n in shown)
        assert hidden_remainder(statement["n"], shown) in allowed, item
    if organisation["nps"] is not None:
        shown = [d["nps"]["n"] for d in divisions if d["nps"] is not None]
        assert hidden_remainder(organisation["nps"]["n"], shown) in allowed
    sizes = generated.table.loc[generated.kept(), "Division"].value_counts()
    assert result["divisions_not_shown"] == len(sizes) - len(result["divisions"])


@THOROUGH
@given(surveys(), min_group_sizes)
def test_hidden_divisions_are_never_named(generated: Generated, min_group_size: int) -> None:
    results = score_or_skip(generated, min_group_size)
    sizes = generated.table.loc[generated.kept(), "Division"].value_counts()
    hidden = set(sizes.index) - set(results.divisions)
    text = json.dumps(results.to_dict()) + results.to_table().to_csv(index=False)
    for gap in results.to_dict()["gaps"].values():
        assert gap["min_division"] not in hidden and gap["max_division"] not in hidden
        assert 1 <= gap["divisions"] <= len(results.divisions)
    for name in hidden:
        assert f'"{name}"' not in text and f",{name}," not in text


# --------------------------------------------------------------------------- robustness


@QUICK
@given(surveys(), min_group_sizes, st.data())
def test_results_do_not_depend_on_row_order(
    generated: Generated, min_group_size: int, data: st.DataObject
) -> None:
    original = score_or_skip(generated, min_group_size).to_dict()
    order = data.draw(st.permutations(range(len(generated.table))))
    shuffled = generated.table.iloc[list(order)].reset_index(drop=True)
    again = cx.score(build(shuffled), min_group_size=min_group_size).to_dict()
    assert_close(original, again)


@st.composite
def surveys_with_copies(draw: st.DrawFn) -> pd.DataFrame:
    """Surveys whose response ids repeat, with differing answers and sometimes dates."""
    generated = draw(surveys(max_rows=12))
    rows = len(generated.table)
    table = generated.table.copy()
    table["Response ID"] = draw(st.lists(st.sampled_from("abcd"), min_size=rows, max_size=rows))
    if draw(st.booleans()):
        days = st.sampled_from(("2024-01-01", "2024-01-02", "2024-01-03", None))
        table["Date"] = draw(st.lists(days, min_size=rows, max_size=rows))
    return table


@QUICK
@given(surveys_with_copies(), st.data())
def test_conflicting_copies_resolve_the_same_way_in_any_order(
    table: pd.DataFrame, data: st.DataObject
) -> None:
    def outcome(frame: pd.DataFrame) -> object:
        try:
            results = cx.score(build(frame), min_group_size=1)
        except cx.CxMaturityError as error:
            return type(error)
        return results.to_dict()

    order = data.draw(st.permutations(range(len(table))))
    shuffled = table.iloc[list(order)].reset_index(drop=True)
    first, again = outcome(table), outcome(shuffled)
    if isinstance(first, dict):
        assert_close(first, again)
    else:
        assert first == again


@QUICK
@given(
    st.lists(st.sampled_from(DIVISIONS), min_size=2, max_size=3, unique=True),
    item_scales,
    st.data(),
)
def test_several_files_without_division_column_are_divisions_by_stem(
    stems: list[str], scales: dict[str, str], data: st.DataObject
) -> None:
    """Files of one survey share its statements' scales; each file stem names a division."""
    files = [data.draw(surveys(max_rows=8, division_column=False, scales=scales)) for _ in stems]
    assume(all(f.kept().any() for f in files))
    tables = [(f"{stem}.csv", stem, f.table) for stem, f in zip(stems, files, strict=True)]
    results = cx.score(cx.build_survey(tables, FRAMEWORK), min_group_size=1)
    expected = {stem: int(f.kept().sum()) for stem, f in zip(stems, files, strict=True)}
    assert {name: d.n for name, d in results.divisions.items()} == expected
    assert results.exclusions["no division"] == 0


ANY_ANSWER = st.one_of(
    st.none(),
    st.text(max_size=5),
    st.sampled_from(
        (
            *NON_ANSWERS,
            *SCALES["yes/no"],
            *AGREE5,
            "Somewhat agree",
            "Neutral",
            "4.0",
            "007",
            "-1",
            "1e3",
            "99999999999999999999999",
            "\u0663",
            "\u00b2",
            " Yes ",
            "nan",
        )
    ),
    st.integers(-3, 12).map(str),
)


@st.composite
def arbitrary_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(1, 8))
    items = draw(st.lists(st.sampled_from(ITEM_IDS), min_size=1, max_size=4, unique=True))
    column = st.lists(ANY_ANSWER, min_size=rows, max_size=rows)
    divisions = st.one_of(st.none(), st.sampled_from(DIVISIONS), st.text(max_size=3))
    data = {"Division": draw(st.lists(divisions, min_size=rows, max_size=rows))}
    data |= {item: draw(column) for item in items}
    if draw(st.booleans()):
        data[NPS_HEADER] = draw(column)
    return pd.DataFrame(data, dtype=object)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arbitrary_tables(), min_group_sizes)
def test_only_cxmaturity_errors_escape_the_engine(table: pd.DataFrame, min_group_size: int) -> None:
    """Any text may be in the cells: either a full JSON-safe result or a CxMaturityError."""
    try:
        results = cx.score(build(table), min_group_size=min_group_size)
    except cx.CxMaturityError as error:
        assert str(error).strip()
        return
    json.dumps(results.to_dict(), allow_nan=False)
    results.to_table().to_csv(index=False)


@QUICK
@given(surveys(), st.sampled_from(("", " ", "  \t")))
def test_blank_division_text_counts_as_no_division(generated: Generated, blank: str) -> None:
    """Tables handed to build_survey directly may hold '' or spaces where a division is
    missing; those rows are excluded as 'no division', like blank cells read from a file."""
    table = generated.table.copy()
    table["Division"] = table["Division"].where(table["Division"].notna(), blank)
    assume(generated.kept().any() and generated.table["Division"].isna().any())
    result = cx.score(build(table), min_group_size=1).to_dict()
    assert blank not in result["divisions"]
    assert result["exclusions"]["no division"] == int(generated.table["Division"].isna().sum())
