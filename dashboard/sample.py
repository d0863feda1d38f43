"""Realistic sample data, shaped like the files ward staff upload.

The default is one ward modelled on Đảng ủy phường Thanh Khê Tây (Đà Nẵng),
see ../shared/DOMAIN.md: 24 chi bộ, the Fatherland Front, the unions and
ward staff; 2021–2025; a current-affairs briefing every quarter, study
conferences after each Central Committee plenum (two sessions, so every cell
can attend), a yearly thematic study, reviews in July and December, and the
real briefing of 27/4/2023. 2021 is the weaker, COVID year: lower attendance
and cells missing. Deterministic for a seed (``random.Random(seed)``).

The output is CSV files with Vietnamese headers, day-first dates, a unit
column and a UTF-8 BOM (Excel's "CSV UTF-8"), one conferences and one
attendance file per quarter plus the registry and the units table
(``units.csv``). On 1/7/2025 the ward merged into the new phường Thanh Khê:
the conferences of Q3–Q4/2025 are the new ward's, whose registry starts that
day (``MERGER_DAY``). ``--wards N`` adds more wards (a city or province) with
the same realism, for benchmarks.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dashboard.contract.documents import document_name, resolve_reference
from dashboard.contract.schema import ATTENDANCE, CONFERENCES, ORGANIZATIONS, UNIT_HISTORY

FOUNDING_UNIT = "Đảng ủy phường Thanh Khê Tây"
WARD = "phường Thanh Khê Tây"

# The mergers of 1/7/2025 (DOMAIN.md §4): districts abolished, Thanh Khê Tây, Xuân Hà, Chính Gián, Thạc Gián
# and Thanh Khê Đông merged into the new phường Thanh Khê, directly under the city. The sample's conferences
# from that day on are the new ward's; its registry (from that day) holds the former ward's cells, the new
# ward's committee, Front and unions. The other former wards are listed in units.csv without data.
MERGER_DAY = date(2025, 7, 1)
MERGED_UNIT = "Đảng ủy phường Thanh Khê"
MERGED_WARD = "phường Thanh Khê"
DISTRICT = "Đảng bộ quận Thanh Khê"
CITY = "Đảng bộ thành phố Đà Nẵng"
MERGED_WARDS = ("Thanh Khê Tây", "Xuân Hà", "Chính Gián", "Thạc Gián", "Thanh Khê Đông")

RESIDENTIAL_CELLS = 17
AGENCY_CELLS = (
    "Chi bộ Cơ quan Đảng - Đoàn thể phường", "Chi bộ Cơ quan Chính quyền phường",
    "Chi bộ Công an phường", "Chi bộ Quân sự phường", "Chi bộ Trường Tiểu học Hoàng Văn Thụ",
    "Chi bộ Trường Mầm non Sao Mai", "Chi bộ Trạm Y tế phường",
)

# (code, org_type, name template, members range, party-member share range)
MASS_ORGS = (
    ("mttq", "Ủy ban MTTQ Việt Nam {ward}", (21, 35), (0.5, 0.8)),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ {ward}", (1500, 3500), (0.04, 0.08)),
    ("doan_tn", "Đoàn TNCS Hồ Chí Minh {ward}", (250, 600), (0.06, 0.12)),
    ("hoi_ccb", "Hội Cựu chiến binh {ward}", (150, 500), (0.5, 0.7)),
    ("cong_doan", "Công đoàn cơ sở {ward}", (30, 60), (0.5, 0.8)),
    ("chinh_quyen", "Cán bộ, công chức {ward}", (20, 40), (0.7, 0.9)),
    ("hoi_khac", "Hội Người cao tuổi {ward}", (800, 1600), (0.15, 0.3)),
    ("hoi_khac", "Hội Chữ thập đỏ {ward}", (150, 400), (0.1, 0.2)),
)

# Plenums and major documents: (issued, documents, title, topics).
STUDY_BATCHES = (
    (date(2021, 4, 1), ("Nghị quyết Đại hội XIII của Đảng",), "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
     ("Văn kiện Đại hội XIII",)),
    (date(2021, 10, 25), ("21-KL/TW", "37-QĐ/TW"), "Kết luận, Quy định Hội nghị Trung ương 4 khóa XIII",
     ("Xây dựng, chỉnh đốn Đảng",)),
    (date(2022, 6, 16), ("18-NQ/TW", "19-NQ/TW", "21-NQ/TW"), "Nghị quyết Hội nghị Trung ương 5 khóa XIII",
     ("Đất đai", "Xây dựng, chỉnh đốn Đảng")),
    (date(2022, 11, 17), ("27-NQ/TW", "29-NQ/TW"), "Nghị quyết Hội nghị Trung ương 6 khóa XIII",
     ("Nhà nước pháp quyền", "Công nghiệp hóa, hiện đại hóa")),
    (date(2023, 3, 20), ("85-QĐ/TW", "99-HD/BTGTW"), "Quy định số 85-QĐ/TW và Hướng dẫn số 99-HD/BTGTW",
     ("Mạng xã hội", "Bảo vệ nền tảng tư tưởng của Đảng")),
    (date(2023, 11, 24), ("44-NQ/TW", "45-NQ/TW"), "Nghị quyết Hội nghị Trung ương 8 khóa XIII",
     ("Quốc phòng, an ninh", "Đội ngũ trí thức")),
    (date(2024, 12, 22), ("57-NQ/TW",), "Nghị quyết số 57-NQ/TW của Bộ Chính trị",
     ("Chuyển đổi số", "Khoa học, công nghệ")),
    (date(2025, 1, 24), ("59-NQ/TW",), "Nghị quyết số 59-NQ/TW của Bộ Chính trị", ("Hội nhập quốc tế",)),
    (date(2025, 5, 4), ("66-NQ/TW", "68-NQ/TW"), "Nghị quyết số 66-NQ/TW và 68-NQ/TW của Bộ Chính trị",
     ("Pháp luật", "Kinh tế tư nhân")),
)

BRIEFING_TOPICS = ("Tình hình thời sự trong nước và quốc tế", "Bảo vệ nền tảng tư tưởng của Đảng",
                   "Biển, đảo", "Kinh tế - xã hội", "Quốc phòng, an ninh")
SPEAKERS = ("Bí thư Đảng ủy phường", "Phó Bí thư Thường trực Đảng ủy phường",
            "Phó Trưởng ban Thường trực Ban Tuyên giáo Quận ủy", "Báo cáo viên Thành ủy",
            "Chủ tịch Ủy ban MTTQ Việt Nam phường", "Trưởng Công an phường")
# The further wards of a city or province sample. Not the wards units.csv merges on 1/7/2025 (Chính Gián, Thạc Gián,
# Xuân Hà …): they end that day, so a generated ward of that name holding conferences after it would contradict it.
WARD_NAMES = ("An Hải Bắc", "An Khê", "Bình Hiên", "Hòa Cường Nam", "Hòa Khánh Bắc", "Hòa Minh", "Khuê Trung",
              "Mân Thái", "Nại Hiên Đông", "Phước Mỹ", "Tam Thuận", "Thanh Bình", "Thuận Phước", "Vĩnh Trung",
              "Hải Châu I")

REAL_BRIEFING = dict(
    date=date(2023, 4, 27),
    title="Hội nghị thông tin thời sự Quý II năm 2023",
    # The post's own verbs: 35-NQ/TW disseminated; 85-QĐ/TW and 99-HD/BTGTW studied (dashboard.contract.links).
    documents=("tuyên truyền Nghị quyết số 35-NQ/TW ngày 22/10/2018",
               "quán triệt, triển khai thực hiện Quy định số 85-QĐ/TW ngày 07/10/2022 và Hướng dẫn số 99-HD/BTGTW "
               "ngày 20/3/2023"),
    # "Chiều ngày 27/4/2023": the afternoon session.
    session="chieu",
    # The speakers in the post's order, with its ranks and titles (QUV: Quận ủy viên); like every
    # speaker of the sample, by office rather than by name.
    speakers=("Thượng tướng, Phó Giáo sư, Tiến sỹ Khoa học, Anh hùng Lực lượng Vũ trang nhân dân, "
              "nguyên Ủy viên Trung ương Đảng, nguyên Giám đốc Học viện Quốc phòng",
              "Quận ủy viên, Phó Trưởng ban Thường trực Ban Tuyên giáo Quận ủy",
              "Quận ủy viên, Bí thư Đảng ủy, Trưởng Ban Tuyên giáo Đảng ủy phường"),
    topics=("Tình hình thời sự trong nước và quốc tế", "Bảo vệ nền tảng tư tưởng của Đảng", "Mạng xã hội"),
    # The groups the post names, and no others: the Thường trực, Ban Thường vụ and Ban Chấp hành
    # (the committee's row); heads and deputies of the Front and of the socio-political unions
    # (Women, Youth, Veterans, Trade Union: DOMAIN.md §4); all ward civil servants ("toàn thể
    # CBCC"); the cell committees and members of the 24 cells; heads and deputies of the veterans'
    # branches (on the veterans' row). Not the Elderly Association nor the Red Cross.
    org_types=("dang_uy", "mttq", "hoi_lhpn", "doan_tn", "hoi_ccb", "cong_doan", "chinh_quyen", "chi_bo"),
)


@dataclass
class Org:
    name: str
    org_type: str
    parent: str | None
    members: int
    party_members: int
    exempt: int


def build_registry(rng: random.Random, unit: str, ward: str, cells: int = 24) -> list[Org]:
    """The unit's organisations: the committee, its chi bộ, the Front, unions, staff."""
    residential = cells - len(AGENCY_CELLS)
    orgs = []
    for number in range(1, residential + 1):
        pm = min(170, max(12, int(rng.lognormvariate(3.4, 0.45))))  # median ≈ 30
        orgs.append(Org(f"Chi bộ khu dân cư số {number}", "chi_bo", unit, pm, pm, round(pm * rng.uniform(0.10, 0.25))))
    for name in AGENCY_CELLS[: cells - residential]:
        pm = rng.randint(5, 25)
        orgs.append(Org(name, "chi_bo", unit, pm, pm, 0))
    front = MASS_ORGS[0][1].format(ward=ward)
    committee = Org(unit, "dang_uy", None, 15, 15, 0)
    for org_type, template, (low, high), (pm_low, pm_high) in MASS_ORGS:
        members = rng.randint(low, high)
        parent = None if org_type in ("mttq", "chinh_quyen") else front
        orgs.append(Org(template.format(ward=ward), org_type, parent, members,
                        round(members * rng.uniform(pm_low, pm_high)), 0))
    return [committee, *orgs]


