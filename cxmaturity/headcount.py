"""Response rates: how many of each division's people answered, from a headcount file.

A headcount file is a CSV with the columns ``division,headcount``. A low response rate means a
division's scores speak for fewer of its people: the dashboard flags it.
"""

from __future__ import annotations

import io

import pandas as pd

from cxmaturity.errors import CxMaturityError
from cxmaturity.results import Results
from cxmaturity.text import clean, compact

LOW_RESPONSE_RATE = 30.0  # percent


def parse_headcount(text: str, name: str = "headcount.csv") -> pd.Series:
    """Headcount by division from CSV text; every problem is reported at once."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise CxMaturityError(f"{name}: cannot read the headcount file ({exc})") from None
    columns = {compact(c): c for c in frame.columns}
    if "division" not in columns or "headcount" not in columns:
        raise CxMaturityError(
            f"{name}: the headcount file needs the columns 'division' and 'headcount'"
        )
    divisions = frame[columns["division"]].map(clean)
    counts = pd.to_numeric(frame[columns["headcount"]].str.strip(), errors="coerce")
    problems = [
        f"line {line + 2}: {raw!r} is not a whole number of people"
        for line, (raw, number) in enumerate(zip(frame[columns["headcount"]], counts, strict=True))
        if not (number == number and number >= 1 and float(number).is_integer())
    ]
    repeated = sorted(set(divisions[divisions.duplicated()]))
    if repeated:
        problems.append(f"divisions listed twice: {', '.join(repeated)}")
    if problems:
        raise CxMaturityError(f"{name}: " + "; ".join(problems))
    return pd.Series(counts.astype(int).to_numpy(), index=divisions.to_numpy(), name="headcount")


def response_rates(results: Results, headcount: pd.Series) -> pd.DataFrame:
    """Per division shown: respondents, headcount, response rate (%) and whether it is low.

    Headcount names are matched to division names the way division names are matched to each
    other: case, spacing, punctuation and underscores aside ("customer_service" is "Customer
    Service"). ``unmatched_headcount`` says which names matched nothing.
    """
    by_key = {compact(name): int(count) for name, count in headcount.items()}
    rows = []
    for name, division in results.divisions.items():
        count = by_key.get(compact(name))
        rows.append({"division": name, "respondents": division.n, "headcount": count})
    table = pd.DataFrame(rows, columns=["division", "respondents", "headcount"])
    table = table.set_index("division").astype({"headcount": "Float64"})
    table["response_rate"] = 100 * table["respondents"] / table["headcount"]
    table["low"] = (table["response_rate"] < LOW_RESPONSE_RATE).fillna(False).astype(bool)
    return table


def unmatched_headcount(results: Results, headcount: pd.Series) -> list[str]:
    """Headcount names that match no division shown (a typo, or a division not shown)."""
    shown = {compact(name) for name in results.divisions}
    return [name for name in headcount.index if compact(name) not in shown]
