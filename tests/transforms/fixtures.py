"""A small hand-made store whose every number is computed by hand in the tests.

Unit A: committee ĐU, cells CB1 (20 Party members, 4 exempt) and CB2 (10),
veterans CCB (100 members, 60 Party members), women's union PN (no counts).
Unit B: cell CB9 (30). Conferences (quarter; kind; documents):

    C0 2022-Q2 briefing, no document        CB1 6/6, CCB 0/0
    C1 2023-Q2 briefing, 35-NQ/TW           CB1 12/12, CB2 5/5, CCB 4/2, ĐU 10/10
    C2 2023-Q2 study, 35-NQ/TW + 85-QĐ/TW   CB1 10/10, CB2 8/8, PN 3/0  (35 written "Nghị quyết số 35-NQ/TW")
    C3 2023-Q4 review, total 50, no rows
    D1 2023-Q2 briefing (unit B), 35-NQ/TW  CB9 25/25

The briefings disseminate their documents, C2 studies both. Document
identities are kept as codes here (as the store keeps a reference it cannot
tie to one catalogued document); no number below depends on it.

``campaign()`` is the worked example of docs/metrics.md §3: one study
campaign with a make-up session in the next quarter, beside briefings.
"""

from dashboard.contract.roles import DISSEMINATED, STUDIED
from tests.conftest import make_tables

A, B = "Đảng ủy phường A", "Đảng ủy phường B"


def org(unit, name, org_type, members=None, party=None, exempt=None):
    return dict(unit=unit, organization=name, org_type=org_type, members=members, party_members=party,
                exempt_members=exempt)


def conference(unit, cid, date, kind, documents=None, total=None, topics=None):
    return dict(unit=unit, conference_id=cid, date=date, title=cid, organizer=unit, kind=kind,
                documents=documents, documents_raw=documents, topics=topics, attendees_total=total)


def row(unit, cid, name, attendees, party):
    return dict(unit=unit, conference_id=cid, organization=name, attendees=attendees, party_members=party)


def tables():
    return make_tables(
        organizations=[
            org(A, "ĐU", "dang_uy", 15, 15), org(A, "CB1", "chi_bo", 20, 20, 4), org(A, "CB2", "chi_bo", 10, 10, 0),
            org(A, "CCB", "hoi_ccb", 100, 60), org(A, "PN", "hoi_lhpn"), org(B, "CB9", "chi_bo", 30, 30, 0),
        ],
        conferences=[
            conference(A, "C0", "2022-04-20", "thong_tin_thoi_su"),
            conference(A, "C1", "2023-04-27", "thong_tin_thoi_su", "35-NQ/TW", topics="T1"),
            conference(A, "C2", "2023-05-10", "hoc_tap_quan_triet", "35-NQ/TW; 85-QĐ/TW", topics="T1; T2"),
            conference(A, "C3", "2023-11-01", "so_ket_tong_ket", total=50),
            conference(B, "D1", "2023-05-01", "thong_tin_thoi_su", "35-NQ/TW", topics="T1"),
        ],
        attendance=[
            row(A, "C0", "CB1", 6, 6), row(A, "C0", "CCB", 0, 0),
            row(A, "C1", "CB1", 12, 12), row(A, "C1", "CB2", 5, 5), row(A, "C1", "CCB", 4, 2), row(A, "C1", "ĐU", 10, 10),
            row(A, "C2", "CB1", 10, 10), row(A, "C2", "CB2", 8, 8), row(A, "C2", "PN", 3, 0),
            row(B, "D1", "CB9", 25, 25),
        ],
        conference_documents=[
            link(A, "C1", "35-NQ/TW", "35-NQ/TW", DISSEMINATED),
            link(A, "C2", "35-NQ/TW", "Nghị quyết số 35-NQ/TW", STUDIED),
            link(A, "C2", "85-QĐ/TW", "85-QĐ/TW", STUDIED),
            link(B, "D1", "35-NQ/TW", "35/NQ-TW", DISSEMINATED),
        ],
    )


def link(unit, cid, document, raw, role, code=None, status="unknown"):
    return dict(unit=unit, conference_id=cid, document=document, raw=raw, code=code or document.split("@")[0],
                status=status, role=role)


