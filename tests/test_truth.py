"""Truth-based acceptance tests of the key findings: precision, recall and contradictions.

Every organisation comes from ``tests/truth.py``, whose true (population) figures are exact, so
each claim the engine makes is judged against the truth of the model that made the data, and
each true effect large enough to matter is looked for among the claims. The rules below follow
docs/methodology.md, "Key findings"; nothing here depends on how the engine finds them.

**True claims.** A claim is true when the true effect it asserts has the claimed sign and is at
least ``HALF_EFFECT`` (half of ``min_effect``: 2.5 points) in size:

- ``weak_statement`` / ``strong_statement`` on statement i: the true organisation score of i
  minus the true median statement score, negative / positive.
- ``division_below`` / ``division_above`` naming d: the true score of d minus the true
  organisation score, negative / positive.
- ``division_pillar`` naming d and pillar p (the pillar from ``evidence["pillar"]`` or the one
  pillar the headline names): the true (pillar gap − overall gap) of d on p, and the same
  without p's statement that pushes it furthest in that direction (the spec: "it still holds
  without the pillar's most divergent statement") — both must have the claimed sign and be at
  least 2.5. The claimed sign is the sign of the shown figures' (pillar gap − overall gap).
- ``language_gap`` on statement i naming a pair: the true ICC beyond levels of i is at least half
  of ``language_gap_icc`` (0.025), and the named pair is the right way round beyond levels: the
  one that the results put higher beyond levels (score minus level, the spec's
  ``beyond_max_division``) has a true level-adjusted score at least 2.5 above the other's. The
  pair is judged on its level-adjusted truth, not on being the true extreme pair: with noise,
  another pair may be the sample's extreme, and naming it is a sampling question, not a falsehood.
- ``role_gap`` overall: the true leaders score minus the true front-line score, with the sign of
  the shown leaders-minus-front-line difference; on statement i: the true leaders-minus-front-line
  gap on i minus the true median gap, with the sign of the same in the sample.
- ``nps_link``: true when NPS is planted to follow the division levels (``nps_slope`` ≠ 0) and
  the true correlation over the divisions shown has the claimed sign. Reported in its own column,
  not in precision: with no link it is claimed in 5 % of organisations by construction.
- ``wave_change`` or any kind the spec does not list: always false (the data has no waves).

**Recall** is over every true effect of ``RECALL_EFFECT`` (10) points or more that the data can
show: a division of at least 30 respondents behind / ahead; a statement weak / strong; a division
of at least 50 respondents behind / ahead on a pillar (the leave-one-statement-out effect ≥ 10);
leaders against the front line, overall or per statement (with at least 30 of each); a language
gap on a statement planted division by division (a split, or a pillar plant in one division)
whose true ICC beyond levels is at least ``language_gap_icc`` and whose level-adjusted scores
span at least 10 points over divisions of 50 respondents or more (an ICC beyond levels that
only comes from the floor or the ceiling squeezing a plant is judged when claimed, not
required); and a
planted NPS link across at least ``min_nps_divisions`` divisions of 30+ with a true |r| ≥ 0.8 and
true NPS spanning at least 20 points. An effect is found when a claim of its kind names it with
its sign (a language gap: any claim on that statement).

**Contradictions**: the headline's numbers are checked against the results (docs/methodology.md:
"numbers rounded to whole points", "the difference it states is the difference of the two
rounded numbers it names"), its direction words against the signs of those numbers, each figure
against the group it is printed next to, the printed difference against ``min_effect``, a printed
or evidence interval against the guard (it excludes half of ``min_effect`` on the claim's side),
the division it names against the divisions shown, a language gap's pair and its figures beyond
levels against the JSON's ``gaps``, and the numbers of its ``evidence`` whose keys say what they
are (scores, differences, intervals, ICC beyond levels, F, p-values). Every row of ``gaps`` (the
pair furthest apart beyond levels, those figures, the ICC beyond levels; the Overview prints
them) is held to the spec, recomputed from the division scores, and counts as a contradiction
when it is not. See :func:`contradictions` and :func:`gap_row_problems`; the checker itself is
tested on hand-made sentences (section 2).

Precision ≥ 95 %, recall ≥ 90 % and zero contradictions are required per scenario, per family
and overall, on ``SEEDS`` (one seed for the 80-division organisation, which takes 5 s).
``scripts/truth_table.py --seeds N`` runs the same measurement on more seeds.
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from cxmaturity import build_survey, score
from cxmaturity.results import Results
from tests.truth import (
    BLISS,
    ITEMS,
    LABELS,
    LEADERS,
    NPS_HEADER,
    PILLARS,
    SCENARIOS,
    Plan,
    make_frame,
    plan,
    truth,
)

ROOT = Path(__file__).resolve().parent.parent
_THRESHOLDS = yaml.safe_load((ROOT / "data" / "thresholds.yaml").read_text(encoding="utf-8"))
ALPHA = float(_THRESHOLDS["alpha"])
MIN_EFFECT = float(_THRESHOLDS["min_effect"])
GAP_ICC = float(_THRESHOLDS["language_gap_icc"])
MIN_NPS_DIVISIONS = int(_THRESHOLDS["min_nps_divisions"])
HALF_EFFECT = MIN_EFFECT / 2
RECALL_EFFECT = 10.0
DIVISION_MIN = 30
PILLAR_MIN = 50
GAP_MIN = 50
ROLE_MIN = 30
NPS_MIN = 30
MIN_GROUP_SIZE = 5
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90
STATEMENT_KINDS = {"weak_statement": -1, "strong_statement": 1}
DIVISION_KINDS = {"division_below": -1, "division_above": 1}
PRECISION_KINDS = (
    *STATEMENT_KINDS,
    *DIVISION_KINDS,
    "division_pillar",
    "language_gap",
    "role_gap",
)
SPEC_KINDS = {*PRECISION_KINDS, "level", "nps_link", "wave_change"}

SEEDS = (1, 2, 3)
SLOW_SEEDS = (1,)  # the 80-division organisation takes several seconds to score
SLOW = {"eighty_divisions"}


# --------------------------------------------------------------------------- shown figures


@dataclass(frozen=True)
class Figures:
    """The sample figures the results show, and the leaders' and front line's, as the checks
    need them. Division tables are division × statement, NaN where a statement is withheld."""

    organisation: pd.Series
    favourable: pd.Series
    score: float
    level: int | None
    pillars: pd.Series
    respondents: int
    divisions: pd.DataFrame
    division_n: pd.DataFrame
    division_sd: pd.DataFrame
    division_scores: pd.Series
    division_pillars: pd.DataFrame
    division_size: pd.Series
    division_levels: pd.Series
    division_nps: pd.Series
    gaps: pd.DataFrame
    leaders: pd.Series
    front_line: pd.Series
    leaders_n: int
    front_line_n: int

    @property
    def typical(self) -> float:
        return float(self.organisation.median())

    @property
    def leaders_score(self) -> float:
        return float(self.leaders.mean())

    @property
    def front_line_score(self) -> float:
        return float(self.front_line.mean())

    @property
    def role_gaps(self) -> pd.Series:
        return self.leaders - self.front_line

    @functools.cached_property
    def icc_beyond_levels(self) -> pd.Series:
        return icc_beyond_levels(self.divisions, self.division_n, self.division_sd)

    @functools.cached_property
    def division_beyond(self) -> pd.DataFrame:
        """The spec's score beyond levels: a division's score minus its level minus the mean of
        the divisions' scores on the statement (division × statement, NaN where withheld)."""
        centred = self.divisions - self.divisions.mean(axis=0)
        return centred.sub(self.division_levels, axis=0)

    def nps_correlation(self) -> tuple[float, int]:
        """Pearson's r of the shown divisions' scores and NPS, and how many divisions."""
        nps = self.division_nps.dropna()
        if len(nps) < 3:
            return float("nan"), len(nps)
        x = self.division_scores[nps.index].to_numpy()
        return float(np.corrcoef(x, nps.to_numpy())[0, 1]), len(nps)


def icc_beyond_levels(scores: pd.DataFrame, n: pd.DataFrame, sd: pd.DataFrame) -> pd.Series:
    """The spec's ICC beyond levels per statement, from division × statement means, counts and
    standard deviations: the one-way ANOVA of the answers minus their division's level."""
    levels = (scores - scores.mean(axis=0)).median(axis=1)
    adjusted = scores.sub(levels, axis=0)
    result = {}
    for item in scores.columns:
        counts = n[item].fillna(0).to_numpy(float)
        keep = counts > 0
        counts, mean = counts[keep], adjusted[item].to_numpy(float)[keep]
        spread = np.nan_to_num(sd[item].to_numpy(float)[keep])
        total, groups = counts.sum(), len(counts)
        if groups < 2 or total <= groups:
            result[item] = np.nan
            continue
        grand = (counts * mean).sum() / total
        msb = (counts * (mean - grand) ** 2).sum() / (groups - 1)
        msw = ((counts - 1) * spread**2).sum() / (total - groups)
        k0 = (total - (counts**2).sum() / total) / (groups - 1)
        denominator = msb + (k0 - 1) * msw
        result[item] = (msb - msw) / denominator if denominator > 0 else np.nan
    return pd.Series(result, dtype=float)


