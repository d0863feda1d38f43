"""Stores shared by the ingest tests: built once per test process, copied for each test that writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import commit_upload
from dashboard.settings import Settings

from tests.ingest.helpers import UNIT, base_files, store_copy


@pytest.fixture(scope="session")
def base_store_ro(tmp_path_factory) -> Path:
    """A store holding ``base_files()`` for ward A, committed with no user name: version 1 (shared: never write
    to it, take ``base_store`` or ``based``)."""
    store = tmp_path_factory.mktemp("base") / "store"
    result = commit_upload(base_files(), store, settings=Settings.load(store=store, default_unit=UNIT))
    assert result.committed and result.version == 1
    return store


@pytest.fixture
def base_store(tmp_path, base_store_ro) -> Path:
    """A private copy of ``base_store_ro`` (``tmp_path / "store"``): as if the test had uploaded ``base_files()``."""
    return store_copy(base_store_ro, tmp_path)


@pytest.fixture
def based(base_store) -> Settings:
    """Ward A's settings on a private copy of ``base_store_ro``."""
    return Settings.load(store=base_store, default_unit=UNIT)
