"""The one place besides app.py and pages/ that imports streamlit: cached calls into cxmaturity."""

from __future__ import annotations

import streamlit as st

import cxmaturity
from cxmaturity.findings import Finding, find_findings
from cxmaturity.resources import SAMPLE_SURVEY


@st.cache_resource(show_spinner="Reading the survey…")
def sample_survey() -> cxmaturity.Survey:
    """The bundled sample survey, read once per server."""
    return cxmaturity.read_survey([SAMPLE_SURVEY])


@st.cache_resource(show_spinner="Scoring the survey…")
def sample_results(min_group_size: int = cxmaturity.DEFAULT_MIN_GROUP_SIZE) -> cxmaturity.Results:
    """Scores of the bundled sample survey."""
    return cxmaturity.score(sample_survey(), min_group_size=min_group_size)


@st.cache_resource(show_spinner="Looking for findings…")
def sample_findings(min_group_size: int = cxmaturity.DEFAULT_MIN_GROUP_SIZE) -> list[Finding]:
    """Key findings of the bundled sample survey."""
    return find_findings(sample_survey(), sample_results(min_group_size))
