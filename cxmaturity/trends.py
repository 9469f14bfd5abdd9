"""Survey waves side by side: each wave's scores, and what changed since the previous wave.

Every wave is scored on its own, under its own privacy rules (:func:`cxmaturity.scoring.score`):
a division too small in a wave shows nothing for that wave, and no change is computed from it.
Nothing pooled across waves is ever shown, so no wave's hidden figures can be worked out from
another's. A change is the difference of two shown figures, on the statements asked the same way
in both waves (same id, same wording); its interval and test come from the spread of the
respondents' average scores in the two waves (Welch), corrected with Benjamini–Hochberg over
every change of its kind between the two waves. The rules are written up in
``docs/methodology.md``, "Trends across waves".
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxmaturity import stats
from cxmaturity.findings import Finding, person_means, points_text, severity
from cxmaturity.results import ORGANISATION, GroupScores, Results
from cxmaturity.scoring import DEFAULT_MIN_GROUP_SIZE, score
from cxmaturity.survey import Survey

OVERALL = "overall"
ADDED, DROPPED, REWORDED = "added", "dropped", "wording changed"
SERIES_COLUMNS = ("wave", "when", "group", "measure", "score", "ci_low", "ci_high", "n")
CHANGE_COLUMNS = (
    "before_wave",
    "wave",
    "group",
    "measure",
    "kind",
    "before",
    "after",
    "change",
    "exact_change",
    "se",
    "df",
    "ci_low",
    "ci_high",
    "p",
    "p_adjusted",
    "clear",
    "n_before",
    "n_after",
    "statements",
    "all_statements",
)


@dataclass(frozen=True)
class SavedWave:
    """One wave as trends need it: its name, when it was, its survey and how each statement
    was worded (:meth:`cxmaturity.store.Store.wordings`)."""

    name: str
    when: dt.date
    survey: Survey
    wordings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Trends:
    """Scores of every wave and the changes between consecutive waves.

    ``series``: one row per wave, group (the organisation or a division shown in that wave) and
    measure (``overall``, a pillar id or a statement id) with its score, 95 % interval and n.
    ``changes``: one row per consecutive pair of waves, group shown in both, and measure, with
    the printed change (difference of the two rounded scores), its interval, the test and
    whether the change is clear (the findings' guard). ``breaks``: statements added, dropped or
    reworded between two waves — their lines are not joined across the break.
    """

    waves: tuple[str, ...]
    dates: tuple[dt.date, ...]
    results: Mapping[str, Results]
    series: pd.DataFrame
    changes: pd.DataFrame
    breaks: pd.DataFrame
    min_group_size: int

    def previous(self, wave: str) -> str | None:
        k = self.waves.index(wave)
        return self.waves[k - 1] if k > 0 else None

    def change_table(self, wave: str | None = None, measure: str = OVERALL) -> pd.DataFrame:
        """The changes into ``wave`` (default the latest) on one measure, organisation first
        and then by change, largest fall first."""
        wave = wave or self.waves[-1]
        rows = self.changes[(self.changes["wave"] == wave) & (self.changes["measure"] == measure)]
        order = (rows["group"] != ORGANISATION).astype(int)
        return rows.assign(_o=order).sort_values(["_o", "exact_change"]).drop(columns="_o")

    def to_dict(self) -> dict:
        return {
            "waves": [
                {"name": name, "date": when.isoformat()}
                for name, when in zip(self.waves, self.dates, strict=True)
            ],
            "min_group_size": self.min_group_size,
            "series": _records(self.series),
            "changes": _records(self.changes),
            "breaks": _records(self.breaks),
        }


def trends(
    waves: Sequence[SavedWave],
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    filters: Mapping[str, str] | None = None,
    floor: int | None = None,
) -> Trends:
    """Score every wave (oldest first) and compare each with the one before."""
    ordered = sorted(waves, key=lambda w: w.when)
    results = {
        w.name: score(w.survey, min_group_size=min_group_size, filters=filters, floor=floor)
        for w in ordered
    }
    moments = _Moments(filters or {})
    series = pd.DataFrame(
        [row for w in ordered for row in _series_rows(w, results[w.name], moments)],
        columns=list(SERIES_COLUMNS),
    )
    changes, breaks = [], []
    for before, after in itertools.pairwise(ordered):
        breaks += _breaks(before, after)
        changes += _changes(before, after, results, moments)
    frame = pd.DataFrame(changes, columns=list(CHANGE_COLUMNS))
    frame = _corrected(frame)
    return Trends(
        waves=tuple(w.name for w in ordered),
        dates=tuple(w.when for w in ordered),
        results=results,
        series=series,
        changes=frame,
        breaks=pd.DataFrame(breaks, columns=["before_wave", "wave", "statement", "break"]),
        min_group_size=min_group_size,
    )


# -- what changed, in words ------------------------------------------------------------------


def change_findings(found: Trends, wave: str | None = None) -> list[Finding]:
    """What clearly changed in ``wave`` (default the latest) since the wave before it: the
    organisation's score; a division that moved more (or less) than the typical division (the
    median change of the divisions compared); a statement that moved more (or less) than the
    typical statement across the organisation. Each passes the findings' guard
    (``stats.claim``), with Benjamini–Hochberg over its kind. Set against the typical change, one
    division's (or statement's) move does not make every other one look as if it moved."""
    wave = wave or found.waves[-1]
    if found.previous(wave) is None:
        return []
    rows = found.changes[found.changes["wave"] == wave]
    overall = rows[rows["kind"] == "overall"]
    organisation = overall[overall["group"] == ORGANISATION]
    listed: list[Finding] = []
    if len(organisation):
        reference = organisation.iloc[0]
        if reference["clear"]:
            listed.append(_organisation_finding(found, reference))
    divisions = overall[overall["group"] != ORGANISATION]
    if len(divisions) >= 3:
        typical = float(np.median(divisions["exact_change"]))
        listed += _beyond(found, divisions, typical, stats.whole(typical), "the typical division")
    statements = rows[(rows["kind"] == "statement") & (rows["group"] == ORGANISATION)]
    if len(statements) >= 3:
        typical = float(np.median(statements["exact_change"]))
        listed += _beyond(found, statements, typical, stats.whole(typical), "the typical statement")
    return sorted(listed, key=lambda f: (-f.severity, f.statement or "", f.divisions))


def _organisation_finding(found: Trends, row: pd.Series) -> Finding:
    headline = (
        f"Since {row['before_wave']}, the organisation's score {_moved(row)} "
        f"({points_text(int(row['change']))}; 95 % CI {stats.whole(row['ci_low']):+d} to "
        f"{stats.whole(row['ci_high']):+d}{_compared(row)})."
    )
    return Finding(
        "wave_change",
        headline,
        severity("wave_change", row["change"]),
        evidence={
            **_evidence(row),
            "difference": int(row["change"]),
            "ci_low": row["ci_low"],
            "ci_high": row["ci_high"],
            "p": row["p"],
            "p_adjusted": row["p_adjusted"],
        },
    )


def _beyond(
    found: Trends, rows: pd.DataFrame, reference: float, printed: int, against: str
) -> list[Finding]:
    """Changes set against a reference change (the typical division's or statement's): the
    difference of the two printed changes, its interval centred on the
    difference of the exact ones, with the group's own standard error (the reference moves
    little beside it, and with it: the cautious case)."""
    if rows.empty:
        return []
    effect = rows["exact_change"].to_numpy() - reference
    test = stats.mean_test(effect, rows["se"].to_numpy(), rows["df"].to_numpy())
    adjusted = stats.benjamini_hochberg(test["p"])
    listed = []
    for k, (_, row) in enumerate(rows.iterrows()):
        difference = int(row["change"]) - printed
        low, high = float(test["ci_low"][k]), float(test["ci_high"][k])
        if np.sign(effect[k]) != np.sign(difference):
            continue
        if not stats.claim(adjusted[k], difference, (low, high)):
            continue
        statement = row["kind"] == "statement"
        subject = (
            found.results[row["wave"]].framework.quoted(row["measure"])
            if statement
            else row["group"]
        )
        where = " across the organisation" if statement else ""
        headline = (
            f"Since {row['before_wave']}, {subject} {_moved(row, where)}: "
            f"{points_text(int(row['change']))} against {_signed(printed)} for {against} "
            f"({points_text(difference)}; 95 % CI {stats.whole(low):+d} to "
            f"{stats.whole(high):+d}{_compared(row)})."
        )
        listed.append(
            Finding(
                "wave_change",
                headline,
                severity("wave_change", difference) - (3 if statement else 0),
                statement=row["measure"] if statement else None,
                divisions=() if statement else (row["group"],),
                evidence={
                    **_evidence(row),
                    "reference": against,
                    "reference_change": printed,
                    "difference": difference,
                    "ci_low": low,
                    "ci_high": high,
                    "p": float(test["p"][k]),
                    "p_adjusted": float(adjusted[k]),
                },
            )
        )
    return listed


def _moved(row: pd.Series, where: str = "") -> str:
    before, after = stats.whole(row["before"]), stats.whole(row["after"])
    if after == before:
        return f"has held at {after}{where}"
    return f"has {'risen' if after > before else 'fallen'}{where} from {before} to {after}"


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _compared(row: pd.Series) -> str:
    if row["all_statements"]:
        return ""
    return f"; on the {row['statements']} statements asked the same way in both waves"


def _evidence(row: pd.Series) -> dict:
    return {
        "waves": [row["before_wave"], row["wave"]],
        "scores": [row["before"], row["after"]],
        "change": int(row["change"]),
        "n": [int(row["n_before"]), int(row["n_after"])],
        "statements_compared": int(row["statements"]),
        "test": "Welch t-test of respondents' average scores (a statement: of its answers), "
        "this wave against the one before, on the statements asked the same way in both",
    }


# -- inside -----------------------------------------------------------------------------------


class _Moments:
    """Respondents' average scores over a set of statements, summed per division (and for the
    whole view), computed once per wave and set of statements."""

    def __init__(self, filters: Mapping[str, str]) -> None:
        self.filters = filters
        self._cache: dict[tuple[int, tuple[str, ...]], dict[str, tuple[int, float, float]]] = {}

    def of(self, survey: Survey, items: Sequence[str], group: str) -> tuple[int, float, float]:
        key = (id(survey), tuple(items))
        if key not in self._cache:
            self._cache[key] = self._compute(survey, tuple(items))
        return self._cache[key].get(group, (0, np.nan, np.nan))

    def _compute(self, survey: Survey, items: tuple[str, ...]) -> dict:
        respondents = survey.respondents
        in_view = np.ones(len(respondents), dtype=bool)
        for column, value in self.filters.items():
            in_view &= (respondents[column].astype(object) == value).to_numpy()
        means = person_means(survey, items)
        ok = in_view & ~np.isnan(means)
        division = respondents["division"].cat
        codes = division.codes.to_numpy()[ok]
        values = means[ok]
        size = len(division.categories)
        n = np.bincount(codes, minlength=size)
        total = np.bincount(codes, weights=values, minlength=size)
        squares = np.bincount(codes, weights=values**2, minlength=size)
        out = {}
        for k, name in enumerate(division.categories):
            out[str(name)] = _moments(n[k], total[k], squares[k])
        out[ORGANISATION] = _moments(len(values), values.sum(), (values**2).sum())
        return out


def _moments(n: float, total: float, squares: float) -> tuple[int, float, float]:
    mean, variance = stats.moments(np.array([n], float), np.array([total]), np.array([squares]))
    return int(n), float(mean[0]), float(variance[0])


def _groups(results: Results) -> dict[str, GroupScores]:
    return {
        ORGANISATION: results.organisation,
        **{name: d.scores for name, d in results.divisions.items()},
    }


def _measures(results: Results, scores: GroupScores) -> dict[str, tuple[str, list[str]]]:
    """Each measure of a group — overall, its pillars, its statements — with its kind and the
    statements it averages (those shown for the group)."""
    shown = list(scores.statements.index)
    framework = results.framework
    measures = {OVERALL: ("overall", shown)}
    for pillar in framework.pillar_ids:
        items = [i for i in shown if framework.item(i).pillar == pillar]
        if items:
            measures[pillar] = ("pillar", items)
    for item in shown:
        measures[item] = ("statement", [item])
    return measures


def _series_rows(wave: SavedWave, results: Results, moments: _Moments) -> list[dict]:
    rows = []
    for group, scores in _groups(results).items():
        table = scores.statements
        for measure, (kind, items) in _measures(results, scores).items():
            if kind == "statement":
                figures = table.loc[measure]
                low, high, n = figures["score_ci_low"], figures["score_ci_high"], figures["n"]
                value = figures["score"]
            else:
                value = float(table.loc[items, "score"].mean())
                n, _, variance = moments.of(wave.survey, items, group)
                low, high = (
                    float(x[0])
                    for x in stats.t_interval(
                        np.array([value]), np.sqrt(np.array([variance])), np.array([n])
                    )
                )
            rows.append(
                {
                    "wave": wave.name,
                    "when": wave.when,
                    "group": group,
                    "measure": measure,
                    "score": float(value),
                    "ci_low": low,
                    "ci_high": high,
                    "n": int(n),
                }
            )
    return rows


def _wording(wave: SavedWave, item: str) -> str:
    return wave.wordings.get(item, wave.survey.framework.id)


def _breaks(before: SavedWave, after: SavedWave) -> list[dict]:
    first, second = set(before.survey.items), set(after.survey.items)
    rows = []
    for item in after.survey.framework.item_ids:
        if item in second and item not in first:
            reason = ADDED
        elif item in first and item not in second:
            reason = DROPPED
        elif item in first and _wording(before, item) != _wording(after, item):
            reason = REWORDED
        else:
            continue
        rows.append(
            {"before_wave": before.name, "wave": after.name, "statement": item, "break": reason}
        )
    return rows


def _changes(
    before: SavedWave,
    after: SavedWave,
    results: Mapping[str, Results],
    moments: _Moments,
) -> list[dict]:
    first, second = results[before.name], results[after.name]
    groups_before, groups_after = _groups(first), _groups(second)
    rows = []
    for group, now in groups_after.items():
        then = groups_before.get(group)
        if then is None:  # not shown in the wave before: no change can be worked out
            continue
        comparable = [
            i
            for i in now.statements.index
            if i in then.statements.index and _wording(before, i) == _wording(after, i)
        ]
        if not comparable:
            continue
        measures_now = _measures(second, now)
        measures_then = _measures(first, then)
        for measure, (kind, shown_now) in measures_now.items():
            items = [i for i in shown_now if i in comparable]
            if not items:
                continue
            complete = set(items) == set(shown_now) == set(measures_then.get(measure, ("", []))[1])
            old = float(then.statements.loc[items, "score"].mean())
            new = float(now.statements.loc[items, "score"].mean())
            if kind == "statement":
                a, b = then.statements.loc[measure], now.statements.loc[measure]
                n_then, n_now = int(a["n"]), int(b["n"])
                test = stats.welch(
                    n_now, b["score"], b["sd"] ** 2, n_then, a["score"], a["sd"] ** 2
                )
            else:
                n_then, _, var_then = moments.of(before.survey, items, group)
                n_now, _, var_now = moments.of(after.survey, items, group)
                test = stats.welch(n_now, 0.0, var_now, n_then, 0.0, var_then)
            exact = new - old
            checked = stats.mean_test(exact, test["se"], test["df"])
            rows.append(
                {
                    "before_wave": before.name,
                    "wave": after.name,
                    "group": group,
                    "measure": measure,
                    "kind": kind,
                    "before": old,
                    "after": new,
                    "change": stats.whole(new) - stats.whole(old),
                    "exact_change": exact,
                    "se": float(test["se"]),
                    "df": float(test["df"]),
                    "ci_low": float(checked["ci_low"]),
                    "ci_high": float(checked["ci_high"]),
                    "p": float(checked["p"]),
                    "p_adjusted": np.nan,
                    "clear": False,
                    "n_before": n_then,
                    "n_after": n_now,
                    "statements": len(items),
                    "all_statements": complete,
                }
            )
    return rows


def _corrected(frame: pd.DataFrame) -> pd.DataFrame:
    """BH over every change of one kind between two waves, then the findings' guard."""
    if frame.empty:
        return frame.astype({"clear": bool, "all_statements": bool})
    frame = frame.copy()
    for _, index in frame.groupby(["wave", "kind"]).groups.items():
        frame.loc[index, "p_adjusted"] = stats.benjamini_hochberg(frame.loc[index, "p"])
    frame["clear"] = [
        bool(
            np.sign(row.exact_change) == np.sign(row.change)
            and stats.claim(row.p_adjusted, row.change, (row.ci_low, row.ci_high))
        )
        for row in frame.itertuples(index=False)
    ]
    return frame


def _records(frame: pd.DataFrame) -> list[dict]:
    records = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and not np.isfinite(value):
                value = None
            clean[key] = value
        records.append(clean)
    return records
