"""The board pack as a PowerPoint deck: one slide per slide of the pack, native charts and tables
holding the engine's numbers, nothing a spreadsheet would run, nothing the pack leaves out."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from cxmaturity import build_survey, read_survey, score
from cxmaturity.board.content import Chart, Pack, Series, Slide, Table, board_pack, division_brief
from cxmaturity.board.deck import WIDE, _ink, _labelled, deck_bytes
from cxmaturity.board.figures import across_range
from cxmaturity.errors import CxMaturityError
from cxmaturity.findings import find_findings
from cxmaturity.resources import SAMPLE_SURVEY

HIDDEN = ("Human Resources", "Marketing")  # not shown in the sample at the minimum of 5
SHOWN = ("Customer Service", "Finance", "IT", "Operations", "Product", "Sales")
HOSTILE = {
    "Sales": '=HYPERLINK("http://x","y")',
    "Finance": "+cmd|' /C calc'!A0",
    "IT": "@SUM(1)",
    "Product": "\tBell\x07 & <Co>",
    "Customer Service": "Customer Service and Support for the Northern and Western Regions "
    * 3,  # ~200 characters
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
KINDS = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "scatter": XL_CHART_TYPE.XY_SCATTER,
}
WHEN = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def sample():
    survey = read_survey([SAMPLE_SURVEY])
    results = score(survey)
    return survey, results, find_findings(survey, results)


@pytest.fixture(scope="module")
def pack(sample) -> Pack:
    return board_pack(*sample, source="sample", when=WHEN)


@pytest.fixture(scope="module")
def deck(pack) -> bytes:
    return deck_bytes(pack)


@pytest.fixture(scope="module")
def hostile() -> tuple[Pack, bytes]:
    frame = pd.read_csv(SAMPLE_SURVEY, dtype=str, encoding="utf-8-sig")
    frame["Division"] = frame["Division"].replace(HOSTILE)
    survey = build_survey([("hostile.csv", "", frame)])
    results = score(survey)
    found = board_pack(survey, results, find_findings(survey, results), source="x", when=WHEN)
    return found, deck_bytes(found)


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _charts(prs):
    return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def _parts(data: bytes) -> dict[str, str]:
    """Every part of the .pptx as text, the embedded workbooks' parts included."""
    texts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            blob = package.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(blob)) as book:
                    for inner in book.namelist():
                        texts[f"{name}!{inner}"] = book.read(inner).decode("utf-8", "replace")
            else:
                texts[name] = blob.decode("utf-8", "replace")
    return texts


# -- slides ---------------------------------------------------------------------------------------


def test_one_slide_per_slide_of_the_pack_with_its_title_in_order(pack, deck) -> None:
    prs = _open(deck)
    assert [s.shapes.title.text for s in prs.slides] == [s.title for s in pack.slides]
    assert (prs.slide_width, prs.slide_height) == (Inches(WIDE[0]), Inches(WIDE[1]))
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"Title Only"}


def test_subtitles_bullets_and_notes_are_on_their_slide(pack, deck) -> None:
    for given, slide in zip(pack.slides, _open(deck).slides, strict=True):
        texts = [
            p.text
            for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title
            for p in shape.text_frame.paragraphs
        ]
        assert ([given.subtitle] if given.subtitle else []) + list(given.bullets) == texts
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes == given.notes


def test_every_shape_lies_on_the_slide(deck) -> None:
    prs = _open(deck)
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (number, shape.name)


# -- charts ---------------------------------------------------------------------------------------


def test_charts_are_native_and_carry_the_engine_numbers(pack, deck) -> None:
    given = [s.chart for s in pack.slides if s.chart is not None]
    drawn = _charts(_open(deck))
    assert {c.kind for c in given} == set(KINDS) - {"line"}  # a line needs waves: see below
    assert len(drawn) == len(given)
    for chart, native in zip(given, drawn, strict=True):
        assert native.chart_type == KINDS[chart.kind]
        if chart.kind == "scatter":
            _check_scatter(chart, native)
            continue
        assert list(native.plots[0].categories) == list(chart.categories)
        assert [s.name for s in native.series] == [s.name for s in chart.series]
        assert [s.values for s in native.series] == [s.values for s in chart.series]
        low, high = chart.value_range
        assert (native.value_axis.minimum_scale, native.value_axis.maximum_scale) == (low, high)
        assert native.value_axis.axis_title.text_frame.text == chart.value_title
        assert native.has_legend == (len(chart.series) > 1)
        assert native.category_axis.reverse_order == (chart.kind == "bar")  # first on top
        colours = [s.format.fill.fore_color.rgb for s in native.series]
        assert colours == [RGBColor.from_string(s.colour[1:]) for s in chart.series]