def as_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The statement answers of a frame of labels as item scores (0…100; blank: NaN)."""
    scores = {label: 25.0 * k for k, label in enumerate(LABELS)} | {"": np.nan}
    return frame[list(ITEMS)].replace(scores).astype(float)


def figures_of(frame: pd.DataFrame, results: Results) -> Figures:
    """What ``results`` shows, and the leaders' and front line's figures worked out from the
    answers the same way (mean item score per statement; a score is the mean of those)."""
    organisation = results.organisation
    names = list(results.divisions)

    def table(column: str) -> pd.DataFrame:
        rows = [results.divisions[name].scores.statements[column] for name in names]
        return pd.DataFrame(rows, index=names, columns=list(ITEMS), dtype=float)

    divisions = table("score")
    centred = divisions - divisions.mean(axis=0)
    points = as_points(frame)
    leaders = frame["Role"].isin(LEADERS).to_numpy()
    nps = {
        name: (division.scores.nps or {}).get("score", np.nan)
        for name, division in results.divisions.items()
    }
    return Figures(
        organisation=organisation.statements["score"].astype(float),
        favourable=organisation.statements["pct_favourable"].astype(float),
        score=float(organisation.score),
        level=organisation.level.level if organisation.level else None,
        pillars=pd.Series(organisation.pillars, dtype=float),
        respondents=int(results.respondents),
        divisions=divisions,
        division_n=table("n"),
        division_sd=table("sd"),
        division_scores=pd.Series(
            {name: results.divisions[name].scores.score for name in names}, dtype=float
        ),
        division_pillars=pd.DataFrame(
            {name: results.divisions[name].scores.pillars for name in names}, dtype=float
        ).T,
        division_size=pd.Series({name: results.divisions[name].n for name in names}, dtype=float),
        division_levels=centred.median(axis=1),
        division_nps=pd.Series(nps, dtype=float),
        gaps=results.gaps,
        leaders=points[leaders].mean(),
        front_line=points[~leaders].mean(),
        leaders_n=int(leaders.sum()),
        front_line_n=int((~leaders).sum()),
    )


# --------------------------------------------------------------------------- reading headlines


def roundings(value: float) -> set[int]:
    """How a figure may be printed: rounded to a whole point (a tie either way)."""
    if value is None or not math.isfinite(value):
        return set()
    low = math.floor(value)
    fraction = value - low
    if abs(fraction - 0.5) < 1e-9:
        return {low, low + 1}
    return {low + 1 if fraction > 0.5 else low}


def whole(value: float) -> int:
    """The one rounding used for a figure the sentence does not print (halves away from 0)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _sign(value: float) -> int:
    return int(np.sign(value)) if math.isfinite(value) else 0


QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
STATEMENT_ID = re.compile(r"\b[ST]\d{2}\b")
NUMBER_TEXT = r"[+\-−]?\d+(?:\.\d+)?"
INTERVAL = re.compile(
    r"95\s*%\s*(?:CI|confidence interval|interval)\s*:?\s*(?:of\s+|from\s+)?"
    rf"(?P<low>{NUMBER_TEXT})\s*(?:%\s*)?(?:points\s+)?(?:to|–|—|,|and)\s*(?P<high>{NUMBER_TEXT})"
)
NUMBER = re.compile(r"(?<![\w.])(?P<sign>[+\-−])?(?P<value>\d+(?:\.\d+)?)(?![\w.]\d)")
COUNT_AFTER = re.compile(
    r"^\s*(?:of\b|divisions?\b|statements?\b|people\b|respondents?\b|answers?\b|leaders?\b"
    r"|pillars?\b|employees?\b|of the\b)"
)
LEVEL_BEFORE = re.compile(r"\blevel\s*$", re.IGNORECASE)
POINTS_AFTER = re.compile(r"^\s*(?:points?|pts)\b")
COUNT_BEFORE = re.compile(
    r"(?:\bn\s*=\s*|\bacross\s+|\ball\s+|\bof\s+(?:the\s+|its\s+|their\s+)?)$", re.IGNORECASE
)
ICC_BEFORE = re.compile(r"ICC[^\d]{0,25}$", re.IGNORECASE)
R_BEFORE = re.compile(r"\br\s*[=:]?\s*$|correlation[^\d]{0,20}$", re.IGNORECASE)
NEGATIVE = ("behind", "below", "lower", "weaker", "worse", "lags", "trails", "lowest")
POSITIVE = ("ahead", "above", "higher", "stronger", "better", "leads", "highest")
FURTHER = ("further apart", "farther apart", "wider", "further")
CLOSER = ("closer", "narrower")
LEADER_WORDS = re.compile(r"\bleaders?\b|\bleadership\b|\bmanagers?\b|\bexecutives?\b", re.I)
FRONT_WORDS = re.compile(r"front[\s-]?line|\bfrontline\b", re.I)


@dataclass(frozen=True)
class Token:
    """A number in a headline, with what surrounds it."""

    value: float
    signed: bool
    decimal: bool
    percent: bool
    start: int
    before: str
    after: str

    @property
    def text(self) -> str:
        sign = ("+" if self.value >= 0 else "−") if self.signed else ""
        return f"{sign}{abs(self.value):g}{'%' if self.percent else ''}"


def blanked(text: str, pattern: re.Pattern | str) -> str:
    """``text`` with every match of ``pattern`` replaced by as many spaces (positions kept)."""
    if isinstance(pattern, str):
        return text.replace(pattern, " " * len(pattern)) if pattern else text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def read_headline(
    headline: str, names: Iterable[str]
) -> tuple[str, list[Token], list[tuple[float, float, int]]]:
    """The headline without quotes, intervals and ids; its numbers; its printed 95 % intervals
    (low, high, decimal places)."""
    text = blanked(headline, QUOTED)
    intervals = [
        (_number(low), _number(high), _places(low, high))
        for low, high in (m.group("low", "high") for m in INTERVAL.finditer(text))
    ]
    text = blanked(text, INTERVAL)
    text = blanked(text, STATEMENT_ID)
    text = blanked(text, re.compile(r"out of 100|(?<!\d)0\s*[–-]\s*10\b"))
    words = text
    for name in sorted(names, key=len, reverse=True):
        text = blanked(text, name)
    tokens = []
    for match in NUMBER.finditer(text):
        sign = match.group("sign")
        value = _number(match.group(0))
        rest = text[match.end() :]
        percent = bool(re.match(r"\s*%", rest))
        after = re.sub(r"^\s*%", "", rest)
        tokens.append(
            Token(
                value=value,
                signed=sign is not None,
                decimal="." in match.group("value"),
                percent=percent,
                start=match.start(),
                before=text[max(0, match.start() - 30) : match.start()],
                after=after[:30],
            )
        )
    return words, tokens, intervals


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def _places(*texts: str) -> int:
    """The most decimal places among printed numbers."""
    return max(len(t.split(".")[1]) if "." in t else 0 for t in texts)


def first_direction(
    text: str, words: Iterable[str] = NEGATIVE + POSITIVE
) -> tuple[int, int] | None:
    """The first direction word of ``text``: (its sign, its position)."""
    found = []
    for word in words:
        match = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        if match:
            found.append((match.start(), -1 if word in NEGATIVE else 1))
    if not found:
        return None
    start, sign = min(found)
    return sign, start


def directions(text: str) -> list[tuple[int, int, str]]:
    """Every direction word of ``text``: (position, sign, word)."""
    found = []
    for word in NEGATIVE + POSITIVE:
        for match in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
            found.append((match.start(), -1 if word in NEGATIVE else 1, word))
    return sorted(found)


# --------------------------------------------------------------------------- what a claim says


@dataclass(frozen=True)
class Said:
    """What a finding may print: named figures (unrounded); the figure pairs whose differences
    (first − second, of the rounded figures) it may state, its claim's own pair first; the sign
    it claims; counts, percentages and decimals; the figures it must print."""

    figures: Mapping[str, float]
    pairs: tuple[tuple[str, str], ...]
    sign: int | None
    counts: frozenset[int]
    percents: Mapping[str, float]
    icc: tuple[float, ...] = ()
    r: float | None = None
    extra_differences: tuple[int, ...] = ()
    subjects: Mapping[str, tuple[re.Pattern, str]] | None = None
    required: tuple[str, ...] = ()

    @property
    def pair(self) -> tuple[str, str] | None:
        return self.pairs[0] if self.pairs else None

    def difference(self, pair: tuple[str, str]) -> int:
        first, second = (self.figures[name] for name in pair)
        return whole(first) - whole(second)

    def principal(self) -> int | None:
        """The difference the claim states, from the rounded figures."""
        return None if self.pair is None else self.difference(self.pair)

    def differences(self) -> set[int]:
        """Every signed difference the claim may state."""
        return {self.difference(pair) for pair in self.pairs} | set(self.extra_differences)


def claimed_pillar(finding) -> str | None:
    """The pillar of a ``division_pillar`` claim: its evidence's, or the one its headline names."""
    pillar = (finding.evidence or {}).get("pillar")
    if pillar in PILLARS:
        return pillar
    text = blanked(finding.headline, QUOTED).lower()
    named = [p for p in PILLARS if re.search(rf"\b{p}\b", text)]
    return named[0] if len(named) == 1 else None


