"""cxmaturity dashboard entry point: ``streamlit run app.py``."""

from __future__ import annotations

import streamlit as st

from ui import PAGES, sidebar

st.set_page_config(page_title="cxmaturity", page_icon=":material/insights:", layout="wide")

sections: dict[str, list] = {}
for url, page in PAGES.items():
    sections.setdefault(page.section, []).append(
        st.Page(
            page.file, title=page.title, icon=page.icon, url_path=url, default=url == "overview"
        )
    )
sidebar()
st.navigation(sections).run()
