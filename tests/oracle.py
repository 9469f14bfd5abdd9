"""Independent reference implementation ("oracle") of the cxmaturity scoring contract.

Written only from the written scoring specification, deliberately without
importing or reading anything from the ``cxmaturity`` package.  It is a checker,
not the product: it favours plain loops and exact arithmetic (``fractions``)
over speed.  Means, variances, ICC and levels are computed exactly with
Fractions and converted to float only when the result dict is built, so ties
and level boundaries are decided exactly.

Privacy follows the section "Privacy: the minimum group size" literally: every group of the
lattice division x role x region x wave (the dimensions the survey has; a blank value is its own
value "(not given)") is counted, primary and complementary suppression run on respondents and
then on each statement cell and the NPS cell, and only then is the view (the whole survey, or a
filter) read off the lattice.

The engine adds an *audit* after the line rules, whose choices (which group gives way) the
specification cannot pin down; the oracle does not reproduce them.  Instead it takes the cells
a published document hides beyond the rules (``hidden_beyond``) as ``extra_hidden`` and
recomputes every figure of the view with those hidden too; ``shown_beyond`` lists what a
document shows that the rules hide.

Entry points: ``expected_result(paths, min_group_size=5, mapping=None, filters=None,
extra_hidden=())``, or ``score_survey`` once and ``view_result`` per view.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from scipy import stats as _scipy_stats  # only for the t quantile

Z95 = 1.959963984540054

# id -> (pillar, canonical text); T items' texts belong to the engine author.
ITEMS = {
    "S01": (
        "people",
        "There is someone in our company who clarifies what we are to accomplish with customers.",
    ),
    "S02": (
        "process",
        "There is a clear process to drive alignment for what will be accomplished.",
    ),
    "S03": (
        "process",
        "We have a road map for the customer work and know where progress will be measured.",
    ),
    "S04": (
        "technology",
        "Clear metrics exist for measuring progress that everyone agrees to use.",
    ),
    "S05": ("process", "There is real clarity of everyone\u2019s roles and responsibilities."),
    "S06": ("people", "People really participate and care about the customer work."),
    "S07": (
        "process",
        "Appropriate resources are allocated to make a real difference to customers.",
    ),
    "S08": ("process", "There is an understandable process for people to work together."),
    "S09": ("people", "The work is considered attainable."),
    "S10": ("process", "A process exists for marketing achievements to customers and internally."),
    "S11": ("people", "Recognition and reward are wired to motivate customer work."),
    "T01": ("technology", None),
    "T02": ("technology", None),
    "T03": ("technology", None),
}
ITEM_ORDER = list(ITEMS)
PILLARS = ["people", "process", "technology"]

DIVISION_HEADERS = {"division", "department", "business unit", "function", "team"}
# the lattice's dimensions, in the order complementary suppression visits them
DIMENSIONS = ("division", "role", "region", "wave")
FILTER_HEADERS = {"role": {"role"}, "region": {"region"}, "wave": {"wave"}}
ID_HEADERS = {"response id", "respondent id"}
NOT_GIVEN = "(not given)"
EXCLUSION_REASONS = (
    "duplicate response",
    "conflicting duplicates",
    "no division",
    "no answered item",
)
LEVEL_NAMES = {
    1: "Lip service",
    2: "Scattered effort",
    3: "Taking shape",
    4: "Aligned",
    5: "Customer-led",
}
MAPPING_ROLES = {"division", "nps", "role", "region", "tenure", "respondent_id", "wave", "date"}

MISSING = {"", "n/a", "not applicable", "don't know", "prefer not to say"}
YES_NO = {"yes": 2, "yes, there is": 2, "no": 1, "no, there is not": 1}
LABELS_5 = {
    "strongly disagree": 1,
    "disagree": 2,
    "neither agree nor disagree": 3,
    "neutral": 3,
    "agree": 4,
    "strongly agree": 5,
}
LABELS_7 = {
    "strongly disagree": 1,
    "disagree": 2,
    "somewhat disagree": 3,
    "neither agree nor disagree": 4,
    "somewhat agree": 5,
    "agree": 6,
    "strongly agree": 7,
}
ONLY_7 = {"somewhat disagree", "somewhat agree"}


# --------------------------------------------------------------------------- text


def _straighten(text):
    text = text.replace("\ufeff", "")
    for curly in ("\u2019", "\u2018", "\u02bc", "\u2032"):
        text = text.replace(curly, "'")
    for curly in ("\u201c", "\u201d"):
        text = text.replace(curly, '"')
    return text


def normalise_header(text):
    text = _straighten(text)
    text = " ".join(text.split()).lower()
    while text and text[-1] in ".!?;:,":
        text = text[:-1].rstrip()
    return text


def normalise_answer(text):
    return " ".join(_straighten(text).split()).lower()


def header_item(header):
    """Item id for a header, or None."""
    raw = header.strip().replace("\ufeff", "").upper()
    if raw in ITEMS:
        return raw
    norm = normalise_header(header)
    for item_id, (_pillar, text) in ITEMS.items():
        if text is not None and normalise_header(text) == norm:
            return item_id
    return None


def is_missing(value):
    return normalise_answer(value) in MISSING


def is_numeric(value):
    v = normalise_answer(value)
    return v.isdigit()


# --------------------------------------------------------------------------- reading


def mapping_key(name: str) -> str:
    """Mapping files match column names ignoring case, spacing and punctuation."""
    return "".join(ch for ch in _straighten(name).casefold() if ch.isalnum())


def read_mapping(path: str | Path | None) -> dict[str, str]:
    """A mapping file (CSV ``column,item`` or a JSON object) as {mapping_key(column): item}."""
    if path is None:
        return {}
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        pairs = json.loads(text).items()
    else:
        rows = list(csv.reader(text.splitlines()))
        pairs = [(r[0], r[1]) for r in rows[1:] if len(r) >= 2]
    mapping = {}
    for column, item in pairs:
        item = item.strip()
        target = item.upper() if item.upper() in ITEMS else item.lower()
        if target not in ITEMS and target not in MAPPING_ROLES and target != "ignore":
            raise ValueError(f"mapping: unknown item {item!r}")
        mapping[mapping_key(column)] = target
    return mapping


def _column_role(header: str, mapping: dict[str, str]) -> str | None:
    """What a column holds: an item id, a role in MAPPING_ROLES, "ignore", or None."""
    mapped = mapping.get(mapping_key(header))
    if mapped is not None:
        return mapped
    item_id = header_item(header)
    if item_id is not None:
        return item_id
    norm = normalise_header(header)
    if norm in DIVISION_HEADERS:
        return "division"
    if "recommend" in norm:
        return "nps"
    for dimension, names in FILTER_HEADERS.items():
        if norm in names:
            return dimension
    if norm in ID_HEADERS:
        return "respondent_id"
    return None


def _read_files(paths, mapping=None):
    """Return list of files, each {stem, item_cols {id: col}, cols {role: col}, rows}.

    ``cols`` holds division, nps, role, region, wave, respondent_id and date (None if absent).
    """
    mapping = mapping or {}
    files = []
    for path in paths:
        path = Path(path)
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        body = [r for r in rows[1:] if len(r) > 0]
        item_cols = {}
        cols = dict.fromkeys(MAPPING_ROLES)
        for idx, h in enumerate(header):
            role = _column_role(h, mapping)
            if role in ITEMS:
                if role in item_cols:
                    raise ValueError(f"duplicate item column {role} in {path}")
                item_cols[role] = idx
            elif role in cols and cols[role] is None:
                cols[role] = idx
        files.append({"stem": path.stem, "item_cols": item_cols, "cols": cols, "rows": body})
    return files


def _cell(row, idx):
    if idx is None or idx >= len(row):
        return ""
    return row[idx]


def _infer_scales(files):
    """Scale per item: ('yn', 2) / ('num', A) / ('lab5', 5) / ('lab7', 7)."""
    values = {}
    for f in files:
        for item_id, col in f["item_cols"].items():
            for row in f["rows"]:
                v = _cell(row, col)
                if not is_missing(v):
                    values.setdefault(item_id, []).append(normalise_answer(v))
    max_numeric = 0
    for vals in values.values():
        for v in vals:
            if v.isdigit():
                max_numeric = max(max_numeric, int(v))
    scales = {}
    for item_id, vals in values.items():
        if all(v in YES_NO for v in vals):
            scales[item_id] = ("yn", 2)
        elif all(v.isdigit() for v in vals):
            if max_numeric <= 5:
                scales[item_id] = ("num", 5)
            elif max_numeric <= 7:
                scales[item_id] = ("num", 7)
            else:
                raise ValueError("numeric answers above 7 not supported by the oracle")
        elif any(v in ONLY_7 for v in vals):
            scales[item_id] = ("lab7", 7)
        else:
            scales[item_id] = ("lab5", 5)
    return scales


def _position(value, scale):
    kind, A = scale
    v = normalise_answer(value)
    if kind == "yn":
        return YES_NO[v]
    if kind == "num":
        a = int(v)
        if not 1 <= a <= A:
            raise ValueError(f"numeric answer out of range: {value!r}")
        return a
    if kind == "lab7":
        return LABELS_7[v]
    return LABELS_5[v]


def _favourable(a, A):
    if A == 2:
        return a == 2
    if A == 5:
        return a >= 4
    if A == 7:
        return a >= 5
    raise ValueError(A)


# --------------------------------------------------------------------------- statistics


def _mean(xs):
    total = Fraction(0)
    for x in xs:
        total += Fraction(x)
    return total / len(xs)


def _sample_variance(xs):
    m = _mean(xs)
    ss = Fraction(0)
    for x in xs:
        ss += (Fraction(x) - m) ** 2
    return ss / (len(xs) - 1)


def _f(x):
    return None if x is None else float(x)


def level_of(score):
    if score is None:
        return None
    if score < 20:
        return 1
    if score < 40:
        return 2
    if score < 60:
        return 3
    if score < 80:
        return 4
    return 5


def _statement_stats(answers):
    """answers: list of (a, A).  Returns (dict, exact mean or None)."""
    n = len(answers)
    if n == 0:
        return {
            "n": 0,
            "n_favourable": 0,
            "score": None,
            "score_ci_low": None,
            "score_ci_high": None,
            "pct_favourable": None,
            "pct_favourable_ci_low": None,
            "pct_favourable_ci_high": None,
            "rwg": None,
            "sd": None,
        }, None
    scores = [Fraction(a - 1, A - 1) * 100 for a, A in answers]
    positions = [a for a, _A in answers]
    A = answers[0][1]
    mean = _mean(scores)
    n_fav = 0
    for a, AA in answers:
        if _favourable(a, AA):
            n_fav += 1
    if n >= 2:
        var = _sample_variance(scores)
        s = math.sqrt(float(var))
        t = float(_scipy_stats.t.ppf(0.975, n - 1))
        half = t * s / math.sqrt(n)
        ci_low = float(mean) - half
        ci_high = float(mean) + half
        var_pos = _sample_variance(positions)
        sigma2 = Fraction(A * A - 1, 12)
        rwg = max(Fraction(0), 1 - var_pos / sigma2)
    else:
        ci_low = ci_high = None
        rwg = None
        s = None
    p = n_fav / n
    z = Z95
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half_w = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return {
        "n": n,
        "n_favourable": n_fav,
        "score": float(mean),
        "score_ci_low": ci_low,
        "score_ci_high": ci_high,
        "pct_favourable": float(Fraction(100 * n_fav, n)),
        "pct_favourable_ci_low": 100 * (centre - half_w),
        "pct_favourable_ci_high": 100 * (centre + half_w),
        "rwg": _f(rwg),
        "sd": s,
    }, mean


def _nps_block(respondents):
    vals = [r["nps"] for r in respondents if r["nps"] is not None]
    n = len(vals)
    if n == 0:
        return {
            "score": None,
            "n": 0,
            "pct_promoters": None,
            "pct_passives": None,
            "pct_detractors": None,
        }
    prom = sum(1 for v in vals if v >= 9)
    det = sum(1 for v in vals if v <= 6)
    pas = n - prom - det
    return {
        "score": float(Fraction(100 * prom, n) - Fraction(100 * det, n)),
        "n": n,
        "pct_promoters": float(Fraction(100 * prom, n)),
        "pct_passives": float(Fraction(100 * pas, n)),
        "pct_detractors": float(Fraction(100 * det, n)),
    }


def _group_stats(respondents, present_items, has_nps, withheld=(), nps_hidden=False):
    """The block a group shows, plus exact statement means.

    ``withheld`` statements (hidden statement cells) are left out of ``statements``, of the
    pillars and of the overall score; ``nps_hidden`` makes ``nps`` null.
    """
    statements = {}
    exact = {}
    for item_id in present_items:
        if item_id in withheld:
            continue
        answers = [r["answers"][item_id] for r in respondents if item_id in r["answers"]]
        block, mean = _statement_stats(answers)
        statements[item_id] = block
        if mean is not None:
            exact[item_id] = mean
    pillars = {}
    for pillar in PILLARS:
        vals = [exact[i] for i in exact if ITEMS[i][0] == pillar]
        pillars[pillar] = _f(_mean(vals)) if vals else None
    group_score = _mean(list(exact.values())) if exact else None
    nps = _nps_block(respondents) if has_nps and not nps_hidden else None
    level = level_of(group_score)
    block = {
        "n": len(respondents),
        "withheld": [i for i in ITEM_ORDER if i in withheld],
        "score": _f(group_score),
        "level": level,
        "level_name": LEVEL_NAMES.get(level),
        "pillars": pillars,
        "statements": statements,
        "nps": nps,
    }
    return block, exact, group_score


def _icc1(groups):
    """groups: list of lists of exact item scores (one list per division)."""
    G = len(groups)
    N = sum(len(g) for g in groups)
    if G < 2 or N - G < 1:
        return None
    all_x = [x for g in groups for x in g]
    grand = _mean(all_x)
    msb = Fraction(0)
    msw = Fraction(0)
    for g in groups:
        m = _mean(g)
        msb += len(g) * (m - grand) ** 2
        for x in g:
            msw += (x - m) ** 2
    msb /= G - 1
    msw /= N - G
    k0 = (N - Fraction(sum(len(g) ** 2 for g in groups), N)) / (G - 1)
    denom = msb + (k0 - 1) * msw
    if denom == 0:
        return None
    return (msb - msw) / denom


# --------------------------------------------------------------------------- who is counted


def _dimension_value(text: str) -> str:
    text = text.strip()
    return text if text else NOT_GIVEN


def _parse_date(text: str) -> dt.datetime | None:
    text = text.strip()
    return dt.datetime.fromisoformat(text) if text else None


def _parse_row(f, row, scales) -> dict:
    """One row read: its division ("" when blank), dimensions, id, date, answers and NPS."""
    cols = f["cols"]
    division = f["stem"] if cols["division"] is None else _cell(row, cols["division"]).strip()
    answers = {}
    for item_id, col in f["item_cols"].items():
        v = _cell(row, col)
        if is_missing(v):
            continue
        if item_id not in scales:
            raise AssertionError("unscaled item with an answer")
        answers[item_id] = (_position(v, scales[item_id]), scales[item_id][1])
    nps = None
    v = _cell(row, cols["nps"]).strip()
    if v != "":
        nps = int(v)
        if not 0 <= nps <= 10:
            raise ValueError("NPS out of range")
    record = {d: _dimension_value(_cell(row, cols[d])) for d in DIMENSIONS if d != "division"}
    record.update(
        division=division,
        id=_cell(row, cols["respondent_id"]).strip(),
        date=_parse_date(_cell(row, cols["date"])),
        answers=answers,
        nps=nps,
    )
    return record


def _says(record: dict) -> tuple:
    """What a copy of a response says: everything scored about it (not its date)."""
    return (
        record["division"],
        record["role"],
        record["region"],
        tuple(sorted(record["answers"].items())),
        record["nps"],
    )


def _copy_to_keep(copies: list[dict]) -> int | None:
    """Index of the copy kept among copies of one response id, None when they conflict.

    Copies that say the same thing count once: they are one *version*, dated by its latest
    copy.  Versions that differ are resolved by date: the one version with the latest date
    wins; no date at all, or a tie, is a conflict.
    """
    versions: dict[tuple, list[int]] = {}
    for i, copy in enumerate(copies):
        versions.setdefault(_says(copy), []).append(i)
    if len(versions) == 1:
        return 0
    latest_of = {}
    for says, indices in versions.items():
        dates = [copies[i]["date"] for i in indices if copies[i]["date"] is not None]
        if dates:
            latest_of[says] = max(dates)
    if not latest_of:
        return None
    latest = max(latest_of.values())
    top = [says for says, date in latest_of.items() if date == latest]
    if len(top) != 1:
        return None
    return next(i for i in versions[top[0]] if copies[i]["date"] == latest)


def _resolve_duplicates(records: list[dict]) -> tuple[list[dict], Counter]:
    """Rows left once every response id appears at most once per wave, and why others left."""
    copies: dict[tuple[str, str], list[int]] = {}
    for index, record in enumerate(records):
        if record["id"]:
            copies.setdefault((record["wave"], record["id"]), []).append(index)
    dropped: dict[int, str] = {}
    for indices in copies.values():
        if len(indices) < 2:
            continue
        keep = _copy_to_keep([records[i] for i in indices])
        for position, index in enumerate(indices):
            if keep is None:
                dropped[index] = "conflicting duplicates"
            elif position != keep:
                dropped[index] = "duplicate response"
    kept = [r for i, r in enumerate(records) if i not in dropped]
    return kept, Counter(dropped.values())


def _count_respondents(records: list[dict]) -> tuple[list[dict], Counter]:
    """Duplicates first, then no division, then no answered item (the spec's order)."""
    kept, exclusions = _resolve_duplicates(records)
    respondents = []
    for record in kept:
        if record["division"] == "":
            exclusions["no division"] += 1
        elif not record["answers"]:
            exclusions["no answered item"] += 1
        else:
            respondents.append(record)
    return respondents, exclusions


# --------------------------------------------------------------------------- privacy

# A group is a tuple aligned with the survey's dimensions: a value where the dimension is
# fixed, None where it is open.  (None, None, ...) is the organisation.  Its measures are
# RESPONDENTS (the group itself), each statement id, and NPS.

RESPONDENTS = "respondents"
NPS = "nps"


class RefusedView(Exception):
    """The command line must refuse to score this view (and print one error line)."""


class EmptyView(RefusedView):
    """Nobody in the survey matches the filters."""


class HiddenView(RefusedView):
    """The view's organisation group is hidden (too small, or a complement)."""


def group_keys(values: tuple[str, ...]) -> list[tuple]:
    """Every group a respondent with these dimension values belongs to."""
    masks = itertools.product((False, True), repeat=len(values))
    return [tuple(v if fixed else None for v, fixed in zip(values, m, strict=True)) for m in masks]


def lattice_counts(respondents, dims, present, has_nps) -> dict[str, Counter]:
    """Per measure (respondents, each statement, nps): the count of every group that has any."""
    counts = {RESPONDENTS: Counter()}
    counts.update({item_id: Counter() for item_id in present})
    if has_nps:
        counts[NPS] = Counter()
    for r in respondents:
        keys = group_keys(tuple(r[d] for d in dims))
        counts[RESPONDENTS].update(keys)
        for item_id in r["answers"]:
            counts[item_id].update(keys)
        if has_nps and r["nps"] is not None:
            counts[NPS].update(keys)
    return counts


def sibling_lines(counts: Counter, d: int) -> dict[tuple, list[tuple]]:
    """parent -> its children along dimension ``d`` (only groups with a count)."""
    lines: dict[tuple, list[tuple]] = {}
    for key in counts:
        if key[d] is not None:
            lines.setdefault((*key[:d], None, *key[d + 1 :]), []).append(key)
    return lines


def _sibling_order(value: str) -> tuple:
    return (value == NOT_GIVEN, value.casefold(), value)


def _complement(siblings, counts, hidden, minimum, d) -> tuple | None:
    """The sibling a parent must hide too, or None when its line keeps rule 2."""
    gone = [k for k in siblings if k in hidden]
    if not gone or (len(gone) >= 2 and sum(counts[k] for k in gone) >= minimum):
        return None
    shown = [k for k in siblings if k not in hidden]
    if not shown:
        return None
    return min(shown, key=lambda k: (counts[k], _sibling_order(k[d])))


def suppress(counts: Counter, minimum: int, n_dims: int, hidden=()) -> set[tuple]:
    """Rules 1 and 2 on one measure, starting from groups already ``hidden``."""
    hidden = {k for k in hidden if k in counts}
    hidden |= {k for k, c in counts.items() if 0 < c < minimum}
    lines = [sibling_lines(counts, d) for d in range(n_dims)]
    changed = True
    while changed:
        changed = False
        for d in range(n_dims):
            newly = {_complement(sibs, counts, hidden, minimum, d) for sibs in lines[d].values()}
            newly.discard(None)
            if newly:
                hidden |= newly
                changed = True
    return hidden


def privacy(respondents, dims, present, has_nps, minimum) -> dict[str, set[tuple]]:
    """Hidden groups per measure: respondents first, then every statement cell and NPS."""
    counts = lattice_counts(respondents, dims, present, has_nps)
    hidden = {RESPONDENTS: suppress(counts[RESPONDENTS], minimum, len(dims))}
    for measure, cells in counts.items():
        if measure != RESPONDENTS:
            hidden[measure] = suppress(cells, minimum, len(dims), hidden[RESPONDENTS])
    return hidden


def _view_key(dims, filters) -> tuple:
    unknown = set(filters) - set(dims[1:])
    if unknown:
        raise ValueError(f"filter on a dimension the survey does not have: {sorted(unknown)}")
    return tuple(None if d == "division" else filters.get(d) for d in dims)


# --------------------------------------------------------------------------- one view

ORGANISATION = None  # the view's organisation, where a division name could stand


@dataclass(frozen=True)
class ViewHiding:
    """What one view hides: the line rules' hidden groups, plus cells hidden beyond them.

    ``extra`` holds (division, measure) pairs: the division a name, or ORGANISATION for the
    view's organisation; the measure RESPONDENTS (the whole group), a statement id or NPS.
    A group hidden beyond the rules hides its statement and NPS cells too (rule 3).
    """

    hidden: dict[str, set[tuple]]
    view: tuple
    extra: frozenset[tuple[str | None, str]] = frozenset()

    def key(self, division: str | None) -> tuple:
        return self.view if division is ORGANISATION else (division, *self.view[1:])

    def group_hidden(self, division: str | None) -> bool:
        by_rules = self.key(division) in self.hidden[RESPONDENTS]
        return by_rules or (division, RESPONDENTS) in self.extra

    def cell_hidden(self, division: str | None, measure: str) -> bool:
        by_rules = self.key(division) in self.hidden[measure]
        beyond = (division, measure) in self.extra
        return by_rules or beyond or self.group_hidden(division)


def _shown_block(division, group, hiding, present, has_nps):
    """A group's block, exact statement means and exact score; None when it shows nothing.

    A group shows nothing when it is hidden, or when every statement it answered is
    withheld ("a division none of whose statements may be shown is not shown at all").
    """
    if hiding.group_hidden(division):
        return None
    answered = [i for i in present if any(i in r["answers"] for r in group)]
    withheld = [i for i in answered if hiding.cell_hidden(division, i)]
    if len(withheld) == len(answered):
        return None
    nps_hidden = has_nps and hiding.cell_hidden(division, NPS)
    return _group_stats(group, present, has_nps, withheld, nps_hidden)


# --------------------------------------------------------------------------- main


def _gap(item_id, names, div_exact, members):
    scores = {nm: div_exact[nm][item_id] for nm in names}
    lo = min(scores.values())
    hi = max(scores.values())
    std = math.sqrt(float(_sample_variance(list(scores.values())))) if len(names) >= 2 else None
    groups = []
    for nm in names:
        xs = []
        for r in members[nm]:
            if item_id in r["answers"]:
                a, A = r["answers"][item_id]
                xs.append(Fraction(a - 1, A - 1) * 100)
        groups.append(xs)
    return {
        "range": float(hi - lo),
        "std": std,
        "min_division": sorted(nm for nm in names if scores[nm] == lo)[0],
        "max_division": sorted(nm for nm in names if scores[nm] == hi)[0],
        "icc1": _f(_icc1(groups)),
        "divisions": len(names),
    }


@dataclass(frozen=True)
class ScoredSurvey:
    """A survey read, counted and suppressed once; every view is read off it."""

    rows_read: int
    respondents: list[dict]
    exclusions: Counter
    dims: list[str]
    present: list[str]
    has_nps: bool
    min_group_size: int
    hidden: dict[str, set[tuple]]


def score_survey(paths, min_group_size=5, mapping=None) -> ScoredSurvey:
    """Read the files, count who is counted and run the line rules over the whole lattice."""
    files = _read_files(paths, read_mapping(mapping))
    scales = _infer_scales(files)
    present = [i for i in ITEM_ORDER if any(i in f["item_cols"] for f in files)]
    has_nps = any(f["cols"]["nps"] is not None for f in files)
    dims = [
        d for d in DIMENSIONS if d == "division" or any(f["cols"][d] is not None for f in files)
    ]
    records = [_parse_row(f, row, scales) for f in files for row in f["rows"]]
    respondents, exclusions = _count_respondents(records)
    hidden = privacy(respondents, dims, present, has_nps, min_group_size)
    return ScoredSurvey(
        len(records), respondents, exclusions, dims, present, has_nps, min_group_size, hidden
    )


def view_result(survey: ScoredSurvey, filters=None, extra_hidden=(), with_exact=False):
    """The JSON document of one view; raises RefusedView when it must be refused.

    ``extra_hidden``: (division, measure) pairs hidden beyond the line rules (see
    ViewHiding), e.g. by the engine's audit; every figure is then computed as if the rules
    had hidden them.
    """
    filters = dict(filters or {})
    present, has_nps = survey.present, survey.has_nps
    view = _view_key(survey.dims, filters)
    in_view = [r for r in survey.respondents if all(r[d] == v for d, v in filters.items())]
    if not in_view:
        raise EmptyView(f"no respondent in the view {filters!r}")
    hiding = ViewHiding(survey.hidden, view, frozenset(extra_hidden))
    shown = _shown_block(ORGANISATION, in_view, hiding, present, has_nps)
    if shown is None:
        raise HiddenView(f"the view {filters!r} is smaller than the minimum or could be worked out")
    org, _org_exact, org_exact_score = shown

    divisions = {}
    div_exact = {}
    div_scores_exact = {}
    members = {}
    for r in in_view:
        members.setdefault(r["division"], []).append(r)
    hidden_sizes = []
    for name in sorted(members):
        shown = _shown_block(name, members[name], hiding, present, has_nps)
        if shown is None:
            hidden_sizes.append(len(members[name]))
            continue
        divisions[name], div_exact[name], div_scores_exact[name] = shown

    gaps = {}
    for item_id in present:
        names = [nm for nm in sorted(div_exact) if item_id in div_exact[nm]]
        if names:
            gaps[item_id] = _gap(item_id, names, div_exact, members)

    counted = {reason: survey.exclusions[reason] for reason in EXCLUSION_REASONS}
    if filters:  # the view's respondents; the others are counted as outside the filter
        counted["outside the filter"] = len(survey.respondents) - len(in_view)
    result = {
        "rows_read": survey.rows_read,
        "respondents": len(in_view),
        "rows_excluded": survey.rows_read - len(in_view),
        "exclusions": counted,
        "min_group_size": survey.min_group_size,
        "filters": filters,
        "divisions_not_shown": len(hidden_sizes),
        "items": {i: {"text": ITEMS[i][1], "pillar": ITEMS[i][0]} for i in present},
        "organisation": org,
        "divisions": divisions,
        "gaps": gaps,
    }
    if with_exact:
        exact = {
            "organisation_score": org_exact_score,
            "division_scores": div_scores_exact,
            "division_statement_scores": div_exact,
            "hidden_division_sizes": hidden_sizes,
        }
        return result, exact
    return result


def expected_result(
    paths, min_group_size=5, with_exact=False, mapping=None, filters=None, extra_hidden=()
):
    """The JSON document ``score`` must print; raises RefusedView when it must refuse."""
    survey = score_survey(paths, min_group_size, mapping)
    return view_result(survey, filters, extra_hidden, with_exact)


# --------------------------------------------------------------------------- beyond the rules


def hidden_beyond(expected: dict, published: dict) -> set[tuple[str | None, str]]:
    """The cells a published document hides that ``expected`` (the line rules) shows.

    Read off the document alone: a division ``expected`` shows that is missing; a statement
    answered in a group that is missing from its ``statements`` or listed in ``withheld``; an
    NPS answered in a group that is null.  Pairs as in ViewHiding.
    """
    extra = set()
    groups = {ORGANISATION: (expected["organisation"], published.get("organisation"))}
    got_divisions = published.get("divisions") or {}
    for name, block in expected["divisions"].items():
        groups[name] = (block, got_divisions.get(name))
    for division, (want, got) in groups.items():
        if not isinstance(got, dict):
            extra.add((division, RESPONDENTS))
            continue
        statements = got.get("statements") or {}
        withheld = set(got.get("withheld") or ())
        for item_id, block in want["statements"].items():
            if block["n"] > 0 and (item_id not in statements or item_id in withheld):
                extra.add((division, item_id))
        if want["nps"] is not None and want["nps"]["n"] > 0 and got.get("nps") is None:
            extra.add((division, NPS))
    return extra


def shown_beyond(expected: dict, published: dict) -> list[str]:
    """Every cell the line rules hide that a published document shows (empty: none)."""
    problems = []
    got_divisions = published.get("divisions") or {}
    for name in sorted(set(got_divisions) - set(expected["divisions"])):
        problems.append(f"divisions[{name!r}]: shown, but the line rules hide it")
    groups = {"organisation": (expected["organisation"], published.get("organisation"))}
    for name, block in expected["divisions"].items():
        groups[f"divisions[{name!r}]"] = (block, got_divisions.get(name))
    for path, (want, got) in groups.items():
        if not isinstance(got, dict):
            continue
        statements = got.get("statements") or {}
        withheld = set(got.get("withheld") or ())
        for item_id in want["withheld"]:
            if item_id in statements or item_id not in withheld:
                problems.append(f"{path}.statements.{item_id}: shown, but the line rules hide it")
        if want["nps"] is None and got.get("nps") is not None:
            problems.append(f"{path}.nps: shown, but the line rules hide it")
    return problems
