"""The board pack as a PDF report, drawn with fpdf2 alone — no browser, no image renderer.

A landscape A4 page a slide, in the deck's order: the title that says the insight, its
subtitle, the bullets, the table with the deck's cell colours, and the chart drawn with fpdf2's
own lines, rectangles, circles and text (bars, columns, lines across waves, labelled points),
with its axes, ticks and legend. Every piece is measured before it is drawn: long bullets wrap
and, where space is short, shrink; tables shrink to fit and, at the smallest readable size,
carry on over a further page with their header — nothing runs off a page.

Text is set in a Unicode TrueType font found on the machine (DejaVu Sans first: Debian's
``fonts-dejavu-core``); where none is found, the PDF's built-in Helvetica is used and the few
characters it lacks (–, “”, →, −, ≤ …) are written in plain ASCII, so a PDF is always produced.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cxmaturity.board.content import Chart, Pack, Slide, Table
from cxmaturity.board.figures import across_range, ink, number, text_columns, value_range
from cxmaturity.errors import CxMaturityError

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, millimetres
MARGIN = 14.0
FOOTER = 7.0  # the page number and the pack's title, under the body
GAP = 5.0
NOTES_SIZE = 8.5
INK, MUTED, GRID, RULE = "#262626", "#595959", "#E6E6E6", "#BDBDBD"
HEADER_FILL = "#F0F0F0"
PT = 25.4 / 72  # millimetres a point
LEADING = 1.3  # line height, in font sizes
BULLET_SIZES = (13, 12, 11, 10, 9, 8)
TABLE_SIZES = (11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5)
LONG_TABLE_SIZE = 9  # a table too long for any page at any size: readable, over pages
CELL_PAD = 0.7  # a cell's padding left and right, in font sizes
SIDE_BY_SIDE = 0.42  # share of the width the bullets take beside a chart
MIN_CHART_H = 70.0  # a chart under its bullets needs at least this much height
MIN_TABLE_H = 40.0  # and a table at least this much
FONT_FILES = (  # (regular, bold), most wanted first
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/local/share/fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "Arial Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
)
PLAIN = {  # what Helvetica (Latin-1) writes for the characters it lacks
    "–": "-",
    "—": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "…": "...",
    "•": "-",
    "▲": "^",
    "▼": "v",
    "\u202f": " ",
    "\u2009": " ",
    "€": "EUR",
}


def pdf_bytes(pack: Pack, *, created: dt.datetime | None = None) -> bytes:
    """The pack as a PDF, a page a slide, dated ``created`` (now if not given): the same pack
    and date give the same bytes."""
    fpdf = _fpdf()

    class Report(fpdf.FPDF):
        def footer(self) -> None:
            _footer(pen, pack.title)

    pdf = Report(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 0  # every box is measured here, with its own padding
    pdf.set_creation_date(created or dt.datetime.now(dt.UTC))
    pen = _Pen(pdf, *_font(pdf))
    pdf.set_title(pen.plain(pack.title))
    pdf.set_subject(pen.plain(pack.subtitle))
    pdf.set_creator("cxmaturity")
    pdf.set_producer("cxmaturity (fpdf2)")
    pdf.set_lang("en")
    for slide in pack.slides:
        _slide(pen, slide)
    return bytes(pdf.output())


def _fpdf():
    try:
        import fpdf
    except ImportError as error:
        raise CxMaturityError(
            "The PDF report needs the fpdf2 package: pip install fpdf2 (it is in "
            "requirements.txt); the deck and the HTML report do not need it."
        ) from error
    return fpdf


def _font(pdf) -> tuple[str, frozenset[int] | None]:
    """A Unicode TrueType font (its family and the characters it has), else Helvetica."""
    for regular, bold in _font_files():
        try:
            pdf.add_font("body", "", regular)
            pdf.add_font("body", "B", str(Path(regular).with_name(bold)))
        except (OSError, RuntimeError, ValueError):
            pdf.fonts.pop("body", None)
            continue
        pdf.set_font("body", "", 10)
        return "body", frozenset(pdf.current_font.cmap)
    return "helvetica", None


def _font_files() -> list[tuple[str, str]]:
    """The candidates that exist, matplotlib's own DejaVu Sans among them when it is there."""
    found = [(r, b) for r, b in FONT_FILES if Path(r).is_file() and Path(r).with_name(b).is_file()]
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            found.append((str(folder / "DejaVuSans.ttf"), "DejaVuSans-Bold.ttf"))
    return found


