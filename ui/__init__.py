"""The one place besides app.py and pages/ that imports streamlit: cached calls into cxmaturity."""

from __future__ import annotations

import streamlit as st

import cxmaturity
from cxmaturity.resources import SAMPLE_SURVEY


@st.cache_data(show_spinner="Scoring the survey…")
def sample_results(min_group_size: int = cxmaturity.DEFAULT_MIN_GROUP_SIZE) -> cxmaturity.Results:
    """Scores of the bundled sample survey."""
    survey = cxmaturity.read_survey([SAMPLE_SURVEY])
    return cxmaturity.score(survey, min_group_size=min_group_size)
