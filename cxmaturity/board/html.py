"""The board pack as one self-contained HTML file: the deck's slides in the deck's order, each a
section with its words, its chart (interactive, Plotly) and its table (the deck's cell colours).

Plotly.js is embedded once, inline, so the file opens offline and can be mailed as it is. Every
text from the pack is escaped; a print stylesheet puts each slide on its own landscape page.
"""

from __future__ import annotations

import html
import re

import plotly.io as pio
import plotly.offline

from cxmaturity.board.content import Pack, Slide, Table
from cxmaturity.board.figures import figure, ink, text_columns

CONFIG = {"displayModeBar": False, "responsive": True}
FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
    '"Liberation Sans", sans-serif'
)
_TEXT = ' class="text"'
PRINT_HEIGHT = 340  # CSS pixels a chart may take on a printed page, beside its words
PRINT_ZOOM = 0.65  # the least a chart is scaled to on paper (it narrows as it shortens)

STYLE = """
:root {
  --ink: #262626; --muted: #595959; --rule: #E0E0E0; --accent: #2C7BB6;
  font-family: FONTS;
  color: var(--ink); background: #FFFFFF;
}
body { margin: 0; line-height: 1.5; font-size: 17px; }
main { max-width: 1100px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
.slide { padding: 2rem 0 2.5rem; border-top: 1px solid var(--rule); }
.cover { border-top: none; padding-top: 1rem; }
.cover h1 { font-size: 2.4rem; line-height: 1.15; margin: 0 0 .5rem; }
.cover .subtitle { font-size: 1.15rem; }
.number { color: var(--muted); font-size: .85rem; margin: 0 0 .2rem; letter-spacing: .02em; }
h2 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .35rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
ul.points { padding-left: 1.3rem; margin: 0 0 1rem; }
ul.points li { margin-bottom: .45rem; }
.chart { margin: .5rem 0 1rem; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .92rem; width: 100%; }
th, td { border: 2px solid #FFFFFF; padding: .3rem .45rem; text-align: center;
  font-variant-numeric: tabular-nums; }
thead th { background: #F0F0F0; font-weight: 600; }
tbody th { font-weight: 600; max-width: 16rem; overflow-wrap: anywhere; }
.text { text-align: left; }
.about { color: var(--muted); font-size: .88rem; margin: .75rem 0 0; }
.about strong { color: var(--ink); font-weight: 600; }
nav.contents { margin: 1.5rem 0 0; font-size: .95rem; }
nav.contents ol { columns: 2; column-gap: 2.5rem; padding-left: 1.4rem; margin: .3rem 0 0; }
nav.contents a { color: var(--accent); text-decoration: none; }
nav.contents a:hover { text-decoration: underline; }
@media (max-width: 700px) { nav.contents ol { columns: 1; } main { padding: 1rem; } }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; line-height: 1.4; }
  main { max-width: none; padding: 0; }
  nav.contents a { color: var(--ink); }
  .chart { zoom: var(--print-zoom, 1); }
  .slide { break-before: page; border-top: none; padding: 0; }
  .cover { break-before: avoid; }
  .chart, table, tr, ul.points li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  th, td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def html_report(pack: Pack) -> str:
    """The pack as one HTML page that works offline: a section a slide, in the deck's order."""
    sections = [_section(slide, k, len(pack.slides)) for k, slide in enumerate(pack.slides)]
    if not pack.slides or pack.slides[0].kind != "title":
        sections.insert(0, _cover(pack.title, pack.subtitle))
    contents = _contents(pack)
    cover_end = sections[0].rindex("</section>")
    sections[0] = sections[0][:cover_end] + contents + sections[0][cover_end:]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(pack.title)}</title>\n"
        f'<meta name="description" content="{html.escape(pack.subtitle, quote=True)}">\n'
        f"<style>{STYLE.replace('FONTS', FONTS)}</style>\n"
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>\n'
        "</head>\n<body>\n<main>\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )


def _section(slide: Slide, k: int, count: int) -> str:
    if slide.kind == "title":
        return _cover(slide.title, slide.subtitle, anchor=f"slide-{k + 1}")
    parts = [
        f'<section class="slide" id="slide-{k + 1}">',
        f'<p class="number">{k + 1} / {count}</p>',
        f"<h2>{_text(slide.title)}</h2>",
    ]
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{_text(slide.subtitle)}</p>')
    if slide.bullets:
        items = "".join(f"<li>{_text(b)}</li>" for b in slide.bullets)
        parts.append(f'<ul class="points">{items}</ul>')
    if slide.chart is not None:
        drawn = figure(slide.chart)
        drawn.update_layout(font_family=FONTS)
        zoom = max(PRINT_ZOOM, min(1.0, PRINT_HEIGHT / drawn.layout.height))
        chart = pio.to_html(
            drawn,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{k + 1}",
            config=CONFIG,
        )
        parts.append(f'<div class="chart" style="--print-zoom: {zoom:.2f}">{chart}</div>')
    if slide.table is not None:
        parts.append(table_html(slide.table))
    if slide.notes:
        about = f"<strong>About this slide.</strong> {_text(slide.notes)}"
        parts.append(f'<p class="about">{about}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _cover(title: str, subtitle: str, *, anchor: str = "cover") -> str:
    lines = [f'<section class="slide cover" id="{anchor}">', f"<h1>{_text(title)}</h1>"]
    if subtitle:
        lines.append(f'<p class="subtitle">{_text(subtitle)}</p>')
    return "\n".join([*lines, "</section>"])


def _contents(pack: Pack) -> str:
    items = "".join(
        f'<li><a href="#slide-{k + 1}">{_text(slide.title)}</a></li>'
        for k, slide in enumerate(pack.slides)
        if slide.kind != "title"
    )
    return (
        '<nav class="contents" aria-label="Contents">'
        f"<strong>Contents</strong><ol>{items}</ol></nav>"
    )


def table_html(table: Table) -> str:
    """A table with the deck's cell colours and ink that stays readable on them; long texts
    left-aligned, numbers centred."""
    words = text_columns(table)
    head = "".join(
        f'<th scope="col"{_TEXT if words[j] else ""}>{_text(c)}</th>'
        for j, c in enumerate(table.columns)
    )
    rows = []
    for k, row in enumerate(table.rows):
        fills = table.fills[k] if k < len(table.fills) else (None,) * len(row)
        cells = []
        for j, (text, fill) in enumerate(zip(row, fills, strict=True)):
            tag = "th" if j == 0 else "td"
            scope = ' scope="row"' if j == 0 else ""
            kind = _TEXT if words[j] else ""
            style = f' style="background:{fill};color:{ink(fill)}"' if _hex(fill) else ""
            cells.append(f"<{tag}{scope}{kind}{style}>{_text(text)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<div class="table-wrap"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></div>"
    )


def _hex(fill: str | None) -> bool:
    return bool(fill) and re.fullmatch(r"#[0-9A-Fa-f]{6}", str(fill)) is not None


def _text(text: str) -> str:
    return html.escape(str(text), quote=False)


__all__ = ["html_report", "table_html"]
