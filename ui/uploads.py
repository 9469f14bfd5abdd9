"""Reading uploaded files for the Upload page, cached on a hash of their bytes and options.

The tables (columns, a few answers) are read per file, so a file that reads can be shown and
mapped even when the survey as a whole cannot be scored yet; the survey is read from every file
with the mapping, numeric scale and sheets chosen on the page. The column editor's state (edits
not applied yet, the mapping in use) lives here too. Confirming an upload is :func:`use_upload`,
the one place that makes it the data every page shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import cxmaturity
from cxmaturity.editor import column_table, edited_uses, rows_in, search, with_edits
from cxmaturity.headcount import response_rates, unmatched_headcount
from cxmaturity.loading import Table, from_bytes, read_table
from cxmaturity.mapping import parse_mapping
from cxmaturity.store import FileFingerprint, StoreError
from ui import waves

Files = list[tuple[str, bytes]]
COLUMN_WIDTH, USE_WIDTH, ANSWERS_WIDTH = 110, 280, 130  # the column editor's first columns
EDITED_MAPPING = "your mapping"  # the name a mapping made in the editor goes by
UNSAVED = "unsaved upload"  # the data picker's choice for an upload the database could not keep


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


@st.cache_resource(show_spinner="Reading the files…", max_entries=16)
def _read_uploads(
    key: str,
    _files: tuple[tuple[str, bytes], ...],
    _mapping: tuple[str, bytes] | None,
    scale: tuple[int, int] | None = None,
    sheets: tuple[tuple[str, str], ...] = (),
) -> cxmaturity.Survey:
    framework = cxmaturity.load_framework()
    mapping = None
    if _mapping is not None:
        name, content = _mapping
        mapping = parse_mapping(content.decode("utf-8-sig"), name, framework)
    return cxmaturity.read_uploads(
        list(_files), framework, mapping=mapping, scale=scale, sheet=dict(sheets) or None
    )


def read_uploads(
    files: Files,
    mapping: tuple[str, bytes] | None = None,
    *,
    scale: tuple[int, int] | None = None,
    sheets: Mapping[str, str] | None = None,
) -> tuple[cxmaturity.Survey, str]:
    """Read uploaded files, cached on a hash of their bytes, the mapping's, the numeric scale
    and the sheets chosen: (survey, key). Raises CxMaturityError with every problem."""
    chosen = tuple(sorted((sheets or {}).items()))
    key = _digest(*(part for name, data in files for part in (name, data)), mapping, scale, chosen)
    return _read_uploads(key, tuple(files), mapping, scale, chosen), key


@st.cache_resource(show_spinner="Reading the file…", max_entries=64)
def _read_table(key: str, name: str, _data: bytes, sheet: str | None) -> Table:
    return read_table(from_bytes(name, _data), sheet=sheet)


@dataclass(frozen=True)
class Tables:
    """The uploaded files as tables: those that read, the errors of those that did not, and a
    key naming exactly these bytes and sheets."""

    tables: tuple[Table, ...]
    failed: Mapping[str, cxmaturity.CxMaturityError]
    key: str


def read_tables(files: Files, sheets: Mapping[str, str] | None = None) -> Tables:
    """Each file's table (its columns and first answers), and the files that cannot be read."""
    tables, failed, keys = [], {}, []
    for name, data in files:
        sheet = (sheets or {}).get(name)
        keys.append(_digest(name, data, sheet))
        try:
            tables.append(_read_table(keys[-1], name, data, sheet))
        except cxmaturity.CxMaturityError as error:
            failed[name] = error
    return Tables(tuple(tables), failed, _digest(*keys))


@st.cache_resource(show_spinner="Counting respondents…", max_entries=8)
def _scored(key: str, _survey: cxmaturity.Survey, min_group_size: int) -> cxmaturity.Results:
    return cxmaturity.score(_survey, min_group_size=min_group_size)


def headcount_rates(survey: cxmaturity.Survey, key: str, headcount, min_group_size: int):
    """(response rates, headcount names matching no division shown) for a survey."""
    results = _scored(key, survey, min_group_size)
    return response_rates(results, headcount), unmatched_headcount(results, headcount)


@dataclass(frozen=True)
class Editing:
    """The column editor as this run draws it: every column with the person's edits, the rows
    it shows, its widget key, and how many uses differ from the mapping in use."""

    full: pd.DataFrame
    shown: pd.DataFrame
    key: str
    pending: int


def new_editor() -> None:
    """Draw the column editor afresh (its rows change): edits made in it are already kept."""
    st.session_state["editor_version"] = st.session_state.get("editor_version", 0) + 1


def start_editing(files_key: str) -> None:
    """Forget edits made to other files than these (the mapping in use is kept)."""
    if st.session_state.get("editor_files") != files_key:
        st.session_state["editor_files"] = files_key
        st.session_state["mapping_edits"] = {}
        new_editor()


def editing(base: pd.DataFrame, use_labels: Mapping[str, str]) -> Editing:
    """The edits so far, with those made in the editor's cells since the last run.

    An editor reports its changed cells by row position, so the rows one editor shows are fixed
    when it is first drawn (by the search) and kept until it is drawn afresh.
    """
    state = st.session_state
    edits: dict[str, str] = state.setdefault("mapping_edits", {})
    version = state.get("editor_version", 0)
    key = f"mapping_editor_{version}"
    if state.get("editor_rows", (None, ()))[0] != version:
        found = search(with_edits(base, edits), state.get("editor_search", ""), use_labels)
        state["editor_rows"] = (version, list(zip(found["file"], found["column"], strict=True)))
    rows = state["editor_rows"][1]
    cells = state.get(key, {}).get("edited_rows", {})
    edits.update(edited_uses(rows_in(base, rows), cells))
    full = with_edits(base, edits)
    pending = int((full["use"] != base["use"]).sum())
    return Editing(full, rows_in(full, rows), key, pending)