def said_by(finding, shown: Figures) -> Said | str:
    """What ``finding`` may print, from the shown figures; a string says why it cannot be read."""
    reader = READERS.get(finding.kind)
    if reader is None:
        return f"kind {finding.kind!r} is not in the spec"
    named = list(finding.divisions or ())
    counts = {11, 14, 3, shown.respondents, len(shown.divisions), MIN_NPS_DIVISIONS}
    if finding.kind in ("level", "nps_link", "role_gap"):
        return reader(finding, shown, counts)
    if finding.statement is not None and finding.statement not in shown.organisation.index:
        return f"statement {finding.statement!r} is not shown"
    wanted = 2 if finding.kind == "language_gap" else 1 if finding.statement is None else 0
    if len(named) != wanted or not set(named) <= set(shown.division_scores.index):
        return f"names {named}, not {wanted} shown division(s)"
    return reader(finding, shown, counts | {int(shown.division_size[d]) for d in named})


def _said_level(finding, shown: Figures, counts: set[int]) -> Said:
    favourable = shown.favourable.reindex(list(BLISS)).dropna()
    unfavourable = int((favourable < 50).sum())
    counts |= {unfavourable, len(favourable), shown.level or 0}
    percents = {"threshold": 50.0, "share": 100 * unfavourable / max(len(favourable), 1)}
    return Said({"organisation": shown.score}, (), None, frozenset(counts), percents)


def _said_statement(finding, shown: Figures, counts: set[int]) -> Said:
    item = finding.statement
    figures = {"statement": shown.organisation[item], "typical": shown.typical}
    percents = {"favourable": shown.favourable[item], "threshold": 50.0}
    pairs = (("statement", "typical"),)
    return Said(figures, pairs, STATEMENT_KINDS[finding.kind], frozenset(counts), percents)


def _said_division(finding, shown: Figures, counts: set[int]) -> Said:
    (division,) = finding.divisions
    figures = {"division": shown.division_scores[division], "organisation": shown.score}
    pairs = (("division", "organisation"),)
    sign = DIVISION_KINDS[finding.kind]
    return Said(figures, pairs, sign, frozenset(counts), {"threshold": 50.0})


def _said_pillar(finding, shown: Figures, counts: set[int]) -> Said | str:
    (division,) = finding.divisions
    pillar = claimed_pillar(finding)
    if pillar is None:
        return "names no single pillar"
    figures = {
        "division": shown.division_scores[division],
        "organisation": shown.score,
        "division pillar": shown.division_pillars.loc[division, pillar],
        "organisation pillar": shown.pillars[pillar],
    }
    pairs = (("division pillar", "organisation pillar"), ("division", "organisation"))
    counts |= {len(PILLARS[pillar])}
    said = Said(figures, pairs, 0, frozenset(counts), {"threshold": 50.0}, required=tuple(figures))
    beyond = said.difference(pairs[0]) - said.difference(pairs[1])
    unrounded = [figures[a] - figures[b] for a, b in pairs]
    return replace(said, sign=_sign(unrounded[0] - unrounded[1]), extra_differences=(beyond,))


def _said_gap(finding, shown: Figures, counts: set[int]) -> Said | str:
    """A language gap prints the named pair's scores beyond levels (the higher first) and their
    difference; it may also print their raw scores and the organisation's on the statement."""
    item, named = finding.statement, list(finding.divisions)
    if item not in shown.gaps.index:
        return f"statement {item!r} has no row in the gaps"
    beyond = shown.division_beyond.reindex(index=named)[item]
    if beyond.isna().any():
        return f"names {named}, which do not all show {item}"
    high, low = beyond_pair(beyond)
    figures = {
        "high": beyond[high],
        "low": beyond[low],
        "high score": shown.divisions.loc[high, item],
        "low score": shown.divisions.loc[low, item],
        "organisation statement": shown.organisation[item],
    }
    icc = (shown.icc_beyond_levels.get(item, np.nan), shown.gaps["icc1"].get(item, np.nan))
    counts |= {int(shown.gaps["divisions"].get(item, 0))}
    subjects = {
        "high": (_name_pattern(high), "low"),
        "low": (_name_pattern(low), "high"),
    }
    pairs = (("high", "low"),)
    percents = {"threshold": 50.0}
    return Said(
        figures,
        pairs,
        1,
        frozenset(counts),
        percents,
        icc=icc,
        subjects=subjects,
        required=("high", "low"),
    )


def beyond_pair(beyond: pd.Series) -> tuple[str, str]:
    """(higher, lower) of two divisions' scores beyond levels; on a tie, in the order given."""
    first, second = beyond.index
    return (second, first) if beyond[second] > beyond[first] else (first, second)


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _said_role(finding, shown: Figures, counts: set[int]) -> Said | str:
    item = finding.statement
    counts |= {shown.leaders_n, shown.front_line_n}
    percents = {"threshold": 50.0}
    if item is None:
        figures = {"leaders": shown.leaders_score, "front line": shown.front_line_score}
        subjects = {"leaders": (LEADER_WORDS, "front line"), "front line": (FRONT_WORDS, "leaders")}
        sign = _sign(shown.leaders_score - shown.front_line_score)
        pairs = (("leaders", "front line"),)
        return Said(figures, pairs, sign, frozenset(counts), percents, subjects=subjects)
    if item not in shown.leaders.index:
        return f"statement {item!r} is not answered"
    gap, typical = shown.role_gaps[item], float(shown.role_gaps.median())
    figures = {
        "leaders": shown.leaders[item],
        "front line": shown.front_line[item],
        "gap": gap,
        "typical gap": typical,
        "leaders score": shown.leaders_score,
        "front line score": shown.front_line_score,
        "overall gap": shown.leaders_score - shown.front_line_score,
    }
    rounded_gap = whole(shown.leaders[item]) - whole(shown.front_line[item])
    extra = (rounded_gap - whole(typical), whole(gap) - whole(typical))
    pairs = (
        ("gap", "typical gap"),
        ("leaders", "front line"),
        ("leaders score", "front line score"),
    )
    sign = _sign(gap - typical)
    return Said(figures, pairs, sign, frozenset(counts), percents, extra_differences=extra)


def _said_nps(finding, shown: Figures, counts: set[int]) -> Said:
    r, compared = shown.nps_correlation()
    nps = shown.division_nps.dropna()
    figures = {f"nps {name}": value for name, value in nps.items()}
    figures |= {f"score {name}": shown.division_scores[name] for name in nps.index}
    sign = _sign(r) or None
    return Said(figures, (), sign, frozenset(counts | {compared}), {}, r=r)


READERS = {
    "level": _said_level,
    **dict.fromkeys(STATEMENT_KINDS, _said_statement),
    **dict.fromkeys(DIVISION_KINDS, _said_division),
    "division_pillar": _said_pillar,
    "language_gap": _said_gap,
    "role_gap": _said_role,
    "nps_link": _said_nps,
}


# --------------------------------------------------------------------------- contradictions


def contradictions(finding, shown: Figures) -> list[str]:
    """Every way the finding's sentence or evidence disagrees with the figures it names.

    - a division named must be shown; a language gap names the pair the JSON's ``gaps`` name as
      furthest apart beyond levels, and those figures are the spec's (:func:`gap_row_problems`);
    - every whole number printed is a named figure rounded, a count, or the difference of two
      printed figures (signed: the earlier minus the later, or the claim's own difference); a
      figure printed after a group's name is that group's (:func:`_attributions`);
    - a percentage is the statement's % favourable (or the 50 % threshold); a decimal after "ICC"
      is the ICC beyond levels (or ICC(1)); after "r" Pearson's r of the divisions shown;
    - the kind and the first direction word agree with the sign of the rounded figures; "further
      apart" / "closer" agree with |gap| against |typical gap|; a pair's direction word (nearest
      group named before it) agrees with that group's score against the other's;
    - the difference the sentence states ("N points higher", "N points apart") is the claim's
      own, from the rounded figures, and at least ``min_effect``; a pillar sentence prints its
      four figures and that difference, a language gap its two figures beyond levels and theirs;
    - a 95 % interval, printed or in the evidence, is the right way round and excludes half of
      ``min_effect`` on the claim's side (zero for a correlation); a printed one is the evidence's
      rounded; adjusted p-values are at most ``alpha`` and not below p; evidence scores are shown
      figures and evidence effects have the claimed sign; a language gap's evidence is its row.
    """
    problems: list[str] = []
    shown_names = set(shown.division_scores.index)
    for name in finding.divisions or ():
        if name not in shown_names:
            problems.append(f"names {name!r}, a division that is not shown")
    said = said_by(finding, shown)
    if isinstance(said, str):
        return [*problems, f"cannot be read: {said}"]
    if finding.kind == "language_gap":
        row = shown.gaps.loc[finding.statement]
        pair = {row.get("beyond_min_division"), row.get("beyond_max_division")}
        if set(finding.divisions) != pair:
            problems.append(
                f"names {list(finding.divisions)}; the gaps name {sorted(pair)} as furthest "
                "apart beyond levels"
            )
        problems += gap_row_problems(shown, finding.statement)
        problems += _gap_evidence(finding, said, shown)
    text, tokens, intervals = read_headline(finding.headline, shown_names)
    problems += _numbers(tokens, said, finding)
    problems += _attributions(text, tokens, said)
    problems += _directions(text, said, finding)
    problems += _guard(tokens, said, finding)
    problems += _printed_intervals(intervals, said, finding)
    problems += _evidence(finding, said, shown)
    return problems