H = "Đảng ủy phường H"
NQ57, NQ59 = "57-NQ/TW@2024-12-22", "59-NQ/TW@2025-01-24"


def campaign():
    """Unit H: a study campaign on 57-NQ/TW with a make-up session (học bù), beside briefings.

    Chi bộ (Party members, exempt → expected to study): H1 30, 6 → 24; H2 12, 0 → 12;
    H3 20, 2 → 18; H4 without a member count. Veterans HV (120 Party members).

        HB1 2025-02-05 briefing   57 and 59 disseminated   H1 25/25, H2 10/10, H3 15/15, H4 9/9, HV 8/5
        HS1 2025-03-06 study      57 studied               H1 18/18, H2 7/7, H4 6/6          (H3 absent)
        HS2 2025-04-08 học bù     57 studied               H1 9/9, H2 6/6, H3 14/14          (Q2: next quarter)
        HB2 2025-07-10 briefing   57 disseminated          H1 20/20

    57-NQ/TW: studied = min(18+9, 24) + min(7+6, 12) + min(0+14, 18) = 24 + 12 + 14 = 50 of
    24 + 12 + 18 = 54 → 92,6 % (H4 counts as reached and studied, not in the rate). Counting
    the briefings too would give 54/54; without the make-up session 25/54; Q2 alone 29/54.
    """
    return make_tables(
        organizations=[
            org(H, "ĐU H", "dang_uy", 15, 15), org(H, "H1", "chi_bo", 30, 30, 6), org(H, "H2", "chi_bo", 12, 12, 0),
            org(H, "H3", "chi_bo", 20, 20, 2), org(H, "H4", "chi_bo"), org(H, "HV", "hoi_ccb", 200, 120),
        ],
        conferences=[
            conference(H, "HB1", "2025-02-05", "thong_tin_thoi_su", "Nghị quyết số 57-NQ/TW; tuyên truyền NQ 59"),
            conference(H, "HS1", "2025-03-06", "hoc_tap_quan_triet", "Nghị quyết số 57-NQ/TW ngày 22/12/2024"),
            conference(H, "HS2", "2025-04-08", "hoc_tap_quan_triet", "học bù Nghị quyết số 57-NQ/TW"),
            conference(H, "HB2", "2025-07-10", "thong_tin_thoi_su", "57-NQ/TW"),
        ],
        attendance=[
            row(H, "HB1", "H1", 25, 25), row(H, "HB1", "H2", 10, 10), row(H, "HB1", "H3", 15, 15),
            row(H, "HB1", "H4", 9, 9), row(H, "HB1", "HV", 8, 5),
            row(H, "HS1", "H1", 18, 18), row(H, "HS1", "H2", 7, 7), row(H, "HS1", "H4", 6, 6),
            row(H, "HS2", "H1", 9, 9), row(H, "HS2", "H2", 6, 6), row(H, "HS2", "H3", 14, 14),
            row(H, "HB2", "H1", 20, 20),
        ],
        conference_documents=[
            link(H, "HB1", NQ57, "Nghị quyết số 57-NQ/TW", DISSEMINATED, status="resolved"),
            link(H, "HB1", NQ59, "tuyên truyền NQ 59", DISSEMINATED, status="resolved"),
            link(H, "HS1", NQ57, "Nghị quyết số 57-NQ/TW ngày 22/12/2024", STUDIED, status="exact"),
            link(H, "HS2", NQ57, "học bù Nghị quyết số 57-NQ/TW", STUDIED, status="resolved"),
            link(H, "HB2", NQ57, "57-NQ/TW", DISSEMINATED, status="resolved"),
        ],
    )


# --- Units over time: a two-ward merger (docs/metrics.md, "Units over time") --------------------------------

OLD, NEW, SIDE = "Đảng ủy phường Cũ", "Đảng ủy phường Mới", "Đảng ủy phường Bên"
DISTRICT, CITY = "Đảng bộ quận Q", "Đảng bộ thành phố T"


def history(unit, parent, valid_from=None, valid_to=None, merged_into=None):
    return dict(unit=unit, parent=parent, valid_from=valid_from, valid_to=valid_to, merged_into=merged_into)


