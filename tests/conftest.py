"""Shared fixtures. The spaCy model and the gazetteer load once per test session."""

from __future__ import annotations

import pytest

from sitrep.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()