@dataclass
class _Pen:
    """The document with its one font; every text passes through :meth:`plain` first."""

    pdf: object
    family: str
    glyphs: frozenset[int] | None
    _widths: dict = field(default_factory=dict)

    def plain(self, text: str) -> str:
        """The text as the font can write it: characters it lacks in plain ASCII."""
        text = str(text)
        if self.glyphs is not None:
            return "".join(
                c if ord(c) in self.glyphs or c in "\n" else _ascii(c, self.glyphs) for c in text
            )
        return "".join(c if _latin1(c) else _ascii(c, None) for c in text)

    def font(self, size: float, *, bold: bool = False, colour: str = INK) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(*_rgb(colour))

    def width(self, text: str) -> float:
        return self._measure(self.plain(text))

    def lines(self, text: str, width: float) -> list[str]:
        """The text (made plain) wrapped to ``width`` millimetres in the current font: words
        kept whole unless one alone is wider than the line."""
        lines: list[str] = []
        space = self._measure(" ")
        for paragraph in self.plain(text).split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                size = self._measure(word)
                if line and used + space + size <= width:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line:
                    lines.append(line)
                line, used = word, size
                while used > width and len(line) > 1:
                    cut = next(
                        (
                            k
                            for k in range(len(line) - 1, 0, -1)
                            if self._measure(line[:k]) <= width
                        ),
                        1,
                    )
                    lines.append(line[:cut])
                    line = line[cut:]
                    used = self._measure(line)
            lines.append(line)
        return lines

    def _measure(self, text: str) -> float:
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text)
        if key not in self._widths:
            self._widths[key] = pdf.get_string_width(text)
        return self._widths[key]

    def write(self, x: float, y: float, w: float, text: str, *, align: str = "L") -> float:
        """Wrapped text from (x, y); the height it took."""
        line = self.pdf.font_size * LEADING
        lines = self.lines(text, w)
        for k, words in enumerate(lines):
            self.pdf.set_xy(x, y + k * line)
            self.pdf.cell(w, line, words, align=align)
        return len(lines) * line

    def height(self, text: str, w: float) -> float:
        return len(self.lines(text, w)) * self.pdf.font_size * LEADING

    def label(self, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
        """One line of text in the box (x, y, w, h), centred vertically."""
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, h, self.plain(text), align=align)

    def dot(self, x: float, y: float, radius: float, style: str = "F") -> None:
        """A circle centred on (x, y) (``ellipse`` takes its box's corner in every fpdf2)."""
        self.pdf.ellipse(x - radius, y - radius, 2 * radius, 2 * radius, style=style)

    def fill(self, colour: str) -> None:
        self.pdf.set_fill_color(*_rgb(colour))

    def stroke(self, colour: str, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*_rgb(colour))
        self.pdf.set_line_width(width)


def _ascii(char: str, glyphs: frozenset[int] | None) -> str:
    if char in PLAIN:
        return PLAIN[char]
    decomposed = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    fits = all((ord(c) in glyphs) if glyphs is not None else _latin1(c) for c in decomposed)
    return decomposed if decomposed and fits else "?"


def _latin1(char: str) -> bool:
    return ord(char) < 256


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


# -- pages ----------------------------------------------------------------------------------------


def _slide(pen: _Pen, slide: Slide) -> None:
    if slide.kind == "title":
        _cover(pen, slide)
        return
    top = _page(pen, slide)
    bottom = PAGE_H - MARGIN - FOOTER - _notes_height(pen, slide)
    _body(pen, slide, top, bottom)
    _notes(pen, slide)


