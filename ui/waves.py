"""Saved survey rounds in the app: the database, the rounds to choose from, loading and saving.

The database is opened once per server process (``CXMATURITY_DATABASE_URL``, else the user's
data folder); each browser session keeps only *which* round it shows, in its session state. A
round is loaded once per process and cached on its id and import time, so a renamed round is
not read again and a deleted one is never mistaken for a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

import cxmaturity
from cxmaturity.store import FileFingerprint, Store, StoreError, Wave, default_url
from cxmaturity.trends import SavedWave, Trends, trends


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store | None:
    """The database of saved rounds, or None (with the reason kept for the page to show) when
    it cannot be opened: the app then works on uploads for this session only."""
    try:
        opened = _store(default_url())
    except StoreError as error:
        st.session_state["store_error"] = str(error)
        return None
    st.session_state.pop("store_error", None)
    return opened


def saved() -> list[Wave]:
    """Every saved round, oldest first (read afresh on each run: another session may have
    saved one)."""
    opened = store()
    if opened is None:
        return []
    try:
        return opened.waves()
    except StoreError as error:
        st.session_state["store_error"] = str(error)
        return []


def key_of(wave: Wave) -> str:
    """A cache key that names exactly this saved round."""
    return f"wave:{wave.id}:{wave.imported_at.isoformat()}"


@st.cache_resource(show_spinner="Loading the survey round…", max_entries=8)
def _load(key: str, _store: Store, name: str) -> cxmaturity.Survey:
    return _store.load(name)


def load(wave: Wave) -> cxmaturity.Survey:
    opened = store()
    if opened is None:
        raise StoreError(st.session_state.get("store_error", "the database cannot be opened"))
    return _load(key_of(wave), opened, wave.name)


def saved_wave(wave: Wave) -> SavedWave:
    """A round as trends compare it (survey cached as above)."""
    opened = store()
    assert opened is not None
    return SavedWave(wave.name, wave.when, load(wave), opened.wordings(wave.name))


@st.cache_resource(show_spinner="Comparing the survey rounds…", max_entries=8)
def _trends(
    key: str, _waves: tuple[SavedWave, ...], min_group_size: int, floor: int, filters: tuple
) -> Trends:
    return trends(list(_waves), min_group_size=min_group_size, floor=floor, filters=dict(filters))


def compare(
    waves: Sequence[Wave], min_group_size: int, floor: int, filters: dict | None = None
) -> Trends:
    """Trends over these rounds, cached on exactly these rounds, the group size and filters."""
    key = "|".join(key_of(w) for w in waves)
    chosen = tuple(sorted((filters or {}).items()))
    return _trends(key, tuple(saved_wave(w) for w in waves), min_group_size, floor, chosen)


def save(
    survey: cxmaturity.Survey,
    *,
    name: str,
    date: dt.date | None,
    files: Sequence[tuple[str, bytes]],
    mapping: str | None,
) -> Wave:
    """Save a confirmed upload as a round; raises StoreError with a message for the page."""
    opened = store()
    if opened is None:
        raise StoreError(st.session_state.get("store_error", "the database cannot be opened"))
    fingerprints = [FileFingerprint.of_bytes(n, data) for n, data in files]
    return opened.save(survey, name=name, date=date, files=fingerprints, mapping=mapping)


def where() -> str:
    """Where the rounds are kept, as the app may say it (never a password)."""
    opened = store()
    return opened.where if opened is not None else "nowhere (the database cannot be opened)"


@st.cache_resource(show_spinner="Building the example rounds…", max_entries=4)
def example(min_group_size: int, floor: int) -> Trends:
    """Trends over three rounds of the sample organisation (nothing saved): what the Trends
    page shows before two rounds of one's own are saved."""
    from cxmaturity.sample import sample_rounds

    rounds = [
        SavedWave(name, when, cxmaturity.build_survey([(f"{name}.csv", "", frame)]))
        for name, when, frame in sample_rounds()
    ]
    return trends(rounds, min_group_size=min_group_size, floor=floor)