def gap_row_problems(shown: Figures, item: str) -> list[str]:
    """The JSON's ``gaps`` row of ``item`` against the spec, recomputed from the division scores:
    the divisions lowest and highest beyond levels, those figures, and the ICC beyond levels."""
    beyond = shown.division_beyond[item].dropna()
    if item not in shown.gaps.index or len(beyond) < 2:
        return []
    row = shown.gaps.loc[item]
    problems = []
    for side, value in (("min", beyond.min()), ("max", beyond.max())):
        named, figure = row.get(f"beyond_{side}_division"), row.get(f"beyond_{side}")
        if not _close(figure, value):
            problems.append(f"gaps {item} beyond_{side} = {figure}; the spec gives {value:+.4f}")
        if named not in beyond.index or not _close(beyond[named], value):
            spec = beyond.idxmin() if side == "min" else beyond.idxmax()
            problems.append(
                f"gaps {item} beyond_{side}_division = {named!r}; the spec gives {spec} "
                f"({value:+.2f} beyond levels)"
            )
    icc = shown.icc_beyond_levels.get(item, np.nan)
    if math.isfinite(icc) and not _close(row.get("icc1_beyond_levels"), icc):
        problems.append(
            f"gaps {item} icc1_beyond_levels = {row.get('icc1_beyond_levels')}; the spec gives "
            f"{icc:.6f}"
        )
    return problems


def _close(value, expected: float, tolerance: float = 1e-6) -> bool:
    """``value`` is a number within ``tolerance`` of ``expected`` (relative for large figures)."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return False
    return math.isclose(float(value), float(expected), rel_tol=tolerance, abs_tol=tolerance)


GAP_EVIDENCE = {
    "lowest_beyond_levels": "low",
    "highest_beyond_levels": "high",
    "lowest_score": "low score",
    "highest_score": "high score",
}
GAP_ROW = {"icc1": "icc1", "F": "gap_F", "p": "gap_p", "divisions_compared": "divisions"}


def _gap_evidence(finding, said: Said, shown: Figures) -> list[str]:
    """A language gap's evidence is its pair's figures and its statement's row of ``gaps``."""
    evidence = finding.evidence or {}
    item = finding.statement
    beyond = shown.division_beyond.loc[list(finding.divisions), item]
    high, low = beyond_pair(beyond)
    problems = [
        f"evidence {key} = {evidence[key]!r}; the pair's {key} beyond levels is {name}"
        for key, name in (("lowest", low), ("highest", high))
        if key in evidence and evidence[key] != name
    ]
    row = shown.gaps.loc[item]
    expected = {key: said.figures[figure] for key, figure in GAP_EVIDENCE.items()}
    expected |= {key: row.get(column) for key, column in GAP_ROW.items()}
    expected["difference"] = said.principal()
    for key, value in expected.items():
        if key in evidence and value is not None and not _close(evidence[key], value):
            problems.append(f"evidence {key} = {evidence[key]!r}; the figures give {value!r}")
    return problems


def _attributions(text: str, tokens: list[Token], said: Said) -> list[str]:
    """A figure printed after a group's name (the nearest before it) is that group's figure."""
    if not said.subjects:
        return []
    mentions = sorted(
        (m.start(), name)
        for name, (pattern, _other) in said.subjects.items()
        for m in pattern.finditer(text)
    )
    problems = []
    for token in tokens:
        if token.decimal or token.percent:
            continue
        owners = [name for name in said.subjects if token.value in roundings(said.figures[name])]
        before = [m for m in mentions if m[0] < token.start]
        if len(owners) == 1 and before and max(before)[1] != owners[0]:
            problems.append(
                f"prints {token.text} after the {max(before)[1]} group's name; it is the "
                f"{owners[0]} group's figure"
            )
    return problems


def _numbers(tokens: list[Token], said: Said, finding) -> list[str]:
    """Every whole number is a figure, a count, or a difference the claim may state."""
    problems = []
    printed: list[tuple[int, int]] = []  # (position, value) of the figures found
    pending = []
    for token in tokens:
        if token.decimal:
            problems += _decimal(token, said)
        elif token.percent:
            if not any(int(token.value) in roundings(v) for v in said.percents.values()):
                problems.append(f"prints {token.text}, which is no percentage it names")
        elif LEVEL_BEFORE.search(token.before):
            if finding.kind == "level" and token.value not in said.counts:
                problems.append(f"prints level {token.text}, not the organisation's level")
        elif any(token.value in roundings(v) for v in said.figures.values()):
            printed.append((token.start, int(token.value)))
        elif not POINTS_AFTER.match(token.after) and (
            COUNT_AFTER.match(token.after) or COUNT_BEFORE.search(token.before)
        ):
            if int(token.value) not in said.counts:
                problems.append(f"prints the count {token.text}, which the results do not show")
        else:
            pending.append(token)
    stated = said.differences()
    in_order = {a - b for pa, a in printed for pb, b in printed if pa < pb}
    for token in pending:
        value = int(token.value)
        if token.signed:
            ok = value in stated | in_order
        else:
            ok = value in {abs(v) for v in stated | in_order}
        if not ok:
            problems.append(
                f"prints {token.text}, which is neither a figure it names nor the difference of "
                f"two (figures printed {[v for _, v in printed]}, differences {sorted(stated)})"
            )
    return problems


def _decimal(token: Token, said: Said) -> list[str]:
    places = len(f"{token.value}".split(".")[1]) if "." in f"{token.value}" else 0
    tolerance = 0.5 * 10**-places + 1e-9
    if ICC_BEFORE.search(token.before):
        candidates = [round(float(v), 6) for v in said.icc if math.isfinite(v)]
        if candidates and not any(abs(token.value - v) <= tolerance for v in candidates):
            return [f"prints ICC {token.text}; the figures give {candidates}"]
        return []
    r = said.r if said.r is not None else math.nan
    if R_BEFORE.search(token.before) and abs(abs(token.value) - abs(r)) > tolerance:
        return [f"prints r {token.text}; the divisions shown give {r:.3f}"]
    return []


def _directions(text: str, said: Said, finding) -> list[str]:
    """The kind and the direction words against the signs of the rounded figures."""
    problems = []
    kind = finding.kind
    principal = said.principal()
    directional = kind in STATEMENT_KINDS or kind in DIVISION_KINDS
    if directional and principal is not None and np.sign(principal) not in (said.sign, 0):
        problems.append(f"{kind}, but its rounded figures differ by {principal:+d}")
    if finding.kind == "role_gap" and finding.statement is not None:
        gap = said.figures["gap"]
        typical = said.figures["typical gap"]
        lowered = text.lower()
        further = any(word in lowered for word in FURTHER)
        closer = any(word in lowered for word in CLOSER)
        if further and not closer and not abs(whole(gap)) > abs(whole(typical)):
            problems.append(f"says further apart, gap {gap:+.1f} against typical {typical:+.1f}")
        if closer and not further and not abs(whole(gap)) < abs(whole(typical)):
            problems.append(f"says closer, gap {gap:+.1f} against typical {typical:+.1f}")
        return problems
    if kind == "division_pillar":
        further = re.search(r"\bfurther\s+(\w+)", text, re.IGNORECASE)
        word = further.group(1).lower() if further else ""
        pillar = said.difference(("division pillar", "organisation pillar"))
        if word in NEGATIVE + POSITIVE and np.sign(pillar) != (-1 if word in NEGATIVE else 1):
            problems.append(
                f"says 'further {word}' of a pillar score {pillar:+d} from the organisation's"
            )
    if said.subjects:
        mentions = []
        for name, (pattern, _other) in said.subjects.items():
            mentions += [(m.start(), name) for m in pattern.finditer(text)]
        for position, sign, word in directions(text):
            before = [m for m in mentions if m[0] < position]
            if not before:
                continue
            subject = max(before)[1]
            other = said.subjects[subject][1]
            difference = whole(said.figures[subject]) - whole(said.figures[other])
            if word in ("lowest", "highest"):
                difference = said.figures[subject] - said.figures[other]
            if np.sign(difference) != sign:
                problems.append(
                    f"says {subject} {word!r}, but {subject} - {other} = {difference:+g}"
                )
        return problems
    if kind == "level" or said.sign in (None, 0):
        return problems
    first = first_direction(text)
    if first is not None and first[0] != said.sign:
        problems.append(f"says {text[first[1] :].split()[0]!r} for a claim of sign {said.sign:+d}")
    return problems


CLAIMED_AFTER = re.compile(
    r"^\s*points?\s+(?:higher|lower|above|below|behind|ahead|apart|further|closer)\b", re.I
)
PRINTS_ITS_DIFFERENCE = ("division_pillar", "language_gap")


def own_difference(said: Said, finding) -> int | None:
    """The difference the claim states, from its rounded figures: a pillar's is the difference
    of its two printed differences; a role gap on one statement has none of its own."""
    if finding.kind == "division_pillar":
        return said.extra_differences[0]
    if finding.kind == "role_gap" and finding.statement is not None:
        return None
    return said.principal()