def _body(pen: _Pen, slide: Slide, top: float, bottom: float) -> None:
    """The slide's bullets, table and chart between ``top`` and ``bottom``: beside each other
    where the bullets fit a column, else one under the other, else over a further page."""
    width = PAGE_W - 2 * MARGIN

    def more() -> float:
        return _page(pen, slide, more=True)

    if slide.table is not None:
        if slide.bullets:
            room = bottom - MIN_TABLE_H
            top = _bullets(pen, slide.bullets, MARGIN, top, width, room, more) + GAP
        _table(pen, slide.table, top, bottom, more)
        if slide.chart is not None:
            top = more()
            _chart(pen, slide.chart, MARGIN, top, width, bottom - top)
        return
    if slide.chart is None:
        _bullets(pen, slide.bullets, MARGIN, top, width, bottom, more)
        return
    if not slide.bullets:
        _chart(pen, slide.chart, MARGIN, top, width, bottom - top)
        return
    side = width * SIDE_BY_SIDE
    if _bullet_size(pen, slide.bullets, side, bottom - top, smallest=10) is not None:
        _bullets(pen, slide.bullets, MARGIN, top, side, bottom, more)
        _chart(pen, slide.chart, MARGIN + side + GAP, top, width - side - GAP, bottom - top)
        return
    size = _bullet_size(pen, slide.bullets, width, bottom - top - MIN_CHART_H - GAP)
    if size is not None:
        end = _bullets(pen, slide.bullets, MARGIN, top, width, bottom, more, size=size)
        _chart(pen, slide.chart, MARGIN, end + GAP, width, bottom - end - GAP)
        return
    _bullets(pen, slide.bullets, MARGIN, top, width, bottom, more)
    top = more()
    _chart(pen, slide.chart, MARGIN, top, width, bottom - top)


def _cover(pen: _Pen, slide: Slide) -> None:
    pdf = pen.pdf
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN
    pen.fill("#2C7BB6")
    pdf.rect(MARGIN, 62, 40, 2.2, style="F")
    pen.font(_fit_size(pen, slide.title, width, (32, 28, 24, 20), lines=2), bold=True)
    y = 72 + pen.write(MARGIN, 72, width, slide.title)
    pen.font(14, colour=MUTED)
    pen.write(MARGIN, y + 4, width, slide.subtitle)


def _page(pen: _Pen, slide: Slide, *, more: bool = False) -> float:
    """A new page with the slide's title and subtitle; where the body starts."""
    pdf = pen.pdf
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN
    title = slide.title + (" (continued)" if more else "")
    pen.font(_fit_size(pen, title, width, (20, 18, 16, 14), lines=2), bold=True)
    y = MARGIN + pen.write(MARGIN, MARGIN, width, title)
    if slide.subtitle:
        pen.font(11, colour=MUTED)
        y += 1.5 + pen.write(MARGIN, y + 1.5, width, slide.subtitle)
    pen.stroke(GRID, 0.3)
    pdf.line(MARGIN, y + 2.5, PAGE_W - MARGIN, y + 2.5)
    return y + 2.5 + GAP


def _fit_size(pen: _Pen, text: str, width: float, sizes: Sequence[float], *, lines: int) -> float:
    for size in sizes:
        pen.pdf.set_font(pen.family, "B", size)
        if len(pen.lines(text, width)) <= lines:
            return size
    return sizes[-1]


def _footer(pen: _Pen, pack_title: str) -> None:
    pen.font(8, colour=MUTED)
    y = PAGE_H - MARGIN - 4
    width = PAGE_W - 2 * MARGIN
    pen.label(MARGIN, y, width * 0.8, 4, pack_title)
    pen.label(MARGIN + width * 0.8, y, width * 0.2, 4, f"{pen.pdf.page_no()} / {{nb}}", "R")


def _notes_height(pen: _Pen, slide: Slide) -> float:
    """The height "About this slide" takes over the footer, with its gap."""
    if not slide.notes:
        return 0.0
    pen.font(NOTES_SIZE, colour=MUTED)
    return pen.height(f"About this slide: {slide.notes}", PAGE_W - 2 * MARGIN) + GAP


def _notes(pen: _Pen, slide: Slide) -> None:
    if not slide.notes:
        return
    text = f"About this slide: {slide.notes}"
    top = PAGE_H - MARGIN - FOOTER - _notes_height(pen, slide) + GAP
    pen.font(NOTES_SIZE, colour=MUTED)
    pen.write(MARGIN, top, PAGE_W - 2 * MARGIN, text)


# -- bullets --------------------------------------------------------------------------------------


def _bullet_size(
    pen: _Pen, bullets: Sequence[str], width: float, height: float, *, smallest: float = 8
) -> float | None:
    """The largest font size at which the bullets fit the box, if any."""
    for size in BULLET_SIZES:
        if size < smallest:
            break
        if _bullets_height(pen, bullets, width, size) <= height:
            return size
    return None


