"""The board pack as an editable PowerPoint deck: native charts and tables carrying the engine's
numbers, laid out so that nothing runs off a slide, in the organisation's template when given.

A template lends its slide size, its layouts ("Title Slide" first, "Title Only" for the rest) and
its theme's fonts and colours; its own slides are left out, since the deck is the pack and nothing
else. Text sizes are the deck's own, chosen to fit each box. Every chart's data sheet holds names
made safe with :func:`~cxmaturity.export.tables.formula_safe`, while the slides show them as they
are: a division called ``=HYPERLINK(…)`` is text on a slide and never a formula in the workbook.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from cxmaturity.board.content import Chart, Pack, Slide, Table
from cxmaturity.board.figures import across_range, ink
from cxmaturity.errors import CxMaturityError
from cxmaturity.export.tables import formula_safe

WIDE = (13.333, 7.5)  # inches: the 16:9 slide of a deck made without a template
_EMU = 914_400  # per inch
_MARGIN = 0.6  # inches left and right of the content, without a template
_FOOT = 0.35  # inches kept free at the bottom of every slide
_EM = dict.fromkeys("iljtfr.,:;|!'()[] ", 0.32) | dict.fromkeys("mwMW—%@", 0.95)
_EM_DIGIT, _EM_UPPER, _EM_OTHER = 0.65, 0.7, 0.63  # character widths in ems
_BOLD = 1.1  # bold text is this much wider
_LINE = 1.2  # line height in ems
_INK_LIGHT = RGBColor(0xFF, 0xFF, 0xFF)
_QUIET = RGBColor(0x59, 0x59, 0x59)  # subtitles
_GRID = RGBColor(0xD9, 0xD9, 0xD9)
_KINDS = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "scatter": XL_CHART_TYPE.XY_SCATTER,
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BULLET_SHARES = (0.4, 0.45, 0.5)  # of the width, for bullets beside a chart or table
_BULLET_INDENT = 0.25  # inches
_LABEL_ALL, _LABEL_ENDS = 15, 3  # a scatter labels every point up to 15, else 3 at each end
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_SUBTITLE_TYPES = (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)


@dataclass(frozen=True)
class _Box:
    """A rectangle on the slide, in inches."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return tuple(Emu(round(v * _EMU)) for v in (self.left, self.top, self.width, self.height))


@dataclass(frozen=True)
class _Deck:
    """The presentation being filled and the two layouts it uses."""

    prs: PptxPresentation
    cover: SlideLayout
    titled: SlideLayout

    @property
    def width(self) -> float:
        return self.prs.slide_width / _EMU

    @property
    def height(self) -> float:
        return self.prs.slide_height / _EMU


# -- the deck -------------------------------------------------------------------------------------


def deck_bytes(pack: Pack, template: bytes | None = None, *, template_name: str = "") -> bytes:
    """The pack as a .pptx: one slide per slide of the pack, in order, with native charts and
    tables; in ``template`` (the bytes of a .pptx) when given, else 16:9 in the Office theme."""
    deck = _deck(template, template_name)
    for slide in pack.slides:
        _add(deck, slide)
    properties = deck.prs.core_properties
    properties.title, properties.subject = _plain(pack.title)[:255], ""
    properties.last_modified_by, properties.comments = "cxmaturity", ""
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    properties.revision = 1
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()


def check_template(template: bytes, name: str = "") -> None:
    """Refuse, in one line, a template the deck could not be made in (not a .pptx, or without a
    slide layout that has a title) — before anyone waits for a deck."""
    _deck(template, name)


def _deck(template: bytes | None, name: str) -> _Deck:
    prs = _widescreen() if template is None else _opened(template, name)
    layouts = list(prs.slide_layouts)
    titled = _titled_layout(layouts)
    if titled is None:
        called = f"the template {name}" if name else "the template"
        raise CxMaturityError(f"{called} has no slide layout with a title")
    cover = layouts[0] if _title_of(layouts[0]) is not None else titled
    return _Deck(prs, cover, titled)


