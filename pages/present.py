"""Present: the board pack one insight per screen, in large type, for a projector.

Right / Page Down moves on, Left / Page Up back; nothing else on the screen. The slides are the
deck's, in the deck's order, for the view chosen on the review pages.
"""

from __future__ import annotations

import html

import streamlit as st

from cxmaturity.board.content import Slide
from cxmaturity.board.html import table_html
from ui.board import pack

STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stHeader"] {display: none !important;}
.block-container {padding-top: 1.2rem; max-width: 96vw;}
.cx-title {font-size: 2.6rem; font-weight: 700; line-height: 1.15; margin: 0 0 .3rem 0; padding: 0;}
.cx-subtitle {font-size: 1.35rem; color: #595959; margin-bottom: 1rem;}
.cx-cover {margin-top: 22vh;}
.cx-cover .cx-title {font-size: 3.6rem;}
.cx-cover .cx-subtitle {font-size: 1.6rem;}
.cx-bullets li {font-size: inherit; line-height: 1.35; margin-bottom: .5em;}
.table-wrap table {border-collapse: collapse; font-size: inherit; width: 100%;}
.table-wrap th, .table-wrap td {border: 2px solid #fff; padding: .12rem .4rem; text-align: center;
  line-height: 1.3;}
.table-wrap [scope="row"], .table-wrap .text {text-align: left;}
.table-wrap [scope="row"] {white-space: nowrap;}
.st-key-present_controls {position: fixed; bottom: .4rem; left: 2vw; right: 2vw; z-index: 99;
  background: rgba(255, 255, 255, .92);}
.block-container {padding-bottom: 4rem;}
.cx-count {color: #737373; font-size: 1rem; text-align: right;}
</style>
"""

found, state, _ = pack(st.session_state.get("board_organisation", "").strip())
slides = found.slides
count = len(slides)
at = min(max(int(st.session_state.get("present_at", 0)), 0), count - 1)


def move(step: int) -> None:
    st.session_state["present_at"] = min(max(at + step, 0), count - 1)


def bullet_size(bullets: tuple[str, ...], *, width: int, height: int = 480) -> int:
    """Pixels per letter at which the words fill the room under the title on a 1280×720
    projector (a letter about half as wide as it is high, lines 1.35 high), 15 to 25."""
    letters = sum(len(b) + 20 for b in bullets)  # a bullet's last line is never full
    fitting = (0.7 * width * height / (0.5 * 1.35 * letters)) ** 0.5
    return int(min(max(fitting, 15), 25))


def show(slide: Slide) -> None:
    st.html(
        STYLE
        + ('<div class="cx-cover">' if slide.kind == "title" else "<div>")
        + f'<h1 class="cx-title">{html.escape(slide.title)}</h1>'
        + (
            f'<div class="cx-subtitle">{html.escape(slide.subtitle)}</div>'
            if slide.subtitle
            else ""
        )
        + "</div>"
    )
    wide = slide.chart is not None and slide.bullets
    words, picture = st.columns([2, 3]) if wide else (st.container(), st.container())
    if slide.bullets:
        items = "".join(f"<li>{html.escape(b)}</li>" for b in slide.bullets)
        size = bullet_size(slide.bullets, width=420 if wide else 1050)
        words.html(f'<ul class="cx-bullets" style="font-size:{size}px">{items}</ul>')
    if slide.chart is not None:
        from cxmaturity.board.figures import figure

        chart = figure(slide.chart)
        chart.update_layout(height=470, font={"size": 18})
        picture.plotly_chart(chart, width="stretch", config={"displayModeBar": False})
    if slide.table is not None:  # the fewer the rows, the larger the type
        rows = len(slide.table.rows)
        size = 1.45 if rows <= 8 else 1.15 if rows <= 13 else 1.0
        picture.html(f'<div style="font-size:{size}rem">{table_html(slide.table)}</div>')


show(slides[at])
# the controls stay at the foot of the screen, wherever the slide ends
back, counter, forward = st.container(key="present_controls").columns([1, 6, 1])
back.button(
    "Back", key="present_back", on_click=move, args=(-1,), shortcut="Left", disabled=at == 0
)
forward.button(
    "Next",
    key="present_next",
    on_click=move,
    args=(1,),
    shortcut="Right",
    disabled=at == count - 1,
    type="primary",
)
counter.html(
    f'<div class="cx-count">{at + 1} / {count} · ← → to move · '
    f'<a href="./overview" target="_self">leave</a></div>'
)