def _guard(tokens: list[Token], said: Said, finding) -> list[str]:
    """The difference the sentence states is the claim's own and at least ``min_effect``; a
    sentence that must print its figures and difference prints them."""
    if finding.kind in ("level", "nps_link"):
        return []
    problems = []
    whole_numbers = [t for t in tokens if not t.decimal and not t.percent]
    own = own_difference(said, finding)
    if own is None:
        stated = [abs(t.value) for t in whole_numbers]
        candidates = [abs(v) for v in said.extra_differences]
        printed = [v for v in stated if v in candidates]
        effect = max(printed) if printed else max(candidates)
    else:
        effect = abs(own)
        for token in whole_numbers:
            if CLAIMED_AFTER.match(token.after) and abs(token.value) != effect:
                problems.append(
                    f"states {token.text} points, but its printed figures differ by {effect:g}"
                )
        if finding.kind in PRINTS_ITS_DIFFERENCE:
            values = {abs(t.value) for t in whole_numbers}
            if effect not in values:
                problems.append(f"does not print its difference, {effect:g} points")
            for name in said.required:
                if not any(t.value in roundings(said.figures[name]) for t in whole_numbers):
                    problems.append(f"does not print the {name} figure ({said.figures[name]:.1f})")
    if effect < MIN_EFFECT:
        problems.append(f"states a difference of {effect:g}, under min_effect {MIN_EFFECT:g}")
    return problems


POINT_KINDS = {*STATEMENT_KINDS, *DIVISION_KINDS, "division_pillar", "role_gap", "wave_change"}


def _interval(
    where: str, low: float, high: float, sign: int | None, kind: str, slack: float = 0.0
) -> list[str]:
    """An interval is the right way round and clear of zero; a claim's in points excludes half
    of ``min_effect`` on the claim's side (the guard). ``slack``: how far a printed, rounded
    bound may lie from the one computed."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if low > high:
        return [f"{where} {low:g} to {high:g} is the wrong way round"]
    if not sign or kind in ("language_gap", "level"):
        return [f"{where} {low:g} to {high:g} includes zero"] if low <= 0 <= high else []
    margin = HALF_EFFECT if kind in POINT_KINDS else 0.0
    if (low if sign > 0 else -high) + slack <= margin:
        side = "above" if sign > 0 else "below"
        return [
            f"{where} {low:g} to {high:g} is not {side} {sign * margin:+g}, as the guard needs "
            f"of a claim of sign {sign:+d}"
        ]
    return []


def _printed_intervals(intervals, said: Said, finding) -> list[str]:
    """A printed 95 % interval passes the guard and is the evidence's interval, rounded."""
    evidence = finding.evidence or {}
    computed = (evidence.get("ci_low"), evidence.get("ci_high"))
    problems = []
    for low, high, places in intervals:
        slack = 0.5 * 10**-places
        where = "printed 95 % interval"
        problems += _interval(where, low, high, said.sign, finding.kind, slack)
        for printed, value in zip((low, high), computed, strict=True):
            if _is_number(value) and abs(printed - float(value)) > slack + 1e-9:
                problems.append(f"{where} prints {printed:g}; the evidence's bound is {value:g}")
    return problems


def _is_number(value) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def leaves(value, path: tuple = ()) -> list[tuple[tuple, float]]:
    """Every finite number in a nested evidence value, with its key path."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return [(path, number)] if math.isfinite(number) else []
    if isinstance(value, Mapping):
        return [leaf for key, v in value.items() for leaf in leaves(v, (*path, str(key)))]
    if isinstance(value, list | tuple):
        return [leaf for v in value for leaf in leaves(v, path)]
    return []


FIGURE_KEYS = re.compile(r"score|^organisation$|^typical$|^median$")
DIFFERENCE_KEYS = re.compile(r"difference|^beyond|^effect$")
CLAIM_KEYS = re.compile(r"^beyond|^effect$")
ADJUSTED_P = re.compile(r"^(p_adjusted|p_bh|q|q_value|adjusted_p)$")


def _matches(value: float, candidates: Iterable[float]) -> bool:
    """``value`` is one of the figures, unrounded or rounded to a whole point."""
    return any(
        abs(value - c) < 1e-6 or (float(value).is_integer() and int(value) in roundings(c))
        for c in candidates
    )


def _evidence(finding, said: Said, shown: Figures) -> list[str]:
    """The evidence's figures, differences, intervals (the guard) and adjusted p-values."""
    problems = []
    numbers = leaves(finding.evidence or {})
    by_path = dict(numbers)
    figures = [v for v in said.figures.values() if math.isfinite(v)]
    differences = said.differences() | {whole(v) for v in figures}
    for path, value in numbers:
        where = f"evidence {'.'.join(path)} = {value:g}"
        key = path[-1].lower()
        route = "/".join(path).lower()
        interval_like = re.search(r"(low|high|ci|se|sd|_n|count|compared)$", key)
        is_figure = FIGURE_KEYS.search(route.split("/")[0]) and not interval_like
        if is_figure and "nps" not in route and not _matches(value, figures):
            problems.append(f"{where} is no figure the sentence is about")
        is_difference = DIFFERENCE_KEYS.search(key) and finding.kind != "nps_link"
        unrounded = _unrounded_differences(said)
        if is_difference and value not in differences and not _matches(value, unrounded):
            problems.append(f"{where} is no difference of the rounded figures")
        is_claim = CLAIM_KEYS.search(key) and finding.kind != "language_gap"
        if is_claim and said.sign and np.sign(value) != said.sign:
            problems.append(f"{where} against a claim of sign {said.sign:+d}")
        if "icc" in key and "beyond" in key and finding.kind == "language_gap":
            if value < GAP_ICC:
                problems.append(f"{where} is under language_gap_icc {GAP_ICC:g}")
            if said.icc and math.isfinite(said.icc[0]) and abs(value - said.icc[0]) > 1e-6:
                problems.append(f"{where}; the spec's ICC beyond levels is {said.icc[0]:.6f}")
        if ADJUSTED_P.match(key) and value > ALPHA:
            problems.append(f"{where} is above alpha {ALPHA:g}")
        raw_p = by_path.get((*path[:-1], "p"))
        if ADJUSTED_P.match(key) and raw_p is not None and value < raw_p * (1 - 1e-9):
            problems.append(f"{where} is below its unadjusted p {raw_p:g}")
        if key.endswith("low") and finding.kind != "level":
            high_path = (*path[:-1], path[-1][: -len("low")] + "high")
            if high_path in by_path:
                span = f"evidence {'.'.join(path)}…{high_path[-1]}"
                problems += _interval(span, value, by_path[high_path], said.sign, finding.kind)
    return problems


def _unrounded_differences(said: Said) -> list[float]:
    return [said.figures[a] - said.figures[b] for a, b in said.pairs]


# --------------------------------------------------------------------------- truth


@dataclass(frozen=True)
class Verdict:
    """One claim judged against the truth."""

    kind: str
    key: tuple
    headline: str
    true: bool
    effect: float
    why: str


@dataclass(frozen=True)
class Target:
    """A true effect the claims should find."""

    key: tuple
    effect: float
    found: bool


def judge(finding, shown: Figures, true) -> Verdict:
    """Whether one claim is true of the model that made the data (see the module docstring)."""
    kind, item = finding.kind, finding.statement
    named = list(finding.divisions or ())
    sizes = true.plan.sizes

    def verdict(key: tuple, effect: float, ok: bool, why: str) -> Verdict:
        return Verdict(kind, key, finding.headline, bool(ok), float(effect), why)

    if kind in STATEMENT_KINDS:
        sign = STATEMENT_KINDS[kind]
        if item not in ITEMS:
            return verdict(("statement", item, sign), np.nan, False, "no such statement")
        effect = true.statement_effect(item)
        return verdict(
            ("statement", item, sign),
            effect,
            sign * effect >= HALF_EFFECT,
            f"true statement − median {effect:+.1f}",
        )
    if kind in DIVISION_KINDS:
        sign = DIVISION_KINDS[kind]
        if len(named) != 1 or named[0] not in sizes:
            return verdict(("division", tuple(named), sign), np.nan, False, "not one division")
        effect = true.division_effect(named[0])
        return verdict(
            ("division", named[0], sign),
            effect,
            sign * effect >= HALF_EFFECT,
            f"true division − organisation {effect:+.1f}",
        )
    if kind == "division_pillar":
        pillar = claimed_pillar(finding)
        if len(named) != 1 or named[0] not in sizes or pillar is None:
            return verdict(("pillar", tuple(named), pillar, 0), np.nan, False, "no division/pillar")
        division = named[0]
        if division in shown.division_pillars.index:
            gap = shown.division_pillars.loc[division, pillar] - shown.pillars[pillar]
            sign = _sign(gap - (shown.division_scores[division] - shown.score))
        else:
            sign = 0
        full, without = true.pillar_effects(division, pillar)
        ok = sign != 0 and sign * full >= HALF_EFFECT and sign * without >= HALF_EFFECT
        return verdict(
            ("pillar", division, pillar, sign),
            without,
            ok,
            f"true pillar − overall {full:+.1f}, {without:+.1f} without its top statement",
        )
    if kind == "language_gap":
        if item not in ITEMS:
            return verdict(("gap", item), np.nan, False, "no such statement")
        icc = float(true.icc_beyond_levels[item])
        beyond = shown.division_beyond.reindex(index=named)[item] if len(named) == 2 else None
        if beyond is not None and set(named) <= set(sizes) and beyond.notna().all():
            high, low = beyond_pair(beyond)
            spread = float(true.beyond_levels.loc[high, item] - true.beyond_levels.loc[low, item])
        else:
            spread = float("nan")
        ok = icc >= GAP_ICC / 2 and spread >= HALF_EFFECT
        return verdict(
            ("gap", item),
            spread,
            ok,
            f"true ICC beyond levels {icc:.3f}, named pair {spread:+.1f} beyond levels",
        )
    if kind == "role_gap":
        if item is None:
            sign = _sign(shown.leaders_score - shown.front_line_score)
            effect = true.role_effect()
            return verdict(
                ("role", None, sign),
                effect,
                sign * effect >= HALF_EFFECT,
                f"true leaders − front line {effect:+.1f}",
            )
        if item not in ITEMS:
            return verdict(("role", item, 0), np.nan, False, "no such statement")
        sign = _sign(shown.role_gaps[item] - shown.role_gaps.median())
        effect = true.role_effect(item)
        return verdict(
            ("role", item, sign),
            effect,
            sign * effect >= HALF_EFFECT,
            f"true gap − median gap {effect:+.1f}",
        )
    if kind == "nps_link":
        r, _ = shown.nps_correlation()
        sign = _sign(r)
        true_r = true.nps_correlation([d for d in shown.division_nps.dropna().index if d in sizes])
        planted = bool(true.plan.nps_slope)
        ok = planted and math.isfinite(true_r) and _sign(true_r) == sign
        return verdict(("nps", sign), true_r, ok, f"planted {planted}, true r {true_r:+.2f}")
    return verdict((kind, item), np.nan, False, f"{kind!r}: nothing of the kind is in the data")


