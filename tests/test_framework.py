from __future__ import annotations

import re

import pytest

from cxmaturity.errors import FrameworkError
from cxmaturity.framework import load_framework
from tests.conftest import SHARED

SEED_004 = SHARED / "seeds" / "004_8d8da147c666a8d3.txt"


@pytest.fixture(scope="module")
def bliss():
    return load_framework()


def test_ids_and_order(bliss) -> None:
    assert bliss.item_ids == (
        *(f"S{i:02d}" for i in range(1, 12)),
        "T01",
        "T02",
        "T03",
    )


@pytest.mark.parametrize(
    ("pillar", "items"),
    [
        ("people", ("S01", "S06", "S09", "S11")),
        ("process", ("S02", "S03", "S05", "S07", "S08", "S10")),
        ("technology", ("S04", "T01", "T02", "T03")),
    ],
)
def test_default_pillars(bliss, pillar: str, items: tuple[str, ...]) -> None:
    assert bliss.items_in(pillar) == items


@pytest.mark.skipif(not SEED_004.exists(), reason="the seed texts are not beside the project")
def test_statement_texts_are_the_seed_verbatim(bliss) -> None:
    seed = SEED_004.read_text(encoding="utf-8")
    body = seed.split("11 Statements to Assess if Your Company Needs a Chief Customer Officer")[1]
    statements = [
        line[2:].strip()
        for line in body.splitlines()
        if line.startswith("- ") and not re.match(r"- (Yes|No),", line)
    ]
    assert [bliss.item(f"S{i:02d}").text for i in range(1, 12)] == statements


def test_technology_items_are_our_own(bliss) -> None:
    for item_id in ("T01", "T02", "T03"):
        assert bliss.item(item_id).pillar == "technology"
        assert bliss.item(item_id).text.endswith(".")


@pytest.mark.parametrize(
    ("header", "ids", "how"),
    [
        ("S01", ("S01",), "item id"),
        ("t02", ("T02",), "item id"),
        (
            "There is real clarity of everyone's roles and responsibilities",
            ("S05",),
            "statement text",
        ),
        ("THE WORK IS CONSIDERED ATTAINABLE.", ("S09",), "statement text"),
        (
            "We have a roadmap and clear metrics for the customer work.",
            ("S03", "S04"),
            "bliss-9 statement 3",
        ),
        ("People really care about the customer work.", ("S06",), "bliss-9 statement 5"),
        (
            "Recognition and reward programs motivate customer work.",
            ("S11",),
            "bliss-9 statement 9",
        ),
    ],
)
def test_match_header(bliss, header: str, ids: tuple[str, ...], how: str) -> None:
    assert bliss.match_header(header) == (ids, how)


@pytest.mark.parametrize("header", ["Division", "Q1", "", "There is someone"])
def test_unrelated_headers_do_not_match(bliss, header: str) -> None:
    assert bliss.match_header(header) is None


def test_user_framework_yaml(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\npillars: {people: {name: People}, process: {name: Process}}\n"
        "items:\n  - {id: P1, text: We listen., pillar: people}\n"
        "  - {id: P2, text: We act., pillar: process}\n",
        encoding="utf-8",
    )
    framework = load_framework(path)
    assert framework.item_ids == ("P1", "P2")
    assert framework.pillar_ids == ("people", "process")
    assert framework.match_header("we listen") == (("P1",), "statement text")


def test_user_framework_csv(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,text,pillar\nA1,One thing.,people\nA2,Another.,technology\n", "utf-8")
    framework = load_framework(path)
    assert framework.items_in("technology") == ("A2",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pillars: {people: {}}\nitems: []\n", "'items' must be a non-empty list"),
        ("items: [{id: A, text: x, pillar: people}]\n", "'pillars' must map"),
        (
            "pillars: {people: {}}\nitems: [{id: A, text: x, pillar: money}]\n",
            "item A has pillar 'money'",
        ),
        (
            "pillars: {people: {}}\nitems: [{id: A, text: x, pillar: people},"
            " {id: A, text: y, pillar: people}]\n",
            "item id(s) A appear more than once",
        ),
        (
            "pillars: {people: {}}\nitems: [{id: A, text: Same., pillar: people},"
            " {id: B, text: same, pillar: people}]\n",
            "is used for both A and B",
        ),
        ("items: [oops\n", "cannot read framework file"),
        ("- just a list\n", "must hold a mapping"),
    ],
)
def test_bad_framework_files(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=re.escape(message)):
        load_framework(path)


def test_unknown_framework_names_the_bundled_ones() -> None:
    with pytest.raises(FrameworkError, match="bliss-11"):
        load_framework("no-such-framework")