def apply_edits(text: str) -> None:
    """Read the files with the mapping the editor stands for, from now on."""
    st.session_state["applied_mapping"] = (EDITED_MAPPING, text.encode("utf-8"))
    st.session_state["mapping_edits"] = {}
    new_editor()


def load_mapping() -> None:
    """A mapping file chosen in the uploader replaces the mapping in use and any edits."""
    state = st.session_state
    upload = state.get("upload_mapping")
    state.pop("mapping_error", None)
    if upload is None:
        return
    content = upload.getvalue()
    try:
        parse_mapping(content.decode("utf-8-sig"), upload.name, cxmaturity.load_framework())
    except (cxmaturity.CxMaturityError, UnicodeDecodeError) as error:
        state["mapping_error"] = str(error)
        return
    state["applied_mapping"] = (upload.name, content)
    state["mapping_edits"] = {}
    new_editor()


def reset_mapping() -> None:
    """Back to what cxmaturity recognised by itself."""
    st.session_state["applied_mapping"] = None
    st.session_state["mapping_edits"] = {}
    new_editor()


def suggested_name(survey: cxmaturity.Survey) -> str:
    """A name for a new survey wave: its own wave when the file names one, else the month."""
    respondents = survey.respondents
    if "wave" in respondents and respondents["wave"].nunique() == 1:
        base = str(respondents["wave"].dropna().iloc[0])
    else:
        base = f"{dt.date.today():%B %Y} survey"
    taken = {w.name for w in waves.saved()}
    name, k = base, 2
    while name in taken:
        name, k = f"{base} ({k})", k + 1
    return name


def use_upload(
    survey: cxmaturity.Survey,
    files: Files,
    mapping: tuple[str, bytes] | None,
    key: str,
) -> None:
    """Save a confirmed upload as a survey wave, and make it the data every page shows.

    When the database cannot be opened, the upload is used for this session only (and the page
    says so); when one of its files is already saved, nothing is saved and the page offers the
    wave that holds it.
    """
    state = st.session_state
    for stale in ("save_error", "held_wave", "saved_wave_name"):
        state.pop(stale, None)
    name = state.get("wave_name") or suggested_name(survey)
    opened = waves.store()
    if opened is None:
        sources = ", ".join(f.source for f in survey.report.files)
        state["uploaded_survey"] = {"survey": survey, "name": sources, "key": key}
        state["data_source"] = UNSAVED
        return
    fingerprints = [FileFingerprint.of_bytes(n, data) for n, data in files]
    try:
        held = opened.saved_in(fingerprints)
        if held:
            file, wave_name_held = next(iter(held.items()))
            state["save_error"] = (
                f"{file} is already saved, in the wave {wave_name_held!r}: the same file cannot be "
                "two survey waves."
            )
            state["held_wave"] = wave_name_held
            return
        text = mapping[1].decode("utf-8-sig") if mapping else None
        wave = waves.save(survey, name=name, date=state.get("wave_date"), files=files, mapping=text)
    except StoreError as error:
        state["save_error"] = str(error)
        return
    state.pop("wave_name", None)
    state.pop("wave_date", None)
    state["data_source"] = wave.name
    state["saved_wave_name"] = wave.name


def rename_wave(name: str) -> None:
    """Rename a saved wave (the new name from the page's field); the page shows the outcome."""
    state = st.session_state
    opened = waves.store()
    new = state.get("manage_new_name", "")
    try:
        wave = opened.rename(name, new) if opened else None
    except StoreError as error:
        state["manage_message"] = str(error)
        return
    if wave is not None:
        if state.get("data_source") == name:
            state["data_source"] = wave.name
        state["manage_message"] = f"Renamed {name} to {wave.name}."
        state["manage_new_name"] = ""


def delete_wave(name: str) -> None:
    """Delete a saved wave after the page's confirmation box was ticked."""
    state = st.session_state
    opened = waves.store()
    try:
        wave = opened.delete(name) if opened else None
    except StoreError as error:
        state["manage_message"] = str(error)
        return
    state["manage_sure"] = False
    if wave is not None:
        state["manage_message"] = f"Deleted {wave.name} and its {wave.respondents:,} responses."
        if state.get("data_source") == name:
            state.pop("data_source", None)


def show_wave(name: str) -> None:
    """Make a saved wave the data every page shows."""
    st.session_state["data_source"] = name
    st.session_state["saved_wave_name"] = name
    st.session_state.pop("save_error", None)


@st.cache_resource(show_spinner=False, max_entries=16)
def _editor_table(
    key: str, _tables: tuple[Table, ...], _mapping: tuple[str, bytes] | None
) -> pd.DataFrame:
    framework = cxmaturity.load_framework()
    mapping = None
    if _mapping is not None:
        mapping = parse_mapping(_mapping[1].decode("utf-8-sig"), _mapping[0], framework)
    return column_table(list(_tables), framework, mapping)


def editor_table(tables: Tables, mapping: tuple[str, bytes] | None) -> pd.DataFrame:
    """The column editor's rows for these tables as the mapping (or recognition) reads them;
    raises CxMaturityError when the mapping file cannot be read."""
    return _editor_table(_digest(tables.key, mapping), tables.tables, mapping)
