"""Division profile: one division against the organisation, and what it can do next."""

from __future__ import annotations

import streamlit as st

from cxmaturity import charts, views
from ui import current, heading, show_not_shown

state = current()
survey, results = state.survey, state.results

heading("Division profile", state)

levels = views.maturity_levels(results)
shown = list(levels["division"])
if not shown:
    st.info(f"No division has {results.min_group_size} or more responses yet.")
    st.stop()
division = st.selectbox("Division", shown, key="division_name")
show_not_shown(results)
profile = views.division_profile(survey, results, division)

score_column, level_column, size_column = st.columns(3)
score_column.metric(
    "Score (0–100)",
    f"{profile.score:.1f}",
    delta=f"{profile.score - profile.organisation_score:+.1f} vs organisation",
)
if profile.level is not None:
    level_column.metric("Maturity level", f"{profile.level.level} · {profile.level.name}")
size_column.metric("Respondents", f"{profile.n:,}")

st.plotly_chart(
    charts.division_deltas(profile.statements, division=division), key="division_deltas", theme=None
)
st.caption(
    "Bars in full colour differ clearly from the rest of the organisation (corrected test, at "
    "least 5 points); pale bars may be chance."
)

strengths, weaknesses = profile.strengths, profile.weaknesses
left, right = st.columns(2)
with left:
    st.subheader("Strengths")
    if strengths.empty:
        st.write("No statement is clearly above the organisation.")
    for item, row in strengths.iterrows():
        st.markdown(f"- **{item}** {row['text']} — **{row['delta']:+.0f}** points")
with right:
    st.subheader("Weaknesses")
    if weaknesses.empty:
        st.write("No statement is clearly below the organisation.")
    for item, row in weaknesses.iterrows():
        st.markdown(f"- **{item}** {row['text']} — **{row['delta']:+.0f}** points")

if not weaknesses.empty:
    st.subheader("What to do next")
    for item, row in weaknesses.head(5).iterrows():
        st.markdown(f"**{item} · {row['text']}**  \n{row['tip'] or 'No suggestion recorded.'}")
    if len(weaknesses) > 5:
        with st.expander(f"All {len(weaknesses)} weak statements"):
            for item, row in weaknesses.iloc[5:].iterrows():
                st.markdown(f"**{item}** — {row['tip'] or 'No suggestion recorded.'}")

st.subheader("Pillar profile")
pillars = views.pillar_table(results)
names = {p.id: p.name for p in results.framework.pillars}
colours = charts.division_colours(shown)
st.plotly_chart(
    charts.pillar_radar(pillars, [division], pillar_names=names, colours=colours),
    key="division_radar",
    theme=None,
)

nps = views.nps_maturity(results)
if not nps.empty:
    st.subheader("NPS and maturity")
    organisation = results.organisation
    point = None if organisation.nps is None else (organisation.score, organisation.nps["score"])
    st.plotly_chart(
        charts.nps_scatter(nps, organisation=point, colours=colours, highlight=division),
        key="division_nps",
        theme=None,
    )
    st.caption(
        f"Each point is a division: its maturity score across and its NPS up; {division} in "
        "colour. Point at a dot for its division's name. The Overview's findings say whether "
        "the link is strong enough to rely on."
    )