def targets(true) -> list[tuple[tuple, float]]:
    """Every true effect of ``RECALL_EFFECT`` points or more that the data can show."""
    org: Plan = true.plan
    sizes = pd.Series(org.role_counts.sum(axis=1), index=list(org.divisions))
    wanted: list[tuple[tuple, float]] = []
    for item in ITEMS:
        effect = true.statement_effect(item)
        if abs(effect) >= RECALL_EFFECT:
            wanted.append((("statement", item, _sign(effect)), effect))
    for division in org.divisions:
        effect = true.division_effect(division)
        if abs(effect) >= RECALL_EFFECT and sizes[division] >= DIVISION_MIN:
            wanted.append((("division", division, _sign(effect)), effect))
        for pillar in PILLARS:
            full, without = true.pillar_effects(division, pillar)
            if (
                abs(without) >= RECALL_EFFECT
                and _sign(full) == _sign(without)
                and sizes[division] >= PILLAR_MIN
            ):
                wanted.append((("pillar", division, pillar, _sign(without)), without))
    split = set(org.splits) | {i for p in org.pillars.values() for pl in p for i in PILLARS[pl]}
    for item in sorted(split):
        icc = true.icc_beyond_levels[item]
        spread = true.beyond_levels_spread(item, GAP_MIN)
        if icc >= GAP_ICC and spread >= RECALL_EFFECT:
            wanted.append((("gap", item), spread))
    counts = org.role_counts
    if counts[:, :2].sum() >= ROLE_MIN and counts[:, 2].sum() >= ROLE_MIN:
        effect = true.role_effect()
        if abs(effect) >= RECALL_EFFECT:
            wanted.append((("role", None, _sign(effect)), effect))
        for item in ITEMS:
            effect = true.role_effect(item)
            if abs(effect) >= RECALL_EFFECT:
                wanted.append((("role", item, _sign(effect)), effect))
    nps = true.division_nps
    if org.nps_slope and nps is not None:
        big = [d for d in org.divisions if sizes[d] >= NPS_MIN]
        r = true.nps_correlation(big)
        if len(big) >= MIN_NPS_DIVISIONS and abs(r) >= 0.8 and np.ptp(nps[big]) >= 20:
            wanted.append((("nps", _sign(r)), r))
    return wanted


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Measurement:
    """One organisation (scenario, seed): every claim judged, every target looked for, every
    contradiction."""

    scenario: str
    seed: int
    verdicts: tuple[Verdict, ...]
    targets: tuple[Target, ...]
    contradictions: tuple[tuple[str, str], ...]  # (headline or "results.gaps S01", problem)
    seconds: float

    @property
    def claims(self) -> tuple[Verdict, ...]:
        """The claims precision is over: every kind but ``level`` and ``nps_link``."""
        return tuple(v for v in self.verdicts if v.kind != "nps_link")

    @property
    def nps(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.kind == "nps_link")


def analyse(org: Plan, seed: int):
    """The frame, the results and the findings of one organisation."""
    from cxmaturity.findings import find_findings  # the engine being rewritten: import late

    frame = make_frame(org, seed)
    survey = build_survey([("org.csv", "org", frame)])
    results = score(survey, min_group_size=MIN_GROUP_SIZE)
    return frame, results, find_findings(survey, results)


def measure_plan(name: str, org: Plan, seed: int) -> Measurement:
    started = time.perf_counter()
    frame, results, findings = analyse(org, seed)
    shown = figures_of(frame, results)
    true = truth(org)
    verdicts = tuple(judge(f, shown, true) for f in findings if f.kind != "level")
    found_keys = {v.key for v in verdicts}
    wanted = tuple(Target(key, effect, key in found_keys) for key, effect in targets(true))
    problems = tuple(
        (f.headline, problem) for f in findings for problem in contradictions(f, shown)
    ) + tuple(
        (f"results.gaps {item}", problem)
        for item in shown.gaps.index
        for problem in gap_row_problems(shown, item)
    )
    return Measurement(name, seed, verdicts, wanted, problems, time.perf_counter() - started)


@functools.cache
def measure(name: str, seed: int) -> Measurement:
    """The measurement of a scenario of ``tests/truth.py`` on one seed (cached)."""
    return measure_plan(name, SCENARIOS[name].plan, seed)


@dataclass(frozen=True)
class Tally:
    """Precision, recall and contradictions over some measurements."""

    claims: int
    true_claims: int
    targets: int
    found: int
    contradictions: int
    nps_claims: int
    nps_true: int

    @property
    def precision(self) -> float:
        return self.true_claims / self.claims if self.claims else float("nan")

    @property
    def recall(self) -> float:
        return self.found / self.targets if self.targets else float("nan")

    def meets_targets(self) -> bool:
        return (
            self.contradictions == 0
            and (not self.claims or self.precision >= PRECISION_TARGET)
            and (not self.targets or self.recall >= RECALL_TARGET)
        )


def tally(measurements: Iterable[Measurement]) -> Tally:
    ms = list(measurements)
    return Tally(
        claims=sum(len(m.claims) for m in ms),
        true_claims=sum(v.true for m in ms for v in m.claims),
        targets=sum(len(m.targets) for m in ms),
        found=sum(t.found for m in ms for t in m.targets),
        contradictions=sum(len(m.contradictions) for m in ms),
        nps_claims=sum(len(m.nps) for m in ms),
        nps_true=sum(v.true for m in ms for v in m.nps),
    )


def report(measurements: Iterable[Measurement]) -> str:
    """Every false claim, missed effect and contradiction, one line each."""
    lines = []
    for m in measurements:
        where = f"{m.scenario} seed {m.seed}"
        for v in m.verdicts:
            if not v.true:
                lines.append(f"FALSE  {where}: {v.kind} {v.key} ({v.why}): {v.headline}")
        for t in m.targets:
            if not t.found:
                lines.append(f"MISSED {where}: {t.key} true effect {t.effect:+.2f}")
        for headline, problem in m.contradictions:
            lines.append(f"CONTRA {where}: {problem}: {headline}")
    return "\n".join(lines)


def _percent(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{100 * value:.0f} %"


def markdown_table(measurements: Iterable[Measurement]) -> str:
    """Scenario × claims × precision × recall × contradictions, then families and overall."""
    ms = list(measurements)
    header = (
        "| scenario | family | seeds | claims | precision | true effects ≥ 10 | recall "
        "| contradictions | NPS link (true/claimed) |\n|---|---|---|---|---|---|---|---|---|"
    )

    def row(label: str, family: str, group: list[Measurement]) -> str:
        t = tally(group)
        seeds = len({m.seed for m in group})
        return (
            f"| {label} | {family} | {seeds} | {t.claims} | {_percent(t.precision)} "
            f"| {t.targets} | {_percent(t.recall)} | {t.contradictions} "
            f"| {t.nps_true}/{t.nps_claims} |"
        )

    rows = [header]
    names = list(dict.fromkeys(m.scenario for m in ms))
    for name in names:
        family = SCENARIOS[name].family if name in SCENARIOS else "–"
        rows.append(row(name, family, [m for m in ms if m.scenario == name]))
    families = list(dict.fromkeys(SCENARIOS[n].family for n in names if n in SCENARIOS))
    for family in families:
        group = [
            m for m in ms if m.scenario in SCENARIOS and SCENARIOS[m.scenario].family == family
        ]
        rows.append(row(f"**{family}**", "family", group))
    rows.append(row("**all**", "", ms))
    return "\n".join(rows)


# --------------------------------------------------------------------------- 1. the generator


def test_exact_truth_matches_one_huge_simulated_sample() -> None:
    """Every exact figure sits within 4.5 standard errors of a 96,000-person simulation."""
    base = SCENARIOS["many"].plan
    huge = replace(base, sizes=dict.fromkeys(base.sizes, 12_000))
    true = truth(huge)
    frame = make_frame(huge, 0)
    points = as_points(frame)
    by_division = points.groupby(frame["Division"])
    means, variances, counts = by_division.mean(), by_division.var(), by_division.count()
    names = list(means.index)
    se = np.sqrt(true.division_variance.loc[names] / counts)
    assert ((means - true.division_statements.loc[names]) / se).abs().max().max() < 4.5
    variance_error = (variances - true.division_variance.loc[names]).abs().max().max()
    assert variance_error < 0.05 * true.division_variance.max().max()
    leaders = frame["Role"].isin(LEADERS)
    for group, expected in (
        (points[leaders], true.leaders_statements),
        (points[~leaders], true.front_line_statements),
        (points, true.organisation_statements),
    ):
        z = (group.mean() - expected) / (group.std() / np.sqrt(group.count()))
        assert z.abs().max() < 4.5, z
    sample_icc = icc_beyond_levels(means, counts, np.sqrt(variances))
    assert (sample_icc - true.icc_beyond_levels).abs().max() < 0.01
    nps = frame[NPS_HEADER].astype(int).groupby(frame["Division"])
    sample_nps = 100 * nps.apply(lambda s: (s >= 9).mean() - (s <= 6).mean())
    error = (sample_nps - true.division_nps[sample_nps.index]).abs().max()
    assert error < 4 * 100 / np.sqrt(12_000)


def test_truth_of_pure_noise_is_flat() -> None:
    true = truth(SCENARIOS["noise"].plan)
    assert true.division_scores.sub(true.organisation_score).abs().max() < 1e-9
    assert max(abs(true.statement_effect(i)) for i in ITEMS) < 2
    assert true.icc_beyond_levels.abs().max() < 1e-9
    assert targets(true) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("division_behind", {("division", "Operations", -1)}),
        ("division_ahead", {("division", "Service", 1)}),
        ("artefact", {("gap", "S03")}),
        ("gap_unequal_sizes", {("gap", "S07")}),
        ("role_overall", {("role", None, 1)}),
        ("role_statement", {("role", "S05", 1)}),
        (
            "pillar",
            {("pillar", "Finance", "technology", -1), *(("gap", i) for i in PILLARS["technology"])},
        ),
        ("statements", {("statement", "S07", -1), ("statement", "T02", 1)}),
    ],
)
def test_each_plant_is_a_true_effect(name: str, expected: set) -> None:
    """The plants are what the recall counts (and nothing else is, in the single plants)."""
    assert {key for key, _ in targets(truth(SCENARIOS[name].plan))} == expected


