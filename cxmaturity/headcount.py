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
    """Per division: respondents, headcount, response rate (%) and whether it is low."""
    respondents = pd.Series(
        {name: d.n for name, d in results.divisions.items()}, name="respondents"
    )
    table = pd.concat([respondents, headcount.reindex(respondents.index)], axis=1)
    table["response_rate"] = 100 * table["respondents"] / table["headcount"]
    table["low"] = table["response_rate"] < LOW_RESPONSE_RATE
    return table.rename_axis("division")