def _bullets_height(pen: _Pen, bullets: Sequence[str], width: float, size: float) -> float:
    pen.font(size)
    line, indent = size * PT * LEADING, size * PT * 1.3
    return sum(len(pen.lines(b, width - indent)) * line + size * PT * 0.55 for b in bullets)


def _bullets(
    pen: _Pen,
    bullets: Sequence[str],
    x: float,
    top: float,
    width: float,
    bottom: float,
    next_page: Callable[[], float],
    *,
    size: float | None = None,
) -> float:
    """Each bullet behind a dot, wrapped to the width, at the largest size that fits between
    ``top`` and ``bottom`` (or ``size``); what does not fit at the smallest size carries on
    over the next page. Where the bullets end."""
    size = size or _bullet_size(pen, bullets, width, bottom - top) or BULLET_SIZES[-1]
    line, indent = size * PT * LEADING, size * PT * 1.3
    y = top
    for bullet in bullets:
        pen.font(size)
        for k, text in enumerate(pen.lines(bullet, width - indent)):
            if y + line > bottom + 1e-6:
                y = next_page()
                pen.font(size)
            if k == 0:
                pen.fill(MUTED)
                radius = size * PT * 0.16
                pen.dot(x + radius + 0.3, y + line / 2, radius)
            pen.label(x + indent, y, width - indent, line, text)
            y += line
        y += size * PT * 0.55
    return y


# -- tables ---------------------------------------------------------------------------------------


def _table(
    pen: _Pen, table: Table, top: float, bottom: float, next_page: Callable[[], float]
) -> None:
    """The table across the page at the largest size that fits it (keeping cells to one line
    where a size allows); a table no size fits carries on over further pages under its
    header again."""
    width = PAGE_W - 2 * MARGIN
    words = text_columns(table)
    fitting = []  # (font size, whether every cell keeps to one line)
    for size in TABLE_SIZES:
        widths = _column_widths(pen, table, width, size, words)
        heights = _row_heights(pen, table, widths, size)
        if sum(heights) <= bottom - top:
            fitting.append((size, _natural_width(pen, table, size) <= width))
    whole = [size for size, one_line in fitting if one_line]
    size = (whole or [f[0] for f in fitting] or [LONG_TABLE_SIZE])[0]
    widths = _column_widths(pen, table, width, size, words)
    heights = _row_heights(pen, table, widths, size)
    room = (bottom - top - sum(heights)) / len(heights)
    if room > 0:  # a table that fits with room to spare gets airier rows
        heights = [h + min(room * 0.98, size * PT * 0.9) for h in heights]
    rows = list(range(len(table.rows)))
    while True:
        y = _table_row(pen, table.columns, None, widths, heights[0], top, size, words, head=True)
        while rows and y + heights[rows[0] + 1] <= bottom + 1e-6:
            k = rows.pop(0)
            fills = table.fills[k] if k < len(table.fills) else ()
            y = _table_row(pen, table.rows[k], fills, widths, heights[k + 1], y, size, words)
        if not rows:
            return
        top = next_page()


def _natural(pen: _Pen, table: Table, size: float) -> list[float]:
    """Each column's width with its widest cell on one line."""
    pad = size * PT * CELL_PAD
    natural = []
    for j, column in enumerate(table.columns):
        pen.font(size, bold=True)
        widest = pen.width(column)
        pen.font(size, bold=j == 0)
        widest = max([widest, *(pen.width(row[j]) for row in table.rows)])
        natural.append(widest + 2 * pad + 0.2)
    return natural


def _natural_width(pen: _Pen, table: Table, size: float) -> float:
    return sum(_natural(pen, table, size))


def _column_widths(
    pen: _Pen, table: Table, width: float, size: float, words: list[bool]
) -> list[float]:
    """Each column as wide as its widest cell, spare width shared out in proportion; when too
    wide, the word columns narrowed (in proportion) to wrap."""
    natural = _natural(pen, table, size)
    total = sum(natural)
    if total <= width:
        return [w * width / total for w in natural]
    narrow = [w if not words[j] else 0.0 for j, w in enumerate(natural)]
    spare = width - sum(narrow)
    wide = [j for j in range(len(natural)) if words[j]]
    share = sum(natural[j] for j in wide) or 1.0
    widths = list(narrow)
    for j in wide:
        widths[j] = max(spare * natural[j] / share, 12.0)
    if sum(widths) > width:
        return [w * width / sum(widths) for w in widths]
    return widths


