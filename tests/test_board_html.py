"""The HTML report: one self-contained file with the deck's content in the deck's order —
plotly.js inline exactly once, nothing fetched, every text escaped, nothing private."""

from __future__ import annotations

import html
import re

import pytest

from cxmaturity.board.content import Chart, Pack, Series, Slide, Table
from cxmaturity.board.figures import ink
from cxmaturity.board.html import html_report

HIDDEN = ("Human Resources", "Marketing")  # too small to show in the sample
HOSTILE = "<script>alert(1)</script>"
PLOTLY_BANNER = "* plotly.js v"


@pytest.fixture(scope="module")
def pack(sample_pack):
    return sample_pack  # the sample survey's pack (conftest.py)


@pytest.fixture(scope="module")
def page(pack) -> str:
    return html_report(pack)


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def test_every_slide_title_subtitle_bullet_and_note_is_there_in_order(pack, page) -> None:
    places = []
    for slide in pack.slides:
        for text in (slide.title, slide.subtitle, *slide.bullets, slide.notes):
            if text:
                assert _escaped(text) in page, text
        places.append(page.index(f">{_escaped(slide.title)}</h"))
    assert places == sorted(places)


def test_a_section_per_slide_with_its_chart_or_table(pack, page) -> None:
    assert page.count('<section class="slide') == len(pack.slides)
    charts = sum(slide.chart is not None for slide in pack.slides)
    tables = sum(slide.table is not None for slide in pack.slides)
    assert page.count('class="plotly-graph-div"') == charts
    assert page.count("<table>") == tables
    assert page.count("<h2>") == len(pack.slides) - 1  # the title slide is the cover's h1
    assert page.count("About this slide.") == sum(bool(s.notes) for s in pack.slides)


def test_every_table_cell_is_there_with_its_fill_and_readable_ink(pack, page) -> None:
    for slide in pack.slides:
        if slide.table is None:
            continue
        for k, row in enumerate(slide.table.rows):
            fills = slide.table.fills[k] if slide.table.fills else (None,) * len(row)
            for text, fill in zip(row, fills, strict=True):
                if fill:
                    assert f'style="background:{fill};color:{ink(fill)}">{_escaped(text)}<' in page
                else:
                    assert f">{_escaped(text)}</t" in page


def test_the_heatmap_numbers_are_the_rounded_scores(pack, page) -> None:
    (heatmap,) = [s for s in pack.slides if s.kind == "heatmap"]
    organisation = heatmap.table.rows[0]
    assert organisation[0] == "Organisation"
    row = "".join(f">{cell}</t" for cell in organisation[1:])
    cells = re.findall(r">([^<]*)</t[hd]>", page)
    assert row in "".join(f">{c}</t" for c in cells)


def test_plotly_js_is_inline_exactly_once_and_nothing_is_fetched(page) -> None:
    assert page.count(PLOTLY_BANNER) == 1
    assert "<script src=" not in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", page)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page


def test_divisions_too_small_to_show_are_nowhere(page) -> None:
    for name in HIDDEN:
        assert name not in page


def test_hostile_names_are_escaped_everywhere() -> None:
    hostile = Pack(
        HOSTILE,
        f"About {HOSTILE}",
        (
            Slide("title", HOSTILE, f"by {HOSTILE}"),
            Slide(
                "division",
                f"{HOSTILE}: 50 against 49",
                HOSTILE,
                (f"Goes well: {HOSTILE}",),
                chart=Chart(
                    "column",
                    (HOSTILE, "Process"),
                    (Series(HOSTILE, (50.0, None), "#2C7BB6"),),
                    HOSTILE,
                ),
                table=Table(("Division", HOSTILE), ((HOSTILE, "50"),), ((None, "#2C7BB6"),)),
                notes=HOSTILE,
            ),
        ),
        (HOSTILE,),
    )
    page = html_report(hostile)
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == page.count("</script>") == 2  # plotly.js and the chart


def test_a_bad_fill_is_dropped_not_written_into_the_style() -> None:
    pack = Pack(
        "t",
        "s",
        (Slide("heatmap", "Cells", table=Table(("a", "b"), (("x", "1"),), ((None, "red;x"),))),),
    )
    page = html_report(pack)
    assert "red;x" not in page


def test_it_prints_a_slide_a_page_and_reads_well_on_screen(page) -> None:
    assert "@media print" in page
    assert "break-before: page" in page
    assert "break-inside: avoid" in page
    assert "max-width: 1100px" in page
    assert "system-ui" in page
