"""The one place besides app.py and pages/ that imports streamlit: shared state and cached calls.

Pages call :func:`current` for the survey, its results and findings as the sidebar has set them;
everything heavy is cached on the bytes of the files (a hash), never on a DataFrame argument.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

import cxmaturity
from cxmaturity.findings import Finding, find_findings
from cxmaturity.headcount import LOW_RESPONSE_RATE
from cxmaturity.headcount import response_rates as compute_response_rates
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.settings import configured
from cxmaturity.store import Wave
from cxmaturity.trends import change_findings
from ui import waves
from ui.uploads import UNSAVED, _read_uploads, read_uploads, use_upload  # noqa: F401

# Streamlit treats an app with a pages/ folder as an old-style multipage app until the first run
# of app.py calls st.navigation: the very first visit to a fresh server, when it is a page's own
# address (/trends), runs that page alone, without app.py (no navigation, no sidebar). Every
# page imports this module first, so say here that navigation is st.navigation and, when this
# is that first run, start it again: app.py then runs and opens the page asked for.
_OLD_STYLE_RUN = bool(PagesManager.uses_pages_directory) and get_script_run_ctx() is not None
PagesManager.uses_pages_directory = False
if _OLD_STYLE_RUN:
    st.rerun()


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
        "pages/common-language.py", "Common language", ":material/translate:", "Review"
    ),
    "division": PageInfo("pages/division.py", "Division profile", ":material/apartment:", "Review"),
    "trends": PageInfo("pages/trends.py", "Trends", ":material/timeline:", "Review"),
    "board-pack": PageInfo("pages/board-pack.py", "Board pack", ":material/slideshow:", "Board"),
    "present": PageInfo("pages/present.py", "Present", ":material/present_to_all:", "Board"),
    "upload": PageInfo("pages/upload.py", "Upload", ":material/upload_file:", "Data"),
    "survey-kit": PageInfo("pages/survey-kit.py", "Survey kit", ":material/checklist:", "Data"),
}
FILTERS = ("role", "region", "wave")
ALL = "All"
MEASURES = {"score": "Score (0–100)", "pct_favourable": "% favourable"}
SAMPLE = "sample"
# Which settings each page acts on, so that the sidebar shows a control only where it acts.
ANALYSIS = ("overview", "heatmap", "pillars", "common-language", "division")
SETTINGS_OF = {
    **{page: ("data", "min_group_size", "filters") for page in ANALYSIS},
    "trends": ("min_group_size",),
    "board-pack": ("data", "min_group_size", "filters"),
}
# Widget values kept while a page that does not draw them is open (Streamlit forgets a widget's
# value on a run that does not draw it).
KEPT = ("data_source", "min_group_size", "measure", *(f"filter_{c}" for c in FILTERS))
KEPT += ("board_organisation",)  # typed on the Board pack page, shown on Present's title


@dataclass(frozen=True)
class Current:
    """What every page shows: the chosen data, scored with the sidebar's settings."""

    survey: cxmaturity.Survey  # the whole wave: every view is selected by results.filters
    results: cxmaturity.Results
    findings: tuple[Finding, ...]
    source: str
    is_sample: bool
    measure: str
    min_group_size: int
    wave: Wave | None = None
    previous: Wave | None = None


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
    # the findings select the view themselves (results.filters), on the survey's own cube and
    # suppression — exactly as the command line finds them
    return results, tuple(find_findings(_survey, results))


def admin_minimum() -> int:
    """The minimum group size set where the app runs (CXMATURITY_MIN_GROUP_SIZE)."""
    return configured("min_group_size")


@dataclass(frozen=True)
class Data:
    """The data chosen in the sidebar, before filters."""

    survey: cxmaturity.Survey
    key: str
    source: str
    is_sample: bool
    wave: Wave | None = None
    previous: Wave | None = None


def choices() -> list[str]:
    """What the data picker offers: saved waves (newest first), an upload this session could
    not save, the sample."""
    listed = [w.name for w in reversed(waves.saved())]
    if st.session_state.get("uploaded_survey") is not None:
        listed.append(UNSAVED)
    return [*listed, SAMPLE]