def _row_heights(pen: _Pen, table: Table, widths: list[float], size: float) -> list[float]:
    """The header's height, then each row's: its tallest cell's lines."""
    pad = size * PT * CELL_PAD
    line = size * PT * LEADING
    heights = []
    for k, row in enumerate([table.columns, *table.rows]):
        tallest = 1
        for j, (text, w) in enumerate(zip(row, widths, strict=True)):
            pen.font(size, bold=k == 0 or j == 0)
            tallest = max(tallest, len(pen.lines(text, w - 2 * pad)))
        heights.append(tallest * line + size * PT * 1.1)
    return heights


def _table_row(
    pen: _Pen,
    cells: Sequence[str],
    fills: Sequence[str | None] | None,
    widths: list[float],
    height: float,
    y: float,
    size: float,
    words: list[bool],
    *,
    head: bool = False,
) -> float:
    pad = size * PT * CELL_PAD
    line = size * PT * LEADING
    x = MARGIN
    for j, (text, w) in enumerate(zip(cells, widths, strict=True)):
        fill = HEADER_FILL if head else (fills[j] if fills and j < len(fills) else None)
        if fill:
            pen.fill(fill)
            pen.pdf.rect(x + 0.25, y + 0.25, w - 0.5, height - 0.5, style="F")
        pen.font(size, bold=head or j == 0, colour=ink(fill) if fill else INK)
        block = len(pen.lines(text, w - 2 * pad)) * line
        pen.write(
            x + pad, y + (height - block) / 2, w - 2 * pad, text, align="L" if words[j] else "C"
        )
        x += w
    if head:
        pen.stroke(RULE, 0.3)
        pen.pdf.line(MARGIN, y + height, MARGIN + sum(widths), y + height)
    return y + height


# -- charts ---------------------------------------------------------------------------------------

