"""Heatmap: every statement in every division, against the organisation."""

from __future__ import annotations

import streamlit as st

from cxmaturity import charts, views
from ui import current, show_low_response, show_not_shown

state = current()
results = state.results

st.title("Statements by division")
if state.is_sample:
    st.caption("Sample survey — upload your own on the Upload page")

MEASURES = {
    "score": "Score (0–100)",
    "pct_favourable": "% favourable",
    "delta": "Difference from the organisation",
}
left, middle, right = st.columns([2, 1, 1])
measure = left.radio(
    "Show",
    list(MEASURES),
    format_func=MEASURES.get,
    index=list(MEASURES).index(state.measure) if state.measure in MEASURES else 0,
    horizontal=True,
    key="heatmap_measure",
)
sort = middle.radio(
    "Order divisions by",
    ["score", "name"],
    horizontal=True,
    key="heatmap_sort",
)
marked = right.checkbox(
    "Mark clear differences",
    value=True,
    key="heatmap_significance",
    help="▲ or ▼ where a division differs from the rest of the organisation after correcting "
    "for the number of comparisons (Benjamini–Hochberg, p ≤ 0.05).",
)

table = views.heatmap_table(results, measure, sort)
tests = views.significance(state.survey, results, measure=measure) if marked else None
st.plotly_chart(charts.heatmap(table, significance=tests), key="heatmap_chart", theme=None)
show_low_response(results)

centre = "0 (the organisation)" if measure == "delta" else f"{table.centre:.0f}, the organisation"
st.caption(
    f"Blue is above, orange below {centre}; the colour scale is centred there. "
    "Spread is the highest minus the lowest division. An empty cell marked “no data” means "
    "nobody in the division answered that statement; a grey cell is withheld, because too few "
    "answered it to show without revealing someone's answers."
)
show_not_shown(results)
if tests is not None:
    clear = tests[tests["significant"]]
    st.caption(
        f"{len(clear)} of {len(tests)} division-statement cells differ clearly from the rest of "
        "the organisation (▲ above, ▼ below)."
    )
