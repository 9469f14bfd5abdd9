"""Where the bundled data files live."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
SAMPLE_SURVEY = DATA_DIR / "sample_survey.csv"
