"""The README and the methodology tell the truth about the code."""

from __future__ import annotations

import re

import pytest

from cxmaturity import build_survey, load_levels, score
from cxmaturity.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    quick_start = README.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_has_exactly_two_setup_commands() -> None:
    run_app, run_tests = setup_commands()
    assert "streamlit run app.py" in run_app and "requirements.txt" in run_app
    assert "pytest" in run_tests and "requirements-dev.txt" in run_tests


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def score_options() -> list[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    return [
        option
        for action in commands.choices["score"]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize("option", score_options())
def test_every_score_option_is_in_the_readme(option) -> None:
    assert option in README


def test_readme_links_the_methodology() -> None:
    assert "docs/methodology.md" in README


def json_keys() -> set[str]:
    import pandas as pd

    table = pd.DataFrame(
        {"Division": list("AAABBB"), "S01": ["Yes", "No"] * 3, "NPS": ["9", "3", "7"] * 2},
        dtype=object,
    )
    document = score(build_survey([("t.csv", "t", table)]), min_group_size=3).to_dict()
    organisation = document["organisation"]
    return (
        set(organisation)
        | set(organisation["statements"]["S01"])
        | set(organisation["nps"])
        | set(document["gaps"]["S01"])
    ) - {"divisions"}


@pytest.mark.parametrize("key", sorted(json_keys()))
def test_methodology_defines_every_figure(key) -> None:
    assert f"`{key}`" in METHODOLOGY


@pytest.mark.parametrize("level", load_levels(), ids=lambda lv: lv.name)
def test_methodology_level_table_matches_the_data(level) -> None:
    assert f"| {level.level} |" in METHODOLOGY
    assert f"| {level.name} | {level.meaning} |" in METHODOLOGY


@pytest.mark.parametrize(
    "setting", __import__("cxmaturity.settings").settings.SETTINGS, ids=lambda s: s.name
)
def test_every_setting_is_documented_and_offered(setting) -> None:
    assert setting.option in README
    assert setting.option in score_options()
    assert setting.environment is None or setting.environment in README


def test_import_guide_is_linked() -> None:
    assert "docs/importing.md" in README
    assert (ROOT / "docs" / "importing.md").exists()
