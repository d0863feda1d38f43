"""Shared fixtures: sample files, a store loaded with them, hand-built tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.contract.schema import STORED_TABLES, empty_frame, from_stored, to_stored
from dashboard.ingest import commit_upload
from dashboard.sample import generate
from dashboard.settings import Settings
from dashboard.store import Tables

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    """The ``bench`` tier runs only when asked for by name (``-m bench``): ``scripts/dev.py test`` runs it after
    the rest. Any other ``-m`` expression (``-m "not browser"``) still leaves it out."""
    if "bench" in (config.getoption("markexpr") or ""):
        # The longest test first, so that with several workers (pytest-xdist) it runs beside the rest, not after.
        items.sort(key=lambda item: not item.get_closest_marker("bench"))
        return
    bench = [item for item in items if item.get_closest_marker("bench")]
    if bench:
        config.hook.pytest_deselected(items=bench)
        items[:] = [item for item in items if not item.get_closest_marker("bench")]


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    generate(out)
    return out


@pytest.fixture(scope="session")
def sample_store_ro(tmp_path_factory, sample_dir) -> Path:
    """A store holding the one-ward sample (shared: never write to it)."""
    store = tmp_path_factory.mktemp("store") / "store"
    commit_upload(sorted(sample_dir.glob("*.csv")), store, user="test", settings=Settings.load(store=store))
    return store


@pytest.fixture
def sample_store(tmp_path, sample_store_ro) -> Path:
    """A private copy of the sample store, free to write to."""
    copy = tmp_path / "store"
    shutil.copytree(sample_store_ro, copy)
    return copy


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.load(store=tmp_path / "store", default_unit="Đảng ủy phường A")


def make_tables(**frames: list[dict]) -> Tables:
    """Tables from row dicts, typed exactly as the store types them."""
    built = {}
    for name in STORED_TABLES:
        rows = frames.get(name, [])
        if not rows:
            built[name] = empty_frame(name)
            continue
        schema_columns = to_stored(name, pd.DataFrame(columns=_columns(name))).schema.names
        frame = pd.DataFrame(rows, columns=schema_columns)
        for column in ("date", "end_date", "as_of", "retired_from", "renamed_on", "valid_from", "valid_to"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column])
        if name == "conferences" and len(frame):
            frame["quarter"] = frame["date"].dt.to_period("Q").astype(str).str.replace("Q", "-Q", regex=False)
        built[name] = from_stored(to_stored(name, frame))
    units = sorted(set(built["organizations"]["unit"]) | set(built["conferences"]["unit"]))
    return Tables(**built, version=1, units=tuple(units))


def _columns(name: str) -> list[str]:
    from dashboard.contract.schema import STORED_SCHEMAS

    return STORED_SCHEMAS[name].names
