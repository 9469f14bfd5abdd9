"""The Streamlit app on the sample data and through the upload flow (AppTest, no browser)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import cxmaturity
from cxmaturity import read_survey, score
from cxmaturity.findings import find_findings
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.stats import whole
from cxmaturity.store import Store
from cxmaturity.store.schema import waves as waves_table
from cxmaturity.trends import change_findings, trends
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
    at.text_input(key="wave_name").set_value("Q1 2026")
    at.button(key="confirm_upload").click().run()
    assert not at.exception and not at.error
    (wave,) = Store().waves()
    assert (wave.name, wave.files, wave.respondents) == ("Q1 2026", ("qualtrics_current.csv",), 22)
    assert at.session_state["data_source"] == "Q1 2026"
    assert any("Saved as the survey wave **Q1 2026**" in s.value for s in at.success)


def test_upload_of_a_bad_file_is_a_message_not_a_traceback() -> None:
    at = run("pages/upload.py")
    at.file_uploader(key="upload_files").set_value(
        [("logo.csv", b"\x89PNG\r\n\x1a\n\0", "text/csv")]
    )
    at.run()
    assert not at.exception
    assert "PNG image" in at.error[0].value


def upload(*files: str, **state) -> AppTest:
    """The Upload page with fixture files chosen (and session state set after the first run)."""
    at = run("pages/upload.py")
    chosen = [(name, (EXPORTS / name).read_bytes(), "application/octet-stream") for name in files]
    at.file_uploader(key="upload_files").set_value(chosen)
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    return at.run() if state else at


def shown_text(at: AppTest) -> str:
    """Every text the page shows: messages, labels, options, tables."""
    parts = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.label for kind in ("button", "expander", "text_input") for e in getattr(at, kind)]
    parts += [f"{s.label} {' '.join(map(str, s.options))}" for s in at.selectbox]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(map(str, parts))


TEXT_ELEMENTS = ("title", "subheader", "markdown", "caption", "error", "warning", "info", "success")
MAPPED = dict(
    line.split(",") for line in (EXPORTS / "needs_mapping.mapping.csv").read_text().splitlines()[1:]
)


def test_report_and_editor_are_shown_when_no_statement_is_recognised() -> None:
    at = upload("needs_mapping.csv")
    assert not at.exception
    assert at.error[0].value.startswith("Not ready yet")
    report = shown_text(at)
    assert "**needs_mapping.csv**: no statement recognised" in report
    assert "**Personal columns dropped:** email (its name says it holds e-mail addresses)" in report
    assert "**Statements:** 0 of 14" in report and "**Division:** dept" in report
    columns = at.dataframe[0].value.set_index("column")
    assert len(columns) == 20 and "email" not in columns.index
    assert columns.loc["q01", "answers"] == "yes · no"
    assert columns.loc["Comments", "answers"] == "(free text or names: not shown)"


@pytest.mark.parametrize(
    ("files", "state"),
    [
        (("needs_mapping.csv",), {}),
        (("codebook_survey.xlsx",), {}),
        (("qualtrics_current.csv", "surveymonkey.csv"), {}),
        (
            ("needs_mapping.csv",),
            {"mapping_edits": {"q01": "S01", "q02": "S01", "Comments": "nps"}},
        ),
        (("codebook_survey.xlsx",), {"upload_sheet::codebook_survey.xlsx": "Index"}),
    ],
)
def test_no_message_names_a_command_line_flag(files, state) -> None:
    at = upload(*files, **state)
    if "mapping_edits" in state:
        at.button(key="apply_mapping").click().run()
    assert not at.exception
    assert not re.search(r"(^|[\s(])--[a-z]", shown_text(at))


def test_apply_lists_every_problem_next_to_the_rows_concerned() -> None:
    edits = {"q01": "S01", "q02": "S01", "Comments": "nps"}
    at = upload("needs_mapping.csv", mapping_edits=edits)
    assert "3 changes not applied yet" in shown_text(at)
    at.button(key="apply_mapping").click().run()
    assert not at.exception
    listed = [line for m in at.markdown for line in m.value.splitlines() if "*(columns" in line]
    assert len(listed) == 2  # both problems, in one list, each naming its columns
    assert any("'q01' and 'q02' both hold S01" in line for line in listed)
    assert any("both 'ltr' and 'Comments' as nps" in line for line in listed)
    rows = at.dataframe[0].value.set_index("column")
    assert "both hold S01" in rows.loc["q01", "problem"]
    assert "both hold S01" in rows.loc["q02", "problem"]
    assert "as nps" in rows.loc["Comments", "problem"] and "as nps" in rows.loc["ltr", "problem"]
    assert rows.loc["q03", "problem"] == ""
    assert rows.loc["Comments", "use"] == "nps"  # as chosen, not as the engine resolved it


def test_apply_of_a_whole_mapping_makes_the_export_ready() -> None:
    at = upload("needs_mapping.csv", mapping_edits=MAPPED)
    at.button(key="apply_mapping").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Ready: 22 respondents in 3 divisions")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Respondents kept"] == "22"
    at.button(key="confirm_applied").click().run()
    (wave,) = Store().waves()
    assert Store().load(wave.name).report.respondents == 22
    assert (
        "column,item"
        in Store()
        .engine.connect()
        .execute(waves_table.select().with_only_columns(waves_table.c.mapping))
        .scalar_one()
    )  # the mapping used is kept with the wave


def test_a_loaded_mapping_file_is_applied() -> None:
    at = upload("needs_mapping.csv")
    content = (EXPORTS / "needs_mapping.mapping.csv").read_bytes()
    at.file_uploader(key="upload_mapping").set_value([("q.mapping.csv", content, "text/csv")])
    at.run()
    assert not at.exception and not at.error
    assert any("Read with q.mapping.csv: 22 respondents" in s.value for s in at.success)


def test_codebook_workbook_reads_its_data_sheet_with_year_as_round() -> None:
    at = upload("codebook_survey.xlsx")
    assert not at.exception and not at.error
    report = shown_text(at)
    assert "**Sheet:** Data (of 2)" in report
    assert "**Survey wave:** Year" in report
    assert "**Personal columns dropped:** Email" in report
    assert "**Statements:** 10 of 14 (not found: S09, T01, T02, T03)" in report
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows read"] == metrics["Respondents kept"] == "42"
    assert at.selectbox(key="upload_sheet::codebook_survey.xlsx").value == "Data"


@pytest.mark.parametrize(
    ("scale", "points", "shown"),
    [
        ("inferred from the answers", 5, "numeric 1–5 (favourable: 4–5) — inferred"),
        ("1–5", 5, "numeric 1–5 (favourable: 4–5) — chosen here"),
        ("1–7", 7, "numeric 1–7 (favourable: 5–7) — chosen here"),
    ],
)
def test_scale_selector_rescores_numeric_answers(scale, points, shown) -> None:
    at = upload("codebook_survey.xlsx")
    assert at.selectbox(key="upload_scale").value == "inferred from the answers"
    assert any("inferred: the answers run from 1 to 5" in c.value for c in at.caption)
    at.selectbox(key="upload_scale").set_value(scale).run()
    assert not at.exception and not at.error
    assert f"**Answer scales:** {shown}" in shown_text(at)
    at.button(key="confirm_upload").click().run()
    survey = Store().load(Store().latest().name)
    assert {s.points for s in survey.scales.values()} == {points}


def test_scale_selector_is_offered_only_for_numeric_answers() -> None:
    at = upload("qualtrics_current.csv")
    assert not [s for s in at.selectbox if s.key == "upload_scale"]


def test_survey_kit_offers_the_questionnaire() -> None:
    at = run("pages/survey-kit.py")
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


def test_headcount_names_matching_no_division_are_listed_and_rates_rounded() -> None:
    headcount = "division,headcount\nSales,1000\nFinance,212\nMarketting,40\n"
    at = run("pages/upload.py")
    at.file_uploader(key="upload_headcount").set_value(
        [("headcount.csv", headcount.encode(), "text/csv")]
    )
    at.run()
    assert not at.exception and not at.error
    rates = at.dataframe[0].value.set_index("Division")
    assert rates.loc["Finance", "Response rate %"] == round(100 * 184 / 212)
    assert rates.loc["Sales", "Low"] == "low"
    assert "Marketting" in at.warning[0].value and "Finance" not in at.warning[0].value


def test_overview_lists_least_favourable_statements_and_largest_gaps(app: AppTest, sample) -> None:
    results, findings = sample
    table = next(df.value for df in app.dataframe if "% favourable" in df.value.columns)
    lowest = results.organisation.statements["pct_favourable"].nsmallest(5)
    assert [s.split(" · ")[0] for s in table["Statement"]] == list(lowest.index)
    assert table["% favourable"].tolist() == pytest.approx(lowest.tolist())
    shown = " ".join(m.value for m in app.markdown)
    for item, gap in results.gaps.nlargest(3, "icc1_beyond_levels").iterrows():
        high, low = whole(gap["beyond_max"]), whole(gap["beyond_min"])
        assert f"**{item}**" in shown and f"{high - low} points apart" in shown
        assert f"{gap['beyond_max_division']} {high:+d}" in shown
    # the findings name the same pair for the same statements
    for finding in (f for f in findings if f.kind == "language_gap"):
        gap = results.gaps.loc[finding.statement]
        assert finding.divisions == (gap["beyond_min_division"], gap["beyond_max_division"])


# -- saved waves ------------------------------------------------------------------------------


def save_sample_waves(*names: str) -> Store:
    """Waves of the sample organisation saved as the command line would (one file each)."""
    from cxmaturity.sample import sample_rounds

    store = Store()
    for (_, when, frame), wanted in zip(sample_rounds(), names, strict=False):
        survey = cxmaturity.build_survey([(f"{wanted}.csv", "", frame)])
        store.save(survey, name=wanted, files=[], date=when)
    return store


def test_the_app_opens_on_the_latest_saved_wave_and_the_picker_offers_every_wave() -> None:
    store = save_sample_waves("Spring", "Autumn")
    at = run("app.py")
    assert not at.exception
    picker = at.selectbox(key="data_source")
    assert picker.value == "Autumn"
    assert picker.options == ["Autumn", "Spring", "Sample survey"]
    latest = score(store.load("Autumn"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Organisation score (0–100)"] == f"{latest.organisation.score:.1f}"
    shown = " ".join(m.value for m in at.markdown)
    assert "Since Spring" in shown  # what changed, among the key findings
    picker.set_value("Sample survey").run()
    assert not at.exception
    assert not any("Since Spring" in m.value for m in at.markdown)


def test_each_session_keeps_its_own_choice_of_wave() -> None:
    save_sample_waves("Spring", "Autumn")
    first, second = run("app.py"), run("app.py")
    first.selectbox(key="data_source").set_value("Spring").run()
    second.run()
    assert first.selectbox(key="data_source").value == "Spring"
    assert second.selectbox(key="data_source").value == "Autumn"


def test_the_same_file_twice_is_refused_and_its_wave_offered() -> None:
    at = upload("qualtrics_current.csv")
    at.text_input(key="wave_name").set_value("First")
    at.button(key="confirm_upload").click().run()
    again = upload("qualtrics_current.csv")
    again.text_input(key="wave_name").set_value("Second")
    again.button(key="confirm_upload").click().run()
    assert not again.exception
    assert any("already saved, in the wave 'First'" in e.value for e in again.error)
    assert [w.name for w in Store().waves()] == ["First"]
    again.button(key="confirm_upload_held").click().run()
    assert again.session_state["data_source"] == "First"


def test_waves_are_renamed_and_deleted_on_the_upload_page_after_confirmation() -> None:
    save_sample_waves("Spring", "Autumn")
    at = run("pages/upload.py")
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Respondents" in df.value.columns)
    assert list(table["Wave"]) == ["Spring", "Autumn"]
    at.selectbox(key="manage_wave").set_value("Spring").run()
    at.text_input(key="manage_new_name").set_value("Spring 2026").run()
    at.button(key="manage_rename").click().run()
    assert [w.name for w in Store().waves()] == ["Spring 2026", "Autumn"]
    at.selectbox(key="manage_wave").set_value("Autumn").run()
    assert at.button(key="manage_delete").disabled
    at.checkbox(key="manage_sure").check().run()
    at.button(key="manage_delete").click().run()
    assert not at.exception
    assert [w.name for w in Store().waves()] == ["Spring 2026"]


def test_trends_page_compares_the_saved_waves() -> None:
    store = save_sample_waves("Mid-2025", "End 2025", "Mid-2026")
    at = run_page("trends")
    assert not at.exception and not at.error
    shown = " ".join(m.value for m in at.markdown)
    found = trends_of(store)
    for finding in change_findings(found):
        assert finding.headline in shown
    table = next(df.value for df in at.dataframe if "Change" in df.value.columns)
    expected = found.change_table("Mid-2026")
    assert list(table["Division"]) == list(expected["group"])
    assert list(table["Change"]) == [f"{v:+d}" if v else "0" for v in expected["change"]]
    assert not at.toggle  # no example with waves of one's own


def test_trends_page_offers_an_example_until_two_waves_are_saved() -> None:
    at = run_page("trends")
    assert not at.exception
    assert "none is saved yet" in at.info[0].value
    assert at.toggle[0].value
    assert any("Example, not your data" in c.value for c in at.caption)


def test_the_heatmap_shows_the_change_since_the_wave_before() -> None:
    store = save_sample_waves("Mid-2025", "End 2025")
    at = run_page("heatmap")
    at.toggle(key="heatmap_change").set_value(True).run()
    assert not at.exception
    figure = at.get("plotly_chart")[0].proto.spec
    assert "Change since Mid-2025" in figure
    change = trends_of(store).changes
    sales = change[(change["group"] == "Sales") & (change["measure"] == "S04")]
    assert sales["change"].notna().all()


def run_page(slug: str) -> AppTest:
    """One page through app.py (its navigation and sidebar), as a deep link opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(f"pages/{slug}.py").run()
    return at


def trends_of(store: Store):
    return trends([store.saved(w.name) for w in store.waves()])
