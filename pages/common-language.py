"""Common language: on which statements divisions see the customer work differently."""

from __future__ import annotations

import streamlit as st

from cxmaturity import charts, views
from cxmaturity.stats import thresholds
from ui import current, heading

state = current()
survey, results = state.survey, state.results

heading("Common language", state)

gaps = views.language_gaps(results)
if gaps.empty:
    st.info("At least two divisions with enough responses are needed to compare divisions.")
    st.stop()

widest = gaps.iloc[0]
st.markdown(
    f"Divisions are furthest apart on **{gaps.index[0]}** — “{widest['text'].rstrip('.')}”: "
    f"{widest['min_division']} scores {widest['min_score']:.0f}, {widest['max_division']} "
    f"{widest['max_score']:.0f} ({widest['range']:.0f} points apart)."
)
st.plotly_chart(charts.gap_dumbbell(gaps), key="language_dumbbell", theme=None)

rules = thresholds()
st.plotly_chart(
    charts.icc_bars(gaps, threshold=rules.language_gap_icc), key="language_icc", theme=None
)
st.caption(
    "ICC beyond levels is the share of the variation in answers to a statement that lies between "
    "divisions once each division's overall level is set aside — how much the divisions "
    f"disagree about this statement in particular. From {rules.language_gap_icc:g}, the "
    "divisions do not yet share a common language on it; the Overview's key findings name those "
    "statements when the difference is also clear after correction."
)

st.plotly_chart(
    charts.agreement_heatmap(views.agreement_table(results)), key="language_rwg", theme=None
)
st.caption(
    "rwg is 1 when everyone in the division gave the same answer and 0 when answers are as "
    "scattered as chance. A low value means the division itself has no shared view. Point at "
    "a cell for its statement in full; all of them are listed below."
)
rows = views.statement_rows(results)
with st.expander("The statements"):
    st.table(
        rows[["pillar_name", "text"]]
        .rename(columns={"pillar_name": "Pillar", "text": "Statement"})
        .rename_axis("Id")
    )

roles = views.role_gap_table(survey, results)
if not roles.empty:
    st.subheader("Top floor to shop floor")
    gap = roles["gap"].mean()
    st.markdown(
        f"On average leaders score the statements **{gap:+.0f} points** "
        f"{'above' if gap >= 0 else 'below'} the front line."
    )
    st.plotly_chart(charts.role_gap_chart(roles), key="language_roles", theme=None)

st.subheader("How each division answered")
statement = st.selectbox(
    "Statement",
    list(gaps.index),
    format_func=lambda item: f"{item} · {rows.loc[item, 'text']}",
    key="language_statement",
)
distribution = views.answer_distribution(survey, results, statement)
st.plotly_chart(
    charts.answer_distribution_chart(distribution, statement=statement),
    key="language_distribution",
    theme=None,
)
st.caption(
    "Unfavourable answers to the left, favourable to the right, the neutral middle option "
    "centred on zero; divisions ordered by % favourable. Divisions with fewer than "
    f"{results.min_group_size} responses are not shown."
)
