"""Interface text and number formats, Vietnamese first, English as a switch.

Numbers follow the Vietnamese convention (``1.234,5``; ``99,16%``), dates
are ``dd/mm/yyyy`` and quarters ``Quý II/2023``. ``t(key, lang)`` returns a
label; a test checks every key has both languages.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

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
    "nav_report": ("Báo cáo", "Report"),
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
    "filter_period": ("Kỳ báo cáo", "Reporting period"),
    "filter_predecessors": ("Gồm đơn vị trước sáp nhập", "Include merged predecessors"),
    "filter_with_predecessors": ("gồm {names} trước {date}", "including {names} before {date}"),
    "filter_without_predecessors": ("không gồm đơn vị trước sáp nhập", "without merged predecessors"),
    "quarter_selected": ("Quý đang xem", "Quarter shown"),
    "kpi_conferences": ("Hội nghị", "Conferences"),
    "kpi_attendees": ("Lượt người dự", "Person-visits"),
    "kpi_orgs": ("Tổ chức được tiếp cận", "Organisations reached"),
    "kpi_study_rate": ("Tỷ lệ đảng viên học tập", "Party members who studied"),
    "kpi_vs_prev": ("so với quý trước", "vs previous quarter"),
    "kpi_vs_year": ("so với cùng kỳ năm trước", "vs same quarter last year"),
    "kpi_no_compare": ("chưa có số liệu so sánh", "nothing to compare"),
    "kpi_main_document": ("Văn bản chính", "Main document"),
    "kpi_no_study_campaign": ("Quý này không có hội nghị học tập, quán triệt văn bản nào",
                              "No conference studied a document this quarter"),
    "kpi_campaign": ("{name}: {rate} ({studied}/{total} đảng viên; {sessions} buổi học tập, {in_quarter} trong quý "
                     "này); {below}/{counted} chi bộ dưới chỉ tiêu {target}",
                     "{name}: {rate} ({studied} of {total} Party members; {sessions} study session(s), {in_quarter} "
                     "this quarter); {below} of {counted} cells below the {target} target"),
    "kpi_campaign_scope": ("Tỷ lệ tính trên cả đợt học tập của văn bản, kể cả các buổi học bù ngoài quý; trang «Văn "
                           "bản, chủ đề» lọc theo quý chỉ tính các buổi trong quý. Hội nghị chỉ tuyên truyền văn bản "
                           "không tính.",
                           "Each rate covers the document's whole study campaign, make-up sessions outside the quarter "
                           "included; the Documents page filtered by quarter counts that quarter's sessions only. "
                           "Conferences that only disseminated a document do not count."),
    "chart_activity": ("Số hội nghị theo quý và loại hình", "Conferences per quarter by kind"),
    "chart_attendees": ("Lượt người dự theo quý", "Person-visits per quarter"),
    "chart_mix": ("Cơ cấu thành phần dự theo loại tổ chức", "Attendee mix by organisation type"),
    "chart_mix_quarter": ("Thành phần dự trong quý", "Attendee mix in the quarter"),
    "chart_org_rate": ("Lượt dự trên số thành viên của từng tổ chức", "Person-visits per member, by organisation"),
    "chart_gaps": ("Tổ chức dự hội nghị theo quý (ô cam = bị bỏ sót; ô trống = đơn vị không tổ chức hoặc tổ chức chưa có)",
                   "Organisations attending by quarter (orange = missed; blank = nothing held, or not yet existing)"),
    "gaps_missed_cell": ("không dự (bị bỏ sót)", "did not attend (missed)"),
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
    "col_session": ("Buổi", "Session"),
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
    "col_study_sessions": ("Buổi học tập (kể cả học bù)", "Study sessions (make-up included)"),
    "col_dissemination_links": ("Hội nghị chỉ tuyên truyền", "Conferences that only disseminated it"),
    "col_cells_studied": ("Chi bộ đã học", "Party cells that studied"),
    "col_cells_registered": ("Số chi bộ", "Party cells"),
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
    "upload_warnings": ("{count} lưu ý về văn bản (không chặn việc ghi): cách hiểu các văn bản viết tắt, chưa có "
                        "trong danh mục hoặc chưa rõ vai trò. Kiểm tra; nếu chưa đúng, sửa tệp rồi tải lên lại.",
                        "{count} note(s) on documents (they do not block the upload): how abbreviated references were "
                        "read, references not in the catalogue or with no role. Check them; if one is wrong, fix the "
                        "file and upload again."),
    "upload_duplicates": ("Có {count} hội nghị có thể trùng với hội nghị khác (cùng đơn vị, cùng ngày, cùng tên, khác mã). "
                          "Kiểm tra danh sách dưới đây; chỉ ghi khi đã đánh dấu xác nhận.",
                          "{count} conference(s) look like another one (same unit, date and title, another id). "
                          "Check the list below; they are written only once you tick the confirmation."),
    "upload_confirm_duplicates": ("Vẫn ghi các hội nghị có thể trùng (đây là các hội nghị khác nhau)",
                                  "Write the probable duplicates anyway (they are different conferences)"),
    "upload_noop": ("Không có gì thay đổi: dữ liệu này đã có trong kho.", "Nothing changed: this data is already stored."),
    "upload_templates": ("Tải mẫu trống", "Blank templates"),
    "upload_problems_csv": ("Tải danh sách vấn đề (CSV)", "Download the problems (CSV)"),
    "upload_login": ("Cần đăng nhập bằng tài khoản cán bộ để tải dữ liệu lên.", "Log in with a staff account to upload."),
    "history_title": ("Lịch sử tải lên", "Upload history"),
    "col_version": ("Phiên bản", "Version"),
    "col_at": ("Thời điểm (giờ Việt Nam)", "When (Viet Nam time, UTC+7)"),
    "col_user": ("Người thực hiện", "By"),
    "col_action": ("Thao tác", "Action"),
    "col_files": ("Tệp", "Files"),
    "col_changes": ("Thay đổi", "Changes"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    # History: undo one upload, restore the whole store (dashboard.ingest.undo)
    "history_pick": ("Chọn một dòng trong bảng, rồi chọn hoàn tác lần tải lên đó hoặc khôi phục toàn bộ về phiên bản đó.",
                     "Select a row of the table, then undo that upload or restore everything to that version."),
    "history_undo": ("Hoàn tác lần tải lên", "Undo upload"),
    "history_undo_n": ("Hoàn tác lần tải lên #{version}", "Undo upload #{version}"),
    "history_restore": ("Khôi phục toàn bộ về phiên bản", "Restore everything to version"),
    "history_restore_n": ("Khôi phục toàn bộ về phiên bản #{version}", "Restore everything to version #{version}"),
    "undo_preview_title": ("Xem trước — hoàn tác {entry}. Chưa ghi gì.", "Preview — undo {entry}. Nothing written yet."),
    "undo_preview_keeps": ("Chỉ các dòng do lần này thay đổi được trả về như trước nó; mọi lần tải lên sau (của mọi đơn vị) "
                           "vẫn được giữ. Việc hoàn tác được ghi thành một phiên bản mới.",
                           "Only the rows this entry changed go back to what they were before it; every later upload "
                           "(of every unit) is kept. The undo is written as a new version."),
    "undo_units": ("Đơn vị có dữ liệu thay đổi: {units}", "Units whose data changes: {units}"),
    "undo_rows": ("Các dòng sẽ bị xóa hoặc khôi phục", "Rows to remove or restore"),
    "undo_conferences": ("Hội nghị bị ảnh hưởng", "Conferences affected"),
    "undo_conflicts_title": ("Xung đột: {count} dòng đã được lần tải lên sau sửa lại (hoặc còn được dòng khác dùng). "
                             "Nếu xác nhận, các dòng này giữ nguyên giá trị hiện tại (của lần tải lên sau); chỉ các dòng "
                             "còn lại được hoàn tác.",
                             "Conflicts: {count} row(s) were changed again by later uploads (or are still used by other "
                             "rows). If you confirm, these rows keep their current value (the later upload's); only the "
                             "other rows are undone."),
    "undo_ack": ("Tôi hiểu: các dòng xung đột giữ giá trị của lần tải lên sau, chỉ các dòng còn lại được hoàn tác.",
                 "I understand: conflicting rows keep the later upload's value; only the other rows are undone."),
    "undo_confirm": ("Xác nhận hoàn tác", "Confirm the undo"),
    "undo_done": ("Đã hoàn tác lần tải lên #{target}; phiên bản mới là {version}.",
                  "Undid upload #{target}; the new version is {version}."),
    "restore_preview_title": ("Xem trước — khôi phục toàn bộ kho dữ liệu về phiên bản #{version} (hiện tại: #{head}). "
                              "Chưa ghi gì.",
                              "Preview — restore the whole store to version #{version} (now: #{head}). Nothing written yet."),
    "restore_discarded": ("Các lần tải lên sẽ bị loại bỏ (của mọi đơn vị):", "Uploads that will be discarded (every unit's):"),
    "restore_none_discarded": ("Không lần tải lên nào bị loại bỏ.", "No upload is discarded."),
    "restore_reinstated": ("Các lần tải lên được đưa trở lại:", "Uploads brought back:"),
    "restore_units": ("Đơn vị có dữ liệu thay đổi: {units}", "Units whose data changes: {units}"),
    "restore_type": ("Gõ số phiên bản {version} để xác nhận", "Type the version number {version} to confirm"),
    "restore_confirm": ("Xác nhận khôi phục toàn bộ", "Confirm the full restore"),
    "history_undone": ("Đã khôi phục toàn bộ về phiên bản {target}; phiên bản mới là {version}.",
                       "Restored everything to version {target}; the new version is {version}."),
    "col_table": ("Bảng", "Table"),
    "col_row": ("Dòng", "Row"),
    "col_change": ("Thao tác", "Change"),
    "col_reason": ("Lý do", "Reason"),
    "col_later": ("Lần tải lên sau", "Later uploads"),
    "col_conference_id": ("Mã hội nghị", "Conference id"),
    "col_remove": ("Xóa", "Remove"),
    "col_restore": ("Khôi phục", "Restore"),
    "col_conflicts": ("Xung đột (giữ nguyên)", "Conflicts (kept)"),
    "col_added_back": ("Thêm lại", "Put back"),
    "col_changed": ("Thay đổi", "Changed"),
    "col_removed": ("Bị xóa", "Removed"),
    "change_remove": ("xóa", "remove"),
    "change_restore": ("trả về giá trị trước", "back to the previous value"),
    "reason_changed_later": ("lần sau đã sửa dòng này", "changed by a later upload"),
    "reason_removed_later": ("lần sau đã xóa dòng này", "removed by a later upload"),
    "reason_added_later": ("lần sau đã thêm lại dòng này", "added again by a later upload"),
    "reason_still_used": ("các dòng của lần sau còn dùng dòng này", "rows of later uploads still use it"),
    "reason_with_conference": ("giữ theo hội nghị của nó (hội nghị được giữ)", "kept with its conference, which is kept"),
    "table_conferences": ("Hội nghị", "Conferences"),
    "table_attendance": ("Thành phần dự", "Attendance"),
    "table_organizations": ("Tổ chức", "Organisations"),
    "table_conference_documents": ("Văn bản của hội nghị", "Conference documents"),
    "table_unit_history": ("Đơn vị (trực thuộc, sáp nhập)", "Units (parent, mergers)"),
    "table_catalogue": ("Danh mục văn bản", "Document catalogue"),
    "action_upload": ("tải lên", "upload"),
    "action_undo": ("hoàn tác", "undo"),
    "action_rollback": ("khôi phục toàn bộ", "full restore"),
    "more_rows": ("… và {count} dòng nữa", "… and {count} more rows"),
    "change_counts": ("thêm {added}, sửa {changed}, xóa {removed}", "added {added}, changed {changed}, removed {removed}"),
    "local_time": ("giờ Việt Nam", "Viet Nam time"),
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


# Viet Nam keeps UTC+7 all year (no daylight saving since 1975): a fixed offset needs no time-zone database,
# which a fresh machine with only Python may lack.
VIET_NAM_TIME = timezone(timedelta(hours=7), "ICT")


def fmt_moment(value: object) -> str:
    """``27/04/2023 14:05`` in Viet Nam time for a moment (the ledger keeps ISO text in UTC); empty for missing.

    A moment without a zone is taken as UTC, as the ledger writes it.
    """
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return ""
    moment = pd.Timestamp(value)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    return moment.tz_convert(VIET_NAM_TIME).strftime("%d/%m/%Y %H:%M")


def fmt_quarter(quarter: str, lang: str = "vi") -> str:
    return quarter_label(quarter, lang)


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators``: decimal mark then thousands mark."""
    return ",." if lang == "vi" else ".,"
