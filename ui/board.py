"""The board pack of the view the sidebar chose: built once per view, shared by the Board pack
page (downloads, generated on click) and the presentation mode (one slide per screen)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import streamlit as st

import cxmaturity
from cxmaturity.board import file_stems
from cxmaturity.board.content import Pack, board_pack, division_brief
from cxmaturity.trends import Trends
from ui import Current, admin_minimum, current, waves


def _trends(state: Current) -> Trends | None:
    """The saved waves up to the one shown, compared (None for the sample or a first wave)."""
    if state.wave is None or state.previous is None:
        return None
    listed = waves.saved()
    upto = listed[: [w.id for w in listed].index(state.wave.id) + 1]
    try:
        return waves.compare(
            upto, state.min_group_size, admin_minimum(), dict(state.results.filters)
        )
    except cxmaturity.CxMaturityError:
        return None  # the view is too small in an earlier wave: no change slides


@st.cache_resource(show_spinner="Preparing the board pack…", max_entries=8)
def _pack(key: str, _state: Current, _trends: Trends | None, organisation: str) -> Pack:
    return board_pack(
        _state.survey,
        _state.results,
        _state.findings,
        source=_state.source,
        organisation=organisation,
        when=_state.wave.when if _state.wave else dt.date.today(),
        trends=_trends,
    )


def pack(organisation: str = "") -> tuple[Pack, Current, Trends | None]:
    """The pack of the view chosen in the sidebar (cached on the data, settings and name)."""
    state = current()
    found = _trends(state)
    key = "|".join(
        [
            state.source,
            str(state.wave.id if state.wave else "sample"),
            str(state.min_group_size),
            repr(sorted(state.results.filters.items())),
            str(len(found.waves) if found else 0),
            organisation,
        ]
    )
    return _pack(key, state, found, organisation), state, found


def briefs_zip(
    state: Current, organisation: str, template: bytes | None, template_name: str = ""
) -> bytes:
    """One short deck per division shown, zipped."""
    from cxmaturity.board.deck import deck_bytes

    out = io.BytesIO()
    stems = file_stems(list(state.results.divisions))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in state.results.divisions:
            brief = division_brief(
                state.survey,
                state.results,
                name,
                source=state.source,
                organisation=organisation,
                when=state.wave.when if state.wave else dt.date.today(),
            )
            archive.writestr(
                f"{stems[name]}.pptx",
                deck_bytes(brief, template=template, template_name=template_name),
            )
    return out.getvalue()
