"""A small hand-made store whose every number is computed by hand in the tests.

Unit A: committee ĐU, cells CB1 (20 Party members, 4 exempt) and CB2 (10),
veterans CCB (100 members, 60 Party members), women's union PN (no counts).
Unit B: cell CB9 (30). Conferences (quarter; kind; documents):

    C0 2022-Q2 briefing, no document        CB1 6/6, CCB 0/0
    C1 2023-Q2 briefing, 35-NQ/TW           CB1 12/12, CB2 5/5, CCB 4/2, ĐU 10/10
    C2 2023-Q2 study, 35-NQ/TW + 85-QĐ/TW   CB1 10/10, CB2 8/8, PN 3/0  (35 written "Nghị quyết số 35-NQ/TW")
    C3 2023-Q4 review, total 50, no rows
    D1 2023-Q2 briefing (unit B), 35-NQ/TW  CB9 25/25
"""

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
            dict(unit=A, conference_id="C1", document="35-NQ/TW", raw="35-NQ/TW"),
            dict(unit=A, conference_id="C2", document="35-NQ/TW", raw="Nghị quyết số 35-NQ/TW"),
            dict(unit=A, conference_id="C2", document="85-QĐ/TW", raw="85-QĐ/TW"),
            dict(unit=B, conference_id="D1", document="35-NQ/TW", raw="35/NQ-TW"),
        ],
    )
