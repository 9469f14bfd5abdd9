"""Organisations with a known structure, and their true (population) figures, computed exactly.

The acceptance tests of the key findings (``tests/test_truth.py``, ``scripts/truth_table.py``)
judge every claim against the truth of the model that made the data, not against a list of
expected findings. A respondent ``r`` of division ``d`` and role ``g`` answers statement ``i``
with::

    latent = mu + kindness[r] + ease[i]
             + (level[d] + statement[i] + split[d, i] + pillar[d, pillar(i)]
                + role[g] + role_statement[g, i]) / POINTS_PER_UNIT
             + noise[r, i]
    answer = the 5-point label whose band (cut points -1.5, -0.5, 0.5, 1.5) holds ``latent``

``kindness`` ~ N(0, kindness_sd) is how kindly a person answers everything; ``noise`` ~
N(0, noise_sd) their statement-to-statement wobble. Plants are written in *points* and turned
into latent units at a nominal 25 points a unit (exact near the middle of the scale, less near
the floor and the ceiling); the true figures never rely on that rate. A share of answers is
left blank, at random. The role plants are split evenly: leaders ``+X/2``, the front line
``-X/2``. The 0–10 recommend question is ``7 + nps_slope × level[d] / 25 + 0.5 × kindness +
N(0, 1.8)``, rounded and clipped.

**True figures.** Given its cell, a latent answer is normal with mean the cell's sum above and
variance ``kindness_sd² + noise_sd²``, so the probability of each label is a difference of the
normal CDF at the cut points and the expected item score (0, 25, 50, 75, 100) of every
(division, role, statement) cell is exact. Every division's role counts are fixed by the plan,
so a division's (the organisation's, the leaders', the front line's) true statement score is
the count-weighted mean of its cells, and true scores and pillars are plain means of statement
scores, as the engine defines them (docs/methodology.md, "Figures for a group"). Missing answers
are at random and do not move any expectation. ``tests/test_truth.py`` checks these figures
against one very large simulated sample.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr

LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
ITEM_POINTS = np.array([0.0, 25.0, 50.0, 75.0, 100.0])
ITEMS = (*(f"S{i:02d}" for i in range(1, 12)), "T01", "T02", "T03")
BLISS = ITEMS[:11]
PILLARS = {
    "people": ("S01", "S06", "S09", "S11"),
    "process": ("S02", "S03", "S05", "S07", "S08", "S10"),
    "technology": ("S04", "T01", "T02", "T03"),
}
PILLAR_OF = {item: pillar for pillar, items in PILLARS.items() for item in items}
ROLES = ("executive", "manager", "frontline")
LEADERS = ("executive", "manager")
FRONT_LINE = ("frontline",)
NPS_HEADER = "How likely are you to recommend us?"
CUTS = np.array([-1.5, -0.5, 0.5, 1.5])
POINTS_PER_UNIT = 25.0
# Small fixed statement eases (latent units, within ±0.06: under 2 points), so that without a
# plant no statement stands out.
_SPREAD = (3, 9, 0, 12, 6, 1, 13, 4, 10, 7, 2, 11, 5, 8)
EASE = {item: -0.06 + 0.12 * k / 13 for item, k in zip(ITEMS, _SPREAD, strict=True)}
NAMES = (
    "Sales",
    "Service",
    "Marketing",
    "Operations",
    "Product",
    "Finance",
    "Logistics",
    "Research",
    "Legal",
    "Support",
    "Retail",
    "Wholesale",
)
NPS_BASE = 7.0
NPS_KINDNESS = 0.5
NPS_NOISE = 1.8


def division_names(count: int) -> tuple[str, ...]:
    """``count`` division names: real department names up to 12, then ``Unit 01`` …"""
    if count <= len(NAMES):
        return NAMES[:count]
    return tuple(f"Unit {k:02d}" for k in range(1, count + 1))


def few_leaders(names: tuple[str, ...]) -> dict[str, float]:
    """The default leader shares: 40 %, but every third division only 10 % leaders."""
    return {name: 0.1 if k % 3 == 2 else 0.4 for k, name in enumerate(names)}


@dataclass(frozen=True)
class Plan:
    """One organisation: its divisions, their role mix, and what is planted (in points).

    ``levels`` ``{division: X}``: that division X on every statement. ``statements``
    ``{item: X}``: that statement X for everyone. ``splits`` ``{item: {division: X}}``: that
    statement X in those divisions only (a language gap). ``pillars`` ``{division: {pillar:
    X}}``: every statement of that pillar X in that division. ``role_gap``: leaders X above the
    front line on every statement; ``role_statements`` ``{item: X}``: X more on that statement.
    ``nps_slope``: ``None`` for no recommend question, 0 for one unrelated to the divisions.
    """

    sizes: Mapping[str, int]
    leader_share: Mapping[str, float]
    mu: float = 0.15
    kindness_sd: float = 0.5
    noise_sd: float = 0.5
    missing: float = 0.02
    levels: Mapping[str, float] = field(default_factory=dict)
    statements: Mapping[str, float] = field(default_factory=dict)
    splits: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    pillars: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    role_gap: float = 0.0
    role_statements: Mapping[str, float] = field(default_factory=dict)
    nps_slope: float | None = None

    def __post_init__(self) -> None:
        divisions = set(self.sizes)
        named = set(self.levels) | set(self.pillars) | set(self.leader_share)
        for by_division in self.splits.values():
            named |= set(by_division)
        if named - divisions:
            raise ValueError(f"no such divisions: {sorted(named - divisions)}")
        items = set(self.statements) | set(self.splits) | set(self.role_statements)
        if items - set(ITEMS):
            raise ValueError(f"no such statements: {sorted(items - set(ITEMS))}")
        pillars = {p for by_pillar in self.pillars.values() for p in by_pillar}
        if pillars - set(PILLARS):
            raise ValueError(f"no such pillars: {sorted(pillars - set(PILLARS))}")
        if set(self.sizes) - set(self.leader_share):
            raise ValueError("every division needs a leader share")

    @property
    def divisions(self) -> tuple[str, ...]:
        return tuple(self.sizes)

    @functools.cached_property
    def role_counts(self) -> np.ndarray:
        """Respondents per division (rows) and role (executive, manager, frontline)."""
        rows = []
        for name in self.divisions:
            size = int(self.sizes[name])
            leaders = int(np.floor(self.leader_share[name] * size + 0.5))
            executives = leaders // 4
            rows.append((executives, leaders - executives, size - leaders))
        return np.array(rows, dtype=float)

    def shift(self) -> np.ndarray:
        """The planted shift of every (division, role, statement) cell, in points."""
        names, items = self.divisions, ITEMS
        shift = np.zeros((len(names), len(ROLES), len(items)))
        for d, name in enumerate(names):
            shift[d] += self.levels.get(name, 0.0)
            for pillar, value in self.pillars.get(name, {}).items():
                for item in PILLARS[pillar]:
                    shift[d, :, items.index(item)] += value
        for item, value in self.statements.items():
            shift[:, :, items.index(item)] += value
        for item, by_division in self.splits.items():
            for name, value in by_division.items():
                shift[names.index(name), :, items.index(item)] += value
        lift = np.array([0.5, 0.5, -0.5])
        shift += self.role_gap * lift[None, :, None]
        for item, value in self.role_statements.items():
            shift[:, :, items.index(item)] += value * lift[None, :]
        return shift

    def latent_means(self) -> np.ndarray:
        """The mean latent answer of every (division, role, statement) cell."""
        ease = np.array([EASE[item] for item in ITEMS])
        return self.mu + ease[None, None, :] + self.shift() / POINTS_PER_UNIT

    def nps_means(self) -> np.ndarray:
        """The mean latent 0–10 recommend answer of each division."""
        level = np.array([self.levels.get(name, 0.0) for name in self.divisions])
        return NPS_BASE + (self.nps_slope or 0.0) * level / POINTS_PER_UNIT


def plan(
    sizes: Mapping[str, int] | int,
    divisions: int = 6,
    *,
    leader_share: Mapping[str, float] | None = None,
    **plants,
) -> Plan:
    """A :class:`Plan`; ``sizes`` an int gives every one of ``divisions`` divisions that size."""
    if isinstance(sizes, int):
        sizes = dict.fromkeys(division_names(divisions), sizes)
    names = tuple(sizes)
    shares = few_leaders(names) | dict(leader_share or {})
    return Plan(sizes=dict(sizes), leader_share=shares, **plants)


# --------------------------------------------------------------------------- the data


def make_frame(org: Plan, seed: int) -> pd.DataFrame:
    """A survey export, every cell a string: Division, Role, S01…T03, [the recommend question]."""
    rng = np.random.default_rng(seed)
    counts = org.role_counts.astype(int)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    division, role = np.divmod(cell, len(ROLES))
    n = len(cell)
    kindness = rng.normal(0.0, org.kindness_sd, n)
    means = org.latent_means()[division, role]
    latent = means + kindness[:, None] + rng.normal(0.0, org.noise_sd, (n, len(ITEMS)))
    positions = (latent[:, :, None] > CUTS[None, None, :]).sum(axis=2)
    answers = np.array(LABELS, dtype=object)[positions]
    answers[rng.random(answers.shape) < org.missing] = ""
    frame = pd.DataFrame(answers, columns=list(ITEMS))
    frame.insert(0, "Role", np.array(ROLES, dtype=object)[role])
    frame.insert(0, "Division", np.array(org.divisions, dtype=object)[division])
    if org.nps_slope is not None:
        nps = org.nps_means()[division] + NPS_KINDNESS * kindness + rng.normal(0, NPS_NOISE, n)
        frame[NPS_HEADER] = np.clip(np.rint(nps), 0, 10).astype(int).astype(str)
    return frame.iloc[rng.permutation(n)].reset_index(drop=True).astype(str)


# --------------------------------------------------------------------------- the truth


@dataclass(frozen=True)
class Truth:
    """The population figures of a :class:`Plan`, exact (tables are division × statement)."""

    plan: Plan
    expected: np.ndarray  # (division, role, statement) expected item score
    second: np.ndarray  # (division, role, statement) expected squared item score

    @functools.cached_property
    def division_statements(self) -> pd.DataFrame:
        weights = self.plan.role_counts
        table = (weights[:, :, None] * self.expected).sum(axis=1) / weights.sum(axis=1)[:, None]
        return pd.DataFrame(table, index=list(self.plan.divisions), columns=list(ITEMS))

    @functools.cached_property
    def division_variance(self) -> pd.DataFrame:
        """Within-division variance of the item scores on each statement (roles mixed)."""
        weights = self.plan.role_counts
        second = (weights[:, :, None] * self.second).sum(axis=1) / weights.sum(axis=1)[:, None]
        return pd.DataFrame(
            second - self.division_statements.to_numpy() ** 2,
            index=list(self.plan.divisions),
            columns=list(ITEMS),
        )

    @functools.cached_property
    def organisation_statements(self) -> pd.Series:
        return self._group(range(len(ROLES)))

    @functools.cached_property
    def leaders_statements(self) -> pd.Series:
        return self._group([ROLES.index(r) for r in LEADERS])

    @functools.cached_property
    def front_line_statements(self) -> pd.Series:
        return self._group([ROLES.index(r) for r in FRONT_LINE])

    @property
    def division_scores(self) -> pd.Series:
        return self.division_statements.mean(axis=1)

    @property
    def organisation_score(self) -> float:
        return float(self.organisation_statements.mean())

    @property
    def leaders_score(self) -> float:
        return float(self.leaders_statements.mean())

    @property
    def front_line_score(self) -> float:
        return float(self.front_line_statements.mean())

    def division_pillars(self) -> pd.DataFrame:
        return self.division_statements.T.groupby(PILLAR_OF).mean().T

    def organisation_pillars(self) -> pd.Series:
        return self.organisation_statements.groupby(PILLAR_OF).mean()

    # ------------------------------------------------------------------ true effects

    def statement_effect(self, item: str) -> float:
        """Weak / strong statement: its score minus the median statement score."""
        scores = self.organisation_statements
        return float(scores[item] - scores.median())

    def division_effect(self, division: str) -> float:
        """Division below / above: its score minus the organisation's."""
        return float(self.division_scores[division] - self.organisation_score)

    def pillar_effects(self, division: str, pillar: str) -> tuple[float, float]:
        """Division pillar: (pillar gap − overall gap) with all its statements, and the same
        without the statement that pushes it furthest in the direction of the first."""
        gap = self.division_statements.loc[division] - self.organisation_statements
        overall = float(gap.mean())
        on_pillar = gap[list(PILLARS[pillar])] - overall
        effect = float(on_pillar.mean())
        drop = on_pillar.idxmax() if effect >= 0 else on_pillar.idxmin()
        return effect, float(on_pillar.drop(drop).mean())

    def role_effect(self, item: str | None = None) -> float:
        """Role gap: leaders − front line overall, or on ``item`` minus the median such gap."""
        gaps = self.leaders_statements - self.front_line_statements
        if item is None:
            return self.leaders_score - self.front_line_score
        return float(gaps[item] - gaps.median())

    @functools.cached_property
    def division_levels(self) -> pd.Series:
        """Each division's overall level as the spec defines it: the median, over statements,
        of its score minus the mean of the divisions' scores on that statement."""
        table = self.division_statements
        return (table - table.mean(axis=0)).median(axis=1)

    @functools.cached_property
    def beyond_levels(self) -> pd.DataFrame:
        """Division statement scores minus the division's overall level."""
        return self.division_statements.sub(self.division_levels, axis=0)

    @functools.cached_property
    def icc_beyond_levels(self) -> pd.Series:
        """The ICC(1) of the answers minus their division's level, from expected mean squares.

        With the true cell means the between-division mean square is MSW + B, where
        B = Σ nᵢ (meanᵢ − grand mean)² / (G − 1); so ICC(1) = B / (B + k₀ × MSW), the figure
        the spec's ANOVA estimates (docs/methodology.md, "Common language").
        """
        n = self.plan.role_counts.sum(axis=1)
        total, groups = n.sum(), len(n)
        if groups < 2:
            return pd.Series(np.nan, index=list(ITEMS))
        means = self.beyond_levels.to_numpy()
        grand = (n[:, None] * means).sum(axis=0) / total
        between = (n[:, None] * (means - grand) ** 2).sum(axis=0) / (groups - 1)
        within = (n[:, None] * self.division_variance.to_numpy()).sum(axis=0) / total
        k0 = (total - (n**2).sum() / total) / (groups - 1)
        return pd.Series(between / (between + k0 * within), index=list(ITEMS))

    def beyond_levels_spread(self, item: str, min_size: int = 0) -> float:
        """Highest minus lowest level-adjusted score on ``item`` (divisions of ``min_size`` +)."""
        sizes = pd.Series(self.plan.role_counts.sum(axis=1), index=list(self.plan.divisions))
        column = self.beyond_levels.loc[sizes >= min_size, item]
        return float(column.max() - column.min()) if len(column) else float("nan")

    @functools.cached_property
    def division_nps(self) -> pd.Series | None:
        """Each division's true NPS: % answering 9–10 minus % answering 0–6."""
        if self.plan.nps_slope is None:
            return None
        sd = np.hypot(NPS_KINDNESS * self.plan.kindness_sd, NPS_NOISE)
        means = self.plan.nps_means()
        promoters = 1 - ndtr((8.5 - means) / sd)
        detractors = ndtr((6.5 - means) / sd)
        return pd.Series(100 * (promoters - detractors), index=list(self.plan.divisions))

    def nps_correlation(self, divisions: list[str] | None = None) -> float:
        """Pearson's r of the true division scores and NPS (NaN when either is flat)."""
        nps = self.division_nps
        if nps is None:
            return float("nan")
        names = list(divisions or self.plan.divisions)
        x, y = self.division_scores[names].to_numpy(), nps[names].to_numpy()
        if len(names) < 3 or np.ptp(y) < 1e-9 or np.ptp(x) < 1e-9:
            return float("nan")
        return float(np.corrcoef(x, y)[0, 1])

    # ------------------------------------------------------------------ helpers

    def _group(self, roles) -> pd.Series:
        weights = self.plan.role_counts[:, list(roles)]
        cells = self.expected[:, list(roles)]
        values = (weights[:, :, None] * cells).sum(axis=(0, 1)) / weights.sum()
        return pd.Series(values, index=list(ITEMS))


def label_probabilities(means: np.ndarray, sd: float) -> np.ndarray:
    """P(each of the 5 labels) for normal latent answers (last axis: the labels)."""
    below = ndtr((CUTS - means[..., None]) / sd)
    edges = [np.zeros((*means.shape, 1)), below, np.ones((*means.shape, 1))]
    return np.diff(np.concatenate(edges, axis=-1), axis=-1)


def truth(org: Plan) -> Truth:
    """The exact population figures of ``org``."""
    probabilities = label_probabilities(
        org.latent_means(), float(np.hypot(org.kindness_sd, org.noise_sd))
    )
    return Truth(org, probabilities @ ITEM_POINTS, probabilities @ ITEM_POINTS**2)


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Scenario:
    """A named plant: which family of findings it exercises, and the organisation."""

    family: str
    plan: Plan
    doc: str


def _sizes(names: tuple[str, ...], values) -> dict[str, int]:
    return dict(zip(names, (int(v) for v in values), strict=True))


def _eighty() -> Plan:
    names = division_names(80)
    sizes = _sizes(names, np.random.default_rng(80).integers(20, 201, len(names)))
    big = [name for name in names if sizes[name] >= 100]
    splits = {"S09": {name: 15.0 for name in big[:12]} | {name: -15.0 for name in big[12:24]}}
    levels = {big[24]: -15.0, big[25]: -15.0, big[26]: 15.0}
    return plan(sizes, levels=levels, splits=splits)


SIX = division_names(6)
EIGHT = division_names(8)
UNEQUAL = _sizes(EIGHT, (5, 12, 40, 500, 120, 300, 60, 8))

SCENARIOS: dict[str, Scenario] = {
    "noise": Scenario("noise", plan(150), "nothing planted: no finding but the level"),
    "division_behind": Scenario(
        "division", plan(150, 8, levels={"Operations": -15.0}), "Operations 15 points behind"
    ),
    "division_ahead": Scenario(
        "division", plan(150, 8, levels={"Service": 15.0}), "Service 15 points ahead"
    ),
    "artefact": Scenario(
        "language gap",
        plan(150, splits={"S03": {"Sales": 20.0, "Product": -20.0}}),
        "S03 +20 in Sales and -20 in Product, nothing else: no gap on any other statement",
    ),
    "gap_unequal_sizes": Scenario(
        "language gap",
        plan(UNEQUAL, splits={"S07": {"Operations": 20.0, "Product": -20.0}}),
        "divisions of 5 to 500; S07 +20 in the 500-person division, -20 in a 120-person one",
    ),
    "three_divisions": Scenario(
        "size",
        plan(
            200,
            3,
            leader_share={"Marketing": 0.4},
            levels={"Sales": -20.0},
            splits={"S05": {"Service": 20.0, "Marketing": -20.0}},
        ),
        "3 divisions: Sales 20 behind, S05 split +20/-20 between the other two",
    ),
    "eighty_divisions": Scenario(
        "size",
        _eighty(),
        "80 divisions of 20-200: S09 +15 in 12 and -15 in 12 divisions, two 15 behind, one ahead",
    ),
    "kindness": Scenario(
        "kindness",
        plan(150, 8, kindness_sd=1.0, levels={"Operations": -15.0}, statements={"S02": -15.0}),
        "person SD 1.0 (twice the default): Operations 15 behind, S02 15 weak",
    ),
    "floor": Scenario(
        "floor/ceiling",
        plan(
            120,
            10,
            mu=-1.2,
            levels={"Operations": -20.0, "Logistics": 20.0},
            statements={"S08": -20.0, "T01": 20.0},
        ),
        "MU -1.2 (most answers disagree): Operations 20 down into the floor, Logistics 20 up; "
        "S08 20 down, T01 20 up (nominal points). The floor squeezes S08's drop in Operations: "
        "beyond levels it rates S08 14 points above Logistics (true, not a planted split)",
    ),
    "ceiling": Scenario(
        "floor/ceiling",
        plan(
            120,
            10,
            mu=1.2,
            levels={"Operations": 20.0, "Logistics": -20.0},
            statements={"S08": 20.0, "T01": -20.0},
        ),
        "MU +1.2 (most answers agree): Operations 20 up into the ceiling, Logistics 20 down; "
        "S08 20 up, T01 20 down (nominal points). The ceiling squeezes S08's rise in Operations: "
        "beyond levels it rates S08 13 points below Logistics (true, not a planted split)",
    ),
    "role_overall": Scenario(
        "role", plan(150, role_gap=15.0), "leaders 15 above the front line on every statement"
    ),
    "role_statement": Scenario(
        "role",
        plan(150, role_statements={"S05": 30.0}),
        "leaders 30 above the front line on S05 only",
    ),
    "pillar": Scenario(
        "pillar",
        plan(150, 8, pillars={"Finance": {"technology": -24.0}}),
        "Finance 24 down on the technology pillar (4 statements)",
    ),
    "statements": Scenario(
        "statement",
        plan(150, statements={"S07": -15.0, "T02": 15.0}),
        "S07 15 weak and T02 15 strong for everyone",
    ),
    "nps": Scenario(
        "nps",
        plan(
            100,
            8,
            levels={"Sales": -24.0, "Service": -12.0, "Logistics": 12.0, "Research": 24.0},
            nps_slope=3.0,
        ),
        "division levels -24, -12, +12, +24 driving the recommend question",
    ),
    "many": Scenario(
        "many",
        plan(
            150,
            8,
            missing=0.10,
            levels={"Finance": -15.0, "Marketing": 15.0},
            statements={"S07": -15.0},
            splits={"S03": {"Sales": 20.0, "Product": -20.0}},
            pillars={"Logistics": {"people": 24.0}},
            role_gap=12.0,
            role_statements={"S10": 24.0},
            nps_slope=3.0,
        ),
        "all at once, 10 % of answers blank: two divisions, a weak statement, a language gap, "
        "a pillar, leaders +12 and +24 more on S10, NPS",
    ),
}