def _quarter(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def build_ward(rng: random.Random, unit: str, ward: str, years: range, cells: int, founding: bool,
               extra_per_quarter: int = 0):
    """Conferences and attendance rows for one unit over ``years`` (``extra_per_quarter``: see ``generate``)."""
    registry = build_registry(rng, unit, ward, cells)
    chi_bo = [o for o in registry if o.org_type == "chi_bo"]
    mass = [o for o in registry if o.org_type not in ("chi_bo", "dang_uy")]
    conferences: list[dict] = []
    attendance: list[dict] = []
    seq = {y: 0 for y in years}

    def add(day: date, kind: str, title: str, docs=(), topics=(), speakers=(), cell_share=(0.2, 0.35),
            cells_of=None, with_mass=True, total=True, source=None, miss=0.03, role=None):
        seq[day.year] += 1
        cid = f"HN-{day.year}-{seq[day.year]:02d}"
        weak = day.year == 2021
        committee = rng.randint(12, 15)  # executive-committee members present
        rows = [(unit, committee, committee)]
        for cell in cells_of if cells_of is not None else chi_bo:
            if rng.random() < (0.15 if weak else miss):
                continue  # a cell that missed the conference
            share = rng.uniform(*cell_share) * (0.85 if weak else 1.0)
            present = max(1, min(cell.party_members, round((cell.party_members - cell.exempt) * share)))
            rows.append((cell.name, present, present))
        if with_mass:
            for org in mass:
                if weak and rng.random() < 0.2:
                    continue
                delegates = rng.randint(2, 6) if org.org_type != "chinh_quyen" else rng.randint(12, org.members)
                rows.append((org.name, delegates, min(delegates, round(delegates * rng.uniform(0.3, 0.9)))))
        listed = sum(r[1] for r in rows)
        conferences.append({
            "unit": unit, "conference_id": cid, "date": day, "end_date": None, "title": title,
            "organizer": unit, "kind": kind, "speakers": "; ".join(speakers), "documents": "; ".join(docs),
            "document_role": role if docs else None,
            "topics": "; ".join(topics), "location": f"Hội trường {ward}",
            "attendees_total": listed + rng.randint(0, 15) if total else None, "source_url": source,
        })
        attendance.extend({"unit": unit, "conference_id": cid, "organization": o, "attendees": a,
                           "party_members": p} for o, a, p in rows)
        return {o for o, _, _ in rows}

    # Each batch is studied 3 to 9 weeks after it is issued: drawn once, not per year.
    study_dates = [(issued + timedelta(days=rng.randint(20, 60)), docs, name, topics)
                   for issued, docs, name, topics in STUDY_BATCHES]
    for year in years:
        for q in range(1, 5):
            start = date(year, 3 * q - 2, 1)
            if founding and (year, q) == (2023, 2):
                real = REAL_BRIEFING
                add(real["date"], "thong_tin_thoi_su", real["title"], real["documents"], real["topics"],
                    real["speakers"], total=False, miss=0)  # the article lists all 24 cells
                _as_the_post_says(conferences[-1], attendance, registry)
            else:
                day = _weekday(start + timedelta(days=rng.randint(15, 55)))
                remote = year == 2021 and q == 3  # lockdown: relayed online
                add(day, "truc_tuyen" if remote else "thong_tin_thoi_su",
                    f"Hội nghị thông tin thời sự Quý {'I II III IV'.split()[q - 1]} năm {year}",
                    rng.sample(("35-NQ/TW", "05-CT/TW"), k=rng.randint(0, 1)),
                    rng.sample(BRIEFING_TOPICS, k=2), rng.sample(SPEAKERS, k=rng.randint(1, 3)),
                    role="Tuyên truyền" if remote else None)  # a relay has no default role: the column says
            if q == 2:
                day = _weekday(date(year, 5, rng.randint(10, 28)))
                add(day, "chuyen_de", f"Học tập chuyên đề năm {year} về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                    ("05-CT/TW", "01-KL/TW") if year >= 2021 else ("05-CT/TW",), ("Học tập và làm theo Bác",),
                    rng.sample(SPEAKERS, k=2), cell_share=(0.3, 0.5))
            if q == 1:
                add(_weekday(date(year, 2, rng.randint(20, 27))), "bao_cao_vien",
                    f"Hội nghị báo cáo viên {ward} năm {year}", (), ("Tình hình thời sự trong nước và quốc tế",),
                    rng.sample(SPEAKERS, k=1), cell_share=(0.03, 0.08), with_mass=False)
            if q == 3:
                add(_weekday(date(year, 7, rng.randint(5, 20))), "so_ket_tong_ket",
                    f"Sơ kết công tác tuyên giáo 6 tháng đầu năm {year}", (), ("Công tác tuyên giáo",),
                    rng.sample(SPEAKERS, k=1), cell_share=(0.05, 0.1))
            if q == 4:
                add(_weekday(date(year, 12, rng.randint(10, 22))), "so_ket_tong_ket",
                    f"Tổng kết công tác tuyên giáo năm {year}", (), ("Công tác tuyên giáo",),
                    rng.sample(SPEAKERS, k=1), cell_share=(0.05, 0.1))
            for n in range(extra_per_quarter):
                # Further meetings of a busier roll-out: thematic sessions and monthly briefings.
                day = _weekday(start + timedelta(days=rng.randint(0, 85)))
                kind, title = (("chuyen_de", f"Sinh hoạt chuyên đề số {n + 1} quý {q} năm {year}") if n % 2
                               else ("thong_tin_thoi_su", f"Thông tin thời sự tháng {day.month} năm {year} (đợt {n + 1})"))
                add(day, kind, title, rng.sample(("35-NQ/TW", "05-CT/TW", "01-KL/TW"), k=rng.randint(0, 1)),
                    rng.sample(BRIEFING_TOPICS, k=1), rng.sample(SPEAKERS, k=1), cell_share=(0.1, 0.3))
        for study, docs, name, topics in study_dates:
            if study.year != year:
                continue
            # Two sessions (cụm): each cell sends 70–100 % of its members to one of them. A cell that
            # misses its session studies at a make-up one (học bù) three to five weeks later, often in
            # the next quarter; in 2021 (COVID) there was none.
            half = len(chi_bo) // 2
            refs = [_written(d, study) for d in docs]
            came: set[str] = set()
            for part, cells_of in enumerate((chi_bo[:half], chi_bo[half:]), start=1):
                day = _weekday(study + timedelta(days=7 * (part - 1)))
                came |= add(day, "hoc_tap_quan_triet", f"Hội nghị học tập, quán triệt {name} (cụm {part})", refs,
                            topics, rng.sample(SPEAKERS, k=2), cell_share=(0.7, 1.0), cells_of=cells_of,
                            with_mass=part == 1, miss=0.1)
            missed = [cell for cell in chi_bo if cell.name not in came]
            if missed and year != 2021:
                add(_weekday(study + timedelta(days=rng.randint(21, 35))), "hoc_tap_quan_triet",
                    f"Học bù: Hội nghị học tập, quán triệt {name}", [f"học bù {r}" for r in refs], topics,
                    rng.sample(SPEAKERS, k=1), cell_share=(0.6, 0.95), cells_of=missed, with_mass=False, miss=0)
    return registry, conferences, attendance


def _written(document: str, studied_on: date) -> str:
    """A batch document as ward staff write it in full: ``Nghị quyết số 18-NQ/TW ngày 16/6/2022`` (a Congress
    resolution, which has no code, as named in ``STUDY_BATCHES``)."""
    resolution = resolve_reference(document, on=studied_on)
    return document_name(resolution.key) if resolution is not None and resolution.key and resolution.code else document


def _as_the_post_says(conference: dict, attendance: list[dict], registry: list[Org]) -> None:
    """Make the generated 27/4/2023 briefing say what its post says (``REAL_BRIEFING``, DOMAIN.md §1).

    The post publishes no head count, and the contract wants one on every
    attendance row, so counts are kept only where the post implies them: all
    civil servants ("toàn thể CBCC") are the registered staff. The others are
    estimates, not facts: the committee members present and each cell's
    committee and members are the generator's draw; the Front's and each
    union's "Trưởng, Phó" a head and one or two deputies; the veterans' row
    adds a head and a deputy per branch, one branch per residential area.
    The post names no place either. Random draws are made as for any
    conference, so the rest of the sample does not move.
    """
    conference.update(session=REAL_BRIEFING["session"], location=None)
    orgs = {o.name: o for o in registry}
    branches = sum(o.org_type == "chi_bo" and o.name.startswith("Chi bộ khu dân cư") for o in registry)

    def as_posted(row: dict) -> dict:
        org = orgs[row["organization"]]
        if org.org_type == "chinh_quyen":
            return {**row, "attendees": org.members, "party_members": org.party_members}
        if org.org_type not in ("mttq", "hoi_lhpn", "doan_tn", "hoi_ccb", "cong_doan"):
            return row
        leaders = min(row["attendees"], 3)
        branch_leaders = 2 * branches if org.org_type == "hoi_ccb" else 0
        party = min(leaders, row["party_members"]) + round(branch_leaders * org.party_members / max(org.members, 1))
        return {**row, "attendees": leaders + branch_leaders, "party_members": min(party, leaders + branch_leaders)}

    cid = conference["conference_id"]
    attendance[:] = [as_posted(row) if row["conference_id"] == cid else row for row in attendance
                     if row["conference_id"] != cid or orgs[row["organization"]].org_type in REAL_BRIEFING["org_types"]]


def _merged_name(name: str) -> str:
    """An organisation of the former ward as the new ward names it (``… phường Thanh Khê Tây`` → ``… phường Thanh Khê``)."""
    return MERGED_UNIT if name == FOUNDING_UNIT else name.replace(WARD, MERGED_WARD)


def _after_the_merger(conferences: list[dict], attendance: list[dict], registry: list[Org]) -> None:
    """The founding ward's conferences from MERGER_DAY on become the new ward's, with its organisations' names.

    Only names change: no random draw is made, so the rest of the sample does not move.
    """
    moved = {c["conference_id"] for c in conferences if c["date"] >= MERGER_DAY}
    for c in conferences:
        if c["conference_id"] in moved:
            c.update(unit=MERGED_UNIT, organizer=MERGED_UNIT, title=c["title"].replace(WARD, MERGED_WARD),
                     location=c["location"] and c["location"].replace(WARD, MERGED_WARD))
    for a in attendance:
        if a["conference_id"] in moved:
            a.update(unit=MERGED_UNIT, organization=_merged_name(a["organization"]))


def _merged_registry(registry: list[Org]) -> list[Org]:
    """The new ward's registry from MERGER_DAY: the former ward's chi bộ as they were, its committee, and its Front
    and unions five wards large (staff twice): modest, the other four wards' cells are not modelled."""
    merged = []
    for o in registry:
        if o.org_type == "dang_uy":
            merged.append(Org(MERGED_UNIT, "dang_uy", None, 21, 21, 0))
        elif o.org_type == "chi_bo":
            merged.append(Org(o.name, "chi_bo", MERGED_UNIT, o.members, o.party_members, o.exempt))
        else:
            factor = 2 if o.org_type == "chinh_quyen" else 5
            merged.append(Org(_merged_name(o.name), o.org_type, o.parent and _merged_name(o.parent),
                              o.members * factor, o.party_members * factor, 0))
    return merged


def _units() -> list[dict]:
    """units.csv: the five wards end on 30/6/2025 and merge into the new ward, under the city from 1/7/2025."""
    last = MERGER_DAY - timedelta(days=1)
    wards = [{"unit": f"Đảng ủy phường {name}", "parent": DISTRICT, "valid_to": last, "merged_into": MERGED_UNIT}
             for name in MERGED_WARDS]
    return [*wards, {"unit": MERGED_UNIT, "parent": CITY, "valid_from": MERGER_DAY},
            {"unit": DISTRICT, "parent": CITY, "valid_to": last}]


def generate(out: str | Path, wards: int = 1, years: tuple[int, int] = (2021, 2025), seed: int = 42,
             extra_per_quarter: int = 0) -> list[Path]:
    """Write the sample upload files into ``out`` and return their paths.

    Args:
        out: folder to write into (created if missing).
        wards: number of units; the first is the founding example.
        years: first and last year, inclusive.
        seed: the random seed; the same seed gives the same files.
        extra_per_quarter: further conferences per ward and quarter beyond
            DOMAIN.md's cadence (≈ 11 a year); the national benchmark uses 10
            to reach the ≈ 50 a year of a busy roll-out.
    """
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    registry_rows, conference_rows, attendance_rows = [], [], []
    for index in range(wards):
        if index == 0:
            unit, ward, cells = FOUNDING_UNIT, WARD, 24
        else:
            name = WARD_NAMES[(index - 1) % len(WARD_NAMES)]
            suffix = f" {(index - 1) // len(WARD_NAMES) + 1}" if index > len(WARD_NAMES) else ""
            ward = f"phường {name}{suffix}"
            unit, cells = f"Đảng ủy {ward}", rng.randint(18, 30)
        registry, conferences, attendance = build_ward(rng, unit, ward, range(years[0], years[1] + 1), cells, index == 0,
                                                       extra_per_quarter)
        registry_rows += [{"unit": unit, "organization": o.name, "org_type": o.org_type, "parent": o.parent,
                           "members": o.members, "party_members": o.party_members, "exempt_members": o.exempt,
                           "as_of": date(years[0], 1, 1)} for o in registry]
        if index == 0 and years[0] <= MERGER_DAY.year <= years[1]:
            _after_the_merger(conferences, attendance, registry)
            registry_rows += [{"unit": MERGED_UNIT, "organization": o.name, "org_type": o.org_type, "parent": o.parent,
                               "members": o.members, "party_members": o.party_members, "exempt_members": o.exempt,
                               "as_of": MERGER_DAY} for o in _merged_registry(registry)]
        conference_rows += conferences
        attendance_rows += attendance
    paths = [_write(out / "organizations.csv", ORGANIZATIONS, registry_rows),
             _write(out / "units.csv", UNIT_HISTORY, _units())]
    quarter_of = {(c["unit"], c["conference_id"]): _quarter(c["date"]) for c in conference_rows}
    # One pass each: a national sample holds millions of attendance rows.
    conferences_by_quarter: dict[str, list[dict]] = {}
    for c in conference_rows:
        conferences_by_quarter.setdefault(_quarter(c["date"]), []).append(c)
    attendance_by_quarter: dict[str, list[dict]] = {}
    for a in attendance_rows:
        attendance_by_quarter.setdefault(quarter_of[(a["unit"], a["conference_id"])], []).append(a)
    for quarter in sorted(conferences_by_quarter):
        paths.append(_write(out / f"{quarter}_conferences.csv", CONFERENCES, conferences_by_quarter[quarter]))
        paths.append(_write(out / f"{quarter}_attendance.csv", ATTENDANCE, attendance_by_quarter.get(quarter, [])))
    return paths


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _write(path: Path, table, rows: list[dict]) -> Path:
    columns = table.columns
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.vi for c in columns])
        writer.writerows([_cell(row.get(c.name)) for c in columns] for row in rows)
    return path
