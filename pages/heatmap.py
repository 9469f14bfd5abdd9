"""Heatmap: every division on every statement, against the organisation."""

from __future__ import annotations

import streamlit as st

from cxmaturity import charts, views
from cxmaturity.errors import CxMaturityError
from cxmaturity.stats import thresholds
from ui import MEASURES, admin_minimum, current, heading, show_low_response, show_not_shown, waves

ORDERS = {"score": "score", "name": "name", "furthest": "furthest from the organisation"}

state = current()
results = state.results
rules = thresholds()

heading("Statements by division", state)

changes = None
if state.wave is not None and state.previous is not None:
    changes = st.toggle(
        f"Show the change since {state.previous.name}",
        key="heatmap_change",
        help="Each cell's score now minus its score in the wave before, on statements asked "
        "the same way in both; a division not shown then has no change.",
    )
left, right = st.columns([3, 2])
measure = left.radio(
    "Show",
    list(MEASURES),
    format_func=MEASURES.get,
    key="measure",
    horizontal=True,
    disabled=bool(changes),
    help="Score: the average position on the answer scale, 0–100. % favourable: the share "
    "who agreed.",
)
sort = left.radio(
    "Order divisions by",
    list(ORDERS),
    format_func=ORDERS.get,
    horizontal=True,
    key="heatmap_sort",
    help="Furthest: the largest average difference from the organisation over the statements, "
    "above or below, first.",
)
difference = right.checkbox(
    "Show the difference from the organisation",
    key="heatmap_difference",
    disabled=bool(changes),
    help="Each division's value minus the organisation's, in points of the measure chosen "
    "under Show.",
)
marked = right.checkbox(
    "Mark clear differences",
    value=True,
    key="heatmap_significance",
    disabled=bool(changes),
    help=f"▲ or ▼ where a division differs from the rest of the organisation by at least "
    f"{rules.min_effect:.0f} points, after correcting for the number of comparisons "
    f"(Benjamini–Hochberg, p ≤ {rules.alpha:g}).",
)

table = views.heatmap_table(results, measure, sort, difference=difference)
if changes:
    try:
        found = waves.compare(
            [state.previous, state.wave],
            state.min_group_size,
            admin_minimum(),
            dict(results.filters),
        )
    except CxMaturityError as error:  # the view is too small in the wave before
        st.warning(
            f"No change can be shown for this view: {error}", icon=":material/visibility_off:"
        )
        st.stop()
    table = views.change_heatmap_table(table, found.changes, state.previous.name)
    marked = False
pages = views.heatmap_pages(table)
left, right = st.columns([3, 2])
chosen = (right if len(pages) > 1 else left).multiselect(
    "Find divisions",
    sorted(table.order),
    key="heatmap_divisions",
    placeholder="Type a name to show only those",
)
page = 0
if len(pages) > 1 and not chosen:
    page = left.radio(
        f"Divisions, {views.PAGE_SIZE} at a time in the order above",
        range(len(pages)),
        format_func=pages.__getitem__,
        horizontal=True,
        key="heatmap_page",
    )
drawn = views.heatmap_selection(table, page=page, divisions=chosen)
tests = views.significance(state.survey, results, measure=measure) if marked else None
st.plotly_chart(charts.heatmap(drawn, significance=tests), key="heatmap_chart", theme=None)
show_low_response(results)

if changes:
    colours = (
        f"Each cell's change in score since {state.previous.name}: blue up, orange down, white "
        f"within ±{rules.min_effect:.0f} points (too small to call a change); "
        f"±{charts.DIFFERENCE_LIMIT:.0f} points or more take the deepest colour. A dash: not "
        "compared (not shown then, or the statement was worded differently). The Trends page "
        "has each change's interval and test."
    )
elif difference:
    colours = (
        "Each division's difference from the organisation, whose own values are in the grey row "
        f"at the top: blue above, orange below, white within ±{rules.min_effect:.0f} points "
        f"(too small to call a difference); ±{charts.DIFFERENCE_LIMIT:.0f} points or more take "
        "the deepest colour."
    )
else:
    colours = (
        "Colours are fixed on the 0–100 scale: orange below 50, white around 50, blue above — "
        "the same number has the same colour on every view."
    )
st.caption(
    f"{colours} Spread is the highest minus the lowest division, across every division shown. "
    "A dash means nobody in the division answered the statement; a grey cell is withheld, "
    "because too few answered it to show without revealing someone's answers."
)
show_not_shown(results)
if tests is not None:
    clear = tests[tests["significant"]]
    st.caption(
        f"{len(clear)} of {len(tests)} division-statement cells differ clearly from the rest of "
        "the organisation (▲ above, ▼ below)."
    )

st.subheader("The statements")
st.table(
    table.statements[["pillar_name", "text"]]
    .rename(columns={"pillar_name": "Pillar", "text": "Statement"})
    .rename_axis("Id")
)
