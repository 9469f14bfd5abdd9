"""Board pack: the deck, the division briefs, the reports and the data, for the view chosen."""

from __future__ import annotations

import streamlit as st

import cxmaturity
from cxmaturity.board import file_stem
from cxmaturity.export.scores import scores_csv, scores_xlsx
from ui import show_not_shown
from ui.board import briefs_zip, pack

st.title("Board pack")
organisation = st.text_input(
    "Organisation name (on the title slide)",
    key="board_organisation",
    max_chars=80,
    placeholder="e.g. Contoso Group",
)
found, state, trends = pack(organisation.strip())
stem = file_stem(f"cxmaturity-{state.source}", "cxmaturity")
st.caption(
    f"{state.source} · {state.results.respondents:,} respondents · minimum group size "
    f"{state.min_group_size}"
    + (
        f" · {', '.join(f'{k} {v}' for k, v in state.results.filters.items())}"
        if state.results.filters
        else ""
    )
    + " — the view chosen in the sidebar. Every file is made when you click, from the numbers "
    "the dashboard shows; groups too small to show are in none of them."
)
template = st.file_uploader(
    "Your PowerPoint template (optional)",
    type=["pptx"],
    key="board_template",
    help="Its fonts, colours and logo are used for the deck and the division briefs.",
)
template_bytes = template.getvalue() if template is not None else None
template_name = template.name if template is not None else ""
if template_bytes is not None:
    from cxmaturity.board.deck import check_template

    try:
        check_template(template_bytes, template_name)
    except cxmaturity.CxMaturityError as error:
        st.error(
            f"{error}. The deck and the briefs use the standard layout until another is chosen."
        )
        template_bytes, template_name = None, ""


def _deck() -> bytes:
    from cxmaturity.board.deck import deck_bytes

    return deck_bytes(found, template=template_bytes, template_name=template_name)


def _html() -> bytes:
    from cxmaturity.board.html import html_report

    return html_report(found).encode("utf-8")


def _pdf() -> bytes:
    from cxmaturity.board.pdf import pdf_bytes

    return pdf_bytes(found)


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# label, made on click by, file name ending, type, icon, key, what it is
FILES = (
    ("Deck (.pptx)", _deck, ".pptx", PPTX, "slideshow", "download_deck",
     "Native, editable PowerPoint charts and tables carrying the engine's numbers."),
    ("Report (.html)", _html, ".html", "text/html", "html", "download_html",
     "One file that works offline, charts included."),
    ("Division briefs (.zip of .pptx)",
     lambda: briefs_zip(state, organisation.strip(), template_bytes, template_name),
     "-briefs.zip", "application/zip", "folder_zip", "download_briefs",
     "A short deck per division for its leader, with nothing about other divisions."),
    ("Report (.pdf)", _pdf, ".pdf", "application/pdf", "picture_as_pdf", "download_pdf",
     "The same pages as the deck, to print or send."),
    ("Scores (.xlsx)", lambda: scores_xlsx(state.results, trends), "-scores.xlsx", XLSX,
     "table_view", "download_xlsx",
     "A sheet per view, rounded as the dashboard shows it, and a Data sheet unrounded."),
    ("Scores (.csv)", lambda: scores_csv(state.results), "-scores.csv", "text/csv", "csv",
     "download_csv", "Every figure unrounded, one row per group and measure."),
)  # fmt: skip
columns = st.columns(2)
for k, (label, make, ending, mime, icon, key, what) in enumerate(FILES):
    columns[k % 2].download_button(
        label,
        make,
        file_name=f"{stem}{ending}",
        mime=mime,
        icon=f":material/{icon}:",
        type="primary" if k == 0 else "secondary",
        key=key,
        on_click="ignore",  # made when clicked, not on every rerun
        help=what,
    )
show_not_shown(state.results)

st.subheader("The slides")
st.page_link(
    "pages/present.py", label="Present them, one per screen", icon=":material/present_to_all:"
)
st.markdown("\n".join(f"{k}. {slide.title}" for k, slide in enumerate(found.slides, start=1)))
