"""Filter values the store no longer holds (a stale bookmark) are dropped before the strict transforms see them."""

from dashboard.store import load
from dashboard.ui import views

UNIT = "Đảng ủy phường Thanh Khê Tây"


def test_unknown_values_are_dropped_and_known_spellings_kept(sample_store_ro):
    tables = load(sample_store_ro)
    kept = views.known_filters(tables, {"unit": [UNIT, "Đảng ủy phường Đã Xóa"], "kind": ["khong_co"],
                                        "org_type": ["chi_bo"], "document": ["99-ZZ/TW"], "quarters": None})
    assert kept == {"unit": [UNIT], "kind": None, "org_type": ["chi_bo"], "document": None, "quarters": None}
    assert views.known_filters(tables, {"unit": "Đảng uỷ phường Thanh Khê Tây"})["unit"] == ["Đảng uỷ phường Thanh Khê Tây"]
