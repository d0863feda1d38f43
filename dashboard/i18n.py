"""Interface text and number formats, Vietnamese first, English as a switch.

Numbers follow the Vietnamese convention (``1.234,5``; ``99,16%``), dates
are ``dd/mm/yyyy`` and quarters ``Quý II/2023``. ``t(key, lang)`` returns a
label; a test checks every key has both languages.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from dashboard.contract.periods import quarter_label

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Công tác tuyên giáo", "Outreach dashboard"),
    "app_subtitle": ("Hội nghị, thành phần dự và học tập nghị quyết", "Conferences, attendance and document study"),
    "nav_overview": ("Tổng quan", "Overview"),
    "nav_attendance": ("Thành phần dự", "Attendance"),
    "nav_topics": ("Văn bản, chủ đề", "Documents & themes"),
    "nav_conferences": ("Danh sách hội nghị", "Conferences"),
    "nav_upload": ("Tải dữ liệu lên", "Upload"),
    "nav_history": ("Lịch sử", "History"),
    "filter_from": ("Từ quý", "From quarter"),
    "filter_to": ("Đến quý", "To quarter"),
    "filter_unit": ("Đơn vị", "Unit"),
    "filter_kind": ("Loại hình", "Kind"),
    "filter_org_type": ("Loại tổ chức", "Organisation type"),
    "filter_document": ("Văn bản", "Document"),
    "filter_all": ("Tất cả", "All"),
    "filter_clear": ("Xóa bộ lọc", "Clear filters"),
    "filter_active": ("Đang lọc", "Filtered by"),
    "quarter_selected": ("Quý đang xem", "Quarter shown"),
    "kpi_conferences": ("Hội nghị", "Conferences"),
    "kpi_attendees": ("Lượt người dự", "Person-visits"),
    "kpi_orgs": ("Tổ chức được tiếp cận", "Organisations reached"),
    "kpi_study_rate": ("Tỷ lệ đảng viên học tập", "Party members who studied"),
    "kpi_vs_prev": ("so với quý trước", "vs previous quarter"),
    "kpi_vs_year": ("so với cùng kỳ năm trước", "vs same quarter last year"),
    "kpi_no_compare": ("chưa có số liệu so sánh", "nothing to compare"),
    "kpi_main_document": ("Văn bản chính", "Main document"),
    "chart_activity": ("Số hội nghị theo quý và loại hình", "Conferences per quarter by kind"),
    "chart_attendees": ("Lượt người dự theo quý", "Person-visits per quarter"),
    "chart_mix": ("Cơ cấu thành phần dự theo loại tổ chức", "Attendee mix by organisation type"),
    "chart_mix_quarter": ("Thành phần dự trong quý", "Attendee mix in the quarter"),
    "chart_org_rate": ("Lượt dự trên số thành viên của từng tổ chức", "Person-visits per member, by organisation"),
    "chart_gaps": ("Tổ chức chưa được tiếp cận (ô trống = không dự)", "Organisations missed (blank = did not attend)"),
    "chart_coverage": ("Văn bản được phổ biến theo quý (số hội nghị)", "Documents disseminated per quarter (conferences)"),
    "chart_study_rate": ("Tỷ lệ đảng viên học tập, quán triệt theo văn bản", "Share of Party members who studied each document"),
    "chart_not_reached": ("Tổ chức chưa học tập văn bản", "Organisations that have not yet studied the document"),
    "latest_conferences": ("Hội nghị gần đây", "Latest conferences"),
    "axis_quarter": ("Quý", "Quarter"),
    "axis_conferences": ("Số hội nghị", "Conferences"),
    "axis_attendees": ("Lượt người", "Person-visits"),
    "axis_share": ("Tỷ lệ", "Share"),
    "axis_rate": ("Tỷ lệ", "Rate"),
    "axis_org": ("Tổ chức", "Organisation"),
    "axis_document": ("Văn bản", "Document"),
    "target": ("Chỉ tiêu", "Target"),
    "empty": ("Không có hội nghị nào trong khoảng thời gian và bộ lọc đã chọn.",
              "No conference in this period with these filters."),
    "empty_store": ("Chưa có dữ liệu. Hãy tải tệp lên ở trang «Tải dữ liệu lên».",
                    "No data yet. Upload files on the Upload page."),
    "show_table": ("Xem bảng số liệu", "Show the numbers"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "click_hint": ("Bấm vào cột hoặc ô để lọc theo mục đó.", "Click a bar or cell to filter by it."),
    "col_date": ("Ngày", "Date"),
    "col_title": ("Tên hội nghị", "Title"),
    "col_kind": ("Loại hình", "Kind"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_quarter": ("Quý", "Quarter"),
    "col_attendees": ("Lượt người dự", "Attendees"),
    "col_documents": ("Văn bản", "Documents"),
    "col_speakers": ("Báo cáo viên", "Speakers"),
    "col_topics": ("Chủ đề", "Themes"),
    "col_location": ("Địa điểm", "Location"),
    "col_org": ("Tổ chức", "Organisation"),
    "col_org_type": ("Loại tổ chức", "Organisation type"),
    "col_party_members": ("Đảng viên", "Party members"),
    "col_members": ("Thành viên", "Members"),
    "col_rate": ("Tỷ lệ", "Rate"),
    "col_conferences": ("Số hội nghị", "Conferences"),
    "col_share": ("Tỷ lệ", "Share"),
    "col_document": ("Văn bản", "Document"),
    "col_document_name": ("Tên văn bản", "Document name"),
    "col_study_rate": ("Tỷ lệ học tập", "Study rate"),
    "col_studied": ("Đảng viên đã học", "Party members studied"),
    "col_total_pm": ("Tổng số đảng viên", "Party members"),
    "col_orgs_reached": ("Tổ chức được tiếp cận", "Organisations reached"),
    "detail_title": ("Chi tiết hội nghị", "Conference detail"),
    "grid_newest": ("Đang hiển thị {shown} hội nghị mới nhất trong tổng số {total}. Chọn đơn vị, loại hoặc quý ở bộ lọc để xem các hội nghị khác.",
                    "Showing the newest {shown} of {total} conferences. Pick a unit, kind or quarter in the filters to see the others."),
    "detail_pick": ("Chọn một hội nghị trong bảng để xem chi tiết.", "Select a conference in the table to see its detail."),
    "detail_attending": ("Thành phần dự", "Attending organisations"),
    "document_pick": ("Chọn văn bản để xem chi tiết", "Pick a document for its detail"),
    "not_found": ("Không tìm thấy trang này.", "Page not found."),
    "back_home": ("Về trang tổng quan", "Back to the overview"),
    "language": ("Ngôn ngữ", "Language"),
    "data_version": ("Phiên bản dữ liệu", "Data version"),
    "loading": ("Đang tính…", "Computing…"),
    "upload_title": ("Tải dữ liệu của quý lên", "Upload the quarter's files"),
    "upload_drop": ("Kéo thả hoặc bấm để chọn tệp CSV, Excel (.xlsx)", "Drag and drop or click to choose CSV or Excel (.xlsx) files"),
    "upload_unit": ("Đơn vị của các dòng không ghi đơn vị", "Unit for rows without a unit"),
    "upload_preview": ("Kết quả kiểm tra (chưa ghi gì)", "Check result (nothing written yet)"),
    "upload_confirm": ("Xác nhận ghi vào kho dữ liệu", "Confirm and commit"),
    "upload_ok": ("Tệp hợp lệ. Kiểm tra các thay đổi dưới đây rồi bấm xác nhận.",
                  "The files are valid. Check the changes below, then confirm."),
    "upload_refused": ("Chưa thể tải lên: {count} vấn đề cần sửa. Chưa ghi gì vào kho dữ liệu.",
                       "Cannot upload yet: {count} problem(s) to fix. Nothing was written."),
    "upload_committed": ("Đã ghi. Phiên bản dữ liệu mới: {version}.", "Committed. New data version: {version}."),
    "upload_noop": ("Không có gì thay đổi: dữ liệu này đã có trong kho.", "Nothing changed: this data is already stored."),
    "upload_templates": ("Tải mẫu trống", "Blank templates"),
    "upload_problems_csv": ("Tải danh sách vấn đề (CSV)", "Download the problems (CSV)"),
    "upload_login": ("Cần đăng nhập bằng tài khoản cán bộ để tải dữ liệu lên.", "Log in with a staff account to upload."),
    "history_title": ("Lịch sử tải lên", "Upload history"),
    "history_undo": ("Khôi phục về trước lần này", "Undo this upload"),
    "history_undone": ("Đã khôi phục về phiên bản {target}; phiên bản mới là {version}.",
                       "Restored version {target}; the new version is {version}."),
    "col_version": ("Phiên bản", "Version"),
    "col_at": ("Thời điểm", "When"),
    "col_user": ("Người thực hiện", "By"),
    "col_action": ("Thao tác", "Action"),
    "col_files": ("Tệp", "Files"),
    "col_changes": ("Thay đổi", "Changes"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
}


def t(key: str, lang: str = "vi", **params: object) -> str:
    """The label ``key`` in ``lang`` (Vietnamese for anything but ``en``)."""
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**params) if params else text


def fmt_number(value: object, lang: str = "vi", decimals: int = 0) -> str:
    """``1.234,5`` (vi) or ``1,234.5`` (en); empty for missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """``99,2%`` (vi) or ``99.2%`` (en) for 0.992."""
    formatted = fmt_number(None if value is None or pd.isna(value) else float(value) * 100, lang, decimals)
    return f"{formatted}%" if formatted else ""


def fmt_signed_percent(value: object, lang: str = "vi") -> str:
    if value is None or pd.isna(value):
        return ""
    return ("+" if value > 0 else "") + fmt_percent(value, lang)


def fmt_date(value: object) -> str:
    """``27/04/2023``; empty for missing."""
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def fmt_quarter(quarter: str, lang: str = "vi") -> str:
    return quarter_label(quarter, lang)


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands mark."""
    return ",." if lang == "vi" else ".,"
