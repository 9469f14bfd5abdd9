"""The Streamlit app runs on the bundled sample and shows the organisation's score."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cxmaturity import read_survey, score
from cxmaturity.resources import SAMPLE_SURVEY
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_app_runs_without_exception(app: AppTest) -> None:
    assert not app.exception


def test_overview_shows_the_organisation_score_and_pillars(app: AppTest) -> None:
    results = score(read_survey([SAMPLE_SURVEY]))
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Organisation score (0–100)"] == f"{results.organisation.score:.1f}"
    level = results.organisation.level
    assert metrics["Maturity level"] == f"{level.level} · {level.name}"
    for pillar in results.framework.pillars:
        assert metrics[pillar.name] == f"{results.organisation.pillars[pillar.id]:.1f}"


def test_suppressed_division_shows_no_score(app: AppTest) -> None:
    table = app.dataframe[0].value
    hidden = table[table["Level"].str.startswith("fewer than")]
    assert len(hidden) == 1
    assert hidden["Score"].isna().all()
