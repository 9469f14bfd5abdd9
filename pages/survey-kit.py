"""Survey kit: what to send to every division, so next quarter's exports load without a mapping."""

from __future__ import annotations

import streamlit as st

import cxmaturity
from cxmaturity.kit import questionnaire, template_csv
from cxmaturity.sample import SCALES

st.title("Survey kit")
st.caption(
    "Send the same questions to every division, worded exactly as below: the exports of any survey "
    "tool will then be recognised without a mapping."
)
framework = cxmaturity.load_framework()
scale = st.radio(
    "Answer scale",
    list(SCALES),
    format_func={
        "agree5": "5-point agreement",
        "agree7": "7-point agreement",
        "yesno": "Yes / No",
    }.get,
    horizontal=True,
    key="kit_scale",
)
text = questionnaire(framework, scale=scale)
st.code(text, language=None, wrap_lines=True)
left, right = st.columns(2)
left.download_button(
    "Download questionnaire (.txt)",
    text,
    file_name="cx-maturity-survey.txt",
    key="download_questionnaire",
)
right.download_button(
    "Download empty response sheet (.csv)",
    template_csv(framework),
    file_name="cx-maturity-template.csv",
    mime="text/csv",
    key="download_template",
)
