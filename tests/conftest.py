"""Shared test set-up: a hypothesis profile that suits CI, and small survey builders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _session_database(tmp_path_factory):
    """Fixtures wider than one test (a module's app run) save waves in a session's own file."""
    folder = tmp_path_factory.mktemp("session-database")
    previous = os.environ.get("CXMATURITY_DATABASE_URL")
    os.environ["CXMATURITY_DATABASE_URL"] = f"sqlite:///{folder / 'waves.db'}"
    yield
    if previous is None:
        os.environ.pop("CXMATURITY_DATABASE_URL", None)
    else:
        os.environ["CXMATURITY_DATABASE_URL"] = previous


@pytest.fixture(autouse=True)
def _own_database(tmp_path_factory, monkeypatch):
    """Every test saves waves in its own SQLite file, never in the user's data folder."""
    folder = tmp_path_factory.mktemp("database")
    monkeypatch.setenv("CXMATURITY_DATABASE_URL", f"sqlite:///{folder / 'waves.db'}")


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write CSV text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "survey.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def sample_pack():
    """The board pack of the bundled sample survey, dated so that its text never changes."""
    import datetime as dt

    from cxmaturity import read_survey, score
    from cxmaturity.board.content import board_pack
    from cxmaturity.findings import find_findings
    from cxmaturity.resources import SAMPLE_SURVEY

    survey = read_survey([SAMPLE_SURVEY])
    results = score(survey)
    findings = find_findings(survey, results)
    return board_pack(survey, results, findings, source="Sample survey", when=dt.date(2026, 1, 15))
