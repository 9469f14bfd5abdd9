"""Upload: read exports from any survey tool, check the import report, map what was not found."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxmaturity
from cxmaturity import editor
from cxmaturity.headcount import LOW_RESPONSE_RATE, parse_headcount
from ui import admin_minimum, base_survey, waves
from ui.uploads import (
    ANSWERS_WIDTH,
    COLUMN_WIDTH,
    USE_WIDTH,
    apply_edits,
    delete_wave,
    editing,
    editor_table,
    headcount_rates,
    load_mapping,
    new_editor,
    read_tables,
    read_uploads,
    rename_wave,
    reset_mapping,
    show_wave,
    start_editing,
    suggested_name,
    use_upload,
)

state = st.session_state
framework = cxmaturity.load_framework()
item_ids = framework.item_ids
use_labels = editor.labels(framework)
EDITOR_HEIGHT = 422  # about twelve rows
SCALE_WIDTH = 320
FULL_TEXTS = 6  # when a search finds this many columns or fewer, their texts are listed whole


def confirm_button(
    survey: cxmaturity.Survey, key: str, button: str, *, disabled: bool = False
) -> None:
    """The "Use this data" button: saves the upload as a survey wave, which every page then
    shows (and the Trends page compares with the others)."""
    st.button(
        "Use this data",
        type="primary",
        key=button,
        disabled=disabled,
        on_click=use_upload,
        args=(survey, files, applied, key),
        help="Saves these responses as the survey wave named above — never the files, never "
        "a personal column — and shows it on every page.",
    )
    if state.get("saved_wave_name") and state.get("data_source") == state["saved_wave_name"]:
        st.success(
            f"Saved as the survey wave **{state['saved_wave_name']}**: every page now shows it, "
            "and it is still there after a reload or a restart.",
            icon=":material/check:",
        )
    elif (state.get("uploaded_survey") or {}).get("key") == key:
        st.warning(
            "Every page now shows this upload, for this session only: it could not be saved "
            f"({state.get('store_error', 'the database cannot be opened')}).",
            icon=":material/warning:",
        )
    if state.get("save_error"):
        st.error(state["save_error"], icon=":material/error:")
        held = state.get("held_wave")
        if held:
            st.button(
                f"Show the wave {held}",
                key=f"{button}_held",
                on_click=show_wave,
                args=(held,),
            )


def wave_inputs(survey: cxmaturity.Survey) -> None:
    """The name and date the upload is saved under."""
    state.setdefault("wave_name", suggested_name(survey))
    name_column, date_column = st.columns([2, 1])
    name_column.text_input(
        "Save as the survey wave",
        key="wave_name",
        max_chars=100,
        help="A name the Trends page and the wave picker will use, e.g. 'Q1 2026'.",
    )
    date_column.date_input(
        "Run on (optional)",
        value=None,
        key="wave_date",
        format="YYYY-MM-DD",
        help="When the survey ran; waves are compared in date order (without one, in the "
        "order they were saved).",
    )


def show_saved_waves() -> None:
    """The saved waves: rename and delete (with confirmation)."""
    listed_waves = waves.saved()
    st.subheader("Saved survey waves")
    if not listed_waves:
        st.caption(
            f"None yet. Waves are kept in {waves.where()}; the README says how to back them "
            "up or share them with a team."
        )
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Wave": [w.name for w in listed_waves],
                "Run on": [w.date.isoformat() if w.date else "" for w in listed_waves],
                "Respondents": [w.respondents for w in listed_waves],
                "Files": [", ".join(w.files) for w in listed_waves],
                "Saved": [f"{w.imported_at:%Y-%m-%d %H:%M} UTC" for w in listed_waves],
            }
        ),
        hide_index=True,
        column_config={"Respondents": st.column_config.NumberColumn(format="localized")},
    )
    st.caption(f"Kept in {waves.where()}.")
    names = [w.name for w in listed_waves][::-1]
    with st.expander("Rename or delete a wave"):
        chosen = st.selectbox("Wave", names, key="manage_wave")
        new_name = st.text_input("New name", key="manage_new_name", max_chars=100)
        left, right = st.columns(2)
        left.button(
            "Rename",
            key="manage_rename",
            on_click=rename_wave,
            args=(chosen,),
            disabled=not new_name.strip(),
        )
        sure = right.checkbox(
            f"Yes, delete {chosen} and its responses (this cannot be undone)",
            key="manage_sure",
        )
        right.button(
            "Delete", key="manage_delete", on_click=delete_wave, args=(chosen,), disabled=not sure
        )
        if state.get("manage_message"):
            st.info(state.pop("manage_message"), icon=":material/info:")


def problem_list(unrecognised: list[str], problems: list[cxmaturity.Problem]) -> str:
    """Every problem as one list, each naming the columns it is about."""
    lines = [
        f"- **{source}**: no statement recognised. Search Columns below for a few words of a "
        "statement and choose it under *use* — for each statement — then **Apply**."
        for source in unrecognised
    ]
    lines += [
        f"- {problem.message}"
        + (f" *(columns {', '.join(problem.columns)})*" if problem.columns else "")
        for problem in problems
    ]
    return "\n".join(lines)


def show_headcount(survey: cxmaturity.Survey | None, key: str | None) -> None:
    st.subheader("Response rates (optional)")
    upload = st.file_uploader(
        "Headcount file: columns division, headcount",
        type=["csv"],
        key="upload_headcount",
        help="How many people work in each division; the Overview and the Heatmap then show "
        f"each division's response rate and flag those under {LOW_RESPONSE_RATE:.0f} %.",
    )
    if upload is not None:
        try:
            state["headcount"] = parse_headcount(upload.getvalue().decode("utf-8-sig"), upload.name)
        except (cxmaturity.CxMaturityError, UnicodeDecodeError) as error:
            st.error(str(error), icon=":material/error:")
            return
    headcount = state.get("headcount")
    if headcount is None:
        return
    if survey is None:
        survey, key, name, _ = base_survey()
    else:
        name = "the files above"
    minimum = max(int(state.get("min_group_size", admin_minimum())), admin_minimum())
    rates, unmatched = headcount_rates(survey, key, headcount, minimum)
    table = pd.DataFrame(
        {
            "Division": rates.index,
            "Respondents": rates["respondents"].to_numpy(),
            "Headcount": rates["headcount"].round().astype("Int64").to_numpy(),
            "Response rate %": rates["response_rate"].round().astype("Int64").to_numpy(),
            "Low": rates["low"].map({True: "low", False: ""}).to_numpy(),
        }
    )
    st.caption(f"Response rates of {name}; the Overview and the Heatmap show them.")
    st.dataframe(table, hide_index=True)
    if unmatched:
        st.warning(
            "In the headcount file but matching no division shown: "
            + ", ".join(unmatched)
            + ". Check the spelling, or the division has fewer respondents than the minimum "
            "group size.",
            icon=":material/help:",
        )


st.title("Upload survey exports")
st.caption(
    "CSV, TSV or XLSX exactly as Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms, "
    "Alchemer or Excel wrote them — one file per division, or one file with a division column. "
    "Personal columns (names, e-mails, IP addresses, locations) are dropped as the files are read."
)
uploads = st.file_uploader(
    "Survey exports",
    type=["csv", "tsv", "txt", "xlsx", "xlsm"],
    accept_multiple_files=True,
    key="upload_files",
)
if not uploads:
    st.info(
        "Choose one or more files to see how they will be read. Nothing is used until you confirm."
    )
    show_headcount(None, None)
    show_saved_waves()
    st.stop()

# ---------------------------------------------------------------- read: tables, then the survey
files = [(upload.name, upload.getvalue()) for upload in uploads]
sheets = {
    name: state[f"upload_sheet::{name}"] for name, _ in files if f"upload_sheet::{name}" in state
}
read = read_tables(files, sheets)
for error in read.failed.values():
    st.error(str(error), icon=":material/error:")
if not read.tables:
    st.stop()
start_editing(read.key)

applied = state.get("applied_mapping")
try:
    base = editor_table(read, applied)
except cxmaturity.CxMaturityError as error:
    st.error(str(error), icon=":material/error:")
    state["applied_mapping"] = applied = None
    base = editor_table(read, None)

edit = editing(base, use_labels)
full, pending = edit.full, edit.pending

scale_choice = state.get("upload_scale", next(iter(editor.SCALES)))
survey, key, problems = None, None, []
if not read.failed:
    try:
        survey, key = read_uploads(
            files, applied, scale=editor.SCALES.get(scale_choice), sheets=sheets
        )
    except cxmaturity.CxMaturityError as error:
        problems = list(error.problems)
unrecognised = editor.unrecognised_files(base, item_ids)
problems = [p for p in problems if p.code != "no_items"]

# ---------------------------------------------------------------- the import report
st.subheader("Import report")
if survey is not None:
    report = survey.report
    divisions = survey.respondents["division"].nunique()
    within = survey.respondents["wave"].nunique() if "wave" in survey.respondents else 1
    ready = (
        f"Ready: {report.respondents:,} respondents in {divisions} divisions"
        + (f", {within} survey waves in the file" if within > 1 else "")
        + ". Check the report and the columns below, then use this data."
    )
    if pending:
        ready += f" You changed {pending} column{'s' if pending > 1 else ''}: apply first."
    st.success(ready, icon=":material/task_alt:")
    wave_inputs(survey)
    confirm_button(survey, key, "confirm_upload", disabled=bool(pending))
    rows_column, kept_column, excluded_column = st.columns(3)
    rows_column.metric("Rows read", f"{report.rows_read:,}")
    kept_column.metric("Respondents kept", f"{report.respondents:,}")
    excluded_column.metric("Rows not scored", f"{sum(report.exclusions.values()):,}")
    wave_column = next(
        (f.columns.described["wave"] for f in report.files if "wave" in f.columns.described), None
    )
    excluded = editor.exclusions_text(report.exclusions, wave_column)
    if excluded:
        st.caption(excluded)

elif not read.failed:
    count = len(problems) + len(unrecognised)
    st.error(
        f"Not ready yet: {count} thing{'s' if count > 1 else ''} to settle in Columns below.",
        icon=":material/error:",
    )
    st.markdown(problem_list(unrecognised, problems))

if editor.numeric_answers(read.tables, full, item_ids):
    st.selectbox(
        "Numeric answers are on the scale",
        list(editor.SCALES),
        key="upload_scale",
        width=SCALE_WIDTH,
        help="The lowest and highest answer a respondent could give. Inferred from the answers "
        "unless chosen here: a 1–5 survey in which nobody answered 5 would look like 1–4.",
    )
if survey is not None:
    chosen = editor.SCALES.get(scale_choice) is not None
    st.markdown(f"**Answer scales:** {editor.scales_text(survey.report.scales, chosen=chosen)}")
    for note in survey.report.notes:
        st.caption(f":material/info: {note[:1].upper()}{note[1:]}")

reports = {f.source: f for f in survey.report.files} if survey is not None else {}
for table in read.tables:
    with st.expander(f"**{table.source}**", expanded=len(read.tables) <= 2):
        how, holds = st.columns(2, gap="medium")
        if len(table.sheets) > 1:
            how.selectbox(
                "Sheet with the responses",
                table.sheets,
                index=table.sheets.index(table.sheet) if table.sheet in table.sheets else 0,
                key=f"upload_sheet::{table.source}",
                on_change=new_editor,
                help="Chosen as the sheet with the most rows of answers; choose another if it "
                "is not the one.",
            )
        facts = editor.file_facts(table, reports.get(table.source))
        how.markdown("\n".join(f"- **{what}:** {detail}" for what, detail in facts))
        found = editor.column_facts(full[full["file"] == table.source], item_ids)
        holds.markdown("\n".join(f"- **{what}:** {detail}" for what, detail in found))

# ---------------------------------------------------------------- the column editor
st.subheader("Columns")
st.caption(
    "What each column holds. Change *use* where it is wrong or missing — a statement, the "
    "division, the survey wave… or not used — then **Apply**. Save the mapping to read next "
    "quarter's export of the same survey the same way."
)
st.text_input(
    "Find columns",
    key="editor_search",
    placeholder="a column name, words of the question, or an answer",
    on_change=new_editor,
)
by_column = editor.problems_by_column(problems)
shown = editor.with_problems(edit.shown, by_column)
texts = bool(full["texts"].str.len().any())
order = ["column", "use", *(["problem"] if by_column else []), "answers"]
order += ["header", "found"] if texts else ["found"]
if len(read.tables) > 1:
    order.append("file")
st.data_editor(
    shown,
    key=edit.key,
    column_order=order,
    disabled=[c for c in shown.columns if c != "use"],
    hide_index=True,
    height=EDITOR_HEIGHT if len(shown) > 10 else "auto",
    placeholder="not used",
    column_config={
        "column": st.column_config.TextColumn("column", width=COLUMN_WIDTH, pinned=True),
        "use": st.column_config.SelectboxColumn(
            "use",
            options=list(use_labels),
            format_func=lambda value: use_labels.get(value, value),
            width=USE_WIDTH,
            help="What the column holds; choose 'not used' (or clear it) to leave it out.",
        ),
        "problem": st.column_config.TextColumn("problem", width="medium"),
        "answers": st.column_config.TextColumn(
            "first answers", width=ANSWERS_WIDTH if texts else "large"
        ),
        "header": st.column_config.TextColumn(
            "question / other header texts",
            width="large",
            help="Where questions share a beginning, the part that differs comes first. "
            "Double-click a cell to read it whole.",
        ),
        "found": st.column_config.TextColumn("recognised", width="medium"),
        "file": st.column_config.TextColumn("file", width="small"),
    },
)
if 0 < len(shown) <= FULL_TEXTS:
    st.markdown(
        "\n".join(
            f"- **{row.column}** → {row.use if row.use in item_ids else use_labels[row.use]}"
            + (f" — {row.texts}" if row.texts else "")
            + (f" · *{row.problem}*" if row.problem else "")
            for row in shown.itertuples()
        )
    )
used = full[full["use"].isin(item_ids)]
st.caption(
    f"{len(shown)} of {len(full)} columns shown · {used['use'].nunique()} of {len(item_ids)} "
    "statements in use"
    + (f" · {pending} change{'s' if pending > 1 else ''} not applied yet" if pending else "")
)
apply_column, save_column, reset_column = st.columns(3)
if apply_column.button(
    "Apply", key="apply_mapping", type="primary" if pending else "secondary", width="stretch"
):
    apply_edits(editor.mapping_text(full))
    st.rerun()
save_column.download_button(
    "Save mapping file",
    editor.mapping_text(full),
    file_name="cxmaturity-mapping.csv",
    mime="text/csv",
    key="download_mapping",
    width="stretch",
)
reset_column.button(
    "Back to what was recognised",
    key="reset_mapping",
    on_click=reset_mapping,
    disabled=applied is None and not pending,
    width="stretch",
)
if applied is not None and not pending:
    if survey is not None:
        st.success(
            f"Read with {applied[0]}: {survey.report.respondents:,} respondents. Use this data "
            "when the report above looks right.",
            icon=":material/check:",
        )
        confirm_button(survey, key, "confirm_applied")
    elif not read.failed:
        st.error(
            f"Read with {applied[0]}, the files cannot be scored yet — the problem column shows "
            "which rows to change:\n\n" + problem_list(unrecognised, problems),
            icon=":material/error:",
        )
st.file_uploader(
    "Load a mapping file",
    type=["csv", "json"],
    key="upload_mapping",
    on_change=load_mapping,
    help="A mapping file saved here earlier, or written by hand: column,item per line.",
)
if state.get("mapping_error"):
    st.error(state["mapping_error"], icon=":material/error:")

show_headcount(survey, key)
show_saved_waves()
