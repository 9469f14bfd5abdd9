"""Cross-check the engine's CLI JSON output against the independent oracle.

Synthetic surveys come from a small generator in this file (random.Random(seed)),
not from the project's own generator.  Every number is compared with the oracle
(tests/oracle.py) at an absolute tolerance of 1e-6.
"""

from __future__ import annotations

import csv
import json
import math
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle

REPO = Path(__file__).resolve().parent.parent
TOL = 1e-6

LAB5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
LAB7 = [
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
]
MISSING_TOKENS = ["", "N/A", "Don't know", "Prefer not to say"]
KINDS = {"lab5": 5, "lab7": 7, "yn": 2, "yn_seed": 2, "num5": 5}
NPS_HEADER = "How likely are you to recommend us to a friend or colleague?"
SCORE_KEYS = {"score", "level", "level_name", "pillars", "statements", "nps"}


# =========================================================================== generator


def render(kind, a, rng):
    if kind == "lab5":
        if a == 3 and rng.random() < 0.3:
            return "Neutral"
        return LAB5[a - 1]
    if kind == "lab7":
        return LAB7[a - 1]
    if kind == "yn":
        return ["No", "Yes"][a - 1]
    if kind == "yn_seed":
        return ["No, there is not", "Yes, there is"][a - 1]
    if kind == "num5":
        return str(a)
    raise ValueError(kind)


def header_for(item_id, rng, s05_style=None):
    _pillar, text = oracle.ITEMS[item_id]
    if text is None:
        return item_id
    if item_id == "S05":
        if s05_style == "straight":
            return text.replace("\u2019", "'")
        return text  # curly
    choice = rng.randrange(5)
    if choice == 0:
        return text
    if choice == 1:
        return text.rstrip(".")
    if choice == 2:
        return text.upper()
    if choice == 3:
        return "  " + text.replace(" ", "  ", 2) + " "
    return item_id


def draw(rng, A, bias):
    """Raw position on 1..A, shifted by a per-division bias in [-1, 1]."""
    centre = (A + 1) / 2 + bias * (A - 1) / 3
    a = round(rng.gauss(centre, (A - 1) / 3 + 0.3))
    return min(A, max(1, a))


def make_rows(rng, n, items, bias, miss_p):
    rows = []
    for _ in range(n):
        row = {}
        for item_id, kind in items.items():
            if rng.random() < miss_p:
                row[item_id] = rng.choice(MISSING_TOKENS)
            else:
                row[item_id] = render(kind, draw(rng, KINDS[kind], bias), rng)
        rows.append(row)
    return rows


def ensure_answered(rng, rows, items):
    """Every included row must answer at least one item."""
    for row in rows:
        if all(oracle.is_missing(row[i]) for i in items if i in row):
            present = [i for i in items if i in row]
            item_id = rng.choice(present)
            kind = items[item_id]
            row[item_id] = render(kind, rng.randint(1, KINDS[kind]), rng)


def force_labels(rng, included, items):
    """Make scale inference unambiguous: all 7 labels in 7-pt columns, a plain
    Agree/Disagree in 5-pt columns, a numeric 5 somewhere, both Yes and No."""
    for item_id, kind in items.items():
        holders = [r for r in included if item_id in r]
        if kind == "lab7":
            for a, row in zip(range(1, 8), rng.sample(holders, 7), strict=True):
                row[item_id] = LAB7[a - 1]
        elif kind == "lab5":
            r1, r2 = rng.sample(holders, 2)
            r1[item_id] = "Agree"
            r2[item_id] = "Disagree"
        elif kind == "num5":
            r1 = rng.choice(holders)
            r1[item_id] = "5"
        elif kind in ("yn", "yn_seed"):
            r1, r2 = rng.sample(holders, 2)
            r1[item_id] = render(kind, 2, rng)
            r2[item_id] = render(kind, 1, rng)


def all_missing_row(rng, items):
    row = {i: rng.choice(MISSING_TOKENS) for i in items}
    # keep at least one non-blank cell so the line is never an empty CSV record
    row[rng.choice(list(items))] = rng.choice(["N/A", "Don't know", "Prefer not to say"])
    return row


def pick_items(rng, k):
    ids = rng.sample(oracle.ITEM_ORDER, k)
    if "S05" not in ids:
        ids[0] = "S05"
    kinds = list(KINDS)
    rng.shuffle(kinds)
    items = {}
    for j, item_id in enumerate(sorted(ids)):
        items[item_id] = kinds[j] if j < len(kinds) else rng.choice(list(KINDS))
    return items


