"""Pillars: people, process and technology, for the organisation and each division."""

from __future__ import annotations

import streamlit as st

from cxmaturity import charts, views
from ui import current, heading, show_not_shown

state = current()
results = state.results

heading("Pillars", state)

pillars = views.pillar_table(results)
names = {p.id: p.name for p in results.framework.pillars}
divisions = [group for group in pillars.index if group != views.ORGANISATION]

columns = st.columns(len(names))
for column, pillar in zip(columns, results.framework.pillars, strict=True):
    column.metric(
        f"Organisation · {pillar.name}",
        f"{pillars.loc[views.ORGANISATION, pillar.id]:.1f}",
        help=pillar.description,
    )

st.plotly_chart(charts.pillar_dots(pillars, pillar_names=names), key="pillars_dots", theme=None)

by_score = sorted(divisions, key=lambda d: pillars.loc[d, "score"], reverse=True)
chosen = st.multiselect(
    "Divisions on the radar",
    divisions,
    default=[by_score[0], by_score[-1]] if len(by_score) >= 2 else by_score,
    key="pillars_radar_divisions",
)
st.plotly_chart(
    charts.pillar_radar(
        pillars, chosen, pillar_names=names, colours=charts.division_colours(chosen)
    ),
    key="pillars_radar",
    theme=None,
)

st.subheader("Maturity level of each division")
levels = views.maturity_levels(results)
levels["level_text"] = [f"{row['level']} · {row['level_name']}" for _, row in levels.iterrows()]
st.dataframe(
    levels[["division", "n", "score", "level_text"]],
    hide_index=True,
    column_config={
        "division": "Division",
        "n": "Respondents",
        "score": st.column_config.ProgressColumn(
            "Score (0–100)", min_value=0, max_value=100, format="%.1f"
        ),
        "level_text": "Maturity level",
    },
    key="pillars_levels",
)
show_not_shown(results)
