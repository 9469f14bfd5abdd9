"""The one place besides app.py and pages/ that imports streamlit: shared state and cached calls.

Pages call :func:`current` for the survey, its results and findings as the sidebar has set them;
everything heavy is cached on the bytes of the files (a hash), never on a DataFrame argument.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import cxmaturity
from cxmaturity.findings import Finding, find_findings
from cxmaturity.headcount import LOW_RESPONSE_RATE
from cxmaturity.headcount import response_rates as compute_response_rates
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.settings import configured
from ui.uploads import _read_uploads, read_uploads, use_upload  # noqa: F401

# Streamlit treats an app with a pages/ folder as an old-style multipage app until the first run
# of app.py calls st.navigation; a deep link opened first would run a page without app.py (and
# its sidebar). Every page imports this module, so say at once that navigation is st.navigation.
PagesManager.uses_pages_directory = False


@dataclass(frozen=True)
class PageInfo:
    file: str
    title: str
    icon: str
    section: str


PAGES = {
    "overview": PageInfo("pages/overview.py", "Overview", ":material/dashboard:", "Review"),
    "heatmap": PageInfo("pages/heatmap.py", "Heatmap", ":material/grid_on:", "Review"),
    "pillars": PageInfo("pages/pillars.py", "Pillars", ":material/view_column:", "Review"),
    "common-language": PageInfo(
        "pages/common_language.py", "Common language", ":material/translate:", "Review"
    ),
    "division": PageInfo("pages/division.py", "Division profile", ":material/apartment:", "Review"),
    "upload": PageInfo("pages/upload.py", "Upload", ":material/upload_file:", "Data"),
    "survey-kit": PageInfo("pages/survey_kit.py", "Survey kit", ":material/checklist:", "Data"),
}
FILTERS = ("role", "region", "wave")
ALL = "All"
MEASURES = {"score": "Score (0–100)", "pct_favourable": "% favourable"}


@dataclass(frozen=True)
class Current:
    """What every page shows: the chosen data, scored with the sidebar's settings."""

    survey: cxmaturity.Survey
    results: cxmaturity.Results
    findings: tuple[Finding, ...]
    source: str
    is_sample: bool
    measure: str
    min_group_size: int


@st.cache_resource(show_spinner="Reading the sample survey…")
def _sample_survey() -> cxmaturity.Survey:
    return cxmaturity.read_survey([SAMPLE_SURVEY])


@st.cache_resource(show_spinner="Scoring…", max_entries=32)
def _scored(key: str, _survey: cxmaturity.Survey, min_group_size: int, filters: tuple):
    """Scores and findings of one view, cached on the data's key, group size and filters."""
    chosen = dict(filters)
    results = cxmaturity.score(
        _survey, min_group_size=min_group_size, filters=chosen, floor=admin_minimum()
    )
    in_view = cxmaturity.filter_survey(_survey, **chosen)
    return results, tuple(find_findings(in_view, results))


def admin_minimum() -> int:
    """The minimum group size set where the app runs (CXMATURITY_MIN_GROUP_SIZE)."""
    return configured("min_group_size")


def base_survey() -> tuple[cxmaturity.Survey, str, str, bool]:
    """The chosen data before filters: (survey, cache key, source name, is it the sample)."""
    state = st.session_state
    uploaded = state.get("uploaded_survey")
    if uploaded is not None and state.get("data_source", "uploaded") == "uploaded":
        return uploaded["survey"], uploaded["key"], uploaded["name"], False
    return _sample_survey(), "sample", "Sample survey", True


def sidebar() -> None:
    """The settings every page shares: data source, minimum group size, measure, filters."""
    state = st.session_state
    with st.sidebar:
        if state.get("uploaded_survey") is not None:
            st.radio(
                "Data",
                ["uploaded", "sample"],
                format_func=lambda v: (
                    state["uploaded_survey"]["name"] if v == "uploaded" else "Sample survey"
                ),
                key="data_source",
            )
        floor = admin_minimum()
        st.number_input(
            "Minimum group size",
            min_value=floor,
            max_value=10_000,
            value=floor,
            key="min_group_size",
            help=f"Groups with fewer respondents show no scores anywhere. It can be raised here, "
            f"not lowered below {floor}, which is set where the dashboard is run.",
        )
        st.radio("Show", list(MEASURES), format_func=MEASURES.get, key="measure", horizontal=True)
        survey = base_survey()[0]
        for column in FILTERS:
            if column in survey.respondents:
                values = sorted(survey.respondents[column].dropna().unique())
                st.selectbox(column.capitalize(), [ALL, *values], key=f"filter_{column}")


def current() -> Current:
    """The survey, results and findings for the data source and settings in the sidebar."""
    state = st.session_state
    min_group_size = max(int(state.get("min_group_size", admin_minimum())), admin_minimum())
    uploaded = state.get("uploaded_survey")
    if uploaded is not None and state.get("data_source", "uploaded") == "uploaded":
        survey, key, source, is_sample = (
            uploaded["survey"],
            uploaded["key"],
            uploaded["name"],
            False,
        )
    else:
        survey, key, source, is_sample = _sample_survey(), "sample", "Sample survey", True
    filters = {column: state.get(f"filter_{column}") for column in FILTERS}
    filters = {c: v for c, v in filters.items() if v and v != ALL and c in survey.respondents}
    try:
        results, findings = _scored(key, survey, min_group_size, tuple(sorted(filters.items())))
    except cxmaturity.CxMaturityError as error:
        st.warning(str(error), icon=":material/visibility_off:")
        st.stop()
    survey = cxmaturity.filter_survey(survey, **filters)
    return Current(
        survey=survey,
        results=results,
        findings=findings,
        source=source,
        is_sample=is_sample,
        measure=state.get("measure", "score"),
        min_group_size=min_group_size,
    )


def response_rates(results: cxmaturity.Results):
    """Response rates from the headcount file uploaded this session, or None."""
    headcount = st.session_state.get("headcount")
    return None if headcount is None else compute_response_rates(results, headcount)


def show_low_response(results: cxmaturity.Results) -> None:
    """A warning naming divisions whose response rate is low (when a headcount was uploaded)."""
    rates = response_rates(results)
    if rates is None:
        return
    low = rates[rates["low"]]
    if len(low):
        listed = ", ".join(f"{d} ({r:.0f} %)" for d, r in low["response_rate"].items())
        st.warning(
            f"Low response rate (under {LOW_RESPONSE_RATE:.0f} %): {listed}. Their scores speak "
            "for few of their people.",
            icon=":material/groups:",
        )


def show_not_shown(results: cxmaturity.Results) -> None:
    """A note saying how many divisions are not shown, and why (never which)."""
    hidden = results.divisions_not_shown
    if hidden:
        st.caption(
            f"{hidden} division{'s are' if hidden > 1 else ' is'} not shown: fewer than "
            f"{results.min_group_size} people answered, or showing {'them' if hidden > 1 else 'it'}"
            " would let a smaller group's answers be worked out by subtraction. "
            "Their people still count in the organisation's figures."
        )
