"""Overview: how mature the customer work is, what the numbers say, and where to look next."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmaturity.headcount import unmatched_headcount
from cxmaturity.levels import load_levels
from cxmaturity.stats import thresholds, whole
from ui import PAGES, current, heading, response_rates, show_low_response, show_not_shown

FINDING_PAGE = {
    "level": "heatmap",
    "weak_statement": "heatmap",
    "strong_statement": "heatmap",
    "language_gap": "common-language",
    "division_below": "division",
    "division_above": "division",
    "division_pillar": "pillars",
    "role_gap": "common-language",
    "nps_link": "division",
    "wave_change": "heatmap",
}
ICONS = {
    "level": ":material/explore:",
    "division_above": ":material/trending_up:",
    "strong_statement": ":material/thumb_up:",
    "nps_link": ":material/link:",
}


def icon(finding) -> str:
    """A finding's icon: a change up or down since the wave before, else by its kind."""
    if finding.kind == "wave_change":
        up = finding.evidence["difference"] > 0
        return ":material/trending_up:" if up else ":material/trending_down:"
    return ICONS.get(finding.kind, ":material/warning:")


state = current()
results = state.results
organisation = results.organisation

heading("Customer-work maturity", state)
excluded = ", ".join(f"{reason}: {n:,}" for reason, n in results.exclusions.items() if n)
st.caption(
    f"{state.source} · {results.respondents:,} respondents scored of {results.rows_read:,} rows "
    f"read · {len(results.divisions)} division{'s' if len(results.divisions) != 1 else ''} · "
    f"{results.rows_excluded:,} rows not scored" + (f" ({excluded})" if excluded else "")
)

score_column, level_column, people_column = st.columns(3)
score_column.metric("Organisation score (0–100)", f"{organisation.score:.1f}")
if organisation.level is not None:
    level_column.metric(
        "Maturity level",
        f"{organisation.level.level} · {organisation.level.name}",
        help=" ".join(f"{lv.level} {lv.name}: {lv.meaning}" for lv in load_levels()),
    )
people_column.metric("Respondents", f"{results.respondents:,}")
if organisation.level is not None:
    st.info(organisation.level.meaning)

st.subheader("Key findings")
for finding in state.findings[:8]:
    text, link = st.columns([5, 1])
    text.markdown(f"{icon(finding)} {finding.headline}")
    target = FINDING_PAGE[finding.kind]
    if target in PAGES:
        link.page_link(PAGES[target].file, label="Evidence", icon=":material/arrow_forward:")
if len(state.findings) > 8:
    with st.expander(f"All {len(state.findings)} findings"):
        for finding in state.findings[8:]:
            st.markdown(f"- {finding.headline}")

st.subheader("Pillars")
pillars = results.framework.pillars
for column, pillar in zip(st.columns(len(pillars)), pillars, strict=True):
    value = organisation.pillars[pillar.id]
    column.metric(pillar.name, "—" if value != value else f"{value:.1f}", help=pillar.description)

rules = thresholds()
statements = organisation.statements.sort_values("pct_favourable").head(5)
mostly = (organisation.statements["pct_favourable"] < rules.mostly_unfavourable).any()
st.subheader(
    "Statements most often answered unfavourably" if mostly else "Least favourable statements"
)
st.dataframe(
    pd.DataFrame(
        {
            "Statement": [f"{i} · {results.framework.item(i).text}" for i in statements.index],
            "% favourable": statements["pct_favourable"].to_numpy(),
            "Answers": statements["n"].to_numpy(),
        }
    ),
    hide_index=True,
    column_config={
        "% favourable": st.column_config.ProgressColumn(
            "% favourable", min_value=0, max_value=100, format="%.0f %%"
        ),
        "Answers": st.column_config.NumberColumn(format="localized"),
    },
    key="unfavourable_table",
)

st.subheader("Largest common-language gaps")
gaps = results.gaps.dropna(subset=["icc1_beyond_levels"])
gaps = gaps.sort_values("icc1_beyond_levels", ascending=False).head(3)
if gaps.empty:
    st.write("At least two divisions with enough responses are needed to compare divisions.")
for item, gap in gaps.iterrows():
    high, low = whole(gap["beyond_max"]), whole(gap["beyond_min"])
    st.markdown(
        f"**{item}** · {results.framework.item(item).text} — set against their other statements, "
        f"{gap['beyond_max_division']} {high:+d} and {gap['beyond_min_division']} {low:+d}: "
        f"{high - low} points apart (ICC beyond levels {gap['icc1_beyond_levels']:.2f})"
    )

st.subheader("Divisions")
show_low_response(results)
rates = response_rates(results)
divisions = pd.DataFrame(
    [
        {
            "Division": name,
            "Respondents": division.n,
            "Score": division.scores.score,
            "Level": division.scores.level.name if division.scores.level else "",
        }
        for name, division in results.divisions.items()
    ],
    columns=["Division", "Respondents", "Score", "Level"],
)
if rates is not None:
    divisions["Response rate %"] = rates["response_rate"].reindex(divisions["Division"]).to_numpy()
st.dataframe(
    divisions,
    hide_index=True,
    column_config={
        "Respondents": st.column_config.NumberColumn(format="localized"),
        "Score": st.column_config.ProgressColumn(
            "Score", min_value=0, max_value=100, format="%.1f"
        ),
        "Response rate %": st.column_config.NumberColumn(format="%.0f %%"),
    },
    key="divisions_table",
)
if rates is not None and (unmatched := unmatched_headcount(results, st.session_state.headcount)):
    st.caption(
        "In the headcount file but matching no division shown: "
        + ", ".join(unmatched)
        + ". Check the spelling, or the division has fewer respondents than the minimum group "
        "size."
    )
show_not_shown(results)
