"""cxmaturity dashboard entry point: ``streamlit run app.py``."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from ui import PAGES, sidebar

st.set_page_config(page_title="cxmaturity", page_icon=":material/insights:", layout="wide")
OVERVIEW = Path(__file__).resolve().parent / PAGES["overview"].file


def _start() -> None:
    """What / shows: the Overview (whose own address is /overview)."""
    runpy.run_path(str(OVERVIEW), run_name="__main__")


sections: dict[str, list] = {}
for url, page in PAGES.items():
    sections.setdefault(page.section, []).append(
        st.Page(page.file, title=page.title, icon=page.icon, url_path=url)
    )
# Streamlit serves the default page at / and reserves its name there: a hidden start page that
# draws the Overview leaves /overview to the Overview itself.
sections[PAGES["overview"].section].append(
    st.Page(_start, title="cxmaturity", default=True, visibility="hidden")
)
chosen = st.navigation(sections)
sidebar(chosen.url_path or "overview")
chosen.run()
