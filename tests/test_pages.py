"""The analysis pages run on the sample survey, draw their charts and react to their widgets."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from cxmaturity import read_survey, score, views
from cxmaturity.resources import SAMPLE_SURVEY
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def results():
    return score(read_survey([SAMPLE_SURVEY]))


def _run(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)


@pytest.mark.parametrize(
    ("page", "charts"),
    [("heatmap", 1), ("pillars", 2), ("common-language", 5), ("division", 3)],
)
def test_page_runs_and_draws_its_charts(page: str, charts: int) -> None:
    at = _run(page)
    assert len(_charts(at)) == charts
    assert "Sample survey — upload your own on the Upload page" in _text(at)


def test_heatmap_shows_the_organisation_and_hides_the_small_division(results) -> None:
    at = _run("heatmap")
    main = _charts(at)[0]["data"][-1]
    assert (main["zmin"], main["zmax"]) == (0, 100)
    organisation = main["text"][main["y"].index("Organisation")]
    s01 = results.organisation.statements.loc["S01", "score"]
    assert organisation[main["x"].index("S01")] == f"{s01:.0f}"
    assert "Human Resources" not in main["y"]


def test_heatmap_lists_every_statement_in_full(results) -> None:
    shown = _run("heatmap").table[0].value
    expected = views.statement_rows(results)["text"]
    assert shown["Statement"].tolist() == expected.tolist()
    assert not shown["Statement"].str.contains("…").any()


def _app(upload: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if upload:
        at.session_state["uploaded_survey"] = upload
    at.switch_page("pages/heatmap.py").run()
    assert not at.exception, at.exception
    return at


def test_the_measure_has_one_control_on_the_one_page_it_acts_on() -> None:
    overview = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not [radio for radio in overview.radio if radio.label == "Show"]
    at = _run("heatmap")
    measures = {"Score (0–100)", "% favourable", "Difference from the organisation"}
    assert [radio.key for radio in at.radio if measures & set(radio.options)] == ["measure"]
    at.radio(key="measure").set_value("pct_favourable").run()
    main = _charts(at)[0]["data"][-1]
    assert main["name"] == "% favourable" and (main["zmin"], main["zmax"]) == (0, 100)
    at.checkbox(key="heatmap_difference").check().run()
    main = _charts(at)[0]["data"][-1]
    assert main["name"] == "Difference from the organisation (% favourable, points)"
    assert (main["zmin"], main["zmax"]) == (-30, 30)


ANALYSIS_CONTROLS = {"data_source", "min_group_size", "filter_role", "filter_region"}


def _sidebar_of(page: str) -> None:
    from ui import sidebar

    sidebar(page)


@pytest.mark.parametrize(
    ("page", "controls"),
    [
        ("overview", ANALYSIS_CONTROLS),
        ("heatmap", ANALYSIS_CONTROLS),
        ("division", ANALYSIS_CONTROLS),
        ("trends", {"min_group_size"}),
        ("upload", set()),
        ("survey-kit", set()),
    ],
)
def test_the_sidebar_shows_only_the_settings_a_page_acts_on(page, controls) -> None:
    at = AppTest.from_function(_sidebar_of, args=(page,), default_timeout=90).run()
    assert not at.exception
    shown = [*at.sidebar.selectbox, *at.sidebar.number_input, *at.sidebar.radio]
    assert {widget.key for widget in shown} == controls


def test_heatmap_widgets(results) -> None:
    at = _run("heatmap")
    at.radio(key="heatmap_sort").set_value("name").run()
    shown = sorted(results.divisions)
    assert _charts(at)[0]["data"][-1]["y"][1 : 1 + len(shown)] == shown
    at.checkbox(key="heatmap_significance").uncheck().run()
    text = json.dumps(_charts(at)[0]["data"][-1]["text"])
    assert "▲" not in text and "▼" not in text
    at.multiselect(key="heatmap_divisions").set_value(["Sales", "IT"]).run()
    assert _charts(at)[0]["data"][-1]["y"] == ["Organisation", "IT", "Sales", "Spread"]


def test_heatmap_pages_through_many_divisions() -> None:
    import hashlib

    from cxmaturity import build_survey, sample_survey

    frame = sample_survey(600, 20, seed=4)
    survey = build_survey([("twenty.csv", "twenty", frame)])
    key = hashlib.sha256(frame.to_csv().encode()).hexdigest()
    at = _app({"survey": survey, "key": key, "name": "twenty.csv"})
    shown = score(survey).divisions
    pages = at.radio(key="heatmap_page")
    assert pages.options == ["1–15", f"16–{len(shown)}"]
    first = _charts(at)[0]["data"][-1]["y"]
    assert len(first) == 15 + 2
    pages.set_value(1).run()
    second = _charts(at)[0]["data"][-1]["y"]
    assert len(second) == len(shown) - 15 + 2
    assert set(first[1:-1]) | set(second[1:-1]) == set(shown)
    at.multiselect(key="heatmap_divisions").set_value([second[1]]).run()
    assert _charts(at)[0]["data"][-1]["y"] == ["Organisation", second[1], "Spread"]
    assert "heatmap_page" not in [widget.key for widget in at.radio]


def test_pillars_radar_follows_the_multiselect() -> None:
    at = _run("pillars")
    at.multiselect(key="pillars_radar_divisions").set_value(["Sales"]).run()
    radar = _charts(at)[1]
    assert [trace["name"] for trace in radar["data"]] == ["Organisation", "Sales"]
    levels = at.dataframe[0].value
    assert "Human Resources" not in set(levels["division"])


def test_common_language_statement_choice(results) -> None:
    at = _run("common-language")
    widest = results.gaps["range"].idxmax()
    assert f"**{widest}**" in _text(at)
    at.selectbox(key="language_statement").set_value("S01").run()
    distribution = _charts(at)[-1]
    assert "S01" in distribution["layout"]["title"]["text"]
    groups = distribution["data"][0]["y"]
    assert "Human Resources" not in groups and groups[0] == "<b>Organisation</b>"


def test_division_profile_lists_only_divisions_shown_and_gives_tips(results) -> None:
    at = _run("division")
    box = at.selectbox(key="division_name")
    assert "Human Resources" not in box.options
    at = box.set_value("Sales").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score (0–100)"] == f"{results.divisions['Sales'].scores.score:.1f}"
    assert "What to do next" in [h.value for h in at.subheader]
    tip = results.framework.item("S04").tip
    assert any(tip in m.value for m in at.markdown)


ANALYSIS_PAGES = ("overview", "heatmap", "pillars", "common-language", "division")


def _upload() -> dict:
    """An uploaded survey whose filters make small groups: roles and regions of every size."""
    import hashlib

    import pandas as pd

    from cxmaturity import build_survey

    rows = []
    sizes = {"Sales": 40, "Service": 25, "Legal": 4, "Audit": 7}
    for d, (division, size) in enumerate(sizes.items()):
        for i in range(size):
            role = "executive" if i % 9 == 0 else "manager" if i % 4 == 0 else "frontline"
            region = "North" if (i + d) % 3 else "South"
            answer = "Agree" if (i * 7 + d) % 3 else "Disagree"
            rows.append([division, role, region, answer, "Yes" if i % 2 else "No", str(i % 11)])
    frame = pd.DataFrame(
        rows, columns=["Division", "Role", "Region", "S01", "S02", "How likely to recommend?"]
    )
    survey = build_survey([("upload.csv", "upload", frame)])
    key = hashlib.sha256(frame.to_csv().encode()).hexdigest()
    return {"survey": survey, "key": key, "name": "upload.csv"}


def _views(survey) -> list[dict[str, str]]:
    """Every value of every filter on its own, and none."""
    views = [{}]
    for column in ("role", "region"):
        for value in sorted(survey.respondents[column].dropna().unique()):
            views.append({column: str(value)})
    return views


@pytest.mark.parametrize("source", ["sample", "upload"])
def test_every_page_runs_under_every_filter(source: str) -> None:
    upload = _upload() if source == "upload" else None
    survey = upload["survey"] if upload else read_survey([SAMPLE_SURVEY])
    broken = []
    for chosen in _views(survey):
        for page in ANALYSIS_PAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
            if upload:
                at.session_state["uploaded_survey"] = upload
            for column, value in chosen.items():
                at.session_state[f"filter_{column}"] = value
            at.switch_page(f"pages/{page}.py").run()
            if at.exception:
                broken.append((page, chosen, at.exception[0].message))
    assert broken == []


def test_overview_rounds_response_rates_and_lists_headcount_names_matching_nothing() -> None:
    """Headcount names match as division names do (case aside); the rest are named."""
    from cxmaturity.headcount import parse_headcount

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["headcount"] = parse_headcount(
        "division,headcount\nfinance,212\nSALES,1000\nMarketting,40\n"
    )
    at.run()
    assert not at.exception
    table = next(df for df in at.dataframe if "Response rate %" in df.value.columns)
    rates = table.value.set_index("Division")["Response rate %"]
    assert rates["Finance"] == pytest.approx(100 * 184 / 212)
    assert rates["Sales"] == pytest.approx(100 * 152 / 1000)
    columns = json.loads(table.proto.columns)
    assert columns["Response rate %"]["type_config"]["format"] == "%.0f %%"
    unmatched = [c.value for c in at.caption if "matching no division" in c.value]
    assert len(unmatched) == 1 and "Marketting" in unmatched[0]
    assert "Finance" not in unmatched[0] and "SALES" not in unmatched[0]


def test_no_message_of_the_app_mentions_a_command_line_option() -> None:
    """The app's own words never tell a viewer to pass ``--something``."""
    import re

    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]
    flags = re.compile(r"""["'][^"'\n]*\s--[a-z][a-z-]+""")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if flags.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []
