"""Synthetic organisations with planted signals, for the acceptance tests of ``findings``.

A latent model, one row a respondent and one column a statement::

    latent = MU + trait + difficulty[item] + planted shifts + noise
    answer = the 5-point label whose band (cut points -1.5, -0.5, 0.5, 1.5) holds ``latent``

``trait`` ~ N(0, 0.5) is how kindly a person answers everything; ``noise`` ~ N(0, 0.5) the
person's item-to-item wobble. Item difficulties are tiny (within ±0.06 latent units, under
2 points), so without a plant no statement stands out by anything near 5 points.

One latent unit moves a statement score by 25 points on the 0–100 scale: measured with
:func:`points_per_unit`, 24.9–25.0 for shifts of ±0.4 to ±1 units around ``MU``; stacking two
20-point plants in the same direction bends this by at most 1.5 points downwards (and
3 points upwards, so the tests never stack two upward plants on one item). Every plant is
therefore given in *points* and divided by :data:`POINTS_PER_UNIT`.

Realism: the person-to-person SD of a respondent's mean score is about 13 points, the
item-to-item SD within a person about 14 (Cronbach's alpha about 0.9), 2 % of answers are
blank, and every division is 10 % executive, 30 % manager and 60 % frontline.

Plants (keys of ``plant``; shifts in points, positive = a higher score):

``organisation`` ``X``: everyone X on every item (moves the level, nothing else).
``division``     ``{name: X}``: that division X on every item.
``statement``    ``{item: X}``: that item X for everyone.
``interaction``  ``{item: {division: X, ...}}``: that item X in those divisions only.
``pillar``       ``{division: {pillar: X}}``: every item of that pillar X in that division.
``role``         ``X``: the front line X on every item (X < 0: the front line lower); or
                 ``{item: X}``: the front line X against the leaders on that item only, planted
                 centred (front line +0.4·X, leaders -0.6·X) so the item's mean does not move;
                 ``{"all": X, item: Y}`` plants both.
``nps``          ``True``: add the 0–10 recommend question, driven by each division's planted
                 shift (and weakly by the person's trait). Divisions must differ for a link, so
                 without a ``division`` plant this also plants :func:`nps_ladder`
                 (-20, -10, +10, +20 on four divisions). ``"random"``: the question, unrelated.
``wave``         ``X``: waves ``2025-Q1`` and ``2025-Q2`` (half of each division in each), the
                 later X higher on every item; or ``{item: X}``: the later wave X higher on that
                 item, planted centred (-X/2, +X/2) so the item's mean does not move.
``wave_levels``  ``{label: X}``: one wave per label, an equal share of each division, that
                 wave X on every item (e.g. three waves, or labels out of order).
``waves``        ``True``: the two-wave column, with no change between the waves.

``sizes`` overrides ``per_division`` for named divisions. Always added: a division
:data:`TINY` and :data:`TINY_TWIN` of 3 people each (under the minimum group size of 5; together
6, so neither can be worked out from the other) who answer far below everyone
(almost only "Strongly disagree") and give NPS 10, so that naming it is easy to provoke and
easy to see.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
ITEMS = (*(f"S{i:02d}" for i in range(1, 12)), "T01", "T02", "T03")
BLISS = ITEMS[:11]
PILLARS = {
    "people": ("S01", "S06", "S09", "S11"),
    "process": ("S02", "S03", "S05", "S07", "S08", "S10"),
    "technology": ("S04", "T01", "T02", "T03"),
}
NAMES = (
    "Sales",
    "Service",
    "Marketing",
    "Operations",
    "Product",
    "Finance",
    "Logistics",
    "Research",
)
TINY = "Legal"
TINY_SIZE = 3
# A second small division, so the two hide each other (6 people together) and complementary
# suppression never has to hide a full-size division.
TINY_TWIN = "Audit"
ROLES = (("executive", 0.1), ("manager", 0.3), ("frontline", 0.6))
LEADER_SHARE = 0.4
WAVES = ("2025-Q1", "2025-Q2")
NPS_HEADER = "How likely are you to recommend us?"
CUTS = np.array([-1.5, -0.5, 0.5, 1.5])
MU = 0.15
TRAIT_SD = 0.5
NOISE_SD = 0.5
MISSING_SHARE = 0.02
POINTS_PER_UNIT = 25.0
TINY_SHIFT = -2.5  # latent units
_SPREAD = (3, 9, 0, 12, 6, 1, 13, 4, 10, 7, 2, 11, 5, 8)
DIFFICULTY = {item: -0.06 + 0.12 * k / 13 for item, k in zip(ITEMS, _SPREAD, strict=True)}
PLANTS = frozenset(
    {
        "organisation",
        "division",
        "statement",
        "interaction",
        "pillar",
        "role",
        "nps",
        "wave",
        "wave_levels",
        "waves",
    }
)


def division_names(divisions: int) -> tuple[str, ...]:
    """The reportable divisions of an organisation with ``divisions`` of them (TINY aside)."""
    if not 1 <= divisions <= len(NAMES):
        raise ValueError(f"1 to {len(NAMES)} divisions, not {divisions}")
    return NAMES[:divisions]


def nps_ladder(divisions: int) -> dict[str, float]:
    """The division shifts the ``nps`` plant adds when none are planted."""
    if divisions < 4:
        raise ValueError("the NPS ladder needs at least 4 divisions")
    names = division_names(divisions)
    return {names[0]: -20.0, names[1]: -10.0, names[-2]: 10.0, names[-1]: 20.0}


def make_org(
    seed: int,
    *,
    divisions: int = 6,
    per_division: int = 80,
    plant: Mapping | None = None,
    sizes: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """A survey export, every cell a string: Division, Role, [Wave], S01…T03, [NPS]."""
    plant = dict(plant or {})
    unknown = set(plant) - PLANTS
    if unknown:
        raise ValueError(f"unknown plants {sorted(unknown)}; use {sorted(PLANTS)}")
    rng = np.random.default_rng(seed)
    names = division_names(divisions)
    shift = dict.fromkeys(names, 0.0)
    shift.update(_floats(plant.get("division", {})))
    if plant.get("nps") is True and "division" not in plant:
        shift.update(nps_ladder(divisions))
    tiny = {TINY: TINY_SIZE, TINY_TWIN: TINY_SIZE}
    sizes = {name: per_division for name in names} | dict(sizes or {}) | tiny
    wanted = set(shift) | set(sizes) | _named_divisions(plant)
    if wanted - {*names, *tiny}:
        raise ValueError(f"no such divisions {sorted(wanted - {*names, *tiny})}")

    wave_plant = plant.get("wave")
    if "wave_levels" in plant:
        wave_shift = _floats(plant["wave_levels"])
    else:
        wave_shift = dict.fromkeys(WAVES, 0.0)
        if wave_plant is not None and not isinstance(wave_plant, Mapping):
            wave_shift[WAVES[1]] = float(wave_plant)
    wave_share = [(label, 1 / len(wave_shift)) for label in wave_shift]

    groups = [*names, TINY, TINY_TWIN]
    division = np.concatenate([np.full(sizes[d], d, dtype=object) for d in groups])
    role = np.concatenate([_split(sizes[d], ROLES, rng) for d in groups])
    wave = np.concatenate([_split(sizes[d], wave_share, rng) for d in groups])
    n = len(division)
    frontline = role == "frontline"
    later = wave == WAVES[1]
    where = {d: division == d for d in groups}
    trait = rng.normal(0.0, TRAIT_SD, n)
    drive = np.array([shift.get(d, 0.0) for d in division])
    person = MU + trait + (drive + float(plant.get("organisation", 0.0))) / POINTS_PER_UNIT
    person += np.array([wave_shift[w] for w in wave]) / POINTS_PER_UNIT
    small = where[TINY] | where[TINY_TWIN]
    person = np.where(small, MU + TINY_SHIFT, person)

    column = {item: j for j, item in enumerate(ITEMS)}
    points = np.zeros((n, len(ITEMS)))  # item-specific plants, in points
    for item, value in _floats(plant.get("statement", {})).items():
        points[:, column[item]] += value
    for item, by_division in plant.get("interaction", {}).items():
        for name, value in _floats(by_division).items():
            points[where[name], column[item]] += value
    for name, by_pillar in plant.get("pillar", {}).items():
        for pillar, value in _floats(by_pillar).items():
            for item in PILLARS[pillar]:
                points[where[name], column[item]] += value
    role_plant = plant.get("role")
    if isinstance(role_plant, Mapping):
        role_plant = _floats(role_plant)
        points[frontline, :] += role_plant.pop("all", 0.0)
        for item, gap in role_plant.items():
            points[:, column[item]] += np.where(
                frontline, gap * LEADER_SHARE, -gap * (1 - LEADER_SHARE)
            )
    elif role_plant is not None:
        points[frontline, :] += float(role_plant)
    if isinstance(wave_plant, Mapping):
        for item, change in _floats(wave_plant).items():
            points[:, column[item]] += np.where(later, change / 2, -change / 2)
    points[small, :] = 0.0

    difficulty = np.array([DIFFICULTY[item] for item in ITEMS])
    latent = person[:, None] + difficulty[None, :] + points / POINTS_PER_UNIT
    latent += rng.normal(0.0, NOISE_SD, latent.shape)
    positions = (latent[:, :, None] > CUTS[None, None, :]).sum(axis=2)
    answers = np.array(LABELS, dtype=object)[positions]
    answers[rng.random(answers.shape) < MISSING_SHARE] = ""

    frame = pd.DataFrame({"Division": division, "Role": role})
    if wave_plant is not None or "wave_levels" in plant or plant.get("waves"):
        frame["Wave"] = wave
    for item in ITEMS:
        frame[item] = answers[:, column[item]]
    nps_plant = plant.get("nps")
    if nps_plant:
        if nps_plant == "random":
            nps = rng.normal(7.0, 2.2, n)
        else:
            nps = 7.0 + 2.5 * drive / POINTS_PER_UNIT + 0.5 * trait + rng.normal(0.0, 1.8, n)
        nps = np.where(small, 10.0, nps)
        frame[NPS_HEADER] = np.clip(np.rint(nps), 0, 10).astype(int).astype(str)
    return frame.iloc[rng.permutation(n)].reset_index(drop=True).astype(str)


def points_per_unit(shift: float = 0.8, respondents: int = 200_000, seed: int = 0) -> float:
    """Measured: how far a statement score (0–100) moves per latent unit of planted shift."""
    rng = np.random.default_rng(seed)
    base = MU + rng.normal(0.0, TRAIT_SD, respondents) + rng.normal(0.0, NOISE_SD, respondents)
    low, high = (
        25.0 * (latent[:, None] > CUTS[None, :]).sum(axis=1).mean()
        for latent in (base - shift / 2, base + shift / 2)
    )
    return (high - low) / shift


def _named_divisions(plant: Mapping) -> set[str]:
    named = set(plant.get("pillar", {}))
    for by_division in plant.get("interaction", {}).values():
        named |= set(by_division)
    return named


def _split(n: int, shares, rng: np.random.Generator) -> np.ndarray:
    """``n`` labels in the given shares (largest remainder), in random order."""
    labels = [label for label, _ in shares]
    exact = np.array([share for _, share in shares], dtype=float) * n
    counts = np.floor(exact).astype(int)
    for k in np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]:
        counts[k] += 1
    return rng.permutation(np.repeat(np.array(labels, dtype=object), counts))


def _floats(shifts: Mapping) -> dict:
    return {key: float(value) for key, value in shifts.items()}