def write_csv(path, headers, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for r in rows:
            w.writerow(r)


def nps_value(rng, bias):
    if rng.random() < 0.15:
        return ""
    return str(min(10, max(0, round(rng.gauss(7 + 2 * bias, 2.5)))))


def gen_single_file(tmp, seed, min_group):
    """One CSV with a division column; blank-division rows; all-missing rows;
    a small division; optional NPS and comments column."""
    rng = random.Random(seed)
    items = pick_items(rng, rng.randint(6, 10))
    mg = 5 if min_group is None else min_group
    names = ["Sales", "Customer Service", "Operations", "Finance", "IT"][: rng.randint(3, 5)]
    sizes = {}
    for j, nm in enumerate(names):
        if j == 0:
            sizes[nm] = max(1, mg - 1 - rng.randrange(max(1, mg - 1)))  # small, suppressed
        elif j == 1:
            sizes[nm] = mg  # exactly the threshold: not suppressed
        else:
            sizes[nm] = rng.randint(mg + 1, mg + 12)
    has_nps = rng.random() < 0.7
    div_header = rng.choice(["Division", "Department", "Business unit", "Function", "Team"])
    s05_style = rng.choice(["straight", "curly"])

    included = []
    for nm in names:
        bias = rng.uniform(-1, 1)
        for row in make_rows(rng, sizes[nm], items, bias, 0.15):
            row["_div"] = nm
            row["_nps"] = nps_value(rng, bias) if has_nps else None
            included.append(row)
    ensure_answered(rng, included, items)
    force_labels(rng, included, items)
    excluded = []
    for row in make_rows(rng, rng.randint(1, 3), items, 0.0, 0.1):  # blank division
        row["_div"] = ""
        row["_nps"] = nps_value(rng, 0) if has_nps else None
        excluded.append(row)
    for _ in range(rng.randint(1, 3)):  # no answered item
        row = all_missing_row(rng, items)
        row["_div"] = rng.choice(names)
        row["_nps"] = nps_value(rng, 0) if has_nps else None
        excluded.append(row)
    rows = included + excluded
    rng.shuffle(rows)

    columns = ["Respondent comment", div_header] + list(items) + (["_nps"] if has_nps else [])
    order = columns[:]
    rng.shuffle(order)
    headers = []
    for c in order:
        if c in items:
            headers.append(header_for(c, rng, s05_style))
        elif c == "_nps":
            headers.append(NPS_HEADER)
        else:
            headers.append(c)
    out = []
    for r in rows:
        line = []
        for c in order:
            if c in items:
                line.append(r[c])
            elif c == "_nps":
                line.append(r["_nps"])
            elif c == div_header:
                line.append(r["_div"])
            else:
                line.append(rng.choice(["", "ok", "More training please", "n/a"]))
        out.append(line)
    path = tmp / "survey.csv"
    write_csv(path, headers, out)
    return [path]


def gen_multi_file(tmp, seed, min_group):
    """Several CSVs without a division column: each file stem is the division.
    S05 header straight in one file and curly in another; columns shuffled;
    some files lack an item column."""
    rng = random.Random(seed)
    items = pick_items(rng, rng.randint(6, 9))
    mg = 5 if min_group is None else min_group
    stems = ["North", "South-East", "West Coast", "central"][: rng.randint(3, 4)]
    has_nps = rng.random() < 0.6
    file_items = {}
    for j, stem in enumerate(stems):
        its = dict(items)
        if j >= 2 and rng.random() < 0.6:
            drop = rng.choice([i for i in its if i != "S05"])
            del its[drop]
        file_items[stem] = its
    sizes = {}
    for j, stem in enumerate(stems):
        if j == len(stems) - 1:
            sizes[stem] = rng.randint(1, max(1, mg - 1))
        else:
            sizes[stem] = rng.randint(mg, mg + 12)
    per_file_rows = {}
    all_included = []
    for stem in stems:
        bias = rng.uniform(-1, 1)
        inc = make_rows(rng, sizes[stem], file_items[stem], bias, 0.15)
        ensure_answered(rng, inc, file_items[stem])
        for r in inc:
            r["_nps"] = nps_value(rng, bias) if has_nps else None
        per_file_rows[stem] = inc
        all_included.extend(inc)
    force_labels(rng, all_included, items)
    paths = []
    for j, stem in enumerate(stems):
        its = file_items[stem]
        rows = list(per_file_rows[stem])
        for _ in range(rng.randint(0, 2)):
            row = all_missing_row(rng, its)
            row["_nps"] = nps_value(rng, 0) if has_nps else None
            rows.append(row)
        rng.shuffle(rows)
        order = list(its) + (["_nps"] if has_nps else [])
        rng.shuffle(order)
        s05_style = (
            "straight" if j == 0 else ("curly" if j == 1 else rng.choice(["straight", "curly"]))
        )
        headers = [NPS_HEADER if c == "_nps" else header_for(c, rng, s05_style) for c in order]
        out = [[r[c] for c in order] for r in rows]
        path = tmp / (f"{stem}.csv")
        write_csv(path, headers, out)
        paths.append(path)
    return paths


# =========================================================================== running


def engine_command(paths, min_group):
    cmd = [
        sys.executable,
        "-m",
        "cxmaturity",
        "score",
        *[str(p) for p in paths],
        "--format",
        "json",
    ]
    if min_group is not None:
        cmd += ["--min-group-size", str(min_group)]
    return cmd


def run_engine(paths, min_group):
    proc = subprocess.run(
        engine_command(paths, min_group), cwd=str(REPO), capture_output=True, text=True, timeout=120
    )
    return proc


def parse_engine(proc):
    assert proc.returncode == 0, (
        f"engine failed ({proc.returncode}): {' '.join(proc.args)}\n"
        f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    )
    return json.loads(proc.stdout)


# =========================================================================== comparison


def _isnum(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class Checker:
    def __init__(self, exact):
        self.errors = []
        self.exact = exact

    def err(self, path, msg):
        self.errors.append(f"{path}: {msg}")

    def num(self, path, exp, got):
        if exp is None:
            if got is not None:
                self.err(path, f"expected null, got {got!r}")
            return
        if not _isnum(got):
            self.err(path, f"expected {exp!r}, got {got!r}")
            return
        if isinstance(got, float) and math.isnan(got):
            self.err(path, f"expected {exp!r}, got NaN")
            return
        if abs(float(exp) - float(got)) > TOL:
            self.err(path, f"expected {exp!r}, got {got!r}")

    def integer(self, path, exp, got):
        if not _isnum(got) or got != exp:
            self.err(path, f"expected {exp!r}, got {got!r}")

    def keys(self, path, d, keys):
        if not isinstance(d, dict):
            self.err(path, f"expected an object, got {d!r}")
            return False
        ok = True
        for k in keys:
            if k not in d:
                self.err(path, f"missing key {k!r}")
                ok = False
        return ok

    def statement(self, path, exp, got):
        keys = list(exp)
        if not self.keys(path, got, keys):
            keys = [k for k in keys if k in got]
        for k in keys:
            if k in ("n", "n_favourable"):
                self.integer(f"{path}.{k}", exp[k], got[k])
            else:
                self.num(f"{path}.{k}", exp[k], got[k])

    def group(self, path, exp, got, exact_score):
        if not self.keys(
            path, got, ["n", "score", "level", "level_name", "pillars", "statements", "nps"]
        ):
            return
        self.integer(path + ".n", exp["n"], got["n"])
        self.num(path + ".score", exp["score"], got["score"])
        lvl_ok = got["level"] == exp["level"]
        # exact score on a level boundary: accept the level the engine's own float implies
        if not lvl_ok and exact_score in (20, 40, 60, 80) and _isnum(got["score"]):
            lvl_ok = got["level"] == oracle.level_of(got["score"])
        if not lvl_ok:
            self.err(
                path + ".level",
                "expected {!r}, got {!r} (score {!r})".format(
                    exp["level"], got["level"], got["score"]
                ),
            )
        if not isinstance(got["level_name"], str):
            self.err(path + ".level_name", "not a string: {!r}".format(got["level_name"]))
        if self.keys(path + ".pillars", got["pillars"], oracle.PILLARS):
            for p in oracle.PILLARS:
                self.num(f"{path}.pillars.{p}", exp["pillars"][p], got["pillars"][p])
        gs = got["statements"]
        if isinstance(gs, dict):
            for item_id, es in exp["statements"].items():
                sp = f"{path}.statements.{item_id}"
                if item_id not in gs:
                    if es["n"] > 0:
                        self.err(sp, "missing statement")
                    continue
                self.statement(sp, es, gs[item_id])
            for item_id in gs:
                if item_id not in exp["statements"]:
                    self.err(
                        f"{path}.statements.{item_id}",
                        f"unexpected statement entry {gs[item_id]!r}",
                    )
        else:
            self.err(path + ".statements", "not an object")
        if exp["nps"] is None:
            if got["nps"] is not None:
                self.err(path + ".nps", "expected null, got {!r}".format(got["nps"]))
        elif self.keys(path + ".nps", got["nps"], list(exp["nps"])):
            self.integer(path + ".nps.n", exp["nps"]["n"], got["nps"]["n"])
            self.num(path + ".nps.score", exp["nps"]["score"], got["nps"]["score"])
            if exp["nps"]["n"] > 0:
                for k in ("pct_promoters", "pct_passives", "pct_detractors"):
                    self.num(f"{path}.nps.{k}", exp["nps"][k], got["nps"][k])

    def pick_ok(self, exp_name, got_name, item_id, got_divs, lowest):
        """Division choice in gaps.  Exact oracle choice required, unless the exact
        scores tie and the engine's own float scores justify its pick."""
        if got_name == exp_name:
            return True
        ds = self.exact["division_statement_scores"]
        if got_name not in ds or item_id not in ds[got_name]:
            return False
        if ds[got_name][item_id] != ds[exp_name][item_id]:
            return False
        try:
            g = got_divs[got_name]["statements"][item_id]["score"]
            e = got_divs[exp_name]["statements"][item_id]["score"]
        except (KeyError, TypeError):
            return False
        return g < e if lowest else g > e

    def top(self, exp, got):
        if not self.keys("$", got, list(exp)):
            pass
        for k in ("rows_read", "respondents", "rows_excluded", "min_group_size"):
            if k in got:
                self.integer(k, exp[k], got[k])
        if "exclusions" in got:
            gx = {r: c for r, c in (got["exclusions"] or {}).items() if _isnum(c) and c > 0}
            if gx != exp["exclusions"]:
                self.err(
                    "exclusions",
                    "expected {!r}, got {!r}".format(exp["exclusions"], got["exclusions"]),
                )
        if "items" in got and isinstance(got["items"], dict):
            for item_id, ei in exp["items"].items():
                if item_id not in got["items"]:
                    self.err("items." + item_id, "missing")
                    continue
                gi = got["items"][item_id]
                if not self.keys("items." + item_id, gi, ["text", "pillar"]):
                    continue
                if gi["pillar"] != ei["pillar"]:
                    self.err(
                        f"items.{item_id}.pillar",
                        "expected {!r}, got {!r}".format(ei["pillar"], gi["pillar"]),
                    )
                if ei["text"] is not None and gi["text"] != ei["text"]:
                    self.err(
                        f"items.{item_id}.text",
                        "expected {!r}, got {!r}".format(ei["text"], gi["text"]),
                    )
        if "organisation" in got:
            self.group(
                "organisation",
                exp["organisation"],
                got["organisation"],
                self.exact["organisation_score"],
            )
        got_divs = got.get("divisions")
        if isinstance(got_divs, dict):
            if set(got_divs) != set(exp["divisions"]):
                self.err(
                    "divisions",
                    "names: expected {!r}, got {!r}".format(
                        sorted(exp["divisions"]), sorted(got_divs)
                    ),
                )
            for name, ed in exp["divisions"].items():
                if name not in got_divs:
                    continue
                gd = got_divs[name]
                path = f"divisions[{name!r}]"
                if not self.keys(path, gd, ["n", "suppressed"]):
                    continue
                if gd["suppressed"] is not ed["suppressed"]:
                    self.err(
                        path + ".suppressed",
                        "expected {!r}, got {!r}".format(ed["suppressed"], gd["suppressed"]),
                    )
                    continue
                if ed["suppressed"]:
                    self.integer(path + ".n", ed["n"], gd["n"])
                    extra = SCORE_KEYS & set(gd)
                    if extra:
                        self.err(path, f"suppressed division exposes {sorted(extra)!r}")
                else:
                    self.group(path, ed, gd, self.exact["division_scores"][name])
        if isinstance(got.get("gaps"), dict):
            gg = got["gaps"]
            if set(gg) != set(exp["gaps"]):
                self.err(
                    "gaps",
                    "statements: expected {!r}, got {!r}".format(sorted(exp["gaps"]), sorted(gg)),
                )
            for item_id, eg in exp["gaps"].items():
                if item_id not in gg:
                    continue
                path = f"gaps.{item_id}"
                g = gg[item_id]
                if not self.keys(path, g, list(eg)):
                    continue
                for k in ("range", "std", "icc1"):
                    self.num(f"{path}.{k}", eg[k], g[k])
                for k, lowest in (("min_division", True), ("max_division", False)):
                    if not self.pick_ok(eg[k], g[k], item_id, got_divs or {}, lowest):
                        self.err(f"{path}.{k}", f"expected {eg[k]!r}, got {g[k]!r}")


def check(paths, min_group, proc=None):
    """Compare the engine (optionally an already finished run) with the oracle."""
    mg = 5 if min_group is None else min_group
    exp, exact = oracle.expected_result(paths, mg, with_exact=True)
    got = parse_engine(proc if proc is not None else run_engine(paths, min_group))
    c = Checker(exact)
    c.top(exp, got)
    if c.errors:
        msg = "\n".join(c.errors[:40])
        more = "" if len(c.errors) <= 40 else f"\n... and {len(c.errors) - 40} more"
        pytest.fail(
            f"engine disagrees with oracle on {[str(p) for p in paths]} "
            f"(--min-group-size {min_group}):\n{msg}{more}"
        )
    return exp, got


# =========================================================================== hand-made inputs


def build_edge(tmp):
    """Identical divisions (min/max tie -> alphabetical), zero variance (CI == mean,
    rwg == 1), single-answer divisions (ICC null because N - G < 1, CI/rwg null)."""
    s05 = oracle.ITEMS["S05"][1].replace("\u2019", "'")
    headers = ["Team", "S01", s05, "S09", NPS_HEADER, "T02"]
    rows = [
        ["Beta", "Agree", "Yes", "3", "10", ""],
        ["Beta", "Disagree", "No", "5", "", ""],
        ["Alpha", "Disagree", "No", "5", "6", ""],
        ["Alpha", "Agree", "Yes", "3", "8", ""],
        ["Gamma", "Strongly agree", "", "", "", "Agree"],
        ["Delta", "", "Yes", "", "9", "Strongly disagree"],
        ["Zeta", "Agree", "Yes", "4", "0", ""],
        ["Zeta", "Agree", "Yes", "4", "0", ""],
        ["Zeta", "Agree", "Yes", "4", "0", ""],
        ["", "Agree", "Yes", "4", "0", ""],
        ["Alpha", "N/A", "Don't know", "Prefer not to say", "7", "Not applicable"],
    ]
    path = tmp / "edge.csv"
    write_csv(path, headers, rows)
    return [path]


def build_one_division(tmp):
    """A single non-suppressed division: gaps range 0, std/icc1 null."""
    rng = random.Random(99)
    headers = ["Division", oracle.ITEMS["S02"][1], oracle.ITEMS["S06"][1], "T01"]
    rows = []
    for i in range(9):
        rows.append(["Only", LAB7[i % 7], LAB5[(i * 3) % 5], str(1 + (i * 2) % 5)])
    rows.append(["Tiny", "Agree", "Agree", "2"])
    rng.shuffle(rows)
    path = tmp / "one.csv"
    write_csv(path, headers, rows)
    return [path]


# =========================================================================== cases

# seed -> --min-group-size (None = default 5)
SINGLE_SEEDS = [(1, None), (2, 3), (3, 8), (4, None), (5, 4)]
MULTI_SEEDS = [(11, None), (12, 3), (13, 7), (14, None)]

CASES = {}
for _seed, _mg in SINGLE_SEEDS:
    CASES[f"single-{_seed}"] = (lambda d, s=_seed, m=_mg: gen_single_file(d, s, m), _mg)
for _seed, _mg in MULTI_SEEDS:
    CASES[f"multi-{_seed}"] = (lambda d, s=_seed, m=_mg: gen_multi_file(d, s, m), _mg)
CASES["edge-mg1"] = (build_edge, 1)
CASES["edge-mg3"] = (build_edge, 3)
CASES["one-division"] = (build_one_division, None)


@pytest.fixture(scope="session")
def engine_runs(tmp_path_factory):
    """Write every case's CSVs and start all engine runs at once (a small thread
    pool), so the ~2 s interpreter start-up of each CLI call overlaps."""
    base = tmp_path_factory.mktemp("oracle_cases")
    inputs = {}
    for cid, (build, mg) in CASES.items():
        d = base / cid
        d.mkdir()
        inputs[cid] = (build(d), mg)
    pool = ThreadPoolExecutor(max_workers=3)
    futures = {cid: pool.submit(run_engine, *inputs[cid]) for cid in CASES}
    yield inputs, futures
    pool.shutdown(wait=True)


def run_case(engine_runs, cid):
    inputs, futures = engine_runs
    paths, mg = inputs[cid]
    return check(paths, mg, futures[cid].result())


# =========================================================================== tests


@pytest.mark.parametrize("seed,min_group", SINGLE_SEEDS)
def test_single_file_with_division_column(engine_runs, seed, min_group):
    exp, _got = run_case(engine_runs, f"single-{seed}")
    # the generator really exercised what it is meant to
    assert exp["exclusions"].get("no division", 0) > 0
    assert exp["exclusions"].get("no answered item", 0) > 0
    assert any(d["suppressed"] for d in exp["divisions"].values())
    assert sum(1 for d in exp["divisions"].values() if not d["suppressed"]) >= 2


@pytest.mark.parametrize("seed,min_group", MULTI_SEEDS)
def test_multiple_files_stem_is_division(engine_runs, seed, min_group):
    exp, _got = run_case(engine_runs, f"multi-{seed}")
    paths = engine_runs[0][f"multi-{seed}"][0]
    assert set(exp["divisions"]) == {p.stem for p in paths}
    assert any(d["suppressed"] for d in exp["divisions"].values())


def test_generators_cover_every_answer_kind(engine_runs):
    """Across the generated cases: every answer kind, both S05 apostrophes,
    NPS present and absent, T items by id, several min group sizes.  Oracle only."""
    kinds, nps, s05, ids = set(), set(), set(), set()
    for seed, mg in SINGLE_SEEDS + MULTI_SEEDS:
        rng = random.Random(seed)
        items = pick_items(rng, rng.randint(6, 10) if seed < 10 else rng.randint(6, 9))
        kinds |= set(items.values())
        cid = ("single-%d" if seed < 10 else "multi-%d") % seed
        paths = engine_runs[0][cid][0]
        exp = oracle.expected_result(paths, 5 if mg is None else mg)
        nps.add(exp["organisation"]["nps"] is None)
        ids |= set(exp["items"])
        for p in paths:
            head = p.read_text(encoding="utf-8").splitlines()[0]
            if "everyone's" in head:
                s05.add("straight")
            if "everyone\u2019s" in head:
                s05.add("curly")
    assert kinds == set(KINDS)
    assert nps == {True, False}
    assert s05 == {"straight", "curly"}
    assert ids & {"T01", "T02", "T03"}
    assert {mg for _s, mg in SINGLE_SEEDS + MULTI_SEEDS} >= {None, 3, 8}


def test_ties_one_respondent_divisions_and_flat_answers(engine_runs):
    exp, _got = run_case(engine_runs, "edge-mg1")
    assert exp["gaps"]["S01"]["max_division"] == "Gamma"
    assert exp["divisions"]["Zeta"]["statements"]["S01"]["rwg"] == 1.0
    assert exp["gaps"]["S05"]["min_division"] == "Alpha"  # Alpha and Beta tie at 50
    assert exp["gaps"]["S05"]["max_division"] == "Delta"  # Delta and Zeta tie at 100
    assert exp["gaps"]["T02"]["icc1"] is None and exp["gaps"]["T02"]["std"] is not None
    assert exp["divisions"]["Gamma"]["statements"]["T02"]["rwg"] is None
    exp2, _ = run_case(engine_runs, "edge-mg3")
    assert exp2["divisions"]["Gamma"] == {"n": 1, "suppressed": True}
    assert "T02" not in exp2["gaps"]


def test_single_unsuppressed_division(engine_runs):
    exp, _got = run_case(engine_runs, "one-division")
    assert exp["gaps"]["S02"]["range"] == 0.0 and exp["gaps"]["S02"]["std"] is None
    assert exp["organisation"]["pillars"]["technology"] is not None