def _opened(template: bytes, name: str) -> PptxPresentation:
    """The template's presentation without its slides, nor its thumbnail and list of slide
    titles: only its layouts, masters and theme are kept."""
    called = f"the template {name}" if name else "the template"
    try:
        prs = Presentation(io.BytesIO(template))
    except Exception as exc:  # any failure to read it means it is not a usable .pptx
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise CxMaturityError(f"{called} is not a PowerPoint file (.pptx): {reason}") from None
    listed = prs.element.get_or_add_sldIdLst()
    for entry in list(listed):
        listed.remove(entry)
        prs.part.drop_rel(entry.rId)
    blank = Presentation().part.package
    for kind in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):  # a picture, the titles of its slides
        try:
            part = prs.part.package.part_related_by(kind)
        except (KeyError, ValueError):
            continue
        part.blob = blank.part_related_by(kind).blob
    return prs


def _titled_layout(layouts: Sequence[SlideLayout]) -> SlideLayout | None:
    """'Title Only' by name, else the sixth layout (its usual place), else the one with a title
    and the fewest other placeholders, the title slide's layout (the first) last."""
    titled = [k for k, layout in enumerate(layouts) if _title_of(layout) is not None]
    named = [k for k in titled if layouts[k].name.strip().lower() == "title only"]
    if named:
        return layouts[named[0]]
    if 5 in titled:
        return layouts[5]
    chosen = min(titled, key=lambda k: (k == 0, len(layouts[k].placeholders)), default=None)
    return None if chosen is None else layouts[chosen]


def _title_of(layout: SlideLayout):
    return next((p for p in layout.placeholders if p.placeholder_format.type in _TITLE_TYPES), None)


def _widescreen() -> PptxPresentation:
    """python-pptx's Office theme made 16:9, its titles left-aligned at the top of the slide
    (prepared once: a deck per division opens the prepared file instead)."""
    return Presentation(io.BytesIO(_widescreen_file()))


@functools.lru_cache(maxsize=1)
def _widescreen_file() -> bytes:
    prs = Presentation()
    factor = WIDE[0] * _EMU / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(round(WIDE[0] * _EMU)), Emu(round(WIDE[1] * _EMU))
    master = prs.slide_master
    for shape in [*master.shapes, *(s for layout in master.slide_layouts for s in layout.shapes)]:
        if shape.element.xpath("./p:spPr/a:xfrm"):
            shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)
    width = WIDE[0] - 2 * _MARGIN
    title = next(p for p in master.placeholders if p.placeholder_format.type in _TITLE_TYPES)
    _place(title, _Box(_MARGIN, 0.3, width, 1.05))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for level in master.element.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr"):
        level.set("algn", "l")
    cover = prs.slide_layouts[0]
    for shape in cover.placeholders:
        kind = shape.placeholder_format.type
        if kind in _TITLE_TYPES:
            _place(shape, _Box(_MARGIN + 0.3, 2.0, width - 0.6, 1.9))
            shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        elif kind in _SUBTITLE_TYPES:
            _place(shape, _Box(_MARGIN + 0.3, 4.05, width - 0.6, 1.4))
            shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            for level in shape.element.xpath(".//a:lstStyle/*"):
                level.set("algn", "l")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _place(shape, box: _Box) -> None:
    shape.left, shape.top, shape.width, shape.height = box.emu()


# -- slides ---------------------------------------------------------------------------------------


def _add(deck: _Deck, slide: Slide) -> None:
    page = _cover(deck, slide) if slide.kind == "title" else _content(deck, slide)
    if slide.notes:
        page.notes_slide.notes_text_frame.text = _plain(slide.notes)


def _cover(deck: _Deck, slide: Slide) -> PptxSlide:
    page = deck.prs.slides.add_slide(deck.cover)
    title = page.shapes.title
    head = _box_of(title)
    if head is None:
        head = _Box(_MARGIN, 2.0, deck.width - 2 * _MARGIN, 1.9)
        _place(title, head)
    _fill_title(title, head, slide.title, single=(44, 40, 36, 32), wrapped=(36, 32, 28, 24))
    holder = next(
        (p for p in page.placeholders if p.placeholder_format.type in _SUBTITLE_TYPES),
        None,
    )
    box = _box_of(holder) if holder is not None else None
    if holder is None or box is None:
        box = _Box(head.left, head.bottom + 0.2, head.width, 1.2)
        holder = page.shapes.add_textbox(*box.emu())
    _clear_other_placeholders(page, keep=(title, holder))
    if slide.subtitle:
        size = _fitting([slide.subtitle], box, sizes=(20, 18, 16, 14, 12))
        _write(holder.text_frame, [slide.subtitle], size, colour=_QUIET)
    else:
        holder.element.getparent().remove(holder.element)
    return page