def test_the_artefact_is_one_statement_deep() -> None:
    """A +20/−20 split on S03 leaves every other statement's ICC beyond levels at zero."""
    true = truth(SCENARIOS["artefact"].plan)
    icc = true.icc_beyond_levels
    assert icc["S03"] > 0.2
    assert icc.drop("S03").abs().max() < 1e-9
    assert true.division_levels.abs().max() < 1e-9


def test_generator_makes_the_planned_organisation() -> None:
    org = plan({"Sales": 5, "Service": 500, "Finance": 40}, missing=0.1, nps_slope=0.0)
    frame = make_frame(org, 3)
    assert frame["Division"].value_counts().to_dict() == {"Sales": 5, "Service": 500, "Finance": 40}
    leaders = frame[frame["Role"].isin(LEADERS)].groupby("Division").size()
    assert leaders.to_dict() == {"Sales": 2, "Service": 200, "Finance": 4}  # Finance: few leaders
    blank = (frame[list(ITEMS)] == "").to_numpy().mean()
    assert 0.08 < blank < 0.12
    assert set(frame[list(ITEMS)].stack()) <= {*LABELS, ""}
    assert all(isinstance(v, str) for v in frame.to_numpy().ravel()) and NPS_HEADER in frame
    assert frame.equals(make_frame(org, 3))


@pytest.mark.parametrize(("mu", "side"), [(-1.2, "floor"), (1.2, "ceiling")])
def test_a_plant_moves_less_near_the_floor_and_ceiling(mu: float, side: str) -> None:
    """The true figures, not the nominal 25 points a unit, decide what is a 10-point effect."""
    org = plan(100, mu=mu, levels={"Sales": 20.0 if side == "floor" else -20.0})
    effect = abs(truth(org).division_effect("Sales"))
    assert 10 < effect < 20 * 5 / 6


# --------------------------------------------------------------------------- 2. the checker


@functools.cache
def _figures(seed: int = 5) -> Figures:
    org = plan(
        80,
        3,
        levels={"Sales": -20.0},
        statements={"S07": -25.0},
        splits={"S01": {"Service": 25.0, "Marketing": -25.0}},
        role_gap=12.0,
    )
    frame = make_frame(org, seed)
    results = score(build_survey([("org.csv", "org", frame)]), min_group_size=MIN_GROUP_SIZE)
    return figures_of(frame, results)


def _finding(kind: str, headline: str, statement=None, divisions=(), evidence=None):
    return SimpleNamespace(
        kind=kind,
        headline=headline,
        statement=statement,
        divisions=tuple(divisions),
        evidence=evidence or {},
        severity=1.0,
    )


DIVISION_SENTENCES = {
    # case: (sentence, whether it is consistent); {a}: Sales's score, {b}: the organisation's
    "right": ("Sales is behind the organisation: it scores {a} against {b} ({a_b} points).", True),
    "unsigned": ("Sales scores {a} against the organisation's {b}, {b_a} points behind.", True),
    "interval": ("Sales is behind: {a} against {b} ({a_b} points, 95 % CI {lo} to {hi}).", True),
    "wrong score": ("Sales is behind the organisation: it scores {a1} against {b}.", False),
    "unrounded difference": ("Sales is behind: it scores {a} against {b} ({a_b1} points).", False),
    "wrong sign": ("Sales is behind the organisation: it scores {a} against {b} (+{b_a}).", False),
    "wrong word": ("Sales is ahead of the organisation: it scores {a} against {b}.", False),
    "rest, not organisation": ("Sales is behind the rest: it scores {a} against {b4}.", False),
    "interval with zero": ("Sales is behind: {a} against {b} (95 % CI {a_b} to 2).", False),
    "interval inside half the minimum effect": (
        "Sales is behind: {a} against {b} ({a_b} points, 95 % CI {lo} to −2).",
        False,
    ),
    "interval clear of half the minimum effect": (
        "Sales is behind: {a} against {b} ({a_b} points, 95 % CI {lo} to −3).",
        True,
    ),
}


@pytest.mark.parametrize("case", list(DIVISION_SENTENCES))
def test_checker_reads_division_sentences(case: str) -> None:
    shown = _figures()
    a, b = whole(shown.division_scores["Sales"]), whole(shown.score)
    template, consistent = DIVISION_SENTENCES[case]
    headline = template.format(
        a=a,
        b=b,
        a1=a + 1,
        b4=b + 4,
        a_b=f"{a - b:+d}".replace("-", "−"),
        b_a=b - a,
        a_b1=a - b + 1,
        lo=a - b - 3,
        hi=a - b + 3,
    )
    found = contradictions(_finding("division_below", headline, divisions=("Sales",)), shown)
    assert (not found) is consistent, (headline, found)


def test_checker_reads_statement_sentences() -> None:
    shown = _figures()
    s, t = whole(shown.organisation["S07"]), whole(shown.typical)
    weak = f"S07 scores {s} against a typical statement of {t} ({s - t} points), well below."
    assert contradictions(_finding("weak_statement", weak, "S07"), shown) == []
    assert contradictions(
        _finding("strong_statement", weak.replace("below", "above"), "S07"), shown
    )
    off = f"S07 scores {s} against a typical statement of {t} ({s - t - 1} points), well below."
    assert contradictions(_finding("weak_statement", off, "S07"), shown)


def test_checker_reads_role_sentences() -> None:
    shown = _figures()
    lead, front = whole(shown.leaders_score), whole(shown.front_line_score)
    role = f"Leaders score {lead} and the front line {front}: leaders {lead - front} points higher."
    assert contradictions(_finding("role_gap", role), shown) == []
    assert contradictions(_finding("role_gap", role.replace("higher", "lower")), shown)
    flipped = f"The front line scores {front}, {lead - front} points higher than leaders at {lead}."
    assert contradictions(_finding("role_gap", flipped), shown)


GAP_OPENING = "Divisions do not share a common language on “A statement” (S01): "
GAP_SENTENCES = {
    # case: (sentence, whether it is consistent); {h}, {l}: the higher / lower division's score
    # beyond levels (signed), {hs}, {ls}: their raw scores
    "right": (
        "set against how each rates the other statements, {high} rates it {h} points and {low} "
        "{l} points against the divisions' average — {h_l} points apart (ICC beyond levels {icc}).",
        True,
    ),
    "lower first": ("{low} rates it {l} points and {high} {h}: {h_l} points apart.", True),
    "figures swapped": ("{high} rates it {l} points and {low} {h}: {h_l} points apart.", False),
    "raw scores": ("{high} rates it {hs} and {low} {ls}, {hs_ls} points apart.", False),
    "difference off by one": (
        "{high} rates it {h} points and {low} {l}: {h_l1} points apart.",
        False,
    ),
    "no difference": ("{high} rates it {h} points and {low} {l}.", False),
    "wrong ICC": ("{high} {h} points, {low} {l}: {h_l} points apart (ICC {icc5}).", False),
    "direction reversed": ("{low} rates it higher than {high} ({l} and {h}): {h_l} apart.", False),
}


