"""A realistic synthetic survey export, for demos, tests and benchmarks.

Divisions genuinely differ in maturity, a few statements split divisions far more than
others (the missing common language), leaders answer more kindly than the front line, NPS
follows maturity, some answers are missing, and one division is below the minimum group size.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cxmaturity.errors import CxMaturityError
from cxmaturity.framework import Framework, load_framework

DIVISION_NAMES = (
    "Sales",
    "Customer Service",
    "Marketing",
    "Operations",
    "Product",
    "Finance",
    "IT",
    "Human Resources",
    "Logistics",
    "Procurement",
    "Research",
    "Legal",
)
ROLES = ("executive", "manager", "frontline")
ROLE_SHARE = (0.08, 0.22, 0.70)
ROLE_LIFT = (0.7, 0.25, -0.15)
REGIONS = ("North America", "Europe", "Asia Pacific", "Latin America")
REGION_SHARE = (0.4, 0.3, 0.2, 0.1)
NPS_QUESTION = "How likely are you to recommend our company to a friend or colleague?"
SMALL_DIVISION_SIZE = 3
DIVIDING_ITEMS = ("S03", "S04", "S05", "S10")
HARD_ITEMS = {"S07": -0.6, "S10": -0.5, "S11": -0.8, "T01": -0.4}
EASY_ITEMS = {"S06": 0.6, "S09": 0.4, "S01": 0.2}
SCALES = {
    "agree5": (
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ),
    "agree7": (
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ),
    "yesno": ("No", "Yes"),
}


def sample_survey(
    respondents: int = 1000,
    divisions: int = 8,
    seed: int = 0,
    *,
    scale: str = "agree5",
    framework: Framework | None = None,
) -> pd.DataFrame:
    """A survey export of ``respondents`` rows in ``divisions`` divisions, reproducible by seed."""
    _check(respondents, divisions, scale)
    framework = framework or load_framework()
    rng = np.random.default_rng(seed)
    return _export(rng, respondents, divisions, f"{seed:03d}", SCALES[scale], framework)


# Three rounds of one organisation, half a year apart: what the Trends page shows as an example.
ROUNDS = (("Mid-2025", dt.date(2025, 6, 30)), ("End 2025", dt.date(2025, 12, 31)))
ROUNDS += (("Mid-2026", dt.date(2026, 6, 30)),)
RISING, FALLING, RISING_ITEM = "Customer Service", "Finance", "S04"
ROUND_SHIFT = 0.3  # latent units a round (about 7 points near the middle of the scale)


def sample_rounds(
    respondents: int = 1000, divisions: int = 8, seed: int = 7
) -> list[tuple[str, dt.date, pd.DataFrame]]:
    """The same organisation surveyed in three rounds (``ROUNDS``): new respondents each time,
    the same divisions and common-language gaps; between rounds Customer Service rises, Finance
    falls, "Clear metrics exist…" (S04) rises everywhere and everything else stays put."""
    _check(respondents, divisions, "agree5")
    framework = load_framework()
    items = framework.item_ids
    rng = np.random.default_rng([seed, 0])
    structure = _structure(items, divisions, rng)
    shares = _sizes(respondents, divisions, rng) / respondents  # the same divisions each round
    names = _names(divisions)
    rounds = []
    for k, (name, when) in enumerate(ROUNDS):
        shift = np.zeros((divisions, len(items)))
        for division, sign in ((RISING, 1), (FALLING, -1)):
            if division in names:
                shift[names.index(division)] += sign * ROUND_SHIFT * k
        shift[:, items.index(RISING_ITEM)] += ROUND_SHIFT * k
        frame = _export(
            np.random.default_rng([seed, k + 1]),
            respondents,
            divisions,
            f"{seed:03d}{k}",
            SCALES["agree5"],
            framework,
            structure=(structure[0], structure[1] + shift),
            shares=shares,
        )
        rounds.append((name, when, frame))
    return rounds


def _check(respondents: int, divisions: int, scale: str) -> None:
    if respondents < 1 or divisions < 1:
        raise CxMaturityError("the sample needs at least 1 respondent and 1 division")
    if scale not in SCALES:
        raise CxMaturityError(f"unknown sample scale {scale!r}; use one of {', '.join(SCALES)}")


def _names(divisions: int) -> list[str]:
    return [
        DIVISION_NAMES[i] if i < len(DIVISION_NAMES) else f"Division {i + 1}"
        for i in range(divisions)
    ]


def _export(
    rng: np.random.Generator,
    respondents: int,
    divisions: int,
    ids: str,
    labels: tuple[str, ...],
    framework: Framework,
    structure: tuple[np.ndarray, np.ndarray] | None = None,
    shares: np.ndarray | None = None,
) -> pd.DataFrame:
    names = _names(divisions)
    sizes = (
        _sizes(respondents, divisions, rng)
        if shares is None
        else rng.multinomial(respondents, shares)
    )
    division = rng.permutation(np.repeat(np.arange(divisions), sizes))
    role = rng.choice(len(ROLES), size=respondents, p=ROLE_SHARE)
    region = rng.choice(REGIONS, size=respondents, p=REGION_SHARE)
    latent = _latent(framework.item_ids, division, role, divisions, rng, structure)
    answers = _to_labels(latent, labels)
    answers[rng.random(answers.shape) < 0.04] = ""
    answers[rng.random(answers.shape) < 0.01] = "Don't know"
    quit_early = rng.random(respondents) < 0.006
    answers[quit_early] = ""
    maturity = latent.mean(axis=1)
    nps = np.clip(np.rint(7.2 + 1.5 * maturity + rng.normal(0, 1.7, respondents)), 0, 10)
    nps_text = np.where(rng.random(respondents) < 0.05, "", nps.astype(int).astype(str))
    division_text = np.array(names, dtype=object)[division]
    division_text[rng.random(respondents) < 0.003] = ""
    frame = pd.DataFrame(
        {
            "Response ID": [f"R_{ids}{i:06d}" for i in range(respondents)],
            "Division": division_text,
            "Role": np.array(ROLES)[role],
            "Region": region,
        }
    )
    items = pd.DataFrame(answers, columns=[framework.item(i).text for i in framework.item_ids])
    return pd.concat([frame, items, pd.Series(nps_text, name=NPS_QUESTION)], axis=1)


def _sizes(respondents: int, divisions: int, rng: np.random.Generator) -> np.ndarray:
    """Uneven division sizes, the last one deliberately below the minimum group size."""
    if divisions == 1:
        return np.array([respondents])
    small = min(SMALL_DIVISION_SIZE, max(respondents - (divisions - 1), 0))
    weights = rng.dirichlet(np.full(divisions - 1, 4.0))
    rest = rng.multinomial(respondents - small, weights)
    return np.append(rest, small)


def _structure(
    items: tuple[str, ...], divisions: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """What makes one organisation itself: each division's level, and its statement-by-statement
    departures (large on the dividing statements: the missing common language)."""
    level = rng.permutation(np.linspace(-0.7, 0.7, divisions)) + rng.normal(0, 0.1, divisions)
    spread = np.array([0.7 if i in DIVIDING_ITEMS else 0.15 for i in items])
    interaction = rng.normal(0, 1, (divisions, len(items))) * spread
    return level, interaction


def _latent(
    items: tuple[str, ...],
    division: np.ndarray,
    role: np.ndarray,
    divisions: int,
    rng: np.random.Generator,
    structure: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Latent agreement: division + statement + division×statement + role + person + noise."""
    level, interaction = structure or _structure(items, divisions, rng)
    ease = np.array([HARD_ITEMS.get(i, EASY_ITEMS.get(i, 0.0)) for i in items])
    person = rng.normal(0, 0.7, len(division))
    noise = rng.normal(0, 0.9, (len(division), len(items)))
    lift = np.asarray(ROLE_LIFT)[role]
    return (
        level[division][:, None]
        + ease
        + interaction[division]
        + lift[:, None]
        + person[:, None]
        + noise
    )


def _to_labels(latent: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    cuts = np.linspace(-1.6, 1.6, len(labels) + 1)[1:-1] if len(labels) > 2 else np.array([0.0])
    return np.array(labels, dtype=object)[np.digitize(latent, cuts)]