def merger():
    """Ward Cũ merges into the new ward Mới on 1/7/2025; ward Bên moves from the district to the city.

    Units: Cũ under quận Q until 30/6/2025, then merged into Mới; Mới from 1/7/2025 under thành phố T;
    quận Q under T until 30/6/2025; Bên under Q until 30/6/2025, then under T. Registries (chi bộ,
    Party members): Cũ (as of 1/1/2024) ĐU Cũ, P1 20, P2 10; Mới (as of 1/7/2025) ĐU Mới, P1 22, P2 10,
    S3 8 (the former ward's cells, and one new); Bên (no date) R1 12.

        O1 2024-08-10 Cũ briefing     P1 15                       (P2 missed)
        O2 2025-05-10 Cũ study 57     P1 18, P2 9
        N1 2025-08-12 Mới briefing    P1 12, S3 6                 (P2 missed)
        N2 2025-11-05 Mới study 57    S3 8                        (P1, P2 missed)
        R1 2024-09-01 Bên briefing    R1 10
        R2 2025-09-01 Bên briefing    R1 11
    """
    return make_tables(
        unit_history=[
            history(OLD, DISTRICT, valid_to="2025-06-30", merged_into=NEW),
            history(NEW, CITY, valid_from="2025-07-01"),
            history(DISTRICT, CITY, valid_to="2025-06-30"),
            history(SIDE, DISTRICT, valid_to="2025-06-30"),
            history(SIDE, CITY, valid_from="2025-07-01"),
        ],
        organizations=[
            dict(org(OLD, "ĐU Cũ", "dang_uy", 15, 15), as_of="2024-01-01"),
            dict(org(OLD, "P1", "chi_bo", 20, 20, 0), as_of="2024-01-01"),
            dict(org(OLD, "P2", "chi_bo", 10, 10, 0), as_of="2024-01-01"),
            dict(org(NEW, "ĐU Mới", "dang_uy", 21, 21), as_of="2025-07-01"),
            dict(org(NEW, "P1", "chi_bo", 22, 22, 0), as_of="2025-07-01"),
            dict(org(NEW, "P2", "chi_bo", 10, 10, 0), as_of="2025-07-01"),
            dict(org(NEW, "S3", "chi_bo", 8, 8, 0), as_of="2025-07-01"),
            org(SIDE, "R1", "chi_bo", 12, 12, 0),
        ],
        conferences=[
            conference(OLD, "O1", "2024-08-10", "thong_tin_thoi_su"),
            conference(OLD, "O2", "2025-05-10", "hoc_tap_quan_triet", NQ57),
            conference(NEW, "N1", "2025-08-12", "thong_tin_thoi_su"),
            conference(NEW, "N2", "2025-11-05", "hoc_tap_quan_triet", NQ57),
            conference(SIDE, "R1", "2024-09-01", "thong_tin_thoi_su"),
            conference(SIDE, "R2", "2025-09-01", "thong_tin_thoi_su"),
        ],
        attendance=[
            row(OLD, "O1", "P1", 15, 15),
            row(OLD, "O2", "P1", 18, 18), row(OLD, "O2", "P2", 9, 9),
            row(NEW, "N1", "P1", 12, 12), row(NEW, "N1", "S3", 6, 6),
            row(NEW, "N2", "S3", 8, 8),
            row(SIDE, "R1", "R1", 10, 10), row(SIDE, "R2", "R1", 11, 11),
        ],
        conference_documents=[
            link(OLD, "O2", NQ57, "Nghị quyết số 57-NQ/TW", STUDIED, status="resolved"),
            link(NEW, "N2", NQ57, "Nghị quyết số 57-NQ/TW", STUDIED, status="resolved"),
        ],
    )


R = "Đảng ủy phường R"