def _check_scatter(chart: Chart, native) -> None:
    (series,) = native.series
    xs = [float(v) for v in native.element.xpath(".//c:xVal//c:pt/c:v/text()")]
    assert xs == list(chart.series[0].values)
    assert list(series.values) == list(chart.series[1].values)
    labels = native.element.xpath(".//c:dLbl//a:t/text()")
    assert labels == list(chart.categories)  # each point named, since there are few
    across = native.category_axis  # the horizontal scale the HTML and PDF reports draw too
    assert (across.minimum_scale, across.maximum_scale) == across_range(chart)


def test_a_missing_value_stays_a_gap_and_the_line_chart_is_drawn() -> None:
    chart = Chart(
        "line",
        ("Wave 1", "Wave 2", "Wave 3"),
        (
            Series("Organisation", (40.25, None, 47.5), "#404040"),
            Series("People", (1, 2, 3), "#1B9E77"),
        ),
        "Score (0–100)",
    )
    data = deck_bytes(Pack("t", "s", (Slide("changes", "What changed", chart=chart),)))
    (native,) = _charts(_open(data))
    assert native.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert [s.values for s in native.series] == [(40.25, None, 47.5), (1.0, 2.0, 3.0)]


def test_odd_charts_and_tables_still_make_a_deck() -> None:
    """A scatter point missing x or y is left out; a chart of nothing is not drawn; a table of
    a header alone is drawn."""
    scatter = Chart(
        "scatter",
        ("A", "B", "C"),
        (
            Series("x", (None, 1.0, 3.0), "#2C7BB6"),
            Series("y", (2.0, None, 4.0), "#2C7BB6"),
        ),
        "NPS",
        (-100.0, 100.0),
    )
    empty = Chart("column", (), (Series("x", (), "#404040"),), "Score")
    slides = (
        Slide("nps", "Scatter", chart=scatter),
        Slide("x", "Empty", bullets=("words",), chart=empty),
        Slide("x", "Header", table=Table(("Division", "All"), ())),
    )
    prs = _open(deck_bytes(Pack("t", "s", slides)))
    (native,) = _charts(prs)
    assert native.element.xpath(".//c:dLbl//a:t/text()") == ["C"]
    assert list(native.series[0].values) == [4.0]
    assert len(_table(list(prs.slides)[2]).rows) == 1


@pytest.mark.parametrize(
    ("points", "labelled"),
    [
        (3, [0, 1, 2]),
        (15, list(range(15))),
        (16, [0, 1, 2, 13, 14, 15]),
        (48, [0, 1, 2, 45, 46, 47]),
    ],
)
def test_a_crowded_scatter_names_only_the_points_at_each_end(points, labelled) -> None:
    assert _labelled([float(k) for k in range(points)]) == labelled


# -- tables ---------------------------------------------------------------------------------------


def test_the_heatmap_table_holds_the_pack_texts_and_fills(pack, deck) -> None:
    slides = list(_open(deck).slides)
    (k,) = [k for k, s in enumerate(pack.slides) if s.kind == "heatmap"]
    table, given = _table(slides[k]), pack.slides[k].table
    header = [table.cell(0, j) for j in range(len(given.columns))]
    assert [c.text for c in header] == list(given.columns)
    assert all(run.font.bold for c in header for run in c.text_frame.paragraphs[0].runs)
    for i, (row, fills) in enumerate(zip(given.rows, given.fills, strict=True), start=1):
        cells = [table.cell(i, j) for j in range(len(row))]
        assert [c.text for c in cells] == list(row)
        for cell, fill in zip(cells, fills, strict=True):
            if fill is not None:
                assert cell.fill.fore_color.rgb == RGBColor.from_string(fill[1:])
                ink = cell.text_frame.paragraphs[0].runs[0].font.color.rgb
                assert ink == _ink(fill)


