"""Saved waves: SQLite always, PostgreSQL when ``CXMATURITY_TEST_DATABASE_URL`` names a server.

Every test runs against each database (``.ci/run`` starts a PostgreSQL server on loopback and
sets the variable, so CI runs both). PostgreSQL tests each get a schema of their own.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import cxmaturity.store as store_module
from cxmaturity.errors import CxMaturityError
from cxmaturity.sample import sample_survey
from cxmaturity.scoring import score
from cxmaturity.store import DATABASE_ENV, FileFingerprint, Store, StoreError, default_url
from cxmaturity.store.schema import metadata
from cxmaturity.survey import read_survey
from tests.cli_runs import run_cli
from tests.conftest import ROOT

EXPORTS = ROOT / "tests" / "fixtures" / "exports"
POSTGRES = os.environ.get("CXMATURITY_TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path: Path, monkeypatch) -> str:
    """A fresh, empty database of each kind; also what the command line will use."""
    if request.param == "sqlite":
        address = f"sqlite:///{tmp_path / 'waves.db'}"
    else:
        if not POSTGRES:
            pytest.skip("CXMATURITY_TEST_DATABASE_URL is not set (.ci/run sets it)")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(_psycopg(POSTGRES))
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        request.addfinalizer(lambda: _drop_schema(admin, schema))
        address = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv(DATABASE_ENV, address)
    return address


def _psycopg(address: str) -> str:
    return address.replace("postgresql://", "postgresql+psycopg://", 1)


def _drop_schema(admin: sa.Engine, schema: str) -> None:
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, Path]:
    """Three sample exports of 400 respondents (different seeds: different files)."""
    paths = {}
    for seed in (1, 2, 3):
        path = tmp_path / f"round{seed}.csv"
        sample_survey(400, 6, seed).to_csv(path, index=False)
        paths[f"round{seed}"] = path
    return paths


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


# -- what a wave keeps --------------------------------------------------------------------------


def test_a_saved_wave_scores_exactly_like_its_file(url, exports):
    store = Store(url)
    path = exports["round1"]
    survey = read_survey([path])
    store.save(survey, name="Q1 2026", files=[FileFingerprint.of_path(path)])
    loaded = store.load("Q1 2026")
    assert np.array_equal(loaded.codes, survey.codes)
    pd.testing.assert_frame_equal(loaded.respondents, survey.respondents)
    assert loaded.report == survey.report
    assert loaded.framework == survey.framework
    assert score(loaded).to_dict() == score(survey).to_dict()
    assert (
        score(loaded, min_group_size=5, filters={"role": "manager"}).to_dict()
        == score(survey, min_group_size=5, filters={"role": "manager"}).to_dict()
    )


@pytest.mark.parametrize(
    "name",
    ["nine_statement.csv", "qualtrics_current.csv", "google_forms.xlsx", "surveymonkey.csv"],
)
def test_real_export_shapes_round_trip(url, name):
    path = EXPORTS / name
    survey = read_survey([path])
    store = Store(url)
    store.save(survey, name=name, files=[FileFingerprint.of_path(path)])
    loaded = store.load(name)
    pd.testing.assert_frame_equal(loaded.respondents, survey.respondents)
    assert score(loaded, min_group_size=1).to_dict() == score(survey, min_group_size=1).to_dict()


def test_a_wave_never_holds_a_personal_column_or_the_raw_file(url):
    path = EXPORTS / "qualtrics_current.csv"
    survey = read_survey([path])
    assert survey.report.files[0].personal_dropped  # the export has names and e-mails
    store = Store(url)
    store.save(survey, name="with e-mails", files=[FileFingerprint.of_path(path)])
    raw = pd.read_csv(path, dtype=str)
    personal = [c for c in raw.columns if c in survey.report.files[0].personal_dropped]
    values = {v for c in personal for v in raw[c].dropna().iloc[2:] if len(v) > 3}
    assert values
    with store.engine.connect() as conn:
        dumped = " ".join(
            str(row)
            for table in ("waves", "wave_files", "respondents")
            for row in conn.execute(sa.text(f"SELECT * FROM {table}")).all()
        )
    assert not [v for v in values if v in dumped]


def test_statement_wordings_are_kept_per_wave(url):
    store = Store(url)
    old = EXPORTS / "nine_statement.csv"
    store.save(read_survey([old]), name="old form", files=[FileFingerprint.of_path(old)])
    wordings = store.wordings("old form")
    assert wordings["S03"] == wordings["S04"] == "bliss-9 statement 3"
    assert wordings["S01"] == "bliss-11"


# -- refusing politely ---------------------------------------------------------------------------


def test_the_same_file_twice_is_refused(url, exports):
    store = Store(url)
    path = exports["round1"]
    survey = read_survey([path])
    store.save(survey, name="Q1", files=[FileFingerprint.of_path(path)])
    with pytest.raises(StoreError, match=r"round1\.csv is already saved, in wave 'Q1'"):
        store.save(survey, name="Q1 again", files=[FileFingerprint.of_path(path)])
    assert store.saved_in([FileFingerprint.of_path(path)]) == {"round1.csv": "Q1"}
    assert [w.name for w in store.waves()] == ["Q1"]


def test_names_are_unique_tidy_and_checked(url, exports):
    store = Store(url)
    survey = read_survey([exports["round1"]])
    wave = store.save(survey, name="  Q1   2026 ", files=[])
    assert wave.name == "Q1 2026"
    with pytest.raises(StoreError, match="already exists"):
        store.save(survey, name="Q1 2026", files=[])
    for bad, message in [
        ("   ", "needs a name"),
        ("x" * 101, "at most 100"),
        ("a\x07b", "control"),
    ]:
        with pytest.raises(StoreError, match=message):
            store.save(survey, name=bad, files=[])


def test_rename_and_delete(url, exports):
    store = Store(url)
    for key in ("round1", "round2"):
        path = exports[key]
        store.save(read_survey([path]), name=key, files=[FileFingerprint.of_path(path)])
    with pytest.raises(StoreError, match="already exists"):
        store.rename("round1", "round2")
    assert store.rename("round1", "First").name == "First"
    assert {w.name for w in store.waves()} == {"First", "round2"}
    deleted = store.delete("First")
    assert deleted.respondents > 0
    assert [w.name for w in store.waves()] == ["round2"]
    assert _count(store, "respondents") == store.wave("round2").respondents
    assert _count(store, "answers") == len(store.load("round2").items)
    with pytest.raises(StoreError, match=r"no wave named 'First' \(saved waves: round2\)"):
        store.load("First")
    # its file may now be imported again
    store.save(read_survey([exports["round1"]]), name="again", files=[])


def test_waves_are_listed_by_date_then_by_import(url, exports):
    store = Store(url)
    survey = read_survey([exports["round1"]])
    store.save(survey, name="undated", files=[])
    store.save(survey, name="March", files=[], date=dt.date(2020, 3, 31))
    store.save(survey, name="January", files=[], date=dt.date(2020, 1, 31))
    assert [w.name for w in store.waves()] == ["January", "March", "undated"]
    assert store.latest().name == "undated"


# -- all or nothing; side by side -------------------------------------------------------------


def test_an_import_that_fails_half_way_leaves_no_trace(url, exports, monkeypatch):
    store = Store(url)
    path = exports["round1"]
    store.save(read_survey([exports["round2"]]), name="before", files=[])
    real = store_module._bulk_insert

    def breaks_after_writing(conn, table, batches):
        real(conn, table, batches)  # the respondents are written …
        raise OSError("disk full")  # … and then the disk fills

    monkeypatch.setattr(store_module, "_bulk_insert", breaks_after_writing)
    with pytest.raises(OSError, match="disk full"):
        store.save(read_survey([path]), name="Q1", files=[FileFingerprint.of_path(path)])
    monkeypatch.undo()
    assert [w.name for w in store.waves()] == ["before"]
    for table in ("waves", "wave_files"):
        assert _count(store, table) == (1 if table == "waves" else 0)
    assert _count(store, "respondents") == store.wave("before").respondents
    store.save(read_survey([path]), name="Q1", files=[FileFingerprint.of_path(path)])
    assert [w.name for w in store.waves()] == ["before", "Q1"]


def _import_in_another_process(args: tuple[str, str, str, str]) -> tuple[int, str]:
    url, path, name, start = args
    os.environ[DATABASE_ENV] = url
    from cxmaturity.cli import main

    while dt.datetime.now().timestamp() < float(start):  # start together
        pass
    code = main(["import", path, "--wave", name])
    return code, name


def test_two_processes_importing_at_once_both_land(url, tmp_path):
    paths = []
    for seed in (11, 12):
        path = tmp_path / f"big{seed}.csv"
        sample_survey(6000, 8, seed).to_csv(path, index=False)
        paths.append(path)
    start = dt.datetime.now().timestamp() + 3
    jobs = [(url, str(p), f"wave {k}", str(start)) for k, p in enumerate(paths)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        outcomes = pool.map(_import_in_another_process, jobs)
    assert [code for code, _ in outcomes] == [0, 0]
    store = Store(url)
    assert sorted(w.name for w in store.waves()) == ["wave 0", "wave 1"]
    for k, path in enumerate(paths):
        assert score(store.load(f"wave {k}")).to_dict() == score(read_survey([path])).to_dict()


# -- the schema ---------------------------------------------------------------------------------


def test_migrations_build_exactly_the_declared_schema(url):
    store = Store(url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == "0001"


def test_a_database_from_a_newer_version_is_refused(url):
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    store_module._MIGRATED.clear()
    with pytest.raises(StoreError, match="newer version of cxmaturity"):
        Store(url)


def test_the_default_database_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(DATABASE_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_url().startswith("sqlite:///")
    assert default_url().endswith("cxmaturity.db")
    assert str(tmp_path) in default_url()


@pytest.mark.parametrize(
    "address, message",
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@localhost/db", "SQLite or PostgreSQL"),
        (
            "postgresql://cx:s3cret@127.0.0.1:9/nowhere",
            r"database at postgresql://cx:\*\*\*@127\.0\.0\.1:9/nowhere cannot be used",
        ),
    ],
)
def test_an_unusable_database_is_one_line_without_the_password(address, message):
    with pytest.raises(StoreError, match=message) as caught:
        Store(address)
    assert "s3cret" not in str(caught.value)
    assert "\n" not in str(caught.value)


# -- the command line ---------------------------------------------------------------------------


def test_cli_import_list_score_findings_rename_delete(url, exports):
    first = run_cli(["import", exports["round1"], "--wave", "Q1 2026", "--date", "2026-03-31"])
    assert first.code == 0, first.err
    assert "saved wave 'Q1 2026' (2026-03-31)" in first.out
    assert run_cli(["import", exports["round2"], "--wave", "Q2 2026"]).code == 0
    again = run_cli(["import", exports["round1"], "--wave", "Q3"])
    assert again.code == 2 and "already saved, in wave 'Q1 2026'" in again.err

    listed = run_cli(["waves", "--format", "json"])
    assert [w["name"] for w in __import__("json").loads(listed.out)["waves"]] == [
        "Q1 2026",
        "Q2 2026",
    ]
    by_wave = run_cli(["score", "--wave", "Q1 2026"])
    by_file = run_cli(["score", exports["round1"]])
    assert by_wave.code == 0 and by_wave.out == by_file.out
    both = run_cli(["score", exports["round1"], "--wave", "Q1 2026"])
    assert both.code == 2 and "not both" in both.err
    neither = run_cli(["score"])
    assert neither.code == 2 and "--wave NAME" in neither.err

    findings = run_cli(["findings", "--wave", "Q2 2026", "--format", "text"])
    assert findings.code == 0 and "[level]" in findings.out

    assert run_cli(["rename-wave", "Q2 2026", "Second"]).code == 0
    refused = run_cli(["delete-wave", "Second"])  # no terminal to ask: needs --yes
    assert refused.code == 2 and "--yes" in refused.err
    assert run_cli(["delete-wave", "Second", "--yes"]).code == 0
    assert "Second" not in run_cli(["waves"]).out


def test_cli_trends_text_json_and_csv(url, exports):
    for k, key in enumerate(("round1", "round2", "round3"), start=1):
        assert (
            run_cli(["import", exports[key], "--wave", f"W{k}", "--date", f"2026-0{k}-01"]).code
            == 0
        )
    text = run_cli(["trends"])
    assert text.code == 0, text.err
    assert "change since W1, in W2:" in text.out and "change since W2, in W3:" in text.out
    document = __import__("json").loads(run_cli(["trends", "--format", "json"]).out)
    assert [w["name"] for w in document["waves"]] == ["W1", "W2", "W3"]
    csv = run_cli(["trends", "--measure", "S04", "--format", "csv"])
    assert csv.code == 0 and csv.out.splitlines()[0].startswith("before_wave,wave,group")
    bad = run_cli(["trends", "--measure", "S99"])
    assert bad.code == 2 and "is not one of" in bad.err


def test_cli_store_errors_are_one_line(monkeypatch):
    monkeypatch.setenv(DATABASE_ENV, "postgresql://cx:s3cret@127.0.0.1:9/nowhere")
    run = run_cli(["waves"])
    assert run.code == 2
    assert run.err.count("\n") == 1 and "s3cret" not in run.err
    assert isinstance(StoreError("x"), CxMaturityError)
