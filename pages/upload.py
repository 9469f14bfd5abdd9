"""Upload: read exports from any survey tool, check the import report, map what was not found."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxmaturity
from cxmaturity.headcount import parse_headcount
from cxmaturity.mapping import ROLES, write_mapping
from ui import read_uploads, use_upload

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
mapping_upload = st.file_uploader(
    "Mapping file (optional)", type=["csv", "json"], key="upload_mapping"
)
headcount_upload = st.file_uploader(
    "Headcount file (optional): columns division, headcount — for response rates",
    type=["csv"],
    key="upload_headcount",
)
if headcount_upload is not None:
    try:
        st.session_state["headcount"] = parse_headcount(
            headcount_upload.getvalue().decode("utf-8-sig"), headcount_upload.name
        )
        st.success("Response rates are shown on the Overview and the Heatmap.")
    except (cxmaturity.CxMaturityError, UnicodeDecodeError) as error:
        st.error(str(error), icon=":material/error:")
if not uploads:
    st.info(
        "Choose one or more files to see how they will be read. Nothing is used until you confirm."
    )
    st.stop()

files = [(upload.name, upload.getvalue()) for upload in uploads]
mapping = st.session_state.get("edited_mapping")
if mapping_upload is not None:
    mapping = (mapping_upload.name, mapping_upload.getvalue())

try:
    survey, key = read_uploads(files, mapping)
except cxmaturity.CxMaturityError as error:
    st.error(str(error), icon=":material/error:")
    survey = None

if survey is not None:
    report = survey.report
    st.subheader("Import report")
    left, middle, right = st.columns(3)
    left.metric("Rows read", f"{report.rows_read:,}")
    middle.metric("Respondents kept", f"{report.respondents:,}")
    right.metric("Rows not scored", f"{sum(report.exclusions.values()):,}")
    st.caption(" · ".join(f"{reason}: {n}" for reason, n in report.exclusions.items()))
    for file in report.files:
        with st.expander(f"{file.source} — {file.tool} ({file.layout}), {file.rows} rows"):
            st.write(
                f"Encoding {file.encoding or 'n/a'} · delimiter {file.delimiter!r} · "
                f"{file.header_rows} header row(s)"
                + (f" · sheet {file.sheet}" if file.sheet else "")
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "statement": item,
                            "column": column,
                            "how": file.columns.matched_by[column],
                            "scale": report.scales[item].describe()
                            if item in report.scales
                            else "",
                        }
                        for item, column in file.columns.items.items()
                    ]
                ),
                hide_index=True,
            )
            if file.personal_dropped:
                st.write("Personal columns dropped: " + ", ".join(file.personal_dropped))
            if file.columns.ignored:
                st.write("Columns ignored: " + ", ".join(file.columns.ignored))
    for note in report.notes:
        st.warning(note, icon=":material/info:")
    name = ", ".join(f.source for f in report.files)
    if st.button("Use this data", type="primary", key="confirm_upload"):
        use_upload(survey, name, key)
        st.success("Every page now shows the uploaded survey.", icon=":material/check:")

st.subheader("Map columns")
st.caption(
    "Choose what each column holds — a statement id, a role, or nothing — then apply the mapping. "
    "Download it to reuse with next quarter's export of the same survey."
)
try:
    columns = cxmaturity.upload_columns(files)
except cxmaturity.CxMaturityError as error:
    st.error(str(error), icon=":material/error:")
    st.stop()
targets = ["", *cxmaturity.load_framework().item_ids, *ROLES]
edited = st.data_editor(
    columns,
    column_config={"item": st.column_config.SelectboxColumn("item", options=targets)},
    disabled=["file", "column", "header texts"],
    hide_index=True,
    key="mapping_editor",
)
chosen = {row.column: row.item for row in edited.itertuples() if row.item}
text = write_mapping(chosen)
apply, download = st.columns(2)
if apply.button("Apply mapping", key="apply_mapping"):
    st.session_state["edited_mapping"] = ("mapping.csv", text.encode("utf-8"))
    st.rerun()
download.download_button(
    "Download mapping file",
    text,
    file_name="cxmaturity-mapping.csv",
    mime="text/csv",
    key="download_mapping",
)
