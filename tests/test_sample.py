"""Sample data: deterministic, realistic, consistent, with the real 27/4/2023 briefing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from dashboard.contract.text import fold_key
from dashboard.sample import FOUNDING_UNIT, generate
from dashboard.store import load
from dashboard.transforms import topic_coverage

ROOT = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.csv")))).hexdigest()


def test_deterministic_for_a_seed(tmp_path):
    generate(tmp_path / "a", seed=7)
    generate(tmp_path / "b", seed=7)
    generate(tmp_path / "c", seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_bundled_samples_are_the_default_output(tmp_path):
    generate(tmp_path)
    assert _digest(tmp_path) == _digest(ROOT / "data" / "samples")


def test_invariants(sample_store_ro):
    tables = load(sample_store_ro)
    orgs, conf, att = tables.organizations, tables.conferences, tables.attendance
    assert (orgs["org_type"] == "chi_bo").sum() == 24
    assert 500 <= orgs.loc[orgs["org_type"] == "chi_bo", "party_members"].sum() <= 1200
    keys = set(zip(conf["unit"], conf["conference_id"]))
    assert all(k in keys for k in zip(att["unit"], att["conference_id"]))
    registered = set(zip(orgs["unit"], orgs["organization"]))
    assert all(k in registered for k in zip(att["unit"], att["organization"]))
    assert (att["party_members"].fillna(0) <= att["attendees"]).all()
    assert set(conf["kind"]) >= {"thong_tin_thoi_su", "hoc_tap_quan_triet", "chuyen_de", "so_ket_tong_ket"}
    assert conf["quarter"].min() == "2021-Q1" and conf["quarter"].max() == "2025-Q4"
    briefings = conf[conf["kind"].isin(["thong_tin_thoi_su", "truc_tuyen"])].groupby("quarter").size()
    assert len(briefings) == 20  # one briefing every quarter
    per_event = att.groupby("conference_id")["attendees"].sum()
    ward_wide = conf[conf["kind"] == "thong_tin_thoi_su"]["conference_id"]
    assert per_event[ward_wide].between(120, 450).all()


def test_the_real_conference_of_27_april_2023(sample_store_ro):
    tables = load(sample_store_ro)
    real = tables.conferences[tables.conferences["date"] == pd.Timestamp("2023-04-27")]
    assert len(real) == 1
    row = real.iloc[0]
    assert row["unit"] == FOUNDING_UNIT
    assert row["title"] == "Hội nghị thông tin thời sự Quý II năm 2023"
    assert row["kind"] == "thong_tin_thoi_su" and row["quarter"] == "2023-Q2"
    assert row["documents"] == "35-NQ/TW; 85-QĐ/TW; 99-HD/BTGTW"
    assert pd.isna(row["attendees_total"])  # the article published no head count
    attending = tables.attendance[tables.attendance["conference_id"] == row["conference_id"]]
    types = attending.merge(tables.organizations, on=["unit", "organization"])["org_type"]
    assert (types == "chi_bo").sum() == 24 and {"mttq", "hoi_ccb", "chinh_quyen"} <= set(types)


def test_study_rates_in_the_documented_ranges(sample_store_ro):
    tables = load(sample_store_ro)
    strong = topic_coverage(tables, quarters=("2023-Q1", "2025-Q4"), kind="hoc_tap_quan_triet")
    weak = topic_coverage(tables, quarters=("2021-Q1", "2021-Q4"), kind="hoc_tap_quan_triet")
    assert strong["study_rate"].between(0.9, 1.0).all()
    assert weak["study_rate"].max() < 0.9  # 2021 is the weaker year


def test_multi_ward(tmp_path):
    generate(tmp_path, wards=3, years=(2024, 2024))
    frame = pd.read_csv(tmp_path / "organizations.csv", encoding="utf-8-sig")
    units = frame["Đơn vị"].unique()
    assert len(units) == 3 and FOUNDING_UNIT in units
    assert len({fold_key(u) for u in units}) == 3
