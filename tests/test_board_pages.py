"""The Board pack page (downloads made on click, for the view chosen) and the presentation mode
(one slide per screen, in the deck's order, moved by keyboard, with nothing else on screen)."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

import cxmaturity
from cxmaturity.board.content import board_pack
from cxmaturity.findings import find_findings
from cxmaturity.resources import SAMPLE_SURVEY
from cxmaturity.store import Store
from tests.conftest import ROOT

HIDDEN = ("Human Resources", "Marketing")  # too small to show in the sample


@pytest.fixture(scope="module")
def sample_pack():
    survey = cxmaturity.read_survey([SAMPLE_SURVEY])
    results = cxmaturity.score(survey)
    return (
        survey,
        results,
        board_pack(survey, results, find_findings(survey, results), source="Sample survey"),
    )


def run_page(slug: str, **state) -> AppTest:
    """A page through app.py, as its address opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"pages/{slug}.py").run()
    assert not at.exception, at.exception
    return at


def _downloads(at: AppTest) -> dict[str, object]:
    return {button.proto.label: button for button in at.get("download_button")}


def test_board_pack_page_offers_every_file_and_makes_none_until_asked(monkeypatch) -> None:
    made = []
    import cxmaturity.board.deck as deck

    real = deck.deck_bytes
    monkeypatch.setattr(deck, "deck_bytes", lambda *a, **k: made.append(1) or real(*a, **k))
    at = run_page("board-pack")
    assert set(_downloads(at)) == {
        "Deck (.pptx)",
        "Division briefs (.zip of .pptx)",
        "Report (.html)",
        "Report (.pdf)",
        "Scores (.xlsx)",
        "Scores (.csv)",
    }
    at.text_input(key="board_organisation").set_value("Contoso").run()
    assert not at.exception
    assert made == []  # generated on click, not on every rerun


def test_board_pack_page_lists_the_slides_of_the_view(sample_pack) -> None:
    *_, pack = sample_pack
    at = run_page("board-pack")
    listed = " ".join(m.value for m in at.markdown)
    for slide in pack.slides:
        assert slide.title in listed
    assert not any(name in listed for name in HIDDEN)


def test_the_briefs_zip_holds_one_deck_per_division_shown(sample_pack) -> None:
    from ui.board import briefs_zip

    survey, results, _ = sample_pack

    class State:  # what the page passes: the view chosen in the sidebar
        pass

    state = State()
    state.survey, state.results, state.source, state.wave = survey, results, "Sample survey", None
    archive = zipfile.ZipFile(io.BytesIO(briefs_zip(state, "Contoso", None)))
    assert len(archive.namelist()) == len(results.divisions)
    for name in archive.namelist():
        deck = Presentation(io.BytesIO(archive.read(name)))
        text = " ".join(
            shape.text_frame.text
            for slide in deck.slides
            for shape in slide.shapes
            if shape.has_text_frame
        )
        division = next(d for d in results.divisions if d in text)
        assert name.startswith(division.replace(" ", "-"))
        assert not any(
            other in text for other in [*results.divisions, *HIDDEN] if other != division
        )


def _present_text(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_present_shows_one_slide_per_screen_in_the_decks_order(sample_pack) -> None:
    *_, pack = sample_pack
    at = run_page("present")
    seen = []
    for k, slide in enumerate(pack.slides):
        shown = _present_text(at)
        assert html.escape(slide.title) in shown, (k, slide.title)
        assert f"{k + 1} / {len(pack.slides)}" in shown
        seen.append(shown)
        nxt = at.button(key="present_next")
        if k == len(pack.slides) - 1:
            assert nxt.disabled
        else:
            nxt.click().run()
            assert not at.exception
    assert not any(name in " ".join(seen) for name in HIDDEN)
    at.button(key="present_back").click().run()
    assert f"{len(pack.slides) - 1} / {len(pack.slides)}" in _present_text(at)


def test_present_moves_by_keyboard_and_shows_no_sidebar_settings() -> None:
    at = run_page("present")
    assert at.button(key="present_next").proto.shortcut == "ArrowRight" or (
        at.button(key="present_next").proto.shortcut.lower() in ("right", "arrowright")
    )
    assert at.button(key="present_back").proto.shortcut.lower() in ("left", "arrowleft")
    assert not at.sidebar.selectbox and not at.sidebar.number_input
    assert at.button(key="present_back").disabled


def test_present_follows_the_wave_chosen() -> None:
    from cxmaturity.sample import sample_rounds

    store = Store()
    for name, when, frame in sample_rounds()[:2]:
        survey = cxmaturity.build_survey([(f"{name}.csv", "", frame)])
        store.save(survey, name=name, files=[], date=when)
    at = run_page("present")
    assert "End 2025" in _present_text(at)
    titles = []
    while not at.button(key="present_next").disabled:
        at.button(key="present_next").click().run()
        titles.append(_present_text(at))
    assert any("What changed since Mid-2025" in t for t in titles)
