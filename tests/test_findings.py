"""The key findings: well formed, arithmetic on their own figures, private, reproducible.

Whether the claims are *true* is measured against organisations of known structure in
``tests/test_truth.py`` (precision and recall); this module checks everything else a finding
promises: the guard it passed, the numbers its sentence prints, that hidden divisions and
withheld statements never take part, and the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxmaturity import build_survey, score, stats
from cxmaturity.cli import main
from cxmaturity.findings import KINDS, Finding, find_findings
from tests.signals import TINY, TINY_TWIN, make_org

PLANTED = {
    "division": {"Sales": -15, "Product": 12},
    "interaction": {"S04": {"Service": 20, "Finance": -20}},
    "statement": {"S07": -15, "S06": 12},
    "role": -12,
    "nps": True,
    "pillar": {"Marketing": {"technology": -15}},
}
FINDING_KEYS = {"kind", "headline", "severity", "statement", "divisions", "evidence"}


@pytest.fixture(scope="module")
def planted():
    frame = make_org(7, divisions=6, per_division=250, plant=PLANTED)
    survey = build_survey([("org.csv", "org", frame)])
    results = score(survey)
    return survey, results, find_findings(survey, results)


def test_every_finding_is_well_formed(planted) -> None:
    findings = planted[2]
    assert findings[0].kind == "level"
    assert {f.kind for f in findings} <= set(KINDS)
    for finding in findings:
        document = finding.to_dict()
        assert set(document) == FINDING_KEYS
        json.dumps(document, allow_nan=False)
        if finding.kind not in ("level", "nps_link"):
            evidence = finding.evidence
            assert evidence["p_adjusted"] <= stats.thresholds().alpha
            assert (
                abs(
                    evidence.get(
                        "beyond_typical", evidence.get("beyond_overall", evidence["difference"])
                    )
                )
                >= stats.thresholds().min_effect
            )
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), reverse=True)


def test_the_planted_signals_are_all_there(planted) -> None:
    _, _, findings = planted
    said = {(f.kind, f.statement, f.divisions) for f in findings}
    assert ("division_below", None, ("Sales",)) in said
    assert ("division_above", None, ("Product",)) in said
    assert any(k == "language_gap" and s == "S04" for k, s, _ in said)
    assert ("weak_statement", "S07", ()) in said
    assert ("strong_statement", "S06", ()) in said
    assert any(k == "role_gap" and s is None for k, s, _ in said)
    assert any(k == "division_pillar" and d == ("Marketing",) for k, _, d in said)
    assert any(k == "nps_link" for k, _, _ in said)


def test_one_divergent_statement_makes_no_gap_elsewhere() -> None:
    """The case the old, person-centred engine got wrong: a split on S04 alone, 300 a division.
    Each division's level is a median over statements, so S04 cannot move it."""
    frame = make_org(
        3,
        divisions=6,
        per_division=300,
        plant={"interaction": {"S04": {"Sales": 25, "Finance": -25}}},
    )
    survey = build_survey([("org.csv", "org", frame)])
    results = score(survey)
    gaps = [f.statement for f in find_findings(survey, results) if f.kind == "language_gap"]
    assert gaps == ["S04"]


def _division_score(results, name: str) -> int:
    return stats.whole(results.divisions[name].scores.score)


def test_sentences_print_the_figures_and_their_differences(planted) -> None:
    _, results, findings = planted
    organisation = stats.whole(results.organisation.score)
    for finding in findings:
        if finding.kind in ("division_below", "division_above"):
            (name,) = finding.divisions
            score = _division_score(results, name)
            assert f"it scores {score} against {organisation}" in finding.headline
            assert f"({score - organisation:+d} points" in finding.headline
            assert (score < organisation) == (finding.kind == "division_below")
        elif finding.kind == "language_gap":
            low, high = finding.divisions
            gap = results.gaps.loc[finding.statement]
            assert (low, high) == (gap["beyond_min_division"], gap["beyond_max_division"])
            low_beyond, high_beyond = stats.whole(gap["beyond_min"]), stats.whole(gap["beyond_max"])
            assert f"{high} rates it {high_beyond:+d} points" in finding.headline
            assert f"{low} {low_beyond:+d} points" in finding.headline
            assert f"{high_beyond - low_beyond} points apart" in finding.headline
        elif finding.kind in ("weak_statement", "strong_statement"):
            score = stats.whole(results.organisation.statements.loc[finding.statement, "score"])
            typical = stats.whole(float(np.median(results.organisation.statements["score"])))
            assert f"it scores {score}, {abs(score - typical)} points" in finding.headline
            assert f"typical statement ({typical})" in finding.headline
            assert (score < typical) == (finding.kind == "weak_statement")


def test_hidden_divisions_and_withheld_statements_never_take_part(planted) -> None:
    _, results, findings = planted
    assert TINY not in results.divisions and TINY_TWIN not in results.divisions
    for finding in findings:
        said = json.dumps(finding.to_dict(), ensure_ascii=False)
        assert TINY not in said and TINY_TWIN not in said


def test_same_data_same_findings_whatever_the_row_order() -> None:
    frame = make_org(5, divisions=5, per_division=120, plant={"division": {"Sales": -15}})
    once = find_findings(*_scored(frame))
    again = find_findings(*_scored(frame.sample(frac=1, random_state=2)))
    assert [f.headline for f in once] == [f.headline for f in again]
    for first, second in zip(once, again, strict=True):
        for key, value in first.evidence.items():
            if isinstance(value, float):  # sums in another order: the last bits may differ
                assert second.evidence[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key
            else:
                assert second.evidence[key] == value, key


def _scored(frame: pd.DataFrame):
    survey = build_survey([("org.csv", "org", frame.reset_index(drop=True))])
    return survey, score(survey)


def test_findings_follow_the_view(planted) -> None:
    survey, _, _ = planted
    results = score(survey, filters={"role": "frontline"})
    findings = find_findings(survey, results)
    assert findings[0].kind == "level"
    assert not any(f.kind == "role_gap" for f in findings)  # no leaders in this view


def test_level_mandate_reads_the_share_of_bliss_statements(planted) -> None:
    _, results, findings = planted
    level = findings[0]
    unfavourable = results.organisation.statements["pct_favourable"] < 50
    bliss = [i for i in results.organisation.statements.index if i.startswith("S")]
    count = int(unfavourable[bliss].sum())
    assert level.evidence["mostly_unfavourable"] == [i for i in bliss if unfavourable[i]]
    assert level.evidence["mandate"] == (count > len(bliss) / 2)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "org.csv"
    make_org(7, divisions=6, per_division=150, plant=PLANTED).to_csv(path, index=False)
    return path


def test_cli_findings_json_and_text(tmp_path: Path, capsys) -> None:
    path = _csv(tmp_path)
    assert main(["findings", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document[0]["kind"] == "level" and all(set(f) == FINDING_KEYS for f in document)
    assert main(["findings", str(path), "--format", "text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(document)
    assert all(line.startswith("[") for line in lines)


def test_cli_findings_filtered_view(tmp_path: Path, capsys) -> None:
    assert main(["findings", str(_csv(tmp_path)), "--filter", "role=frontline"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document[0]["kind"] == "level"


def test_finding_to_dict_is_json_safe() -> None:
    finding = Finding("level", "x", 1.0, evidence={"a": np.float64("nan"), "b": np.int64(3)})
    assert finding.to_dict()["evidence"] == {"a": None, "b": 3}
