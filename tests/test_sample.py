"""Sample data: deterministic, realistic, consistent, with the real 27/4/2023 briefing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from dashboard.contract.text import fold_key
from dashboard.sample import FOUNDING_UNIT, MERGED_UNIT, generate
from dashboard.store import load
from dashboard.transforms import apply_filters, quarterly_activity, topic_coverage

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
    ward = orgs[orgs["unit"] == FOUNDING_UNIT]
    assert (ward["org_type"] == "chi_bo").sum() == 24
    assert 500 <= ward.loc[ward["org_type"] == "chi_bo", "party_members"].sum() <= 1200
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


def test_the_founding_record_says_what_the_post_says(sample_store_ro):
    """../shared/examples/thanh-khe-tay-2023-04-27.txt: session, speakers, the groups it names and no others."""
    tables = load(sample_store_ro)
    real = tables.conferences[(tables.conferences["unit"] == FOUNDING_UNIT)
                              & (tables.conferences["date"] == pd.Timestamp("2023-04-27"))].iloc[0]
    assert real["session"] == "chieu"  # "chiều ngày 27/4/2023"
    assert pd.isna(real["location"]) and pd.isna(real["attendees_total"])  # the post names neither
    first, district, secretary = real["speakers"].split("; ")
    assert first.startswith("Thượng tướng,") and "Thiếu tướng" not in real["speakers"]
    assert "nguyên Ủy viên Trung ương Đảng" in first and "nguyên Giám đốc Học viện Quốc phòng" in first
    assert "Phó Trưởng ban Thường trực Ban Tuyên giáo Quận ủy" in district
    assert "Bí thư Đảng ủy" in secretary and "Trưởng Ban Tuyên giáo Đảng ủy phường" in secretary

    attending = tables.attendance[(tables.attendance["unit"] == FOUNDING_UNIT)
                                  & (tables.attendance["conference_id"] == real["conference_id"])]
    orgs = tables.organizations[tables.organizations["unit"] == FOUNDING_UNIT]
    rows = attending.merge(orgs, on=["unit", "organization"], suffixes=("", "_registered"))
    assert len(rows) == len(attending)
    # Thường trực, BTV, BCH; Front and socio-political unions; all CBCC; 24 chi bộ; the veterans' branches.
    assert rows.groupby("org_type").size().to_dict() == {
        "dang_uy": 1, "mttq": 1, "hoi_lhpn": 1, "doan_tn": 1, "hoi_ccb": 1, "cong_doan": 1, "chinh_quyen": 1, "chi_bo": 24}
    assert not rows["organization"].str.contains("Người cao tuổi|Chữ thập đỏ").any()
    staff = rows[rows["org_type"] == "chinh_quyen"].iloc[0]
    assert staff["attendees"] == staff["members"] and staff["party_members"] == staff["party_members_registered"]


def test_study_rates_in_the_documented_ranges(sample_store_ro):
    # Each batch's campaign: two sessions (cụm) at 70–100 % of a cell's members, make-up sessions after.
    # Until the merger of 1/7/2025, read with the former ward's registry (in force on 30/6/2025). The
    # campaign on 66- and 68-NQ/TW (June–July 2025) is split by the merger: not one ward's rate here.
    coverage = topic_coverage(load(sample_store_ro), kind="hoc_tap_quan_triet", unit=FOUNDING_UNIT,
                              quarters=(None, "2025-Q2")).set_index("document")
    coverage = coverage.drop(["66-NQ/TW@2025-04-30", "68-NQ/TW@2025-05-04"])
    weak = coverage.loc[["Nghị quyết Đại hội XIII@2021-02-01", "21-KL/TW@2021-10-25", "37-QĐ/TW@2021-10-25"]]
    strong = coverage.drop(weak.index)
    assert len(strong) >= 10 and strong["study_rate"].between(0.7, 1.0).all()
    assert (strong["study_rate"] < 0.95).any()  # realistic: not every campaign reaches the target
    assert weak["study_rate"].max() < 0.9  # 2021 is the weaker year: no make-up sessions


def test_roles_of_the_sample_links(sample_store_ro):
    tables = load(sample_store_ro)
    links = tables.conference_documents.merge(tables.conferences[["unit", "conference_id", "date", "kind"]])
    real = links[links["date"] == pd.Timestamp("2023-04-27")].set_index("code")["role"].to_dict()
    # As the post says: 35-NQ/TW disseminated ("tuyên truyền"), 85 and 99 studied ("quán triệt, triển khai").
    assert real == {"35-NQ/TW": "disseminated", "85-QĐ/TW": "studied", "99-HD/BTGTW": "studied"}
    others = links[links["date"] != pd.Timestamp("2023-04-27")]
    roles = others.groupby("kind")["role"].agg(set).to_dict()
    assert roles["thong_tin_thoi_su"] == {"disseminated"} and roles["hoc_tap_quan_triet"] == {"studied"}
    assert roles["truc_tuyen"] == {"disseminated"}  # the 2021 relay: its "Vai trò văn bản" says so
    assert set(links["status"]) <= {"exact", "resolved"}  # the sample's references all name catalogued documents
    # Make-up sessions exist and some fall in the next quarter of their campaign.
    make_up = tables.conferences[tables.conferences["title"].str.startswith("Học bù")]
    assert len(make_up) >= 5


def test_multi_ward(tmp_path):
    generate(tmp_path, wards=3, years=(2024, 2024))
    frame = pd.read_csv(tmp_path / "organizations.csv", encoding="utf-8-sig")
    units = frame["Đơn vị"].unique()
    assert len(units) == 3 and FOUNDING_UNIT in units
    assert len({fold_key(u) for u in units}) == 3


def test_the_merger_of_1_july_2025(sample_store_ro):
    """units.csv: Thanh Khê Tây ends on 30/6/2025 and merges into phường Thanh Khê, whose conferences and
    registry start on 1/7/2025 (with the former ward's 24 chi bộ); the other former wards have no data."""
    tables = load(sample_store_ro)
    history = tables.unit_history.set_index("unit")
    assert history.loc[FOUNDING_UNIT, "merged_into"] == MERGED_UNIT
    assert history.loc[FOUNDING_UNIT, "parent"] == "Đảng bộ quận Thanh Khê"
    assert history.loc[FOUNDING_UNIT, "valid_to"] == pd.Timestamp("2025-06-30")
    assert history.loc[MERGED_UNIT, ["parent", "valid_from"]].tolist() == ["Đảng bộ thành phố Đà Nẵng",
                                                                          pd.Timestamp("2025-07-01")]
    assert (history["merged_into"] == MERGED_UNIT).sum() == 5
    conf = tables.conferences
    assert (conf.loc[conf["date"] >= "2025-07-01", "unit"] == MERGED_UNIT).all()
    assert (conf.loc[conf["date"] < "2025-07-01", "unit"] == FOUNDING_UNIT).all()
    new = tables.organizations[tables.organizations["unit"] == MERGED_UNIT]
    assert (new["as_of"] == pd.Timestamp("2025-07-01")).all() and (new["org_type"] == "chi_bo").sum() == 24
    # The new ward's results carry the former ward's history, labelled; the same quarter a year before is
    # the former ward's.
    f = apply_filters(tables, unit=MERGED_UNIT)
    assert set(f.conferences["predecessor"].dropna()) == {FOUNDING_UNIT}
    activity = quarterly_activity(tables, unit=MERGED_UNIT).set_index("quarter")
    q3_2024 = conf[(conf["quarter"] == "2024-Q3")]
    assert activity.loc["2024-Q3", "conferences"] == len(q3_2024)
    assert not pd.isna(activity.loc["2025-Q3", "attendees_vs_year"])
    alone = quarterly_activity(tables, unit=MERGED_UNIT, include_predecessors=False)
    assert alone["quarter"].tolist() == ["2025-Q3", "2025-Q4"] and alone["attendees_vs_year"].isna().all()