AXIS_SIZE, LABEL_SIZE, VALUE_SIZE = 8.5, 8.5, 7.5
LABEL_ALL = 12  # up to this many points, a name may sit further off with a line to its point
LABEL_STEPS = 5  # how far off (in steps) a name may sit
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def _chart(pen: _Pen, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """The chart in the box (x, y, w, h): its legend on top, then its axes and marks."""
    legend = chart.kind != "scatter" and len(chart.series) > 1
    if legend:
        used = _legend(pen, chart, x, y, w)
        y, h = y + used, h - used
    draw = {"bar": _bars, "column": _columns, "line": _columns, "scatter": _points}
    if chart.kind not in draw:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    draw[chart.kind](pen, chart, x, y, w, h)


def _legend(pen: _Pen, chart: Chart, x: float, y: float, w: float) -> float:
    pen.font(LABEL_SIZE)
    box, line = 3.0, LABEL_SIZE * PT * LEADING + 1.5
    cx, cy = x, y
    for series in chart.series:
        item = box + 1.5 + pen.width(series.name) + 5
        if cx > x and cx + item > x + w:
            cx, cy = x, cy + line
        pen.fill(series.colour)
        pen.pdf.rect(cx, cy + (line - box) / 2 - 0.4, box, box, style="F")
        pen.label(cx + box + 1.5, cy, item - box - 1.5, line - 0.8, series.name)
        cx += item
    return cy - y + line + 2


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from low to high: a step of 1, 2, 2.5 or 5 times a power of ten."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_text(value: float) -> str:
    return (f"{value:g}" if value != int(value) else str(int(value))).replace("-", "−")


def _value_title(pen: _Pen, text: str, x: float, y0: float, y1: float) -> None:
    """The value axis's title, turned to read upwards, centred beside the axis."""
    if not text:
        return
    pen.font(AXIS_SIZE, colour=MUTED)
    width = pen.width(text)
    centre = (y0 + y1) / 2
    with pen.pdf.rotation(90, x, centre):
        pen.pdf.text(x - width / 2, centre, pen.plain(text))


def _bars(pen: _Pen, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """Horizontal grouped bars, the categories top to bottom; the value axis underneath."""
    low, high = value_range(chart)
    ticks = _ticks(low, high)
    pen.font(LABEL_SIZE)
    natural = max((pen.width(c) for c in chart.categories), default=0.0)
    label_w = min(natural + 2, w * 0.35)
    axis_h = AXIS_SIZE * PT * LEADING * 2 + 3
    px0, px1, py0, py1 = x + label_w + 2, x + w - 7, y, y + h - axis_h
    scale = (px1 - px0) / (high - low)
    base = min(max(0.0, low), high)

    def at(value: float) -> float:
        return px0 + (min(max(value, low), high) - low) * scale

    _grid(pen, ticks, lambda t: (at(t), py0, at(t), py1))
    band = (py1 - py0) / max(len(chart.categories), 1)
    bar = band * 0.78 / max(len(chart.series), 1)
    size = _label_size(pen, chart.categories, label_w, band)
    line = size * PT * LEADING
    for i, category in enumerate(chart.categories):
        top = py0 + i * band
        pen.font(size)
        lines = pen.lines(category, label_w)
        block = min(len(lines), max(int(band / line), 1))
        for k, text in enumerate(lines[:block]):
            pen.label(x, top + (band - block * line) / 2 + k * line, label_w, line, text, "R")
        for s, series in enumerate(chart.series):
            value = series.values[i]
            if value is None or not math.isfinite(value):
                continue
            by = top + band * 0.11 + s * bar
            start, end = sorted((at(base), at(value)))
            pen.fill(series.colour)
            pen.pdf.rect(start, by, max(end - start, 0.2), bar * 0.94, style="F")
            if bar >= 2.2:
                pen.font(min(VALUE_SIZE, bar / PT * 0.95))
                side = end + 0.8 if value >= base else start - 9.8
                pen.label(side, by, 9, bar * 0.94, number(value), "L" if value >= base else "R")
    pen.stroke(MUTED, 0.3)
    pen.pdf.line(at(base), py0, at(base), py1)
    pen.font(AXIS_SIZE, colour=MUTED)
    for tick in ticks:
        pen.label(at(tick) - 8, py1 + 0.8, 16, AXIS_SIZE * PT * LEADING, _tick_text(tick), "C")
    pen.label(px0, py1 + 1 + AXIS_SIZE * PT * LEADING, px1 - px0, 4, chart.value_title, "C")


def _label_size(pen: _Pen, labels: Sequence[str], width: float, height: float) -> float:
    """The largest size (down to 6 pt) at which every label's lines fit its band."""
    for size in (LABEL_SIZE, 8, 7.5, 7, 6.5, 6):
        pen.font(size)
        if all(len(pen.lines(t, width)) * size * PT * LEADING <= height for t in labels):
            return size
    return 6


def _columns(pen: _Pen, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """Vertical grouped bars (``column``) or lines with markers (``line``), the categories left
    to right; the value axis on the left with its title."""
    low, high = value_range(chart)
    ticks = _ticks(low, high)
    pen.font(AXIS_SIZE)
    tick_w = max(pen.width(_tick_text(t)) for t in ticks) + 1.5
    px0, px1 = x + 6 + tick_w, x + w - 2
    band = (px1 - px0) / max(len(chart.categories), 1)
    pen.font(LABEL_SIZE)
    line = LABEL_SIZE * PT * LEADING
    wrapped = [pen.lines(c, band - 2) for c in chart.categories]
    label_h = max((len(lines) for lines in wrapped), default=1) * line + 1.5
    title_h = (line + 1) if chart.category_title else 0.0
    py0, py1 = y + 4, y + h - label_h - title_h
    scale = (py1 - py0) / (high - low)
    base = min(max(0.0, low), high)

    def at(value: float) -> float:
        return py1 - (min(max(value, low), high) - low) * scale

    _grid(pen, ticks, lambda t: (px0, at(t), px1, at(t)))
    pen.font(AXIS_SIZE, colour=MUTED)
    for tick in ticks:
        pen.label(px0 - tick_w - 1, at(tick) - 2, tick_w, 4, _tick_text(tick), "R")
    _value_title(pen, chart.value_title, x + 2.5, py0, py1)
    for i, lines in enumerate(wrapped):
        pen.font(LABEL_SIZE)
        for k, text in enumerate(lines):
            pen.label(px0 + i * band, py1 + 1.2 + k * line, band, line, text, "C")
    if chart.category_title:
        pen.font(AXIS_SIZE, colour=MUTED)
        pen.label(px0, py1 + label_h, px1 - px0, line, chart.category_title, "C")
    if chart.kind == "line":
        _line_marks(pen, chart, px0, band, at)
    else:
        _column_marks(pen, chart, px0, band, at, base)
    pen.stroke(MUTED, 0.3)
    pen.pdf.line(px0, at(base), px1, at(base))


def _column_marks(pen: _Pen, chart: Chart, px0: float, band: float, at, base: float) -> None:
    bar = band * 0.72 / max(len(chart.series), 1)
    for i in range(len(chart.categories)):
        for s, series in enumerate(chart.series):
            value = series.values[i]
            if value is None or not math.isfinite(value):
                continue
            bx = px0 + i * band + band * 0.14 + s * bar
            top, bottom = sorted((at(value), at(base)))
            pen.fill(series.colour)
            pen.pdf.rect(bx + bar * 0.03, top, bar * 0.94, max(bottom - top, 0.2), style="F")
            pen.font(min(VALUE_SIZE + 0.5, max(bar / PT * 0.45, 5.5)))
            y = top - 4.2 if value >= base else bottom + 0.2
            pen.label(bx, y, bar, 4, number(value), "C")


def _line_marks(pen: _Pen, chart: Chart, px0: float, band: float, at) -> None:
    for s, series in enumerate(chart.series):
        points = [
            (px0 + (i + 0.5) * band, at(v)) if v is not None and math.isfinite(v) else None
            for i, v in enumerate(series.values)
        ]
        pen.stroke(series.colour, 0.8 if s == 0 else 0.55)
        for a, b in itertools.pairwise(points):
            if a is not None and b is not None:
                pen.pdf.line(*a, *b)
        pen.fill(series.colour)
        for point in points:
            if point is not None:
                pen.dot(*point, 1.1)


def _points(pen: _Pen, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """A point a category, ``series[0]`` across and ``series[1]`` up, each named where its name
    fits clear of the points and the other names; the points that find no room in grey."""
    across, up = chart.series
    (x0, x1), (y0, y1) = across_range(chart), value_range(chart)
    xticks, yticks = _ticks(x0, x1), _ticks(y0, y1)
    pen.font(AXIS_SIZE)
    tick_w = max(pen.width(_tick_text(t)) for t in yticks) + 1.5
    line = AXIS_SIZE * PT * LEADING
    px0, px1, py0, py1 = x + 6 + tick_w, x + w - 2, y + 2, y + h - 2 * line - 3

    def at(vx: float, vy: float) -> tuple[float, float]:
        return px0 + (vx - x0) / (x1 - x0) * (px1 - px0), py1 - (vy - y0) / (y1 - y0) * (py1 - py0)

    _grid(pen, xticks, lambda t: (at(t, y0)[0], py0, at(t, y0)[0], py1))
    _grid(pen, yticks, lambda t: (px0, at(x0, t)[1], px1, at(x0, t)[1]))
    if y0 < 0 < y1:
        pen.stroke(RULE, 0.4)
        pen.pdf.line(px0, at(x0, 0)[1], px1, at(x0, 0)[1])
    pen.stroke(MUTED, 0.3)
    pen.pdf.line(px0, py1, px1, py1)
    pen.pdf.line(px0, py0, px0, py1)
    pen.font(AXIS_SIZE, colour=MUTED)
    for tick in xticks:
        pen.label(at(tick, y0)[0] - 8, py1 + 0.8, 16, line, _tick_text(tick), "C")
    for tick in yticks:
        pen.label(px0 - tick_w - 1, at(x0, tick)[1] - 2, tick_w, 4, _tick_text(tick), "R")
    pen.label(px0, py1 + line + 1.5, px1 - px0, line, chart.category_title or across.name, "C")
    _value_title(pen, chart.value_title, x + 2.5, py0, py1)
    points = [
        (k, *at(vx, vy))
        for k, (vx, vy) in enumerate(zip(across.values, up.values, strict=True))
        if vx is not None and vy is not None and math.isfinite(vx) and math.isfinite(vy)
    ]
    named = _place(pen, chart.categories, points, (px0, py0, px1, py1))
    radius = 1.4
    for k, cx, cy in points:
        pen.fill(across.colour if k in named else "#A3A3A3")
        pen.stroke("#FFFFFF", 0.3)
        pen.dot(cx, cy, radius, style="FD")
    pen.font(LABEL_SIZE)
    for k, (lx, ly, lw, lh, leader) in named.items():
        if leader is not None:
            pen.stroke("#A3A3A3", 0.2)
            pen.pdf.line(*leader)
        pen.label(lx, ly, lw, lh, chart.categories[k], "C")
    if len(named) < len(points):
        pen.font(7.5, colour=MUTED)
        pen.label(px0, py0, px1 - px0 - 1, 4, "Grey: no room for the name", "R")


def _place(
    pen: _Pen, names: Sequence[str], points: list[tuple[int, float, float]], area: tuple
) -> dict[int, tuple[float, float, float, float, tuple | None]]:
    """Where each point's name goes (left, top, width, height, leader line or None): the
    outermost points first, each name as near its point as it can be, clear of every point,
    of the names and leader lines already placed and of the plot's edges. Names that find no
    room are left off; with many points a name stays close to its point or is left off."""
    if not points:
        return {}
    pen.font(LABEL_SIZE)
    lh = LABEL_SIZE * PT * LEADING
    cx = sum(p[1] for p in points) / len(points)
    cy = sum(p[2] for p in points) / len(points)
    order = sorted(points, key=lambda p: -((p[1] - cx) ** 2 + (p[2] - cy) ** 2))
    dots = {k: (px - 1.8, py - 1.8, px + 1.8, py + 1.8) for k, px, py in points}
    boxes: list[tuple] = []
    leaders: list[tuple] = []
    placed: dict[int, tuple[float, float, float, float, tuple | None]] = {}
    reach = LABEL_STEPS if len(points) <= LABEL_ALL else 2
    for k, px, py in order:
        lw = pen.width(names[k]) + 1.5
        others = [box for j, box in dots.items() if j != k] + boxes
        for step, (dx, dy) in itertools.product(range(reach), DIRECTIONS):
            centre = (px + dx * (lw / 2 + 2.2 + 4 * step), py + dy * (lh / 2 + 1.6 + 3 * step))
            box = (centre[0] - lw / 2, centre[1] - lh / 2, centre[0] + lw / 2, centre[1] + lh / 2)
            leader = (px, py, *_nearest_edge(px, py, box)) if step else None
            if _free(box, leader, others, leaders, area):
                placed[k] = (box[0], box[1], lw, lh, leader)
                boxes.append(box)
                leaders += [leader] if leader else []
                break
    return placed


def _free(box: tuple, leader: tuple | None, others: list, leaders: list, area: tuple) -> bool:
    """Whether a name's box (and its leader line) sits inside the plot, clear of the rest."""
    x0, y0, x1, y1 = area
    if box[0] < x0 or box[1] < y0 or box[2] > x1 or box[3] > y1:
        return False
    if any(_overlap(box, other) for other in others):
        return False
    if leader is None:
        return True
    return not any(_crosses(leader, other) for other in others) and not any(
        _intersect(leader, line) for line in leaders
    )


def _nearest_edge(px: float, py: float, box: tuple) -> tuple[float, float]:
    return min(max(px, box[0]), box[2]), min(max(py, box[1]), box[3])


def _crosses(line: tuple, box: tuple) -> bool:
    """Whether a line (leaving its point's own dot) passes through a box."""
    (ax, ay, bx, by), steps = line, 24
    return any(
        box[0] <= ax + (bx - ax) * t <= box[2] and box[1] <= ay + (by - ay) * t <= box[3]
        for t in (k / steps for k in range(3, steps))
    )


def _intersect(a: tuple, b: tuple) -> bool:
    """Whether two line segments cross."""

    def side(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = side(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = side(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = side(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = side(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _grid(pen: _Pen, ticks: Sequence[float], segment) -> None:
    pen.stroke(GRID, 0.25)
    for tick in ticks:
        pen.pdf.line(*segment(tick))


__all__ = ["pdf_bytes"]
