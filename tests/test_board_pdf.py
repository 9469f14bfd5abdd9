"""The PDF report: a page a slide with the deck's words and numbers, Unicode that never breaks
it, nothing off the page, nothing private, the same bytes for the same pack and date."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys

import pytest

from cxmaturity import CxMaturityError
from cxmaturity.board import pdf as report
from cxmaturity.board.content import Chart, Pack, Series, Slide, Table
from cxmaturity.board.pdf import pdf_bytes

HIDDEN = ("Human Resources", "Marketing")  # too small to show in the sample
HOSTILE = "<script>alert(1)</script>"
CREATED = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
SPECIAL = "Score (0–100) · “quoted” → next · −5 ≤ 0.05"


def _pypdf():
    try:
        import pypdf
    except ImportError:
        return None
    return pypdf


def _pages(data: bytes) -> list[str]:
    """The text of each page: with pypdf where it is installed, else poppler's pdftotext."""
    pypdf = _pypdf()
    if pypdf is not None:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    if shutil.which("pdftotext") is None:
        pytest.skip("reading PDF text needs pypdf (pip install pypdf) or pdftotext (poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1]


def _flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (wrapping aside)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def pack(sample_pack):
    return sample_pack  # the sample survey's pack (conftest.py)


@pytest.fixture(scope="module")
def data(pack) -> bytes:
    return pdf_bytes(pack, created=CREATED)


@pytest.fixture(scope="module")
def pages(data) -> list[str]:
    return _pages(data)


@pytest.fixture(scope="module")
def unicode_font() -> bool:
    return bool(report._font_files())


def test_it_is_a_pdf_with_a_page_a_slide(pack, data, pages) -> None:
    assert data.startswith(b"%PDF-")
    assert len(pages) == len(pack.slides)


def test_every_page_has_its_slides_title_and_words(pack, pages, unicode_font) -> None:
    for slide, text in zip(pack.slides, pages, strict=True):
        flat = _flat(text)
        plain = (lambda s: s) if unicode_font else _plain
        assert _flat(plain(slide.title)) in flat, slide.title
        for words in (slide.subtitle, *slide.bullets, slide.notes):
            if words:
                assert _flat(plain(words))[:60] in flat, words


def test_every_table_cell_and_chart_value_is_on_its_page(pack, pages) -> None:
    for slide, text in zip(pack.slides, pages, strict=True):
        tokens = set(_flat(text).split(" "))
        if slide.table is not None:
            for row in slide.table.rows:
                for cell in row:
                    assert set(cell.split()) <= tokens or cell in _flat(text), cell
        if slide.chart is not None and slide.chart.kind in ("bar", "column"):
            for series in slide.chart.series:
                for value in series.values:
                    assert report.number(value) in tokens, (slide.title, value)


def test_the_key_numbers_are_there(pack, pages) -> None:
    summary = _flat(pages[1])
    assert re.search(r"scores \d+ out of 100", summary)
    (heatmap,) = [k for k, s in enumerate(pack.slides) if s.kind == "heatmap"]
    assert _flat(" ".join(pack.slides[heatmap].table.rows[0])) in _flat(pages[heatmap])


def test_divisions_too_small_to_show_are_nowhere(pages) -> None:
    text = "\n".join(pages)
    for name in HIDDEN:
        assert name not in text


def test_the_same_pack_and_date_give_the_same_bytes(pack, data) -> None:
    assert pdf_bytes(pack, created=CREATED) == data
    pypdf = _pypdf()
    if pypdf is not None:
        meta = pypdf.PdfReader(io.BytesIO(data)).metadata
        assert meta.title == pack.title
        assert meta.creation_date == CREATED


def _plain(text: str) -> str:
    return "".join(report.PLAIN.get(c, c) for c in text)


def _small(*slides: Slide) -> Pack:
    return Pack("Small", "A test", (Slide("title", "Small", "A test"), *slides))


def test_unicode_is_written_as_it_is_with_a_unicode_font(unicode_font) -> None:
    if not unicode_font:
        pytest.skip("no Unicode TrueType font here (Debian: apt-get install fonts-dejavu-core)")
    text = _flat(
        "\n".join(_pages(pdf_bytes(_small(Slide("summary", SPECIAL, bullets=(SPECIAL,))))))
    )
    assert SPECIAL in text


def test_without_a_unicode_font_helvetica_writes_plain_ascii(monkeypatch, pack) -> None:
    monkeypatch.setattr(report, "_font_files", list)
    assert len(_pages(pdf_bytes(pack))) == len(pack.slides)
    slide = Slide("summary", SPECIAL, SPECIAL, (SPECIAL, "Emoji 🙂 and Ωmega"), notes=SPECIAL)
    text = _flat("\n".join(_pages(pdf_bytes(_small(slide)))))
    assert 'Score (0-100) · "quoted" -> next · -5 <= 0.05' in text
    assert "Emoji ? and ?mega" in text


def test_without_fpdf2_the_error_says_what_to_install(monkeypatch, pack) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(CxMaturityError, match=r"needs the fpdf2 package: pip install fpdf2") as err:
        pdf_bytes(pack)
    assert "the deck and the HTML report do not" in str(err.value)
    assert "\n" not in str(err.value)


def test_hostile_names_are_plain_text() -> None:
    slide = Slide(
        "division",
        f"{HOSTILE}: 50",
        HOSTILE,
        (HOSTILE,),
        chart=Chart("column", (HOSTILE, "B"), (Series(HOSTILE, (50.0, None), "#2C7BB6"),), "v"),
    )
    text = _flat("\n".join(_pages(pdf_bytes(_small(slide)))))
    assert f"{HOSTILE}: 50" in text


def _positions(data: bytes) -> list[tuple[int, float, float, str]]:
    pypdf = _pypdf()
    if pypdf is None:
        pytest.skip("checking where text sits needs pypdf (pip install pypdf)")
    found = []
    for k, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):

        def visit(text, cm, tm, font, size, k=k):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((k, x, y, text))

        page.extract_text(visitor_text=visit)
    return found


def test_long_bullets_and_tables_carry_on_over_pages_never_off_them() -> None:
    words = "a long sentence that has to wrap over many lines of the page " * 6
    rows = tuple((f"Row {k}", words[: 40 + k], str(k)) for k in range(80))
    pack = _small(
        Slide("summary", "Many words " * 12, "sub", tuple(f"{k} {words}" for k in range(14))),
        Slide(
            "division",
            "Words and a chart",
            bullets=tuple(f"{k} {words}" for k in range(6)),
            chart=Chart("bar", ("S01", "S02"), (Series("a", (1.0, 99.0), "#2C7BB6"),), "v"),
            notes=words,
        ),
        Slide("statements", "A long table", table=Table(("Name", "Text", "N"), rows)),
    )
    data = pdf_bytes(pack)
    text = _flat("\n".join(_pages(data)))
    assert "13 a long sentence" in text
    assert "Row 79" in text and "(continued)" in text
    width, height = report.PAGE_W / report.PT, report.PAGE_H / report.PT
    margin = report.MARGIN / report.PT - 1
    for page, x, y, words_ in _positions(data):
        assert margin <= x <= width - margin, (page, words_)
        assert margin <= y <= height - margin, (page, words_)
