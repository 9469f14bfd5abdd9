"""Independent reference implementation ("oracle") of the cxmaturity scoring contract.

Written only from the written scoring specification, deliberately without
importing or reading anything from the ``cxmaturity`` package.  It is a checker,
not the product: it favours plain loops and exact arithmetic (``fractions``)
over speed.  Means, variances, ICC and levels are computed exactly with
Fractions and converted to float only when the result dict is built, so ties
and level boundaries are decided exactly.

Entry point: ``expected_result(paths, min_group_size=5)``.
"""

from __future__ import annotations

import csv
import math
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


def _read_files(paths):
    """Return list of files, each {stem, item_cols {id: col}, div_col, nps_col, rows}."""
    files = []
    for path in paths:
        path = Path(path)
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        body = [r for r in rows[1:] if len(r) > 0]
        item_cols = {}
        div_col = None
        nps_col = None
        for idx, h in enumerate(header):
            item_id = header_item(h)
            if item_id is not None:
                if item_id in item_cols:
                    raise ValueError(f"duplicate item column {item_id} in {path}")
                item_cols[item_id] = idx
                continue
            norm = normalise_header(h)
            if norm in DIVISION_HEADERS and div_col is None:
                div_col = idx
            elif "recommend" in norm and nps_col is None:
                nps_col = idx
        files.append(
            {
                "stem": path.stem,
                "item_cols": item_cols,
                "div_col": div_col,
                "nps_col": nps_col,
                "rows": body,
            }
        )
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
    }, mean


def _group_stats(respondents, present_items, has_nps):
    """Full (unsuppressed) block for a group of respondents, plus exact statement means."""
    statements = {}
    exact = {}
    for item_id in present_items:
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
    if has_nps:
        vals = [r["nps"] for r in respondents if r["nps"] is not None]
        n = len(vals)
        if n == 0:
            nps = {
                "score": None,
                "n": 0,
                "pct_promoters": None,
                "pct_passives": None,
                "pct_detractors": None,
            }
        else:
            prom = sum(1 for v in vals if v >= 9)
            det = sum(1 for v in vals if v <= 6)
            pas = n - prom - det
            nps = {
                "score": float(Fraction(100 * prom, n) - Fraction(100 * det, n)),
                "n": n,
                "pct_promoters": float(Fraction(100 * prom, n)),
                "pct_passives": float(Fraction(100 * pas, n)),
                "pct_detractors": float(Fraction(100 * det, n)),
            }
    else:
        nps = None
    block = {
        "n": len(respondents),
        "score": _f(group_score),
        "level": level_of(group_score),
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


# --------------------------------------------------------------------------- main


def expected_result(paths, min_group_size=5, with_exact=False):
    files = _read_files(paths)
    scales = _infer_scales(files)
    present = [i for i in ITEM_ORDER if any(i in f["item_cols"] for f in files)]
    has_nps = any(f["nps_col"] is not None for f in files)

    respondents = []
    exclusions = {}
    rows_read = 0
    for f in files:
        for row in f["rows"]:
            rows_read += 1
            if f["div_col"] is not None:
                division = _cell(row, f["div_col"]).strip()
                if division == "":
                    exclusions["no division"] = exclusions.get("no division", 0) + 1
                    continue
            else:
                division = f["stem"]
            answers = {}
            for item_id, col in f["item_cols"].items():
                v = _cell(row, col)
                if is_missing(v):
                    continue
                if item_id not in scales:
                    raise AssertionError("unscaled item with an answer")
                a = _position(v, scales[item_id])
                answers[item_id] = (a, scales[item_id][1])
            if not answers:
                exclusions["no answered item"] = exclusions.get("no answered item", 0) + 1
                continue
            nps = None
            if f["nps_col"] is not None:
                v = _cell(row, f["nps_col"]).strip()
                if v != "":
                    nps = int(v)
                    if not 0 <= nps <= 10:
                        raise ValueError("NPS out of range")
            respondents.append({"division": division, "answers": answers, "nps": nps})

    org, _org_exact, org_exact_score = _group_stats(respondents, present, has_nps)

    divisions = {}
    div_exact = {}
    div_scores_exact = {}
    members = {}
    for r in respondents:
        members.setdefault(r["division"], []).append(r)
    for name in sorted(members):
        group = members[name]
        if len(group) < min_group_size:
            divisions[name] = {"n": len(group), "suppressed": True}
        else:
            block, exact, gscore = _group_stats(group, present, has_nps)
            block = dict(block)
            block["suppressed"] = False
            divisions[name] = block
            div_exact[name] = exact
            div_scores_exact[name] = gscore

    gaps = {}
    for item_id in present:
        names = [nm for nm in sorted(div_exact) if item_id in div_exact[nm]]
        if len(names) < 1:
            continue
        scores = {nm: div_exact[nm][item_id] for nm in names}
        lo = min(scores.values())
        hi = max(scores.values())
        min_div = sorted(nm for nm in names if scores[nm] == lo)[0]
        max_div = sorted(nm for nm in names if scores[nm] == hi)[0]
        std = math.sqrt(float(_sample_variance(list(scores.values())))) if len(names) >= 2 else None
        groups = []
        for nm in names:
            xs = []
            for r in members[nm]:
                if item_id in r["answers"]:
                    a, A = r["answers"][item_id]
                    xs.append(Fraction(a - 1, A - 1) * 100)
            groups.append(xs)
        gaps[item_id] = {
            "range": float(hi - lo),
            "std": std,
            "min_division": min_div,
            "max_division": max_div,
            "icc1": _f(_icc1(groups)),
        }

    result = {
        "rows_read": rows_read,
        "respondents": len(respondents),
        "rows_excluded": rows_read - len(respondents),
        "exclusions": exclusions,
        "min_group_size": min_group_size,
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
        }
        return result, exact
    return result