def _table(slide):
    (shape,) = [s for s in slide.shapes if s.has_table]
    return shape.table


@pytest.mark.parametrize(
    ("fill", "ink"),
    [
        ("#FFFFFF", "1A1A1A"),
        ("#F7F4F0", "1A1A1A"),  # about 50: near white
        ("#FDBD6E", "1A1A1A"),  # light orange
        ("#2C7BB6", "FFFFFF"),  # strong blue
        ("#E66101", "1A1A1A"),  # strong orange is still light enough for dark ink
        ("#000000", "FFFFFF"),
    ],
)
def test_text_on_a_fill_is_dark_on_light_and_white_on_dark(fill, ink) -> None:
    assert _ink(fill) == RGBColor.from_string(ink)


def test_a_long_table_fits_on_the_slide() -> None:
    """Thirteen divisions with long names and sixteen columns; fourteen long statements."""
    names = [f"Customer Experience and Digital Transformation Office {k}" for k in range(13)]
    columns = ("Division", "All", *(f"S{k:02d}" for k in range(1, 12)), "T01", "T02", "T03")
    heatmap = Table(
        columns,
        tuple((name, *(["100"] * 15)) for name in names),
        tuple((None, *(["#2C7BB6"] * 15)) for _ in names),
    )
    text = "Everyone who serves customers sees the same up-to-date view of the customer, " * 2
    statements = Table(
        ("Id", "Pillar", "Statement"), tuple((f"S{k}", "Technology", text) for k in range(14))
    )
    slides = (
        Slide("heatmap", "A heatmap", "its subtitle", table=heatmap),
        Slide("statements", "Statements", table=statements),
    )
    prs = _open(deck_bytes(Pack("t", "s", slides)))
    for slide in prs.slides:
        (shape,) = [s for s in slide.shapes if s.has_table]
        rows = sum(row.height for row in shape.table.rows)
        assert shape.top + rows <= prs.slide_height - Inches(0.3)
        assert sum(c.width for c in shape.table.columns) <= prs.slide_width
        size = shape.table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size
        assert size.pt >= 8


# -- what may be in it ----------------------------------------------------------------------------


def test_a_hostile_division_name_never_becomes_a_formula_in_a_chart_workbook(hostile) -> None:
    data = hostile[1]
    charts = _charts(_open(data))
    assert charts
    for chart in charts:
        book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(TRIGGERS), cell.value
    sheets = "".join(t for n, t in _parts(data).items() if ".xlsx!" in n)
    assert "'=HYPERLINK" in sheets and "<f>" not in sheets


def test_a_hostile_division_name_reads_as_itself_on_the_slides(hostile) -> None:
    found, data = hostile
    prs = _open(data)
    (k,) = [k for k, s in enumerate(found.slides) if s.kind == "heatmap"]
    shown = [_table(list(prs.slides)[k]).cell(i, 0).text for i in range(1, 8)]
    assert HOSTILE["Sales"] in shown and HOSTILE["Finance"] in shown
    assert "Bell\ufffd & <Co>" in shown  # a character XML cannot hold shows as U+FFFD
    categories = {c for chart in _charts(prs) for c in chart.plots[0].categories}
    assert HOSTILE["IT"] not in categories  # the divisions are no chart's categories here
    labels = {t for chart in _charts(prs) for t in chart.element.xpath(".//c:dLbl//a:t/text()")}
    assert HOSTILE["Sales"] in labels


def test_divisions_too_small_to_show_are_nowhere_in_the_deck(deck) -> None:
    parts = _parts(deck)
    assert any(".xlsx!" in name for name in parts)
    for name in HIDDEN:
        assert not [part for part, text in parts.items() if name in text], name


