"""Trends: the saved survey waves side by side, and what changed since the wave before."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxmaturity import charts
from cxmaturity.errors import CxMaturityError
from cxmaturity.results import ORGANISATION
from cxmaturity.stats import thresholds, whole
from cxmaturity.trends import ADDED, DROPPED, OVERALL, REWORDED, change_findings
from ui import admin_minimum, minimum, waves

BREAKS = {ADDED: "added", DROPPED: "dropped", REWORDED: "worded differently"}

rules = thresholds()
listed_waves = waves.saved()
st.title("Trends across survey waves")

example = False
if len(listed_waves) < 2:
    st.info(
        "Trends compare saved survey waves: "
        + (f"one is saved ({listed_waves[0].name}). " if listed_waves else "none is saved yet. ")
        + "Upload each wave's export on the Upload page and save it with its name and date.",
        icon=":material/timeline:",
    )
    example = st.toggle("Show an example: three waves of the sample organisation", value=True)
    if not example:
        st.stop()

try:
    found = (
        waves.example(minimum(), admin_minimum())
        if example
        else waves.compare(listed_waves, minimum(), admin_minimum())
    )
except CxMaturityError as error:  # a wave too small at this group size
    st.warning(str(error), icon=":material/visibility_off:")
    st.stop()

framework = found.results[found.waves[-1]].framework
dates = dict(zip(found.waves, found.dates, strict=True))
st.caption(
    ("Example, not your data · " if example else "")
    + " → ".join(
        f"{w} ({dates[w]:%d %b %Y}, n = {found.results[w].respondents:,})" for w in found.waves
    )
    + f" · minimum group size {found.min_group_size}"
)

# ---------------------------------------------------------------- what changed, in words
latest = found.waves[-1]
previous = found.previous(latest)
st.subheader(f"What changed since {previous}")
sentences = change_findings(found)
for finding in sentences:
    icon = (
        ":material/trending_up:"
        if finding.evidence["difference"] > 0
        else ":material/trending_down:"
    )
    st.markdown(f"{icon} {finding.headline}")
if not sentences:
    st.markdown(
        f"No clear change: nothing moved by {rules.min_effect:.0f} points or more with an interval "
        "clear of chance, after correcting for the number of comparisons."
    )

# ---------------------------------------------------------------- the organisation
pillars = {p.id: p.name for p in framework.pillars}
st.subheader("The organisation, wave by wave")
lines = {(ORGANISATION, OVERALL): "Organisation"} | {
    (ORGANISATION, pillar): name for pillar, name in pillars.items()
}
st.plotly_chart(
    charts.trend_chart(
        found.series, found.breaks, lines=lines, waves=found.waves, title="Score by wave"
    ),
    width="stretch",
    config={"displaylogo": False},
    key="trend_organisation",
    theme=None,
)
st.caption("Each point is a wave's score; the bars are its 95 % interval.")

# ---------------------------------------------------------------- any statement, any division
st.subheader("Any division, any statement")
groups = [ORGANISATION, *sorted(set(found.series["group"]) - {ORGANISATION})]
measures = [OVERALL, *pillars, *framework.item_ids]
names = {OVERALL: "Overall score", **{p: f"{n} pillar" for p, n in pillars.items()}} | {
    item.id: f"{item.id} · {item.text}" for item in framework.items
}
left, right = st.columns([1, 2])
group = left.selectbox("Division", groups, key="trend_group")
measure = right.selectbox("Statement", measures, format_func=names.get, key="trend_measure")
st.plotly_chart(
    charts.trend_chart(
        found.series,
        found.breaks,
        lines={(group, measure): f"{group} · {names[measure]}"},
        waves=found.waves,
        title=f"{group}: {names[measure]}",
    ),
    width="stretch",
    config={"displaylogo": False},
    key="trend_any",
    theme=None,
)
gaps = found.breaks[found.breaks["statement"] == measure]
for wave, why in zip(gaps["wave"], gaps["break"], strict=True):
    st.caption(
        f":material/link_off: {measure} was {BREAKS[why]} in {wave}: the line is not joined "
        "across it, and no change is worked out across it."
    )
shown_in = set(found.series.loc[found.series["group"] == group, "wave"])
if missing := [w for w in found.waves if w not in shown_in]:
    st.caption(
        f"Not shown in {', '.join(missing)}: fewer than {found.min_group_size} people answered, "
        "or showing it would let a smaller group be worked out."
    )

# ---------------------------------------------------------------- each division's change
st.subheader("Each division's change")
later = list(found.waves[1:])
into = (
    st.selectbox(
        "Wave",
        later[::-1],
        format_func=lambda w: f"{w}, against {found.previous(w)}",
        key="trend_wave",
    )
    if len(later) > 1
    else latest
)
table = found.change_table(into, measure)
if table.empty:
    st.info(
        f"No group can be compared on {names[measure]} between {found.previous(into)} and {into}."
    )
else:
    st.plotly_chart(
        charts.change_chart(table, title=f"{names[measure]}: change since {found.previous(into)}"),
        width="stretch",
        config={"displaylogo": False},
        key="trend_changes",
        theme=None,
    )
    shown = pd.DataFrame(
        {
            "Division": table["group"],
            found.previous(into): table["before"].map(whole),
            into: table["after"].map(whole),
            "Change": table["change"].map(lambda v: f"{v:+d}" if v else "0"),
            "95 % CI": [
                f"{whole(lo):+d} to {whole(hi):+d}"
                for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "p (corrected)": table["p_adjusted"].map(
                lambda p: "< 0.001" if p < 0.001 else f"{p:.3f}"
            ),
            "Clear change": table["clear"].map({True: "yes", False: ""}),
            "n before": table["n_before"],
            "n now": table["n_after"],
            "Statements": table["statements"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "Statements": st.column_config.NumberColumn(
                help="Statements asked the same way in both waves: the change is worked out on "
                "these."
            )
        },
    )
    now_shown = set(found.results[into].divisions)
    compared = set(table["group"]) - {ORGANISATION}
    if uncompared := len(now_shown - compared):
        st.caption(
            f"{uncompared} division{'s' if uncompared > 1 else ''} shown in {into} "
            f"{'are' if uncompared > 1 else 'is'} not compared: not shown in "
            f"{found.previous(into)} (too few respondents, or not surveyed then)."
        )
st.caption(
    f"A change is the difference of the two rounded scores, on the statements asked the same way "
    f"in both waves. *Clear*: corrected p ≤ {rules.alpha:g} (Benjamini–Hochberg over the "
    f"divisions), at least {rules.min_effect:.0f} points, and an interval clear of "
    f"{rules.min_effect / 2:g} points on its side — the grey band on the chart is ±"
    f"{rules.min_effect:.0f} points. Each wave is scored on its own, so a division too small in "
    "a wave shows nothing for it and no change is worked out from it."
)