def _content(deck: _Deck, slide: Slide) -> PptxSlide:
    page = deck.prs.slides.add_slide(deck.titled)
    title = page.shapes.title
    _clear_other_placeholders(page, keep=(title,))
    head = _box_of(title)
    if head is None or head.width < deck.width / 2 or head.bottom > deck.height / 2:
        head = _Box(_MARGIN, 0.3, deck.width - 2 * _MARGIN, 1.05)  # the layout's is unusable
        _place(title, head)
    _fill_title(title, head, slide.title, single=(32, 28, 26, 24), wrapped=(28, 26, 24, 22, 20))
    top = head.bottom + 0.1
    if slide.subtitle:
        line = _Box(head.left, head.bottom, head.width, 0.5)
        size = _fitting([slide.subtitle], line, sizes=(18, 16, 14, 13, 12, 11))
        box = page.shapes.add_textbox(*line.emu())
        _write(box.text_frame, [slide.subtitle], size, colour=_QUIET, anchor=MSO_ANCHOR.TOP)
        top = line.bottom + 0.15
    body = _Box(head.left, top, head.width, deck.height - _FOOT - top)
    _body(page, slide, body)
    return page


def _body(page: PptxSlide, slide: Slide, body: _Box) -> None:
    """Bullets on the left when a chart or table sits beside them; otherwise the full width."""
    figure = slide.chart is not None or slide.table is not None
    left = right = body
    if slide.bullets and figure:
        for share in _BULLET_SHARES:  # widen the words until they read at 14 points
            left, right = _split(body, share)
            if _bullet_size(slide.bullets, left) >= 14:
                break
    if slide.bullets:
        _bullets(page, slide.bullets, left)
    if slide.chart is not None:
        _chart(page, slide.chart, right)
    if slide.table is not None:
        _table(page, slide.table, right)


def _split(body: _Box, share: float, gap: float = 0.3) -> tuple[_Box, _Box]:
    """``body`` cut into a left part of ``share`` of its width and the rest, ``gap`` apart."""
    cut = body.width * share
    return (
        _Box(body.left, body.top, cut - gap / 2, body.height),
        _Box(body.left + cut + gap / 2, body.top, body.width - cut - gap / 2, body.height),
    )


def _clear_other_placeholders(page: PptxSlide, keep: Sequence[object]) -> None:
    kept = {id(shape.element) for shape in keep}
    for shape in list(page.placeholders):
        if id(shape.element) not in kept:
            shape.element.getparent().remove(shape.element)


def _box_of(shape) -> _Box | None:
    """Where ``shape`` is, inherited from its layout; None when nothing says."""
    place = (shape.left, shape.top, shape.width, shape.height)
    return None if None in place else _Box(*(v / _EMU for v in place))


# -- text -----------------------------------------------------------------------------------------


def _fill_title(
    shape, box: _Box, text: str, *, single: Sequence[int], wrapped: Sequence[int]
) -> None:
    """The title on one line at the largest of ``single`` (points) that lets it, else wrapped
    at the largest of ``wrapped`` that fits its box."""
    size = next(
        (s for s in single if _lines(text, s, box.width - 0.2) == 1),
        _fitting([text], box, sizes=wrapped),
    )
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = _plain(text)
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(size)


def _write(frame, texts: Sequence[str], size: int, *, colour=None, anchor=None) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    if anchor is not None:
        frame.vertical_anchor = anchor
    for k, text in enumerate(texts):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = _plain(text)
        run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour


def _bullets(page: PptxSlide, bullets: Sequence[str], box: _Box) -> None:
    indent = _BULLET_INDENT
    size = _bullet_size(bullets, box)
    shape = page.shapes.add_textbox(*box.emu())
    frame = shape.text_frame
    _write(frame, bullets, size, anchor=MSO_ANCHOR.TOP)
    for paragraph in frame.paragraphs:
        paragraph.space_after = Pt(round(size * 0.6))
        properties = paragraph._p.get_or_add_pPr()
        properties.set("marL", str(round(indent * _EMU)))
        properties.set("indent", str(-round(indent * _EMU)))
        etree.SubElement(properties, qn("a:buChar"), char="•")


