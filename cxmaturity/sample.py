"""A realistic synthetic survey export, for demos, tests and benchmarks.

Divisions genuinely differ in maturity, a few statements split divisions far more than
others (the missing common language), leaders answer more kindly than the front line, NPS
follows maturity, some answers are missing, and one division is below the minimum group size.
"""

from __future__ import annotations

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
    if respondents < 1 or divisions < 1:
        raise CxMaturityError("the sample needs at least 1 respondent and 1 division")
    if scale not in SCALES:
        raise CxMaturityError(f"unknown sample scale {scale!r}; use one of {', '.join(SCALES)}")
    framework = framework or load_framework()
    rng = np.random.default_rng(seed)
    names = [
        DIVISION_NAMES[i] if i < len(DIVISION_NAMES) else f"Division {i + 1}"
        for i in range(divisions)
    ]
    division = rng.permutation(np.repeat(np.arange(divisions), _sizes(respondents, divisions, rng)))
    role = rng.choice(len(ROLES), size=respondents, p=ROLE_SHARE)
    region = rng.choice(REGIONS, size=respondents, p=REGION_SHARE)
    latent = _latent(framework.item_ids, division, role, divisions, rng)
    labels = SCALES[scale]
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
            "Response ID": [f"R_{seed:03d}{i:06d}" for i in range(respondents)],
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


def _latent(
    items: tuple[str, ...],
    division: np.ndarray,
    role: np.ndarray,
    divisions: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Latent agreement: division + statement + division×statement + role + person + noise."""
    level = rng.permutation(np.linspace(-0.7, 0.7, divisions)) + rng.normal(0, 0.1, divisions)
    ease = np.array([HARD_ITEMS.get(i, EASY_ITEMS.get(i, 0.0)) for i in items])
    spread = np.array([0.7 if i in DIVIDING_ITEMS else 0.15 for i in items])
    interaction = rng.normal(0, 1, (divisions, len(items))) * spread
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
