"""Overview: how mature the organisation's customer work is, on the bundled sample survey."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmaturity.levels import load_levels
from ui import sample_findings, sample_results

results = sample_results()
organisation = results.organisation

st.title("Customer-work maturity")
st.caption(
    f"Bundled sample survey · {results.respondents:,} respondents scored of "
    f"{results.rows_read:,} rows read · {results.rows_excluded} rows not scored "
    f"({', '.join(f'{reason}: {n}' for reason, n in results.exclusions.items())})"
)

score_column, level_column = st.columns(2)
score_column.metric("Organisation score (0–100)", f"{organisation.score:.1f}")
if organisation.level is not None:
    level_column.metric(
        "Maturity level",
        f"{organisation.level.level} · {organisation.level.name}",
        help=" ".join(f"{lv.level} {lv.name}: {lv.meaning}" for lv in load_levels()),
    )
    st.info(organisation.level.meaning)

st.subheader("Key findings")
findings = sample_findings()
for finding in findings[:8]:
    icon = {
        "level": ":material/explore:",
        "division_above": ":material/trending_up:",
        "strong_statement": ":material/thumb_up:",
        "nps_link": ":material/link:",
    }.get(finding.kind, ":material/warning:")
    st.markdown(f"{icon} {finding.headline}")
if len(findings) > 8:
    with st.expander(f"All {len(findings)} findings"):
        for finding in findings[8:]:
            st.markdown(f"- {finding.headline}")

st.subheader("Pillars")
pillars = results.framework.pillars
for column, pillar in zip(st.columns(len(pillars)), pillars, strict=True):
    column.metric(pillar.name, f"{organisation.pillars[pillar.id]:.1f}", help=pillar.description)

st.subheader("Divisions")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Division": name,
                "Respondents": division.n,
                "Score": None if division.suppressed else division.scores.score,
                "Level": (
                    f"fewer than {results.min_group_size} respondents: not shown"
                    if division.suppressed
                    else division.scores.level.name
                ),
            }
            for name, division in results.divisions.items()
        ]
    ),
    hide_index=True,
    column_config={
        "Score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.1f")
    },
    key="divisions_table",
)
