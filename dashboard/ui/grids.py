"""What every AG Grid of the dashboard shares: its own words (pager, filters, empty state) in the interface's language.

AG Grid ships English only; ``localeText`` replaces each of its texts by key
(the keys are AG Grid's, see its localisation guide). Leaders otherwise read
"Page Size", "1 to 20 of 58" and "No Rows To Show" in the Vietnamese interface.
"""

from __future__ import annotations

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