def _bullet_size(bullets: Sequence[str], box: _Box) -> int:
    return _fitting(bullets, box, sizes=(20, 18, 16, 15, 14, 13, 12, 11, 10), indent=_BULLET_INDENT)


def _fitting(texts: Sequence[str], box: _Box, *, sizes: Sequence[int], indent: float = 0.0) -> int:
    """The largest of ``sizes`` (points) at which ``texts``, one paragraph each, fit in ``box``
    (a text box's insets of 0.1 in left and right, 0.05 in top and bottom, taken off)."""
    width = box.width - 0.2 - indent
    for size in sizes:
        lines = sum(_lines(text, size, width) for text in texts)
        needed = lines * size * _LINE / 72 + (len(texts) - 1) * 0.6 * size / 72 + 0.1
        if needed <= box.height:
            return size
    return sizes[-1]


def _lines(text: str, size: float, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes at ``size`` points in ``width`` inches, wrapped at spaces."""
    room = width * 72 / size / (_BOLD if bold else 1.0)  # in ems
    space = _EM[" "]
    total = 0
    for paragraph in _words(str(text)):
        lines, used = 1, 0.0
        for length in paragraph:
            if used and used + space + length > room:
                lines, used = lines + 1, 0.0
            if length > room:  # a word longer than the line breaks where it must
                extra = math.ceil(length / room) - 1
                lines, used = lines + extra, length - extra * room
            else:
                used += length + (space if used else 0.0)
        total += lines
    return total


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[float, ...], ...]:
    """Each paragraph of ``text`` as the widths of its words, in ems (the same at any size)."""
    return tuple(tuple(_ems(word) for word in line.split()) for line in text.split("\n"))


@functools.lru_cache(maxsize=65536)
def _ems(text: str) -> float:
    """The width of ``text`` in ems, by kind of character, a little wider than Calibri or Arial
    so that a substitute font (DejaVu Sans in LibreOffice) fits too."""
    return sum(
        _EM.get(c, _EM_DIGIT if c.isdigit() else _EM_UPPER if c.isupper() else _EM_OTHER)
        for c in text
    )


# -- charts ---------------------------------------------------------------------------------------


def _chart(page: PptxSlide, chart: Chart, box: _Box) -> None:
    if chart.kind not in _KINDS:
        raise ValueError(f"chart kind {chart.kind!r}: expected one of {', '.join(_KINDS)}")
    if not chart.categories:
        return  # nothing to draw, and PowerPoint cannot draw a chart of nothing
    if chart.kind == "scatter":
        _scatter(page, chart, box)
        return
    data = _category_data(chart, safe=False)
    frame = page.shapes.add_chart(_KINDS[chart.kind], *box.emu(), data)
    plot_chart = frame.chart
    safe = _category_data(chart, safe=True)
    if _names(safe) != _names(data):
        plot_chart.part.chart_workbook.update_from_xlsx_blob(safe.xlsx_blob)
    _style(plot_chart, chart)
    plot = plot_chart.plots[0]
    points = len(chart.categories) * len(chart.series)
    for series, given in zip(plot.series, chart.series, strict=True):
        colour = _rgb(given.colour)
        if chart.kind == "line":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 8
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
            series.invert_if_negative = False
    if chart.kind in ("bar", "column"):
        plot.gap_width = 60 if len(chart.series) > 1 else 90
        plot.overlap = 0
        if points <= 40:
            plot.has_data_labels = True
            labels = plot.data_labels
            labels.number_format, labels.number_format_is_linked = "0", False
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
            labels.font.size = Pt(11 if points <= 12 else 9)
    if chart.kind == "bar":
        plot_chart.category_axis.reverse_order = True  # the first category on top
        for crossing in plot_chart.element.xpath(".//c:valAx/c:crosses"):
            crossing.set("val", "max")  # the values' axis at the last category: the bottom


def _category_data(chart: Chart, *, safe: bool) -> CategoryChartData:
    def name(text: str) -> str:
        return _plain(formula_safe(text) if safe else text)

    data = CategoryChartData(number_format="0")
    data.categories = [name(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(name(series.name), series.values)
    return data


def _names(data: CategoryChartData | XyChartData) -> list[object]:
    categories = [c.label for c in data.categories] if isinstance(data, CategoryChartData) else []
    return categories + [series.name for series in data]


def _scatter(page: PptxSlide, chart: Chart, box: _Box) -> None:
    """One series of points, each labelled with its category (a division) beside it."""
    across, up = chart.series[0], chart.series[1]
    points = [
        (label, x, y)
        for label, x, y in zip(chart.categories, across.values, up.values, strict=True)
        if x is not None and y is not None
    ]
    data, safe = XyChartData(number_format="0"), XyChartData(number_format="0")
    for target, name in ((data, _plain(up.name)), (safe, _plain(formula_safe(up.name)))):
        series = target.add_series(name)
        for _, x, y in points:
            series.add_data_point(x, y)
    frame = page.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *box.emu(), data)
    plot_chart = frame.chart
    if _names(safe) != _names(data):
        plot_chart.part.chart_workbook.update_from_xlsx_blob(safe.xlsx_blob)
    _style(plot_chart, chart)
    colour = _rgb(up.colour)
    series = plot_chart.plots[0].series[0]
    series.format.line.fill.background()
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 11 if len(points) <= _LABEL_ALL else 8
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = colour
    series.marker.format.line.color.rgb = _INK_LIGHT
    shown = _labelled([x for _, x, _ in points])
    places = _label_places([points[k][1:] for k in shown], chart.value_range)
    for k, place in zip(shown, places, strict=True):
        tag = series.points[k].data_label
        tag.position = place
        tag.text_frame.text = _plain(points[k][0])
        for run in tag.text_frame.paragraphs[0].runs:
            run.font.size = Pt(11 if len(points) <= _LABEL_ALL else 10)
    across_axis = plot_chart.category_axis
    across_axis.tick_labels.number_format, across_axis.tick_labels.number_format_is_linked = (
        "0",
        False,
    )
    across_axis.has_major_gridlines = False
    # the same horizontal scale as the HTML and PDF reports draw (0–100 for scores)
    across_axis.minimum_scale, across_axis.maximum_scale = across_range(chart)
    plot_chart.value_axis.crosses = XL_AXIS_CROSSES.MINIMUM  # the x axis along the bottom
    across_axis.crosses = XL_AXIS_CROSSES.MINIMUM  # the y axis at the left


def _labelled(across: Sequence[float]) -> list[int]:
    """Every point when there are few; else the lowest and highest few along the x axis, the
    ones a board asks about, since a crowd of labels cannot be read."""
    if len(across) <= _LABEL_ALL:
        return list(range(len(across)))
    order = sorted(range(len(across)), key=lambda k: across[k])
    return sorted(order[:_LABEL_ENDS] + order[-_LABEL_ENDS:])


def _label_places(
    points: Sequence[tuple[float, float]], value_range: tuple[float, float] | None
) -> list[XL_LABEL_POSITION]:
    """Beside each point, or above, below or left of it when points crowd one another."""
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    wide = (max(xs) - min(xs)) or 1.0
    tall = (value_range[1] - value_range[0]) if value_range else (max(ys) - min(ys)) or 1.0
    places = []
    for k, (x, y) in enumerate(points):
        near = [
            (u, v)
            for m, (u, v) in enumerate(points)
            if m != k and abs(u - x) / wide < 0.15 and abs(v - y) / tall < 0.08
        ]
        if not near:
            places.append(XL_LABEL_POSITION.RIGHT)
        elif y >= max(v for _, v in near):
            places.append(XL_LABEL_POSITION.ABOVE)
        elif y <= min(v for _, v in near):
            places.append(XL_LABEL_POSITION.BELOW)
        else:
            left = x <= min(u for u, _ in near)
            places.append(XL_LABEL_POSITION.LEFT if left else XL_LABEL_POSITION.RIGHT)
    return places


def _style(plot_chart: PptxChart, chart: Chart) -> None:
    """Fonts, axes, their titles and the legend, common to every kind of chart."""
    plot_chart.has_title = False
    plot_chart.font.size = Pt(12)
    plot_chart.has_legend = len(chart.series) > 1 and chart.kind != "scatter"
    if plot_chart.has_legend:
        plot_chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        plot_chart.legend.include_in_layout = False
        plot_chart.legend.font.size = Pt(12)
    values = plot_chart.value_axis
    if chart.value_range is not None:
        low, high = chart.value_range
        values.minimum_scale, values.maximum_scale = low, high
        values.major_unit = _step(high - low)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _GRID
    values.tick_labels.number_format, values.tick_labels.number_format_is_linked = "0", False
    values.format.line.fill.background()
    _axis_title(values, chart.value_title)
    if chart.category_title:
        _axis_title(plot_chart.category_axis, chart.category_title)


def _axis_title(axis, text: str) -> None:
    if not text:
        return
    axis.has_title = True
    frame = axis.axis_title.text_frame
    frame.text = _plain(text)
    for run in frame.paragraphs[0].runs:
        run.font.size, run.font.bold = Pt(12), False


def _step(span: float) -> float:
    """A round gridline step giving about five intervals."""
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if span / step <= 6:
            return step
    return span / 5


def _plain(text: str) -> str:
    """``text`` as XML can hold it: a character XML 1.0 forbids (most control characters) shows
    as U+FFFD instead of breaking the file."""
    return _NOT_XML.sub("\ufffd", text)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


# -- tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TableLayout:
    size: int  # points
    widths: tuple[float, ...]  # inches
    heights: tuple[float, ...]  # inches
    wraps: bool  # some text is wrapped
    breaks: bool = False  # some word is broken: a column is narrower than its longest word


_CELL_SIDE, _CELL_TOP = 0.06, 0.03  # cell insets in inches
_ROW_MOST = 0.45  # inches: rows of a short table grow to this height, not beyond
_STYLE = "{073A0DAA-6AF3-43AB-8588-CEC1D06C72B9}"  # Medium Style 2: the theme's dark and light
_NUMBERISH = re.compile(r"[\d\s+\-−–.,%to]*\d[\d\s+\-−–.,%to]*")


def _table(page: PptxSlide, table: Table, box: _Box) -> None:
    layout = _table_layout(table, box)
    rows = (table.columns, *table.rows)
    shape = page.shapes.add_table(
        len(rows),
        len(table.columns),
        *_Box(box.left, box.top, sum(layout.widths), sum(layout.heights)).emu(),
    )
    grid = shape.table
    grid.first_row, grid.horz_banding = True, not table.fills
    for j, width in enumerate(layout.widths):
        grid.columns[j].width = Emu(round(width * _EMU))
    for i, height in enumerate(layout.heights):
        grid.rows[i].height = Emu(round(height * _EMU))
    for style in shape.element.xpath(".//a:tblPr/a:tableStyleId"):
        style.text = _STYLE
    centred = [j > 0 and all(_numberish(row[j]) for row in table.rows) for j in range(len(rows[0]))]
    for i, row in enumerate(rows):
        fills = table.fills[i - 1] if i and table.fills else ()
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            cell.margin_left = cell.margin_right = Emu(round(_CELL_SIDE * _EMU))
            cell.margin_top = cell.margin_bottom = Emu(round(_CELL_TOP * _EMU))
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER if centred[j] else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = _plain(str(text))
            run.font.size = Pt(layout.size)
            if i == 0:
                run.font.bold = True
                cell.fill.solid()  # the theme's dark colour, a shade lighter: dark grey
                cell.fill.fore_color.theme_color = MSO_THEME_COLOR.TEXT_1
                cell.fill.fore_color.brightness = 0.25
                run.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
                continue
            fill = fills[j] if j < len(fills) else None
            if fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fill)
                run.font.color.rgb = _ink(fill)
            elif table.fills:
                cell.fill.background()


def _table_layout(table: Table, box: _Box) -> _TableLayout:
    """The table at the largest font size (16 to 8 points) at which it fits in ``box`` with no
    word broken, or at which it fits with no text wrapped if that is 12 points or more: columns
    as wide as their longest text, the longest shortened (and wrapped) when the slide is too
    narrow, rows as tall as their wrapped text, and a little taller when there is room."""
    sized = [_sized(table, box, size) for size in (16, 14, 12, 11, 10, 9, 8)]
    fitting = [x for x in sized if sum(x.heights) <= box.height and not x.breaks]
    whole = [x for x in fitting if not x.wraps and x.size >= 12]
    layout = (whole or fitting or sized[-1:])[0]
    grow = max(0.0, box.height - sum(layout.heights)) / len(layout.heights)
    heights = tuple(max(h, min(h + grow, _ROW_MOST)) for h in layout.heights)
    return _TableLayout(layout.size, layout.widths, heights, layout.wraps, layout.breaks)


_NAMES_AT_MOST = 0.3  # of a table's width, for its first (name) column


def _sized(table: Table, box: _Box, size: int) -> _TableLayout:
    rows = (table.columns, *table.rows)
    natural = [_span(rows, j, size) for j in range(len(table.columns))]
    least = [_span(rows, j, size, words=True) for j in range(len(table.columns))]
    if len(natural) > 2:  # a name column never takes the numbers' room: long names wrap
        natural[0], least[0] = (min(w, _NAMES_AT_MOST * box.width) for w in (natural[0], least[0]))
    widths = _share(natural, least, box.width)
    numbers = [j for j in range(1, len(natural)) if all(_numberish(row[j]) for row in table.rows)]
    even = sum(widths[j] for j in numbers) / max(len(numbers), 1)
    if len(numbers) > 1 and even >= max(natural[j] for j in numbers):
        for j in numbers:  # columns of numbers alike, as a heatmap's should be
            widths[j] = even
    heights = tuple(
        max(
            _lines(text, size, width - 2 * _CELL_SIDE, bold=i == 0)
            for text, width in zip(row, widths, strict=True)
        )
        * size
        * _LINE
        / 72
        + 2 * _CELL_TOP
        + 0.04
        for i, row in enumerate(rows)
    )
    broken = sum(least) > box.width or any(w < x - 1e-9 for w, x in zip(widths, least, strict=True))
    return _TableLayout(size, tuple(widths), heights, sum(natural) > box.width, broken)


def _span(rows: Sequence[Sequence[str]], j: int, size: int, *, words: bool = False) -> float:
    """Inches column ``j`` needs for its longest text on one line (or, with ``words``, for its
    longest word), the header in bold."""

    def need(text: str) -> float:
        return max((_ems(part) for part in (text.split() if words else [text])), default=0.0)

    widest = max((need(str(row[j])) for row in rows[1:]), default=0.0)
    return max(widest, need(str(rows[0][j])) * _BOLD) * size / 72 + 2 * _CELL_SIDE + 0.05


def _share(natural: Sequence[float], least: Sequence[float], width: float) -> list[float]:
    """Column widths filling ``width``. With room to spare, each column gets its ``natural``
    width and an even share of the rest; short of room, each gets its ``least`` (its longest
    word) and the room left goes first to the columns needing least to reach their natural
    width, in even shares. When even the least widths overflow, they are returned as they are."""
    total = sum(natural)
    if total <= width:
        extra = (width - total) / len(natural)
        return [w + extra for w in natural]
    widths = list(least)
    spare = width - sum(least)
    need = [n - m for n, m in zip(natural, least, strict=True)]
    waiting = sorted(range(len(natural)), key=lambda j: need[j])
    while waiting and spare > 0:
        fair = spare / len(waiting)
        j = waiting[0]
        if need[j] <= fair:
            widths[j] += need[j]
            spare -= need[j]
            waiting.pop(0)
        else:
            for k in waiting:
                widths[k] += fair
            break
    return widths


def _numberish(text: str) -> bool:
    """A number, a change, an interval, a short mark (``–``, ``yes``) or nothing: centred."""
    return len(text) <= 3 or (len(text) <= 16 and bool(_NUMBERISH.fullmatch(text)))


def _ink(fill: str) -> RGBColor:
    """Dark text on a light fill, white on a dark one — the rule every output shares."""
    return _rgb(ink(fill))


__all__ = ["WIDE", "check_template", "deck_bytes"]