def registry_2018():
    """Unit R's 2018 study of 35-NQ/TW, then a 2024 registry (the issue's 81,0 % → 52,0 %).

    Registry as of 1/1/2018: chi bộ C1 35 Party members, 5 exempt → 30 expected; C2 33 → 33: 63.
    Study session K1 on 15/11/2018: C1 28, C2 23 → studied 51 → 51/63 = 81,0 %.
    Registry as of 1/1/2024: C1 40, 4 exempt → 36; C2 34; C3 (new cell) 28: 98. Read with the 2024
    registry, the 2018 session would give min(28, 36) + min(23, 34) = 51 of 98 = 52,0 %.
    """
    return make_tables(
        organizations=[
            dict(org(R, "ĐU R", "dang_uy", 15, 15), as_of="2018-01-01"),
            dict(org(R, "C1", "chi_bo", 35, 35, 5), as_of="2018-01-01"),
            dict(org(R, "C2", "chi_bo", 33, 33, 0), as_of="2018-01-01"),
            dict(org(R, "ĐU R", "dang_uy", 17, 17), as_of="2024-01-01"),
            dict(org(R, "C1", "chi_bo", 40, 40, 4), as_of="2024-01-01"),
            dict(org(R, "C2", "chi_bo", 34, 34, 0), as_of="2024-01-01"),
            dict(org(R, "C3", "chi_bo", 28, 28, 0), as_of="2024-01-01"),
        ],
        conferences=[conference(R, "K1", "2018-11-15", "hoc_tap_quan_triet", "35-NQ/TW")],
        attendance=[row(R, "K1", "C1", 28, 28), row(R, "K1", "C2", 23, 23)],
        conference_documents=[link(R, "K1", "35-NQ/TW@2018-10-22", "Nghị quyết số 35-NQ/TW", STUDIED)],
    )


V = "Đảng ủy phường V"
NQ35, QD85 = "35-NQ/TW@2018-10-22", "85-QĐ/TW@2022-09-23"


def registry_versions():
    """Two documents of one quarter, each read with the registry of its own day (docs/metrics.md, "Registry history").

    Registry as of 1/1/2023: C1 20 Party members, C2 10 → 30. As of 15/5/2023: C1 24, C2 10, new cell C3 6 → 40.
    K1 27/4/2023 studies 35-NQ/TW: C1 18, C2 10 → min(18, 20) + 10 = 28 of 30 (the April registry) = 93,3 %.
    K2 10/6/2023 studies 85-QĐ/TW: C1 20, C3 6 → 20 + 6 = 26 of 40 (the May registry) = 65,0 %.
    K3 20/6/2023 only disseminates 35-NQ/TW: it does not move 35's day (its latest study session, 27/4).
    Read with the registry at the end of the quarter, 35-NQ/TW would be 28 of 40 = 70,0 %.
    """
    return make_tables(
        organizations=[
            dict(org(V, "ĐU V", "dang_uy", 9, 9), as_of="2023-01-01"),
            dict(org(V, "C1", "chi_bo", 20, 20, 0), as_of="2023-01-01"),
            dict(org(V, "C2", "chi_bo", 10, 10, 0), as_of="2023-01-01"),
            dict(org(V, "ĐU V", "dang_uy", 9, 9), as_of="2023-05-15"),
            dict(org(V, "C1", "chi_bo", 24, 24, 0), as_of="2023-05-15"),
            dict(org(V, "C2", "chi_bo", 10, 10, 0), as_of="2023-05-15"),
            dict(org(V, "C3", "chi_bo", 6, 6, 0), as_of="2023-05-15"),
        ],
        conferences=[conference(V, "K1", "2023-04-27", "hoc_tap_quan_triet", "35-NQ/TW"),
                     conference(V, "K2", "2023-06-10", "hoc_tap_quan_triet", "85-QĐ/TW"),
                     conference(V, "K3", "2023-06-20", "thong_tin_thoi_su", "35-NQ/TW")],
        attendance=[row(V, "K1", "C1", 18, 18), row(V, "K1", "C2", 10, 10),
                    row(V, "K2", "C1", 20, 20), row(V, "K2", "C3", 6, 6),
                    row(V, "K3", "C1", 5, 5)],
        conference_documents=[link(V, "K1", NQ35, "Nghị quyết số 35-NQ/TW", STUDIED),
                              link(V, "K2", QD85, "Quy định số 85-QĐ/TW", STUDIED),
                              link(V, "K3", NQ35, "Nghị quyết 35", DISSEMINATED)],
    )