def chosen_data() -> Data:
    """The wave this session chose; by default the latest saved one, else the sample."""
    state = st.session_state
    listed_waves = waves.saved()
    by_name = {w.name: k for k, w in enumerate(listed_waves)}
    choice = state.get("data_source")
    uploaded = state.get("uploaded_survey")
    if (choice == UNSAVED and uploaded is None) or choice not in (*by_name, SAMPLE, UNSAVED):
        choice = None  # never chosen, or the wave was renamed or deleted elsewhere
    if choice is None:
        latest = listed_waves[-1].name if listed_waves else SAMPLE
        choice = UNSAVED if uploaded is not None else latest
        state["data_source"] = choice
    if choice == UNSAVED:
        return Data(uploaded["survey"], uploaded["key"], f"{uploaded['name']} (not saved)", False)
    if choice in by_name:
        k = by_name[choice]
        wave = listed_waves[k]
        try:
            survey = waves.load(wave)
        except cxmaturity.CxMaturityError as error:
            st.error(f"The survey wave {wave.name!r} cannot be loaded: {error}")
            st.stop()
        before = listed_waves[k - 1] if k else None
        return Data(survey, waves.key_of(wave), wave.name, False, wave, before)
    return Data(_sample_survey(), "sample", "Sample survey", True)


def base_survey() -> tuple[cxmaturity.Survey, str, str, bool]:
    """The chosen data before filters: (survey, cache key, source name, is it the sample)."""
    data = chosen_data()
    return data.survey, data.key, data.source, data.is_sample


def _label(choice: str) -> str:
    if choice == SAMPLE:
        return "Sample survey"
    if choice == UNSAVED:
        return f"{st.session_state['uploaded_survey']['name']} (not saved)"
    return choice


def sidebar(page: str | None = None) -> None:
    """The settings the open page acts on — and only those: the survey wave shown, the minimum
    group size, filters by role, region and wave."""
    state = st.session_state
    for key in KEPT:  # keep what other pages set while this one does not draw it
        if key in state:
            state[key] = state[key]
    acts_on = SETTINGS_OF.get(page or "overview", ())
    if not acts_on:
        return
    with st.sidebar:
        if "data" in acts_on:
            data = chosen_data()
            options = choices()
            st.selectbox(
                "Survey wave",
                options,
                format_func=_label,
                key="data_source",
                help="Saved waves, newest first (the Upload page saves one), or the sample. "
                "Every page shows the wave chosen here; the Trends page compares them all.",
            )
            if state.get("store_error"):
                st.caption(f":material/warning: Waves cannot be saved: {state['store_error']}")
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
        if "filters" in acts_on:
            survey = data.survey
            for column in FILTERS:
                if column in survey.respondents:
                    values = sorted(survey.respondents[column].dropna().unique())
                    st.selectbox(column.capitalize(), [ALL, *values], key=f"filter_{column}")


def minimum() -> int:
    """The minimum group size this session uses (never below the administrator's)."""
    state = st.session_state
    return max(int(state.get("min_group_size", admin_minimum())), admin_minimum())


def current() -> Current:
    """The survey, results and findings for the wave and settings chosen in the sidebar."""
    state = st.session_state
    min_group_size = minimum()
    data = chosen_data()
    survey = data.survey
    filters = {column: state.get(f"filter_{column}") for column in FILTERS}
    filters = {c: v for c, v in filters.items() if v and v != ALL and c in survey.respondents}
    try:
        results, findings = _scored(
            data.key, survey, min_group_size, tuple(sorted(filters.items()))
        )
    except cxmaturity.CxMaturityError as error:
        st.warning(str(error), icon=":material/visibility_off:")
        st.stop()
    if data.wave is not None and data.previous is not None:
        findings = findings + tuple(_changes(data, min_group_size, filters))
        findings = tuple(sorted(findings, key=lambda f: -f.severity))
    return Current(
        survey=survey,
        results=results,
        findings=findings,
        source=data.source,
        is_sample=data.is_sample,
        measure=state.get("measure", "score"),
        min_group_size=min_group_size,
        wave=data.wave,
        previous=data.previous,
    )


SAMPLE_NOTE = "Sample survey — upload your own on the Upload page"


def heading(title: str, state: Current) -> None:
    """A page's title, and a word when what it shows is the bundled sample."""
    st.title(title)
    if state.is_sample:
        st.caption(SAMPLE_NOTE)


def _changes(data: Data, min_group_size: int, filters: dict) -> list[Finding]:
    """What changed since the wave before, in words (none when it cannot be compared)."""
    try:
        found = waves.compare([data.previous, data.wave], min_group_size, admin_minimum(), filters)
    except cxmaturity.CxMaturityError:
        return []  # the filtered view is too small in one of the waves
    return change_findings(found)


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
