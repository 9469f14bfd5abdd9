"""The Streamlit app on the sample data and through the upload flow (AppTest, no browser)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cxmaturity import read_survey, score
from cxmaturity.findings import find_findings
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.stats import whole
from tests.conftest import ROOT

EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def run(page: str) -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=90).run()


@pytest.fixture(scope="module")
def sample():
    survey = read_survey([SAMPLE_SURVEY])
    results = score(survey)
    return results, find_findings(survey, results)


@pytest.fixture(scope="module")
def app() -> AppTest:
    return run("app.py")


def test_app_runs_without_exception(app: AppTest) -> None:
    assert not app.exception


def test_overview_shows_the_organisation_score_and_pillars(app: AppTest, sample) -> None:
    results, _ = sample
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Organisation score (0–100)"] == f"{results.organisation.score:.1f}"
    level = results.organisation.level
    assert metrics["Maturity level"] == f"{level.level} · {level.name}"
    for pillar in results.framework.pillars:
        assert metrics[pillar.name] == f"{results.organisation.pillars[pillar.id]:.1f}"


def test_overview_lists_the_findings(app: AppTest, sample) -> None:
    _, findings = sample
    shown = " ".join(m.value for m in app.markdown)
    for finding in findings[:8]:
        assert finding.headline in shown


def test_hidden_divisions_are_counted_never_named(app: AppTest) -> None:
    table = next(df.value for df in app.dataframe if "Level" in df.value.columns)
    assert not {"Human Resources", "Marketing"} & set(table["Division"])
    assert table["Score"].notna().all()
    assert any("2 divisions are not shown" in c.value for c in app.caption)


def run_with(**settings) -> AppTest:
    """The app run once with sidebar settings already chosen (as a returning user has them)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in settings.items():
        at.session_state[key] = value
    return at.run()


def test_minimum_group_size_can_be_raised_not_lowered() -> None:
    lowered = run_with(min_group_size=1)
    assert not lowered.exception
    table = next(df.value for df in lowered.dataframe if "Level" in df.value.columns)
    assert "Human Resources" not in set(table["Division"])
    raised = run_with(min_group_size=150)  # Sales 152, Finance 184, IT 167 remain
    table = next(df.value for df in raised.dataframe if "Level" in df.value.columns)
    assert (table["Respondents"] >= 150).all() and len(table) < 6


def test_role_filter_rescores(app: AppTest, sample) -> None:
    results, _ = sample
    at = run_with(filter_role="frontline")
    assert not at.exception
    shown = int({m.label: m.value for m in at.metric}["Respondents"].replace(",", ""))
    assert 0 < shown < results.respondents


def test_upload_flow_reads_reports_and_confirms() -> None:
    at = run("pages/upload.py")
    content = (EXPORTS / "qualtrics_current.csv").read_bytes()
    at.file_uploader(key="upload_files").set_value([("qualtrics_current.csv", content, "text/csv")])
    at.run()
    assert not at.exception
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == "24" and metrics["Respondents kept"] == "22"
    at.button(key="confirm_upload").click().run()
    assert at.session_state["uploaded_survey"]["name"] == "qualtrics_current.csv"


def test_upload_of_a_bad_file_is_a_message_not_a_traceback() -> None:
    at = run("pages/upload.py")
    at.file_uploader(key="upload_files").set_value(
        [("logo.csv", b"\x89PNG\r\n\x1a\n\0", "text/csv")]
    )
    at.run()
    assert not at.exception
    assert "PNG image" in at.error[0].value


def test_mapping_editor_offers_every_column() -> None:
    at = run("pages/upload.py")
    content = (EXPORTS / "needs_mapping.csv").read_bytes()
    at.file_uploader(key="upload_files").set_value([("needs_mapping.csv", content, "text/csv")])
    at.run()
    assert not at.exception
    assert "no survey statements recognised in needs_mapping.csv" in at.error[0].value


def test_survey_kit_offers_the_questionnaire() -> None:
    at = run("pages/survey_kit.py")
    assert not at.exception
    text = at.code[0].value
    assert "There is someone in our company who clarifies what we are to accomplish" in text
    assert "Which division do you work in?" in text


def test_headcount_gives_response_rates_and_flags_low_ones() -> None:
    headcount = "division,headcount\nSales,1000\nFinance,200\nIT,200\n"
    at = run("pages/upload.py")
    at.file_uploader(key="upload_headcount").set_value(
        [("headcount.csv", headcount.encode(), "text/csv")]
    )
    at.run()
    assert not at.exception and not at.error
    overview = run_with(headcount=at.session_state["headcount"])
    assert not overview.exception
    table = next(df.value for df in overview.dataframe if "Response rate %" in df.value.columns)
    rates = table.set_index("Division")["Response rate %"]
    assert rates["Finance"] == pytest.approx(100 * 184 / 200)
    assert "Sales (15 %)" in overview.warning[0].value


def test_overview_lists_least_favourable_statements_and_largest_gaps(app: AppTest, sample) -> None:
    results, findings = sample
    table = next(df.value for df in app.dataframe if "% favourable" in df.value.columns)
    lowest = results.organisation.statements["pct_favourable"].nsmallest(5)
    assert [s.split(" · ")[0] for s in table["Statement"]] == list(lowest.index)
    assert table["% favourable"].tolist() == pytest.approx(lowest.tolist())
    shown = " ".join(m.value for m in app.markdown)
    for item, gap in results.gaps.nlargest(3, "icc1_beyond_levels").iterrows():
        low = whole(results.divisions[gap["min_division"]].scores.statements.loc[item, "score"])
        high = whole(results.divisions[gap["max_division"]].scores.statements.loc[item, "score"])
        assert f"**{item}**" in shown and f"{high - low} points apart" in shown
    # the findings name the same pair for the same statements
    for finding in (f for f in findings if f.kind == "language_gap"):
        gap = results.gaps.loc[finding.statement]
        assert finding.divisions == (gap["min_division"], gap["max_division"])