def test_a_division_brief_names_no_other_division(sample) -> None:
    brief = division_brief(*sample[:2], "Sales", source="sample", when=WHEN)
    data = deck_bytes(brief)
    assert [s.shapes.title.text for s in _open(data).slides] == [s.title for s in brief.slides]
    text = "\n".join(_parts(data).values())
    assert "Sales" in text
    for other in (*SHOWN, *HIDDEN):
        if other != "Sales":
            assert not re.search(rf"\b{re.escape(other)}\b", text), other


# -- templates ------------------------------------------------------------------------------------


TEMPLATE_THUMBNAIL = b"\xff\xd8 a picture of the template's own slide \xff\xd9"


def _template() -> bytes:
    """A 4:3 template whose titles are in Georgia, with a slide of its own, a thumbnail of it
    and its title among the file's properties, as PowerPoint saves them."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    for latin in prs.slide_master.element.xpath("./p:txStyles/p:titleStyle//a:latin"):
        latin.set("typeface", "Georgia")
    own = prs.slides.add_slide(prs.slide_layouts[1])
    own.shapes.title.text = "The template's own slide"
    own.notes_slide.notes_text_frame.text = "Template notes"
    saved = io.BytesIO()
    prs.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            blob = source.read(item)
            if item.filename == "docProps/thumbnail.jpeg":
                blob = TEMPLATE_THUMBNAIL
            elif item.filename == "docProps/app.xml":
                blob = blob.replace(b"Office Theme", b"The template's own slide")
            target.writestr(item, blob)
    return out.getvalue()


def test_a_template_lends_its_size_layouts_and_fonts_but_not_its_slides(pack) -> None:
    data = deck_bytes(pack, template=_template())
    prs = _open(data)
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))
    assert [s.shapes.title.text for s in prs.slides] == [s.title for s in pack.slides]
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"Title Only"}
    fonts = prs.slide_master.element.xpath("./p:txStyles/p:titleStyle//a:latin/@typeface")
    assert fonts == ["Georgia"]
    parts = _parts(data)
    assert not [p for p, t in parts.items() if "The template's own slide" in t], "its slide"
    assert not [p for p, t in parts.items() if "Template notes" in t], "its notes"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("docProps/thumbnail.jpeg") != TEMPLATE_THUMBNAIL
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= prs.slide_width, shape.name
            assert shape.top + shape.height <= prs.slide_height, shape.name


def test_a_template_without_a_title_only_layout_lends_its_titled_one(pack) -> None:
    prs = Presentation()
    for layout in list(prs.slide_layouts)[2:]:
        prs.slide_layouts.remove(layout)  # left: "Title Slide" and "Title and Content"
    template = io.BytesIO()
    prs.save(template)
    deck = _open(deck_bytes(pack, template=template.getvalue()))
    assert [s.shapes.title.text for s in deck.slides] == [s.title for s in pack.slides]
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Title and Content"}
    for slide in deck.slides:  # no empty placeholder ("Click to add text") is left behind
        assert all(shape.text_frame.text for shape in slide.placeholders)


def _not_a_pptx() -> list[bytes]:
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "not a presentation")
    return [b"", b"%PDF-1.7 not a deck", archive.getvalue(), book.getvalue()]


@pytest.mark.parametrize("template", _not_a_pptx(), ids=["empty", "pdf", "zip", "xlsx"])
def test_a_template_that_is_not_a_pptx_is_refused_in_one_line(pack, template) -> None:
    with pytest.raises(CxMaturityError) as caught:
        deck_bytes(pack, template=template, template_name="brand.pptx")
    message = str(caught.value)
    assert message.startswith("the template brand.pptx is not a PowerPoint file (.pptx): ")
    assert "\n" not in message


def test_a_long_division_name_wraps_and_leaves_the_numbers_on_the_slide(hostile) -> None:
    _, data = hostile
    prs = _open(data)
    tables = [shape for slide in prs.slides for shape in slide.shapes if shape.has_table]
    heatmap = next(t for t in tables if t.table.cell(0, 0).text == "Division")
    assert heatmap.left + sum(c.width for c in heatmap.table.columns) <= prs.slide_width
    assert heatmap.table.columns[0].width <= 0.31 * prs.slide_width
