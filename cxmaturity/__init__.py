"""cxmaturity: how mature the customer work is in each division, and where divisions differ."""

from __future__ import annotations

from cxmaturity.errors import CxMaturityError, FrameworkError, Problem, SurveyError
from cxmaturity.framework import Framework, Item, Pillar, load_framework
from cxmaturity.levels import Level, level_for, load_levels
from cxmaturity.mapping import ColumnMapping, load_mapping
from cxmaturity.report import FileReport, ImportReport
from cxmaturity.results import Division, GroupScores, Results
from cxmaturity.sample import sample_survey
from cxmaturity.scales import Scale, load_scales
from cxmaturity.scoring import DEFAULT_MIN_GROUP_SIZE, score
from cxmaturity.survey import (
    Survey,
    build_survey,
    read_survey,
    read_uploads,
)

__all__ = [
    "DEFAULT_MIN_GROUP_SIZE",
    "ColumnMapping",
    "CxMaturityError",
    "Division",
    "FileReport",
    "Framework",
    "FrameworkError",
    "GroupScores",
    "ImportReport",
    "Item",
    "Level",
    "Pillar",
    "Problem",
    "Results",
    "Scale",
    "Survey",
    "SurveyError",
    "build_survey",
    "level_for",
    "load_framework",
    "load_levels",
    "load_mapping",
    "load_scales",
    "read_survey",
    "read_uploads",
    "sample_survey",
    "score",
]