@functools.cache
def _gap_sentence_figures() -> tuple[Figures, dict[str, object]]:
    shown = _figures()
    row = shown.gaps.loc["S01"]
    high, low = row["beyond_max_division"], row["beyond_min_division"]
    hi, lo = whole(row["beyond_max"]), whole(row["beyond_min"])
    hs, ls = (whole(shown.divisions.loc[d, "S01"]) for d in (high, low))
    icc = shown.icc_beyond_levels["S01"]
    values = {
        "high": high,
        "low": low,
        "h": f"{hi:+d}",
        "l": f"{lo:+d}",
        "h_l": hi - lo,
        "h_l1": hi - lo + 1,
        "hs": hs,
        "ls": ls,
        "hs_ls": hs - ls,
        "icc": f"{icc:.2f}",
        "icc5": f"{icc + 0.05:.2f}",
    }
    return shown, values


@pytest.mark.parametrize("case", list(GAP_SENTENCES))
def test_checker_reads_language_gap_sentences(case: str) -> None:
    """A gap prints the pair's scores beyond levels, each after its division, and their gap."""
    shown, values = _gap_sentence_figures()
    template, consistent = GAP_SENTENCES[case]
    headline = GAP_OPENING + template.format(**values)
    pair = (values["low"], values["high"])
    found = contradictions(_finding("language_gap", headline, "S01", pair), shown)
    assert (not found) is consistent, (headline, found)


def test_checker_reads_language_gap_pairs_and_evidence() -> None:
    shown, values = _gap_sentence_figures()
    headline = GAP_OPENING + GAP_SENTENCES["right"][0].format(**values)
    high, low = values["high"], values["low"]
    row = shown.gaps.loc["S01"]
    good = {
        "lowest": low,
        "highest": high,
        "lowest_beyond_levels": row["beyond_min"],
        "highest_beyond_levels": row["beyond_max"],
        "lowest_score": shown.divisions.loc[low, "S01"],
        "highest_score": shown.divisions.loc[high, "S01"],
        "difference": values["h_l"],
        "icc1_beyond_levels": row["icc1_beyond_levels"],
        "icc1": row["icc1"],
        "F": row["gap_F"],
        "p": row["gap_p"],
        "p_adjusted": row["gap_p"],
    }
    assert contradictions(_finding("language_gap", headline, "S01", (low, high), good), shown) == []
    for bad in (
        {"lowest": high, "highest": low},
        {"lowest_beyond_levels": row["beyond_min"] + 1},
        {"highest_score": shown.divisions.loc[high, "S01"] + 1},
        {"difference": values["h_l"] + 1},
        {"icc1_beyond_levels": 0.04},
        {"F": row["gap_F"] * 1.1},
    ):
        finding = _finding("language_gap", headline, "S01", (low, high), good | bad)
        assert contradictions(finding, shown), bad
    other = next(d for d in shown.division_scores.index if d not in (low, high))
    wrong_pair = _finding("language_gap", headline, "S01", (low, other))
    assert any("gaps name" in p for p in contradictions(wrong_pair, shown))


def test_checker_holds_the_gaps_to_the_spec() -> None:
    """The JSON's pair and figures beyond levels are recomputed from the division scores."""
    shown = _figures()
    assert all(gap_row_problems(shown, item) == [] for item in ITEMS)
    for column, value in (
        ("beyond_max", shown.gaps.loc["S01", "beyond_max"] + 0.5),
        ("beyond_min_division", "Sales"),
        ("icc1_beyond_levels", shown.gaps.loc["S01", "icc1"]),
    ):
        gaps = shown.gaps.copy()
        gaps.loc["S01", column] = value
        assert gap_row_problems(replace(shown, gaps=gaps), "S01"), column


PILLAR_SENTENCES = {
    # case: (sentence, whether it is consistent); {n}: the stated difference, {dp}/{op}: the
    # division's and the organisation's pillar scores, {ds}/{os}: their overall scores
    "right": (
        "Beyond its overall level, Service is {n} points lower on technology: {dp} against {op} "
        "for the organisation there ({dp_op}), and {ds} against {os} on all statements ({ds_os}).",
        True,
    ),
    "off by one": (
        "Beyond its overall level, Service is {n1} points lower on technology: {dp} against {op} "
        "for the organisation there ({dp_op}), and {ds} against {os} on all statements ({ds_os}).",
        False,
    ),
    "wrong word": (
        "Beyond its overall level, Service is {n} points higher on technology: {dp} against {op} "
        "for the organisation there ({dp_op}), and {ds} against {os} on all statements ({ds_os}).",
        False,
    ),
    "wrong sign": (
        "Beyond its overall level, Service is {n} points lower on technology: {dp} against {op} "
        "for the organisation there ({op_dp}), and {ds} against {os} on all statements ({ds_os}).",
        False,
    ),
    "overall figures left out": (
        "Beyond its overall level, Service is {n} points lower on technology: {dp} against {op} "
        "for the organisation there ({dp_op}).",
        False,
    ),
}


@functools.cache
def _pillar_figures() -> Figures:
    org = plan(80, 3, pillars={"Service": {"technology": -30.0}})
    frame = make_frame(org, 5)
    results = score(build_survey([("org.csv", "org", frame)]), min_group_size=MIN_GROUP_SIZE)
    return figures_of(frame, results)


@pytest.mark.parametrize("case", list(PILLAR_SENTENCES))
def test_checker_reads_pillar_sentences(case: str) -> None:
    """A pillar sentence prints four figures and the difference of their two differences."""
    shown = _pillar_figures()
    dp = whole(shown.division_pillars.loc["Service", "technology"])
    op = whole(shown.pillars["technology"])
    ds, os_ = whole(shown.division_scores["Service"]), whole(shown.score)
    n = (ds - os_) - (dp - op)
    assert n >= MIN_EFFECT and dp != op
    template, consistent = PILLAR_SENTENCES[case]
    headline = template.format(
        n=n,
        n1=n + 1,
        dp=dp,
        op=op,
        ds=ds,
        os=os_,
        dp_op=f"{dp - op:+d}",
        op_dp=f"{op - dp:+d}",
        ds_os=f"{ds - os_:+d}",
    )
    finding = _finding("division_pillar", headline, None, ("Service",), {"pillar": "technology"})
    found = contradictions(finding, shown)
    assert (not found) is consistent, (headline, found)


def test_checker_reads_evidence() -> None:
    shown = _figures()
    a, b = whole(shown.division_scores["Sales"]), whole(shown.score)
    headline = f"Sales is behind: it scores {a} against {b} ({a - b} points)."
    good = {"score": shown.division_scores["Sales"], "effect": a - b, "ci_low": -30, "ci_high": -3}
    assert contradictions(_finding("division_below", headline, None, ("Sales",), good), shown) == []
    for bad in (
        {"score": shown.division_scores["Sales"] + 3},
        {"effect": 12.0},
        {"ci_low": -30.0, "ci_high": 2.0},
        {"ci_low": -30.0, "ci_high": -2.4},  # the guard: clear of -2.5, not only of zero
        {"p_adjusted": 0.2},
        {"p": 0.01, "p_adjusted": 0.005},
    ):
        finding = _finding("division_below", headline, None, ("Sales",), bad)
        assert contradictions(finding, shown), bad
    printed = f"Sales is behind: it scores {a} against {b} ({a - b} points; 95 % CI −30 to −4)."
    finding = _finding("division_below", printed, None, ("Sales",), good)
    assert any("evidence's bound" in p for p in contradictions(finding, shown))


def test_checker_flags_hidden_divisions_and_small_differences() -> None:
    shown = _figures()
    hidden = _finding("division_below", "Legal is behind: 20 against 50.", None, ("Legal",))
    assert any("not shown" in p for p in contradictions(hidden, shown))
    o = whole(shown.score)
    close = next(d for d in shown.division_scores.index if d != "Sales")
    c = whole(shown.division_scores[close])
    small = _finding("division_above", f"{close} is ahead: {c} against {o}.", None, (close,))
    assert contradictions(small, shown)


# --------------------------------------------------------------------------- 3. the findings


def scenario_seeds(name: str) -> tuple[int, ...]:
    return SLOW_SEEDS if name in SLOW else SEEDS


def measured(name: str) -> list[Measurement]:
    return [measure(name, seed) for seed in scenario_seeds(name)]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_findings_are_true_complete_and_consistent(name: str) -> None:
    """Per scenario: precision ≥ 95 %, recall ≥ 90 % of the 10-point effects, no contradiction."""
    ms = measured(name)
    t = tally(ms)
    details = f"{SCENARIOS[name].doc}\n{markdown_table(ms)}\n{report(ms)}"
    assert t.contradictions == 0, details
    if t.claims:
        assert t.precision >= PRECISION_TARGET, details
    if t.targets:
        assert t.recall >= RECALL_TARGET, details


def test_pure_noise_claims_nothing() -> None:
    for m in measured("noise"):
        assert m.verdicts == (), report([m])


def test_the_artefact_gives_no_gap_on_another_statement() -> None:
    """The old engine's failure: a split on S03 echoed as gaps on the other statements."""
    for m in measured("artefact"):
        gaps = [v for v in m.verdicts if v.kind == "language_gap"]
        assert [v.key for v in gaps] == [("gap", "S03")], report([m])


def test_targets_overall_and_per_family() -> None:
    ms = [m for name in SCENARIOS for m in measured(name)]
    families = {SCENARIOS[m.scenario].family for m in ms}
    table = markdown_table(ms)
    for family in sorted(families):
        t = tally(m for m in ms if SCENARIOS[m.scenario].family == family)
        assert t.meets_targets(), f"{family}\n{table}\n{report(ms)}"
    assert tally(ms).meets_targets(), f"{table}\n{report(ms)}"
