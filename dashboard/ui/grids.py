"""What every AG Grid of the dashboard shares: its own words (pager, filters, empty state) in the interface's language.

AG Grid ships English only; ``localeText`` replaces each of its texts by key
(the keys are AG Grid's, see its localisation guide). Leaders otherwise read
"Page Size", "1 to 20 of 58" and "No Rows To Show" in the Vietnamese interface.
"""

from __future__ import annotations

from dashboard.i18n import t

_VI = {
    # Pager
    "page": "Trang", "more": "nhiều hơn", "to": "đến", "of": "trên", "next": "Sau", "last": "Cuối",
    "first": "Đầu", "previous": "Trước", "pageLastRowUnknown": "?", "pageSizeSelectorLabel": "Số dòng mỗi trang:",
    "ariaPageSizeSelectorLabel": "Số dòng mỗi trang", "firstPage": "Trang đầu", "lastPage": "Trang cuối",
    "nextPage": "Trang sau", "previousPage": "Trang trước",
    # Empty and loading states
    "noRowsToShow": "Không có dòng nào", "loadingOoo": "Đang tải…", "loadingError": "Lỗi khi tải",
    # Filters
    "filterOoo": "Lọc…", "searchOoo": "Tìm…", "selectAll": "(Chọn tất cả)", "selectAllSearchResults": "(Chọn mọi kết quả)",
    "blanks": "(Trống)", "noMatches": "Không có kết quả", "equals": "Bằng", "notEqual": "Khác",
    "blank": "Trống", "notBlank": "Không trống", "empty": "Chọn một điều kiện",
    "lessThan": "Nhỏ hơn", "greaterThan": "Lớn hơn", "lessThanOrEqual": "Nhỏ hơn hoặc bằng",
    "greaterThanOrEqual": "Lớn hơn hoặc bằng", "inRange": "Trong khoảng", "inRangeStart": "Từ", "inRangeEnd": "Đến",
    "contains": "Chứa", "notContains": "Không chứa", "startsWith": "Bắt đầu bằng", "endsWith": "Kết thúc bằng",
    "dateFormatOoo": "dd/mm/yyyy", "before": "Trước", "after": "Sau",
    "andCondition": "VÀ", "orCondition": "HOẶC", "applyFilter": "Áp dụng", "resetFilter": "Đặt lại",
    "clearFilter": "Xóa", "cancelFilter": "Hủy", "textFilter": "Lọc chữ", "numberFilter": "Lọc số",
    "dateFilter": "Lọc ngày", "setFilter": "Lọc theo giá trị", "filterConditions": "Điều kiện",
    "ariaFilterInput": "Ô lọc", "ariaFilterValue": "Giá trị lọc", "ariaFilterList": "Danh sách lọc",
    "ariaFilterColumnsInput": "Ô lọc cột", "ariaFilteringOperator": "Phép lọc", "ariaSearch": "Tìm",
    # Columns and rows
    "columns": "Cột", "filters": "Bộ lọc", "pinColumn": "Ghim cột", "autosizeThisColumn": "Tự chỉnh cột này",
    "autosizeAllColumns": "Tự chỉnh mọi cột", "resetColumns": "Đặt lại các cột", "sortAscending": "Sắp xếp tăng dần",
    "sortDescending": "Sắp xếp giảm dần", "sortUnSort": "Bỏ sắp xếp", "copy": "Sao chép", "export": "Xuất",
    "ariaRowSelect": "Nhấn Space để chọn dòng này", "ariaRowDeselect": "Nhấn Space để bỏ chọn dòng này",
}


def grid_locale(lang: str | None) -> dict[str, str]:
    """AG Grid's ``localeText`` for ``lang``: Vietnamese words, or AG Grid's own English (an empty mapping)."""
    return {} if lang == "en" else dict(_VI)


# How each column of a conference grid is sized: the date pinned at the left while the rest scrolls sideways on a
# phone; titles and lists wrap onto more lines instead of being cut ("Hội ng…"); the grid fits the width where the
# minimums allow and scrolls where they do not.
_CONFERENCE_COLUMNS = {
    "col_date": {"pinned": "left", "width": 108, "minWidth": 108, "maxWidth": 120, "wrapText": False},
    "col_title": {"minWidth": 220, "flex": 3},
    "col_kind": {"minWidth": 120, "flex": 1},
    "col_unit": {"minWidth": 150, "flex": 1},
    "col_attendees": {"minWidth": 84, "maxWidth": 110, "type": "rightAligned", "wrapText": False},
    "col_documents": {"minWidth": 180, "flex": 2},
    "col_speakers": {"minWidth": 170, "flex": 1},
    "col_topics": {"minWidth": 150, "flex": 1},
    "col_location": {"minWidth": 140, "flex": 1},
}


def conference_columns(headers: list[str], lang: str) -> list[dict]:
    """AG Grid column definitions for a conference table's localised ``headers``."""
    by_header = {(t(key, lang)): extra for key, extra in _CONFERENCE_COLUMNS.items()}
    return [{"field": h, "headerName": h, "wrapText": True, "autoHeight": True, "wrapHeaderText": True,
             "autoHeaderHeight": True, **by_header.get(h, {"minWidth": 120})}
            for h in headers]
