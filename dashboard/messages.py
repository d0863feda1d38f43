"""Every message users read, in one catalogue: Vietnamese first, English as a switch.

``MESSAGES`` maps a code to ``(Vietnamese, English)``; ``message(code, lang,
**params)`` picks the language and fills the ``{placeholders}`` when the
message is shown, never before, so a problem kept in a page's store or a
log renders in whichever language is chosen later. A parameter may itself be
bilingual — ``localised(vi, en)``, a plain ``{"vi": …, "en": …}`` dict that
survives JSON — and is localised at the same time.

Codes are ``namespace.name``, one namespace per place a message is shown:

- ``ui.*``: interface labels (``dashboard.i18n.t(name)``, ``dashboard.i18n.TEXT``);
- ``error.*``: problems of an upload or a request (``dashboard.errors.Problem(name)``,
  ``dashboard.errors.MESSAGES``), refusals and preview warnings alike;
- ``problems.*``: how problems are shown (table headers, "did you mean");
- ``upload.*``: the upload summary (``dashboard.ingest.upload.UploadPlan.summary_frame``);
- ``cli.*``: the command line (``dashboard.cli.say(name)``);
- ``login.*``: the login page (``dashboard.auth.web``);
- ``report.*``: the report page (``dashboard.pages.report.text(name)``).

An English message holds no Vietnamese word, and a Vietnamese message no
English one, except what the user must type or recognise as written: column
headers and file kinds of the templates (``'Đơn vị'``, ``'Danh mục văn
bản'``), vocabulary values (``'quán triệt'``, ``sáng``), document codes
(``58-KH/ĐU``), product names (Excel, CSV, Word) and command-line options;
``tests/test_messages.py`` holds the list.

This module imports nothing from the package: every layer may use it.
"""

from __future__ import annotations

from string import Formatter

LANGS = ("vi", "en")

# code → (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- ui.* — Interface labels (dashboard.i18n.t): pages, filters, charts, tables, history.
    "ui.app_title": ("Công tác tuyên giáo", "Outreach dashboard"),
    "ui.app_subtitle": ("Hội nghị, thành phần dự và học tập nghị quyết", "Conferences, attendance and document study"),
    "ui.nav_overview": ("Tổng quan", "Overview"),
    "ui.nav_attendance": ("Thành phần dự", "Attendance"),
    "ui.nav_topics": ("Văn bản, chủ đề", "Documents & themes"),
    "ui.nav_conferences": ("Danh sách hội nghị", "Conferences"),
    "ui.nav_report": ("Báo cáo", "Report"),
    "ui.nav_upload": ("Tải dữ liệu lên", "Upload"),
    "ui.nav_history": ("Lịch sử", "History"),
    "ui.nav_entry": ("Nhập hội nghị", "Enter a conference"),
    # The /entry page (dashboard.pages.entry): one conference typed in, or filled from a news post.
    "ui.entry_title": ("Nhập hội nghị", "Enter a conference"),
    "ui.entry_login": ("Chỉ cán bộ của đơn vị (hoặc quản trị viên) mới nhập được hội nghị. Hãy đăng nhập.",
                       "Only staff of the unit (or an administrator) can enter a conference. Please sign in."),
    "ui.entry_refused": ("Chỉ cán bộ của đơn vị này (hoặc quản trị viên) mới ghi được.",
                         "Only staff of this unit (or an administrator) may save it."),
    "ui.entry_intro": ("Nhập một hội nghị bằng biểu mẫu, hoặc điền từ bài viết đưa tin. Không có gì được ghi "
                       "trước khi bấm «Xác nhận ghi»; mỗi lần ghi là một lần tải lên, hoàn tác được ở trang Lịch sử.",
                       "Enter one conference with the form, or fill it from a news post. Nothing is saved before "
                       "you press Confirm and save; each save is an upload, which can be undone on the History page."),
    "ui.entry_unit": ("Đơn vị", "Unit"),
    "ui.entry_pick_unit": ("Hãy chọn đơn vị trước.", "Choose the unit first."),
    "ui.entry_open": ("Mở hội nghị đã lưu (để sửa)", "Open a stored conference (to correct it)"),
    "ui.entry_from_post": ("Từ bài viết", "From a news post"),
    "ui.entry_post_hint": ("Dán nội dung bài viết đưa tin hội nghị, rồi bấm «Điền từ bài viết». Hãy kiểm tra "
                           "từng ô trước khi xem trước.",
                           "Paste the text of the post about the conference, then press Fill from the post. "
                           "Check every field before the preview."),
    "ui.entry_post_file": ("Hoặc thả vào đây tệp bài viết đã lưu (.html, .txt, .docx)",
                           "Or drop a saved post here (.html, .txt, .docx)"),
    "ui.entry_post_unreadable": ("Không đọc được tệp {name}: chỉ nhận .html, .txt hoặc .docx.",
                                 "Could not read {name}: only .html, .txt or .docx are read."),
    "ui.entry_fill": ("Điền từ bài viết", "Fill from the post"),
    "ui.entry_no_post": ("Chưa có nội dung bài viết.", "There is no post text yet."),
    "ui.entry_filled": ("Đã điền {count} ô từ bài viết; ô không tìm thấy được đánh dấu. Chưa có gì được ghi.",
                        "Filled {count} fields from the post; fields not found are marked. Nothing is saved yet."),
    "ui.entry_not_found": ("Không tìm thấy trong bài viết", "Not found in the post"),
    "ui.entry_evidence": ("Theo câu: «{sentence}»", "From the sentence: “{sentence}”"),
    "ui.entry_groups": ("Bài viết nêu thành phần: {groups}", "The post names as attending: {groups}"),
    "ui.entry_at_least": ("Bài viết nêu ít nhất {count} người", "The post states at least {count} people"),
    "ui.entry_id": ("Mã hội nghị", "Conference id"),
    "ui.entry_date": ("Ngày", "Date"),
    "ui.entry_end_date": ("Ngày kết thúc", "End date"),
    "ui.entry_session": ("Buổi", "Session"),
    "ui.entry_conference_title": ("Tên hội nghị", "Title"),
    "ui.entry_kind": ("Loại hình", "Kind"),
    "ui.entry_organizer": ("Đơn vị tổ chức", "Organiser"),
    "ui.entry_location": ("Địa điểm", "Location"),
    "ui.entry_docs_studied": ("Văn bản học tập, quán triệt", "Documents studied"),
    "ui.entry_docs_disseminated": ("Văn bản tuyên truyền, thông tin", "Documents only disseminated"),
    "ui.entry_docs_hint": ("Gõ số hiệu để tìm (35-NQ/TW, Quy định 85…); văn bản chưa có trong danh mục: gõ đủ tên "
                           "rồi chọn dòng vừa gõ.",
                           "Type a code to search (35-NQ/TW, 99-HD/BTGTW…); for a document not catalogued, type it "
                           "in full and pick the typed line."),
    "ui.entry_speakers": ("Báo cáo viên (cách nhau bằng dấu ;)", "Speakers (separated by ;)"),
    "ui.entry_total": ("Tổng số người dự", "Total attendees"),
    "ui.entry_attendance": ("Thành phần dự theo tổ chức", "Attendance per organisation"),
    "ui.entry_attendance_hint": ("Bấm vào ô để nhập; để trống các tổ chức không dự.",
                                 "Click a cell to type; leave the organisations that did not attend blank."),
    "ui.entry_no_registry": ("Đơn vị chưa có danh sách tổ chức: hãy tải tệp Tổ chức lên trước.",
                             "The unit has no registry of organisations yet: upload its organisations file first."),
    "ui.entry_col_organization": ("Tổ chức", "Organisation"),
    "ui.entry_col_attendees": ("Số người dự", "Attendees"),
    "ui.entry_col_party_members": ("Số đảng viên", "Party members"),
    "ui.entry_preview": ("Xem trước", "Preview"),
    "ui.entry_confirm": ("Xác nhận ghi", "Confirm and save"),
    "ui.entry_field_problems": ("Có {count} vấn đề ghi ngay dưới ô của nó.",
                                "{count} problems are shown under their fields."),
    "ui.entry_row_problem": ("Dòng của {organization}: {message}", "Row of {organization}: {message}"),
    "ui.filter_from": ("Từ quý", "From quarter"),
    "ui.filter_to": ("Đến quý", "To quarter"),
    "ui.filter_unit": ("Đơn vị", "Unit"),
    "ui.filter_kind": ("Loại hình", "Kind"),
    "ui.filter_org_type": ("Loại tổ chức", "Organisation type"),
    "ui.filter_document": ("Văn bản", "Document"),
    "ui.filter_all": ("Tất cả", "All"),
    "ui.filter_clear": ("Xóa bộ lọc", "Clear filters"),
    "ui.filter_active": ("Đang lọc", "Filtered by"),
    "ui.filter_period": ("Kỳ báo cáo", "Reporting period"),
    "ui.filter_predecessors": ("Gồm đơn vị trước sáp nhập", "Include merged predecessors"),
    "ui.filter_with_predecessors": ("gồm {names} trước {date}", "including {names} before {date}"),
    "ui.filter_without_predecessors": ("không gồm đơn vị trước sáp nhập", "without merged predecessors"),
    "ui.filter_button": ("Bộ lọc", "Filters"),
    "ui.filter_close": ("Đóng", "Close"),
    "ui.filter_show_results": ("Xem kết quả", "Show results"),
    "ui.filter_remove": ("Bỏ lọc: {label}", "Remove filter: {label}"),
    "ui.nav_label": ("Các trang", "Pages"),
    "ui.quarter_selected": ("Quý đang xem", "Quarter shown"),
    "ui.kpi_conferences": ("Hội nghị", "Conferences"),
    "ui.kpi_attendees": ("Lượt người dự", "Person-visits"),
    "ui.kpi_orgs": ("Tổ chức được tiếp cận", "Organisations reached"),
    "ui.kpi_study_rate": ("Tỷ lệ đảng viên học tập", "Party members who studied"),
    "ui.kpi_vs_prev": ("so với quý trước", "vs previous quarter"),
    "ui.kpi_vs_year": ("so với cùng kỳ năm trước", "vs same quarter last year"),
    "ui.kpi_no_compare": ("chưa có số liệu so sánh", "nothing to compare"),
    "ui.kpi_main_document": ("Văn bản chính", "Main document"),
    "ui.kpi_no_study_campaign": (
        "Quý này không có hội nghị học tập, quán triệt văn bản nào",
        "No conference studied a document this quarter",
    ),
    "ui.kpi_campaign": (
        "{name}: {rate} ({studied}/{total} đảng viên; {sessions} buổi học tập, {in_quarter} trong quý này); "
        "{below}/{counted} chi bộ dưới chỉ tiêu {target}",
        "{name}: {rate} ({studied} of {total} Party members; {sessions} study session(s), {in_quarter} this "
        "quarter); {below} of {counted} cells below the {target} target",
    ),
    "ui.kpi_campaign_scope": (
        "Tỷ lệ tính trên cả đợt học tập của văn bản, kể cả các buổi học bù ngoài quý; trang «Văn bản, chủ đề» lọc "
        "theo quý chỉ tính các buổi trong quý. Hội nghị chỉ tuyên truyền văn bản không tính.",
        "Each rate covers the document's whole study campaign, make-up sessions outside the quarter included; the "
        "Documents page filtered by quarter counts that quarter's sessions only. Conferences that only disseminated "
        "a document do not count.",
    ),
    "ui.chart_activity": ("Số hội nghị theo quý và loại hình", "Conferences per quarter by kind"),
    "ui.chart_attendees": ("Lượt người dự theo quý", "Person-visits per quarter"),
    "ui.chart_mix": ("Cơ cấu thành phần dự theo loại tổ chức", "Attendee mix by organisation type"),
    "ui.chart_mix_quarter": ("Thành phần dự trong quý", "Attendee mix in the quarter"),
    "ui.chart_org_rate": ("Lượt dự bình quân mỗi quý của từng tổ chức", "Person-visits per quarter, by organisation"),
    "ui.org_rate_per_quarter": ("lượt mỗi quý", "visits a quarter"),
    "ui.org_rate_total": ("lượt trong {quarters} quý có hội nghị", "visits in {quarters} quarters with conferences"),
    "ui.org_rate_members": ("thành viên", "members"),
    "ui.axis_visits_per_quarter": ("Lượt dự mỗi quý", "Visits a quarter"),
    "ui.chart_period": ("Số liệu: {period}", "Data: {period}"),
    "ui.chart_gaps": (
        "Lượt dự của từng tổ chức theo quý (ô cam: không dự; ô trống: không có hội nghị hoặc tổ chức chưa có)",
        "Each organisation's attendees by quarter (orange: missed; blank: nothing held, or not yet existing)",
    ),
    "ui.gaps_missed_cell": ("không dự (bị bỏ sót)", "did not attend (missed)"),
    "ui.chart_coverage": (
        "Văn bản được phổ biến theo quý (số hội nghị)",
        "Documents disseminated per quarter (conferences)",
    ),
    "ui.chart_study_rate": (
        "Tỷ lệ đảng viên học tập, quán triệt theo văn bản",
        "Share of Party members who studied each document",
    ),
    "ui.chart_cells": (
        "Tỷ lệ đảng viên học tập văn bản theo chi bộ",
        "Share of Party members who studied the document, by Party cell",
    ),
    "ui.chart_not_reached": ("Tổ chức chưa học tập văn bản", "Organisations that have not yet studied the document"),
    "ui.latest_conferences": ("Hội nghị gần đây", "Latest conferences"),
    "ui.axis_conferences": ("Số hội nghị", "Conferences"),
    "ui.axis_attendees": ("Lượt người", "Person-visits"),
    "ui.axis_rate": ("Tỷ lệ", "Rate"),
    "ui.target": ("Chỉ tiêu", "Target"),
    "ui.empty": (
        "Không có hội nghị nào trong khoảng thời gian và bộ lọc đã chọn.",
        "No conference in this period with these filters.",
    ),
    "ui.empty_store": (
        "Chưa có dữ liệu. Hãy tải tệp lên ở trang «Tải dữ liệu lên».",
        "No data yet. Upload files on the Upload page.",
    ),
    "ui.access_outside": (
        "Tài khoản này không được xem {units}: các biểu đồ và bảng để trống. Bỏ chọn đơn vị đó, "
        "hoặc nhờ quản trị viên cấp quyền (python -m dashboard users set-units).",
        "This account may not read {units}: the charts and tables are empty. Remove that unit from the filter, "
        "or ask an administrator for access (python -m dashboard users set-units).",
    ),
    "ui.access_public": (
        "Chế độ xem công khai: ai mở được địa chỉ này đều xem được số liệu của mọi đơn vị.",
        "Open viewing: anyone who can open this address reads every unit's data.",
    ),
    "ui.access_units": (
        "Tài khoản {name} xem được: {units} và các đơn vị trực thuộc.",
        "Account {name} reads: {units} and the units under them.",
    ),
    "ui.access_none": (
        "Tài khoản {name} chưa được giao đơn vị nào để xem (hoặc đơn vị được giao chưa có dữ liệu).",
        "Account {name} has no unit to read yet (or its units hold no data yet).",
    ),
    "ui.access_every": ("Tài khoản {name} xem được mọi đơn vị.", "Account {name} reads every unit."),
    "ui.show_table": ("Xem bảng số liệu", "Show the numbers"),
    "ui.download_csv": ("Tải CSV", "Download CSV"),
    "ui.download_xlsx": ("Tải Excel", "Download Excel"),
    "ui.click_hint": ("Bấm vào cột hoặc ô để lọc theo mục đó.", "Click a bar or cell to filter by it."),
    "ui.col_date": ("Ngày", "Date"),
    "ui.col_title": ("Tên hội nghị", "Title"),
    "ui.col_kind": ("Loại hình", "Kind"),
    "ui.col_unit": ("Đơn vị", "Unit"),
    "ui.col_quarter": ("Quý", "Quarter"),
    "ui.col_attendees": ("Lượt người dự", "Attendees"),
    "ui.col_documents": ("Văn bản", "Documents"),
    "ui.col_speakers": ("Báo cáo viên", "Speakers"),
    "ui.col_topics": ("Chủ đề", "Themes"),
    "ui.col_location": ("Địa điểm", "Location"),
    "ui.col_session": ("Buổi", "Session"),
    "ui.col_org": ("Tổ chức", "Organisation"),
    "ui.col_org_type": ("Loại tổ chức", "Organisation type"),
    "ui.col_party_members": ("Đảng viên", "Party members"),
    "ui.col_members": ("Thành viên", "Members"),
    "ui.col_rate": ("Tỷ lệ", "Rate"),
    "ui.col_conferences": ("Số hội nghị", "Conferences"),
    "ui.col_share": ("Tỷ lệ", "Share"),
    "ui.col_document": ("Văn bản", "Document"),
    "ui.col_document_name": ("Tên văn bản", "Document name"),
    "ui.col_study_rate": ("Tỷ lệ học tập", "Study rate"),
    "ui.col_expected": ("Đảng viên phải học tập (trừ miễn sinh hoạt)", "Party members expected (exempt left out)"),
    "ui.col_below_target": ("Dưới chỉ tiêu", "Below target"),
    "ui.col_study_sessions": ("Buổi học tập (kể cả học bù)", "Study sessions (make-up included)"),
    "ui.col_dissemination_links": ("Hội nghị chỉ tuyên truyền", "Conferences that only disseminated it"),
    "ui.col_cells_studied": ("Chi bộ đã học", "Party cells that studied"),
    "ui.col_cells_registered": ("Số chi bộ", "Party cells"),
    "ui.col_studied": ("Đảng viên đã học", "Party members studied"),
    "ui.col_total_pm": ("Tổng số đảng viên", "Party members"),
    "ui.col_orgs_reached": ("Tổ chức được tiếp cận", "Organisations reached"),
    "ui.grid_newest": (
        "Đang hiển thị {shown} hội nghị mới nhất trong tổng số {total}. Chọn đơn vị, loại hoặc quý ở bộ lọc để xem "
        "các hội nghị khác.",
        "Showing the newest {shown} of {total} conferences. Pick a unit, kind or quarter in the filters to see the "
        "others.",
    ),
    "ui.detail_pick": (
        "Chọn một hội nghị trong bảng để xem chi tiết.",
        "Select a conference in the table to see its detail.",
    ),
    "ui.detail_attending": ("Thành phần dự", "Attending organisations"),
    "ui.document_pick": ("Chọn văn bản để xem chi tiết", "Pick a document for its detail"),
    "ui.not_found": ("Không tìm thấy trang này.", "Page not found."),
    "ui.back_home": ("Về trang tổng quan", "Back to the overview"),
    "ui.language": ("Ngôn ngữ", "Language"),
    "ui.loading": ("Đang tính…", "Computing…"),
    "ui.upload_title": ("Tải dữ liệu của quý lên", "Upload the quarter's files"),
    "ui.upload_drop": (
        "Kéo thả hoặc bấm để chọn tệp CSV, Excel (.xlsx)",
        "Drag and drop or click to choose CSV or Excel (.xlsx) files",
    ),
    "ui.upload_unit": ("Đơn vị của các dòng không ghi đơn vị", "Unit for rows without a unit"),
    "ui.upload_confirm": ("Xác nhận ghi vào kho dữ liệu", "Confirm and commit"),
    "ui.upload_ok": (
        "Tệp hợp lệ. Kiểm tra các thay đổi dưới đây rồi bấm xác nhận.",
        "The files are valid. Check the changes below, then confirm.",
    ),
    "ui.upload_refused": (
        "Chưa thể tải lên: {count} vấn đề cần sửa. Chưa ghi gì vào kho dữ liệu.",
        "Cannot upload yet: {count} problem(s) to fix. Nothing was written.",
    ),
    "ui.upload_committed": ("Đã ghi. Phiên bản dữ liệu mới: {version}.", "Committed. New data version: {version}."),
    "ui.upload_warnings": (
        "{count} lưu ý về văn bản (không chặn việc ghi): cách hiểu các văn bản viết tắt, chưa có trong danh mục "
        "hoặc chưa rõ vai trò. Kiểm tra; nếu chưa đúng, sửa tệp rồi tải lên lại.",
        "{count} note(s) on documents (they do not block the upload): how abbreviated references were read, "
        "references not in the catalogue or with no role. Check them; if one is wrong, fix the file and upload "
        "again.",
    ),
    "ui.upload_duplicates": (
        "Có {count} hội nghị có thể trùng với hội nghị khác (cùng đơn vị, cùng ngày, cùng tên, khác mã). Kiểm tra "
        "danh sách dưới đây; chỉ ghi khi đã đánh dấu xác nhận.",
        "{count} conference(s) look like another one (same unit, date and title, another id). Check the list below; "
        "they are written only once you tick the confirmation.",
    ),
    "ui.upload_confirm_duplicates": (
        "Vẫn ghi các hội nghị có thể trùng (đây là các hội nghị khác nhau)",
        "Write the probable duplicates anyway (they are different conferences)",
    ),
    "ui.upload_noop": (
        "Không có gì thay đổi: dữ liệu này đã có trong kho.",
        "Nothing changed: this data is already stored.",
    ),
    "ui.upload_templates": ("Tải mẫu trống", "Blank templates"),
    "ui.upload_templates_hint": (
        "chỉ có dòng tiêu đề: điền dữ liệu từ dòng 2",
        "the header row only: fill in the data from row 2",
    ),
    "ui.upload_examples": ("Tệp mẫu có ví dụ", "Example files"),
    "ui.upload_examples_hint": (
        "có sẵn dòng ví dụ để xem cách điền; không tải các tệp này lên",
        "each holds an example row showing how to fill it in; do not upload them",
    ),
    "ui.upload_example_link": ("Tệp mẫu có ví dụ: {name}", "Example file: {name}"),
    "ui.upload_template_link": ("Mẫu trống: {name}", "Blank template: {name}"),
    "ui.upload_empty_files": (
        "Chưa có dòng dữ liệu nào: {files} chỉ có dòng tiêu đề. Hãy điền dữ liệu từ dòng 2 (xem tệp mẫu có ví dụ) "
        "rồi tải lên lại. Chưa ghi gì.",
        "No data row yet: {files} hold(s) only the header row. Fill in the data from row 2 (see the example files) "
        "and upload again. Nothing was written.",
    ),
    "ui.upload_some_empty": (
        "Không có dòng dữ liệu nào, bỏ qua: {files} (chỉ có dòng tiêu đề).",
        "No data row, left out: {files} (the header row only).",
    ),
    "ui.upload_changes": (
        "Các hội nghị sẽ thay đổi: thêm {added}, sửa {changed}, xóa {removed}.",
        "Conferences that will change: {added} added, {changed} changed, {removed} removed.",
    ),
    "ui.upload_changes_done": (
        "Các hội nghị đã thay đổi: thêm {added}, sửa {changed}, xóa {removed}.",
        "Conferences changed: {added} added, {changed} changed, {removed} removed.",
    ),
    "ui.upload_more_conferences": ("… và {count} hội nghị khác", "… and {count} more conferences"),
    "ui.upload_problems_csv": ("Tải danh sách vấn đề (CSV)", "Download the problems (CSV)"),
    "ui.upload_login": (
        "Cần đăng nhập bằng tài khoản cán bộ để tải dữ liệu lên.",
        "Log in with a staff account to upload.",
    ),
    "ui.history_title": ("Lịch sử tải lên", "Upload history"),
    "ui.col_version": ("Phiên bản", "Version"),
    "ui.col_at": ("Thời điểm (giờ Việt Nam)", "When (Viet Nam time, UTC+7)"),
    "ui.col_user": ("Người thực hiện", "By"),
    "ui.col_action": ("Thao tác", "Action"),
    "ui.col_files": ("Tệp", "Files"),
    "ui.col_changes": ("Thay đổi", "Changes"),
    "ui.login": ("Đăng nhập", "Log in"),
    "ui.logout": ("Đăng xuất", "Log out"),
    # History: undo one upload, restore the whole store (dashboard.ingest.undo).
    "ui.history_pick": (
        "Chọn một dòng trong bảng, rồi chọn hoàn tác lần tải lên đó hoặc khôi phục toàn bộ về phiên bản đó.",
        "Select a row of the table, then undo that upload or restore everything to that version.",
    ),
    "ui.history_undo": ("Hoàn tác lần tải lên", "Undo upload"),
    "ui.history_undo_n": ("Hoàn tác lần tải lên #{version}", "Undo upload #{version}"),
    "ui.history_restore": ("Khôi phục toàn bộ về phiên bản", "Restore everything to version"),
    "ui.history_restore_n": ("Khôi phục toàn bộ về phiên bản #{version}", "Restore everything to version #{version}"),
    "ui.undo_preview_title": (
        "Xem trước — hoàn tác {entry}. Chưa ghi gì.",
        "Preview — undo {entry}. Nothing written yet.",
    ),
    "ui.undo_preview_keeps": (
        "Chỉ các dòng do lần này thay đổi được trả về như trước nó; mọi lần tải lên sau (của mọi đơn vị) vẫn được "
        "giữ. Việc hoàn tác được ghi thành một phiên bản mới.",
        "Only the rows this entry changed go back to what they were before it; every later upload (of every unit) "
        "is kept. The undo is written as a new version.",
    ),
    "ui.undo_units": ("Đơn vị có dữ liệu thay đổi: {units}", "Units whose data changes: {units}"),
    "ui.undo_rows": ("Các dòng sẽ bị xóa hoặc khôi phục", "Rows to remove or restore"),
    "ui.undo_conferences": ("Hội nghị bị ảnh hưởng", "Conferences affected"),
    "ui.undo_conflicts_title": (
        "Xung đột: {count} dòng đã được lần tải lên sau sửa lại (hoặc còn được dòng khác dùng). Nếu xác nhận, các "
        "dòng này giữ nguyên giá trị hiện tại (của lần tải lên sau); chỉ các dòng còn lại được hoàn tác.",
        "Conflicts: {count} row(s) were changed again by later uploads (or are still used by other rows). If you "
        "confirm, these rows keep their current value (the later upload's); only the other rows are undone.",
    ),
    "ui.undo_ack": (
        "Tôi hiểu: các dòng xung đột giữ giá trị của lần tải lên sau, chỉ các dòng còn lại được hoàn tác.",
        "I understand: conflicting rows keep the later upload's value; only the other rows are undone.",
    ),
    "ui.undo_confirm": ("Xác nhận hoàn tác", "Confirm the undo"),
    "ui.undo_done": (
        "Đã hoàn tác lần tải lên #{target}; phiên bản mới là {version}.",
        "Undid upload #{target}; the new version is {version}.",
    ),
    "ui.restore_preview_title": (
        "Xem trước — khôi phục toàn bộ kho dữ liệu về phiên bản #{version} (hiện tại: #{head}). Chưa ghi gì.",
        "Preview — restore the whole store to version #{version} (now: #{head}). Nothing written yet.",
    ),
    "ui.restore_discarded": (
        "Các lần tải lên sẽ bị loại bỏ (của mọi đơn vị):",
        "Uploads that will be discarded (every unit's):",
    ),
    "ui.restore_none_discarded": ("Không lần tải lên nào bị loại bỏ.", "No upload is discarded."),
    "ui.restore_reinstated": ("Các lần tải lên được đưa trở lại:", "Uploads brought back:"),
    "ui.restore_units": ("Đơn vị có dữ liệu thay đổi: {units}", "Units whose data changes: {units}"),
    "ui.restore_type": ("Gõ số phiên bản {version} để xác nhận", "Type the version number {version} to confirm"),
    "ui.restore_confirm": ("Xác nhận khôi phục toàn bộ", "Confirm the full restore"),
    "ui.history_undone": (
        "Đã khôi phục toàn bộ về phiên bản {target}; phiên bản mới là {version}.",
        "Restored everything to version {target}; the new version is {version}.",
    ),
    "ui.col_table": ("Bảng", "Table"),
    "ui.col_row": ("Dòng", "Row"),
    "ui.col_change": ("Thao tác", "Change"),
    "ui.col_reason": ("Lý do", "Reason"),
    "ui.col_later": ("Lần tải lên sau", "Later uploads"),
    "ui.col_conference_id": ("Mã hội nghị", "Conference id"),
    "ui.col_remove": ("Xóa", "Remove"),
    "ui.col_restore": ("Khôi phục", "Restore"),
    "ui.col_conflicts": ("Xung đột (giữ nguyên)", "Conflicts (kept)"),
    "ui.col_added_back": ("Thêm lại", "Put back"),
    "ui.col_changed": ("Thay đổi", "Changed"),
    "ui.col_removed": ("Bị xóa", "Removed"),
    "ui.change_remove": ("xóa", "remove"),
    "ui.change_restore": ("trả về giá trị trước", "back to the previous value"),
    "ui.reason_changed_later": ("lần sau đã sửa dòng này", "changed by a later upload"),
    "ui.reason_removed_later": ("lần sau đã xóa dòng này", "removed by a later upload"),
    "ui.reason_added_later": ("lần sau đã thêm lại dòng này", "added again by a later upload"),
    "ui.reason_still_used": ("các dòng của lần sau còn dùng dòng này", "rows of later uploads still use it"),
    "ui.reason_with_conference": (
        "giữ theo hội nghị của nó (hội nghị được giữ)",
        "kept with its conference, which is kept",
    ),
    "ui.table_conferences": ("Hội nghị", "Conferences"),
    "ui.table_attendance": ("Thành phần dự", "Attendance"),
    "ui.table_organizations": ("Tổ chức", "Organisations"),
    "ui.table_conference_documents": ("Văn bản của hội nghị", "Conference documents"),
    "ui.table_unit_history": ("Đơn vị (trực thuộc, sáp nhập)", "Units (parent, mergers)"),
    "ui.table_catalogue": ("Danh mục văn bản", "Document catalogue"),
    "ui.action_upload": ("tải lên", "upload"),
    "ui.action_undo": ("hoàn tác", "undo"),
    "ui.action_rollback": ("khôi phục toàn bộ", "full restore"),
    "ui.more_rows": ("… và {count} dòng nữa", "… and {count} more rows"),
    "ui.change_counts": (
        "thêm {added}, sửa {changed}, xóa {removed}",
        "added {added}, changed {changed}, removed {removed}",
    ),
    # --- error.* — Problems of an upload or a request (dashboard.errors.Problem): refusals and warnings.
    "error.file_too_large": (
        "Tệp quá lớn ({size} MB, giới hạn {limit} MB). Hãy tách tệp theo quý hoặc theo đơn vị.",
        "File too large ({size} MB, limit {limit} MB). Split it by quarter or by unit.",
    ),
    "error.empty_file": (
        "Tệp rỗng, không có dòng nào. Hãy chọn đúng tệp đã lưu từ Excel.",
        "The file is empty. Choose the file you saved from Excel.",
    ),
    "error.binary_file": (
        "Không đọc được tệp: không phải CSV hay Excel (.xlsx). Hãy lưu lại bằng Excel dưới dạng CSV UTF-8 hoặc .xlsx.",
        "Cannot read the file: it is neither CSV nor Excel (.xlsx). Save it from Excel as CSV UTF-8 or .xlsx.",
    ),
    "error.no_header": (
        "Không nhận ra dòng tiêu đề. Dòng 1 phải là tiêu đề cột theo mẫu (ví dụ: {example}). Hãy tải mẫu trống và "
        "dán dữ liệu vào.",
        "No recognisable header row. Row 1 must hold the column headers of a template (e.g. {example}). Download a "
        "blank template and paste the data into it.",
    ),
    "error.ambiguous_header": (
        "Dòng tiêu đề khớp với nhiều loại tệp ({kinds}). Hãy dùng đúng mẫu của một loại tệp.",
        "The header row matches several kinds of file ({kinds}). Use the template of one kind.",
    ),
    "error.missing_column": (
        "Thiếu cột bắt buộc «{header}» của tệp {table}. Hãy thêm cột này vào dòng tiêu đề.",
        "Required column '{header}' of a {table} file is missing. Add it to the header row.",
    ),
    "error.ragged_row": (
        "Dòng có {found} ô nhưng tiêu đề có {expected} cột. Kiểm tra dấu phân cách thừa hoặc thiếu trong dòng này.",
        "The row has {found} cells but the header has {expected} columns. Look for an extra or missing separator in "
        "this row.",
    ),
    "error.missing_value": (
        "Thiếu giá trị bắt buộc. Hãy điền ô này.",
        "A required value is missing. Fill in this cell.",
    ),
    "error.bad_date": (
        "«{value}» không phải ngày hợp lệ. Ghi theo dạng ngày/tháng/năm, ví dụ 27/4/2023.",
        "'{value}' is not a valid date. Write day/month/year, e.g. 27/4/2023.",
    ),
    "error.end_before_start": (
        "Ngày kết thúc «{value}» trước ngày bắt đầu. Kiểm tra lại hai ngày.",
        "End date '{value}' is before the start date. Check both dates.",
    ),
    "error.bad_count": (
        "«{value}» không phải số nguyên. Ghi số bằng chữ số, ví dụ 120 hoặc 1.251.",
        "'{value}' is not a whole number. Write it in digits, e.g. 120 or 1.251.",
    ),
    "error.fractional_count": (
        "«{value}» là số lẻ (dấu phẩy là dấu thập phân), nhưng số người phải là số nguyên. Hãy ghi số nguyên, ví dụ "
        "12.",
        "'{value}' has a fraction (the comma is the decimal mark), but a head count is a whole number. Write a "
        "whole number, e.g. 12.",
    ),
    "error.ambiguous_count": (
        "«{value}» không rõ nghĩa: dấu phẩy là dấu thập phân, nên có thể đọc là số lẻ hoặc là {plain}. Nếu là "
        "{plain} người, hãy ghi {plain} hoặc {grouped} (dấu chấm ngăn cách hàng nghìn).",
        "'{value}' is ambiguous: the comma is the Vietnamese decimal mark, so it reads as a fraction or as {plain}. "
        "If it is {plain} people, write {plain} or {grouped} (a dot groups thousands).",
    ),
    "error.count_in_words": (
        "«{value}» được viết bằng chữ. Hãy ghi bằng chữ số, ví dụ 290.",
        "'{value}' is written in words. Write it in digits, e.g. 290.",
    ),
    "error.negative_count": (
        "«{value}» là số âm. Số người không thể âm.",
        "'{value}' is negative. A head count cannot be negative.",
    ),
    "error.unknown_kind": (
        "Loại hình «{value}» không có trong danh mục. Dùng một trong: {choices}.",
        "Unknown conference kind '{value}'. Use one of: {choices}.",
    ),
    "error.unknown_org_type": (
        "Loại tổ chức «{value}» không có trong danh mục. Dùng một trong: {choices}.",
        "Unknown organisation type '{value}'. Use one of: {choices}.",
    ),
    "error.unknown_role": (
        "Vai trò văn bản «{value}» không rõ. Ghi «học tập» hoặc «quán triệt» (hội nghị học tập văn bản), hoặc "
        "«tuyên truyền», «thông tin», «giới thiệu» (chỉ tuyên truyền); để trống thì theo loại hình hội nghị.",
        "Unknown document role '{value}'. Write 'học tập' or 'quán triệt' (studied), or 'tuyên truyền', 'thông "
        "tin', 'giới thiệu' (only disseminated), or studied / disseminated; blank follows the conference kind.",
    ),
    # Warnings of the upload preview (UploadPlan.warnings): shown, never blocking. A document reference
    # that is not written in full (dashboard.contract.documents, dashboard.contract.links).
    "error.document_resolved": (
        "«{value}» được hiểu là {name}. Nếu không đúng, hãy ghi đủ số, ký hiệu và ngày ban hành.",
        "'{value}' is read as {name}. If that is wrong, write the full code and issue date.",
    ),
    "error.document_resolved_latest": (
        "«{value}» được hiểu là {name}, văn bản cùng số ban hành gần nhất trước ngày hội nghị {date} (cùng số còn "
        "có: {others}). Nếu không đúng, hãy ghi rõ ngày ban hành.",
        "'{value}' is read as {name}, the latest document with this number issued before the conference of {date} "
        "(the same number also names: {others}). If that is wrong, write its issue date.",
    ),
    "error.document_unknown": (
        "«{value}» không khớp văn bản nào trong danh mục; được lưu đúng như đã ghi, là một văn bản riêng.{suggest} "
        "Nếu là văn bản chưa có trong danh mục (của cấp ủy, hoặc mới ban hành), hãy bổ sung bằng tệp «Danh mục văn "
        "bản» (có thể trong cùng lần tải lên).",
        "'{value}' matches no catalogued document; it is stored as written, as a document of its own.{suggest} If "
        "it is a document the catalogue lacks (a committee's own, or newly issued), add it with a 'Danh mục văn "
        "bản' (document catalogue) file, in this upload if you like.",
    ),
    "error.document_state": (
        "«{value}» là văn bản của Nhà nước, không thuộc danh mục văn bản của Đảng; được lưu đúng như đã ghi.",
        "'{value}' is a State document, outside the catalogue of Party documents; it is stored as written.",
    ),
    "error.document_ambiguous": (
        "«{value}» có thể là nhiều văn bản, chưa chọn được văn bản nào.{suggest} Hãy ghi rõ số, ký hiệu và ngày ban "
        "hành; tạm thời được lưu đúng như đã ghi, không gộp với văn bản nào.",
        "'{value}' may mean several documents and none could be chosen.{suggest} Write the code and issue date; "
        "meanwhile it is stored as written, merged with no other document.",
    ),
    "error.document_unrecognised": (
        "Không nhận ra số, ký hiệu văn bản trong «{value}»; được lưu đúng như đã ghi, là một văn bản "
        "riêng.{suggest} Hãy ghi số, ký hiệu, ví dụ Nghị quyết số 35-NQ/TW.",
        "No document code recognised in '{value}'; it is stored as written, as a document of its own.{suggest} "
        "Write its code, e.g. 35-NQ/TW.",
    ),
    "error.document_after_conference": (
        "«{value}»: {name} ban hành sau ngày hội nghị {date}; không thể học tập, tuyên truyền văn bản chưa ban "
        "hành. Kiểm tra ngày hội nghị hoặc số, ngày của văn bản.",
        "'{value}': {name} was issued after the conference of {date}; a document cannot be studied or disseminated "
        "before it exists. Check the conference date or the document's code and date.",
    ),
    "error.document_role_unknown": (
        "Không rõ hội nghị loại «{kind}» học tập hay chỉ tuyên truyền «{value}»: được tính là tuyên truyền, không "
        "tính vào tỷ lệ đảng viên học tập. Nếu hội nghị học tập văn bản này, hãy ghi «quán triệt» trước văn bản "
        "hoặc điền cột «Vai trò văn bản».",
        "Not known whether this '{kind}' conference studied or only disseminated '{value}': it counts as "
        "disseminated, outside the study rate. If the conference studied it, write 'quán triệt' before the "
        "reference or fill in the 'Vai trò văn bản' (document role) column.",
    ),
    # Rows of a "Danh mục văn bản" file (dashboard.contract.documents.extend_catalogue).
    "error.unknown_type_word": (
        "Loại văn bản «{value}» không có trong danh mục văn bản của Đảng. Dùng một trong: {choices}.",
        "Unknown document type '{value}' (not a Party document type). Use one of: {choices}.",
    ),
    "error.catalogue_bad_code": (
        "«{value}» không phải số, ký hiệu văn bản của Đảng. Ghi theo dạng số-loại/cơ quan, ví dụ 58-KH/ĐU hoặc "
        "18-NQ/TW; văn bản không có số, ký hiệu thì để trống và ghi «Hội nghị», «Khóa».",
        "'{value}' is not a Party document code. Write number-type/issuer, e.g. 58-KH/ĐU or 18-NQ/TW; for a "
        "document without a code leave it blank and fill in 'Hội nghị' (plenum) and 'Khóa' (term).",
    ),
    "error.catalogue_bad_term": (
        "Khóa «{value}» không hợp lệ. Ghi bằng số La Mã hoặc chữ số, ví dụ XIII hoặc 13.",
        "Term '{value}' is not valid. Write it in Roman numerals or digits, e.g. XIII or 13.",
    ),
    "error.catalogue_type_mismatch": (
        "Ký hiệu «{value}» là của {expected}, không khớp với loại văn bản «{word}». Sửa loại văn bản hoặc số, ký "
        "hiệu.",
        "Code '{value}' is that of a {expected}, not of the type '{word}' written. Correct the type or the code.",
    ),
    "error.catalogue_no_identity": (
        "Thiếu số, ký hiệu. Văn bản không có số, ký hiệu (như Nghị quyết Đại hội XIII) phải ghi cả «Hội nghị» (số "
        "hội nghị Trung ương, hoặc «Đại hội») và «Khóa».",
        "The code is missing. A document without a code (such as the resolution of the XIII Congress) needs both "
        "'Hội nghị' (the plenum number, or 'Đại hội') and 'Khóa' (the term).",
    ),
    "error.catalogue_duplicate": (
        "Văn bản «{value}» ngày {date} đã ghi ở dòng {first_row} của tệp {first_file}. Mỗi văn bản (cùng số, ký "
        "hiệu và ngày ban hành) chỉ ghi một lần.",
        "Document '{value}' of {date} is already on row {first_row} of {first_file}. Each document (the same code "
        "and issue date) appears once.",
    ),
    "error.catalogue_conflict": (
        "«{value}» ngày {date} đã có trong danh mục văn bản chung: {name} («{title}»). Dòng này ghi khác loại văn "
        "bản hoặc trích yếu. Hãy bỏ dòng này, hoặc ghi đúng như danh mục.",
        "'{value}' of {date} is already in the shipped catalogue: {name} ('{title}'). This row gives another type "
        "or title. Remove the row, or write it as the catalogue does.",
    ),
    "error.unknown_session": (
        "Buổi «{value}» không rõ. Ghi một trong: {choices} (hoặc để trống).",
        "Unknown session '{value}'. Write one of: {choices} (sáng = morning, chiều = afternoon, tối = evening), or "
        "leave it blank.",
    ),
    "error.bad_url": (
        "«{value}» không phải địa chỉ web (http:// hoặc https://).",
        "'{value}' is not a web address (http:// or https://).",
    ),
    "error.duplicate_key": (
        "Trùng khóa «{value}» với dòng {first_row} của tệp {first_file}. Mỗi {what} chỉ ghi một lần.",
        "Duplicate key '{value}', already on row {first_row} of {first_file}. Each {what} appears once.",
    ),
    # Probable duplicates (dashboard.ingest.upload._probable_duplicates): shown, committed only when confirmed.
    "error.probable_duplicate_stored": (
        "Có thể trùng: hội nghị «{value}» cùng đơn vị, cùng ngày {date} và cùng tên với hội nghị «{other}» đã có "
        "trong dữ liệu («{title}»). Nếu là một hội nghị, hãy dùng mã «{other}»; nếu là hai hội nghị khác nhau, hãy "
        "đánh dấu «Vẫn ghi các hội nghị có thể trùng» (dòng lệnh: thêm --confirm-duplicates) rồi xác nhận.",
        "Probable duplicate: conference '{value}' has the unit, date ({date}) and title of the stored conference "
        "'{other}' ('{title}'). If they are one conference, use the id '{other}'; if they are two, tick 'Write the "
        "probable duplicates anyway' (command line: add --confirm-duplicates) and confirm.",
    ),
    "error.probable_duplicate_upload": (
        "Có thể trùng: hội nghị «{value}» cùng đơn vị, cùng ngày {date} và cùng tên với hội nghị «{other}» ở dòng "
        "{first_row} của tệp {first_file}. Nếu là một hội nghị, hãy bỏ một dòng; nếu là hai hội nghị khác nhau, hãy "
        "đánh dấu «Vẫn ghi các hội nghị có thể trùng» (dòng lệnh: thêm --confirm-duplicates) rồi xác nhận.",
        "Probable duplicate: conference '{value}' has the unit, date ({date}) and title of conference '{other}' on "
        "row {first_row} of {first_file}. If they are one conference, delete one row; if they are two, tick 'Write "
        "the probable duplicates anyway' (command line: add --confirm-duplicates) and confirm.",
    ),
    "error.unknown_conference": (
        "Hội nghị «{value}» chưa có trong dữ liệu hoặc trong lần tải lên này. Hãy tải kèm tệp hội nghị có mã này.",
        "Conference '{value}' is neither stored nor in this upload. Upload the conferences file that has this id.",
    ),
    "error.unknown_organization": (
        "Tổ chức «{value}» chưa có trong danh sách tổ chức của đơn vị.{suggest} Hãy sửa tên hoặc tải kèm tệp danh "
        "sách tổ chức.",
        "Organisation '{value}' is not in the unit's registry.{suggest} Fix the name or upload the organizations "
        "file with it.",
    ),
    # What a name may contain (dashboard.contract.names): hidden characters, mixed scripts, look-alikes.
    "error.hidden_character": (
        "«{value}» chứa ký tự ẩn {chars}: không nhìn thấy nhưng làm tên khác đi.{suggest} Hãy xóa ô này và gõ lại "
        "(ký tự ẩn thường theo văn bản dán từ trang web hoặc Word).",
        "'{value}' contains hidden characters {chars}: invisible, yet they make it a different name.{suggest} Clear "
        "the cell and type it again (hidden characters usually come with text pasted from a web page or Word).",
    ),
    "error.mixed_script": (
        "«{value}» trộn chữ của nhiều hệ chữ ({scripts}): {chars}. Các chữ này trông như chữ tiếng Việt nhưng là ký "
        "tự khác. Hãy gõ lại tên bằng bàn phím tiếng Việt.",
        "'{value}' mixes letters of several scripts ({scripts}): {chars}. They look like Vietnamese letters but are "
        "other characters. Type the name again with a Vietnamese keyboard.",
    ),
    "error.lookalike_organization": (
        "«{value}» trông giống hệt «{existing}» đã có trong danh sách tổ chức của đơn vị, nhưng khác ký tự "
        "({chars}). Nếu là cùng tổ chức, hãy ghi đúng «{existing}»; nếu là tổ chức khác, hãy đặt tên nhìn phân biệt "
        "được.",
        "'{value}' looks identical to '{existing}', already in the unit's registry, but its characters differ "
        "({chars}). If it is the same organisation, write '{existing}'; otherwise give it a name that can be told "
        "apart by eye.",
    ),
    "error.lookalike_unit": (
        "Đơn vị «{value}» trông giống hệt đơn vị «{existing}» đã có, nhưng khác ký tự ({chars}). Nếu là cùng đơn "
        "vị, hãy ghi đúng «{existing}»; nếu là đơn vị mới, hãy đặt tên nhìn phân biệt được.",
        "Unit '{value}' looks identical to the existing unit '{existing}', but its characters differ ({chars}). If "
        "it is the same unit, write '{existing}'; if it is a new unit, give it a name that can be told apart by "
        "eye.",
    ),
    "error.party_members_above_attendees": (
        "Số đảng viên «{value}» lớn hơn số người dự.",
        "Party members '{value}' exceed the attendees.",
    ),
    "error.party_members_above_members": (
        "Số đảng viên «{value}» lớn hơn số thành viên.",
        "Party members '{value}' exceed the members.",
    ),
    "error.exempt_above_party_members": (
        "Số miễn sinh hoạt «{value}» lớn hơn số đảng viên.",
        "Exempt members '{value}' exceed the Party members.",
    ),
    "error.rename_without_date": (
        "Đổi tên thành «{value}» nhưng thiếu «Ngày đổi tên». Điền ngày tên mới bắt đầu dùng, hoặc xóa tên mới.",
        "Renamed to '{value}' without a 'Ngày đổi tên' (date of the rename). Fill in the day the new name applies, "
        "or clear the new name.",
    ),
    "error.rename_without_name": (
        "Có «Ngày đổi tên» {value} nhưng thiếu tên mới («Đổi tên thành»). Điền tên mới, hoặc xóa ngày.",
        "A rename date {value} without the new name ('Đổi tên thành'). Fill in the new name, or clear the date.",
    ),
    "error.unit_end_before_start": (
        "«Đến ngày» {value} trước «Từ ngày». Kiểm tra lại hai ngày.",
        "'Đến ngày' (to) {value} is before 'Từ ngày' (from). Check both dates.",
    ),
    "error.total_below_rows": (
        "Tổng số người dự {value} nhỏ hơn tổng các dòng thành phần dự ({rows_sum}). Sửa tổng số hoặc các dòng.",
        "Total attendees {value} is below the sum of its attendance rows ({rows_sum}). Fix the total or the rows.",
    ),
    "error.no_unit": (
        "Không rõ dữ liệu của đơn vị nào: tệp không có cột «Đơn vị» và chưa chọn đơn vị khi tải lên.",
        "No unit for these rows: the file has no 'Đơn vị' (unit) column and no unit was chosen for the upload.",
    ),
    "error.unit_not_allowed": (
        "Bạn không có quyền tải dữ liệu cho đơn vị «{value}».",
        "You may not upload data for unit '{value}'.",
    ),
    "error.store_busy": (
        "Kho dữ liệu đang được ghi bởi một lần tải lên khác. Vui lòng thử lại sau ít giây; chưa có gì được ghi.",
        "The store is being written by another upload. Try again in a few seconds; nothing was written.",
    ),
    "error.store_changed": (
        "Dữ liệu vừa được cập nhật bởi người khác sau khi bạn xem trước. Hãy xem trước lại rồi xác nhận.",
        "The data changed after your preview. Preview again, then confirm.",
    ),
    "error.unknown_version": (
        "Không có phiên bản {value}. Các phiên bản hiện có: 0 đến {latest}.",
        "There is no version {value}. Versions go from 0 to {latest}.",
    ),
    "error.no_files": ("Chưa chọn tệp nào để tải lên.", "No file was chosen for upload."),
    # What a file may cost to read (dashboard.ingest.limits, dashboard.ingest.guard), counts' ceiling,
    # unexpected errors.
    "error.too_many_columns": (
        "Dòng này có {found} cột, quá giới hạn {limit} cột (các mẫu chỉ có 5 đến 15 cột). Hãy xóa các cột thừa bên "
        "phải dữ liệu, hoặc chép dữ liệu sang mẫu trống, rồi lưu lại.",
        "This row has {found} columns, above the limit of {limit} (the templates have 5 to 15). Delete the extra "
        "columns right of the data, or paste the data into a blank template, and save again.",
    ),
    "error.too_many_cells": (
        "Tệp có khoảng {found} ô, quá giới hạn {limit} ô cho một tệp. Hãy tách tệp theo quý hoặc theo đơn vị.",
        "The file has about {found} cells, above the limit of {limit} per file. Split it by quarter or by unit.",
    ),
    "error.line_too_long": (
        "Dòng này dài {found} byte, quá giới hạn {limit} byte: đây không giống tệp CSV lưu từ mẫu. Hãy mở tệp bằng "
        "Excel và lưu lại dưới dạng CSV UTF-8.",
        "This line is {found} bytes long, above the limit of {limit}: it does not look like a CSV saved from a "
        "template. Open the file in Excel and save it again as CSV UTF-8.",
    ),
    "error.csv_field_too_large": (
        'Dòng này có một ô dài quá {limit} ký tự, thường do thiếu dấu ngoặc kép («"») đóng. Kiểm tra dấu ngoặc kép '
        "từ dòng này, hoặc mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8.",
        'A cell of this row is longer than {limit} characters, usually a missing closing quote (\'"\'). Check the '
        "quotes from this line on, or open the file in Excel and save it again as CSV UTF-8.",
    ),
    "error.bad_csv": (
        "Không đọc được dòng này của tệp CSV (ký tự lạ hoặc dấu ngoặc kép sai). Hãy mở tệp bằng Excel và lưu lại "
        "dưới dạng CSV UTF-8.",
        "Cannot read this line of the CSV file (a stray character or quote). Open the file in Excel and save it "
        "again as CSV UTF-8.",
    ),
    "error.bad_xlsx": (
        "Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx nên không đọc được. Hãy mở tệp bằng Excel, lưu lại dưới "
        "dạng .xlsx hoặc CSV UTF-8 rồi tải lên lại.",
        "The Excel file is damaged or not a real .xlsx, so it cannot be read. Open it in Excel, save it again as "
        ".xlsx or CSV UTF-8, and upload it again.",
    ),
    "error.xlsx_too_many_parts": (
        "Tệp Excel gồm {found} phần, quá giới hạn {limit}: không giống một sổ tính bình thường. Hãy chép dữ liệu "
        "sang mẫu trống rồi lưu lại.",
        "The Excel file has {found} parts, above the limit of {limit}: not an ordinary workbook. Paste the data "
        "into a blank template and save it.",
    ),
    "error.xlsx_too_big_unpacked": (
        "Tệp Excel khi giải nén lớn {found} MB, quá giới hạn {limit} MB. Hãy tách tệp theo quý hoặc theo đơn vị, "
        "hoặc lưu dưới dạng CSV UTF-8.",
        "The Excel file unpacks to {found} MB, above the limit of {limit} MB. Split it by quarter or by unit, or "
        "save it as CSV UTF-8.",
    ),
    "error.xlsx_compression": (
        "Tệp Excel nén bất thường (phần «{part}» giải nén lớn gấp {ratio} lần, giới hạn {limit} lần), như một tệp "
        "độc hại. Hãy chép dữ liệu sang mẫu trống rồi lưu lại.",
        "The Excel file is compressed abnormally (part '{part}' unpacks to {ratio} times its size, limit {limit}), "
        "as a hostile file is. Paste the data into a blank template and save it.",
    ),
    "error.sheet_too_large": (
        "Trang tính dùng vùng đến «{range}», quá giới hạn {columns} cột và {rows} dòng (hoặc quá nhiều ô). Trong "
        "Excel, nhấn Ctrl+End để thấy ô cuối; xóa các dòng, cột trống sau dữ liệu rồi lưu lại.",
        "The sheet uses a range up to '{range}', past the limit of {columns} columns and {rows} rows (or too many "
        "cells). In Excel, press Ctrl+End to see the last cell; delete the empty rows and columns after the data "
        "and save again.",
    ),
    "error.read_timeout": (
        "Đọc tệp mất hơn {seconds} giây nên đã dừng; chưa có gì được ghi. Hãy tách tệp theo quý hoặc theo đơn vị, "
        "hoặc lưu dưới dạng CSV UTF-8 (đọc nhanh hơn nhiều so với .xlsx).",
        "Reading the file took more than {seconds} seconds and was stopped; nothing was written. Split it by "
        "quarter or by unit, or save it as CSV UTF-8 (much faster to read than .xlsx).",
    ),
    "error.read_memory": (
        "Đọc tệp cần hơn {limit} MB bộ nhớ nên đã dừng; chưa có gì được ghi. Hãy tách tệp theo quý hoặc theo đơn vị.",
        "Reading the file needed more than {limit} MB of memory and was stopped; nothing was written. Split it by "
        "quarter or by unit.",
    ),
    "error.read_failed": (
        "Không đọc được tệp do một lỗi bất ngờ (mã tham chiếu {ref}). Hãy lưu lại tệp bằng Excel rồi thử lại; nếu "
        "vẫn lỗi, báo quản trị viên mã này.",
        "The file could not be read because of an unexpected error (reference {ref}). Save it again from Excel and "
        "retry; if it fails again, give this reference to the administrator.",
    ),
    "error.count_too_large": (
        "«{value}» quá lớn: số người tối đa là {limit}. Kiểm tra lại ô này (có thể gõ thừa chữ số).",
        "'{value}' is too large: a head count is at most {limit}. Check this cell (a digit typed twice?).",
    ),
    "error.more_problems": (
        "… và {count} vấn đề khác trong tệp này (chỉ liệt kê {limit} vấn đề đầu). Hãy sửa các vấn đề trên rồi tải "
        "lên lại.",
        "… and {count} more problems in this file (only the first {limit} are listed). Fix those above and upload "
        "again.",
    ),
    "error.unexpected_error": (
        "Lỗi bất ngờ khi xử lý (mã tham chiếu {ref}). Hãy thử lại; nếu vẫn lỗi, báo quản trị viên mã này.",
        "Unexpected error (reference {ref}). Try again; if it persists, give this reference to the administrator.",
    ),
    "error.job_stopped": (
        "Việc xử lý không hoàn tất: tiến trình xử lý đã dừng. Hãy tải tệp lên lại.",
        "The job did not finish: its worker stopped. Upload the files again.",
    ),
    # Undo one upload, restore the whole store (dashboard.ingest.undo).
    "error.version_not_a_number": (
        "«{value}» không phải số phiên bản. Hãy nhập một số nguyên, ví dụ 3 (xem cột «Phiên bản» ở trang Lịch sử).",
        "'{value}' is not a version number. Enter a whole number, e.g. 3 (see the Version column on the History "
        "page).",
    ),
    "error.undo_version_zero": (
        "Phiên bản 0 là kho dữ liệu rỗng ban đầu, không có gì để hoàn tác. Hãy chọn một lần tải lên.",
        "Version 0 is the empty store; there is nothing to undo. Choose an upload.",
    ),
    "error.not_undoable": (
        "Phiên bản {value} không phải một lần tải lên (thao tác «{action}»), nên không hoàn tác được. Muốn bỏ thao "
        "tác này, hãy khôi phục toàn bộ về phiên bản {before}.",
        "Version {value} is not an upload (action '{action}') and cannot be undone. To reverse it, restore the "
        "whole store to version {before}.",
    ),
    "error.version_discarded": (
        "Lần tải lên #{value} đã bị loại bỏ khi khôi phục toàn bộ ở phiên bản {by}; dữ liệu của nó không còn trong "
        "kho, không có gì để hoàn tác.",
        "Upload #{value} was discarded by the full restore at version {by}; its data is no longer stored, so there "
        "is nothing to undo.",
    ),
    "error.already_undone": (
        "Phiên bản {value} đã được hoàn tác ở phiên bản {by}. Muốn làm lại, hãy hoàn tác phiên bản {by}.",
        "Version {value} was already undone at version {by}. To redo it, undo version {by}.",
    ),
    "error.undo_nothing_left": (
        "Không còn gì để hoàn tác: mọi dòng mà lần tải lên #{value} thay đổi đều đã được các lần sau sửa lại. Chưa "
        "ghi gì.",
        "Nothing left to undo: every row upload #{value} changed was changed again later. Nothing was written.",
    ),
    "error.undo_conflicts": (
        "Chưa hoàn tác #{value}: {count} dòng đã được các lần tải lên sau ({versions}) sửa lại. Xem danh sách xung "
        "đột; nếu đồng ý để các dòng này giữ giá trị hiện tại và chỉ hoàn tác các dòng còn lại, hãy đánh dấu «Tôi "
        "hiểu…» (dòng lệnh: thêm --yes-conflicts) rồi xác nhận. Chưa ghi gì.",
        "Upload #{value} not undone: {count} row(s) were changed again by later uploads ({versions}). Review the "
        "conflicts; to keep those rows as they are now and undo the rest, tick 'I understand…' (command line: add "
        "--yes-conflicts) and confirm. Nothing was written.",
    ),
    "error.restore_is_head": (
        "Phiên bản {value} là phiên bản hiện tại; khôi phục về nó không thay đổi gì.",
        "Version {value} is the current version; restoring it would change nothing.",
    ),
    "error.restore_not_confirmed": (
        "Chưa khôi phục: hãy gõ đúng số phiên bản {version} để xác nhận (đã gõ «{value}»). Chưa ghi gì.",
        "Not restored: type the version number {version} to confirm (typed '{value}'). Nothing was written.",
    ),
    "error.admin_only": (
        "Chỉ quản trị viên mới được hoàn tác hoặc khôi phục dữ liệu. Hãy đăng nhập bằng tài khoản quản trị.",
        "Only an administrator may undo or restore. Log in with an admin account.",
    ),
    # --- problems.* — How problems are shown (dashboard.errors): table headers, the names a problem suggests.
    "problems.header_file": ("Tệp", "file"),
    "problems.header_row": ("Dòng", "row"),
    "problems.header_column": ("Cột", "column"),
    "problems.header_value": ("Giá trị", "value"),
    "problems.header_message": ("Vấn đề", "message"),
    "problems.did_you_mean": (" Có phải: {names}?", " Did you mean: {names}?"),
    # --- upload.* — The upload summary (dashboard.ingest.upload.UploadPlan.summary_frame): rows per table.
    "upload.summary_table": ("Bảng", "Table"),
    "upload.summary_added": ("Thêm mới", "Added"),
    "upload.summary_changed": ("Thay đổi", "Changed"),
    "upload.summary_unchanged": ("Giữ nguyên", "Unchanged"),
    "upload.summary_removed": ("Bị thay thế", "Removed"),
    # The conferences an upload adds, changes or removes (dashboard.ingest.upload.conference_changes_frame).
    "upload.changes_change": ("Thay đổi", "Change"),
    "upload.changes_date": ("Ngày", "Date"),
    "upload.changes_conference_id": ("Mã hội nghị", "Conference id"),
    "upload.changes_title": ("Tên hội nghị", "Title"),
    "upload.changes_unit": ("Đơn vị", "Unit"),
    "upload.changes_attendees_total": ("Tổng số người dự (ghi trong tệp)", "Stated total"),
    "upload.changes_attendees": ("Số người dự (cộng thành phần dự)", "Attendees counted"),
    "upload.changes_party_members": ("Số đảng viên dự", "Party members"),
    "upload.changes_fields": ("Nội dung thay đổi", "What changes"),
    "upload.change_added": ("thêm mới", "added"),
    "upload.change_changed": ("sửa", "changed"),
    "upload.change_removed": ("xóa", "removed"),
    "upload.field_date": ("ngày", "date"),
    "upload.field_end_date": ("ngày kết thúc", "end date"),
    "upload.field_session": ("buổi", "session"),
    "upload.field_title": ("tên hội nghị", "title"),
    "upload.field_organizer": ("đơn vị tổ chức", "organiser"),
    "upload.field_kind": ("loại hình", "kind"),
    "upload.field_speakers": ("báo cáo viên", "speakers"),
    "upload.field_documents": ("văn bản", "documents"),
    "upload.field_topics": ("chủ đề", "themes"),
    "upload.field_location": ("địa điểm", "location"),
    "upload.field_attendees_total": ("tổng số người dự", "stated total"),
    "upload.field_source_url": ("nguồn", "source"),
    "upload.field_attendance": ("thành phần dự", "attendance"),
    # --- cli.* — The command line (dashboard.cli.say).
    "cli.committed": ("Đã ghi phiên bản {version} của kho dữ liệu.", "Committed store version {version}."),
    "cli.noop": (
        "Không có gì thay đổi: dữ liệu này đã có trong kho (phiên bản {version}).",
        "Nothing changed: this data is already stored (version {version}).",
    ),
    "cli.dry_ok": (
        "Kiểm tra xong, không có lỗi. Chưa ghi gì (chạy thử).",
        "Checked, no problem found. Nothing written (dry run).",
    ),
    "cli.refused": (
        "Từ chối tải lên: {count} vấn đề. Chưa ghi gì.",
        "Upload refused: {count} problem(s). Nothing written.",
    ),
    "cli.warnings": (
        "{count} lưu ý về văn bản ở trên (không chặn việc ghi).",
        "{count} note(s) on documents above (they do not block the upload).",
    ),
    "cli.duplicates": (
        "{count} hội nghị có thể trùng: khi ghi, cần thêm --confirm-duplicates.",
        "{count} probable duplicate conference(s): committing needs --confirm-duplicates.",
    ),
    "cli.undone": (
        "Đã hoàn tác lần tải lên #{target}; phiên bản mới là {version}.",
        "Undid upload #{target}; the new version is {version}.",
    ),
    "cli.restore_needs_yes": (
        "Chưa khôi phục: thêm --yes để xác nhận (không có bàn phím để gõ số phiên bản). Chưa ghi gì.",
        "Not restored: add --yes to confirm (no terminal to type the version number). Nothing written.",
    ),
    "cli.restore_prompt": (
        "Gõ số phiên bản {version} để khôi phục toàn bộ, hoặc Enter để thôi: ",
        "Type the version number {version} to restore everything, or Enter to cancel: ",
    ),
    "cli.rolled_back": (
        "Đã khôi phục về phiên bản {target}; phiên bản mới là {version}.",
        "Restored version {target}; the new version is {version}.",
    ),
    "cli.empty_history": ("Kho dữ liệu chưa có lần tải lên nào.", "The store has no upload yet."),
    "cli.sample_written": ("Đã ghi {count} tệp vào {out}.", "Wrote {count} files to {out}."),
    "cli.report_written": (
        "Đã ghi báo cáo {period} của {unit} vào {out}.",
        "Wrote the {period} report of {unit} to {out}.",
    ),
    "cli.report_no_conference": (
        "Lưu ý: {unit} không có hội nghị nào trong {period}; báo cáo ghi rõ điều đó.",
        "Note: {unit} held no conference in {period}; the report says so.",
    ),
    "cli.report_bad_unit": ("Không lập được báo cáo: {reason}", "Cannot make the report: {reason}"),
    "cli.report_bad_period": (
        "Không lập được báo cáo, kỳ báo cáo không hợp lệ: {reason}",
        "Cannot make the report, not a reporting period: {reason}",
    ),
    "cli.report_empty_store": (
        "Không lập được báo cáo: kho dữ liệu {store} chưa có dữ liệu (tải dữ liệu lên trước, hoặc chọn kho khác "
        "bằng --store).",
        "Cannot make the report: the store {store} holds no data (upload first, or choose another with --store).",
    ),
    # The command line's help (dashboard.cli.build_parser): every text argparse shows, in the chosen language.
    "cli.help_description": (
        "Công tác tuyên giáo trên dòng lệnh: tạo tệp mẫu, tải dữ liệu lên, xem lịch sử, hoàn tác, khôi phục, lập "
        "báo cáo, quản lý tài khoản, đo hiệu năng, chạy ứng dụng.",
        "The outreach dashboard on the command line: sample files, uploads, history, undo, restore, reports, "
        "accounts, benchmark, serving.",
    ),
    "cli.help_epilog": (
        "Mã thoát: 0 xong; 1 bị từ chối (mỗi vấn đề một dòng trên stderr, dạng TỆP:DÒNG:CỘT: nội dung); 2 sai cách "
        "dùng. Trong môi trường của dự án, .venv/bin/python -m dashboard … là cùng lệnh này.",
        "Exit codes: 0 done; 1 refused (each problem on its own line of standard error, as FILE:ROW:COLUMN: "
        "message); 2 usage error. Inside the project's environment, .venv/bin/python -m dashboard … is the same "
        "command.",
    ),
    "cli.metavar_command": ("LỆNH", "COMMAND"),
    "cli.metavar_dir": ("THƯ_MỤC", "DIR"),
    "cli.metavar_file": ("TỆP", "FILE"),
    "cli.metavar_version": ("PHIÊN_BẢN", "VERSION"),
    "cli.metavar_name": ("TÊN", "NAME"),
    "cli.metavar_unit": ("ĐƠN_VỊ", "UNIT"),
    "cli.metavar_period": ("KỲ", "PERIOD"),
    "cli.metavar_years": ("NĂM_ĐẦU-NĂM_CUỐI", "FIRST-LAST"),
    "cli.metavar_host": ("ĐỊA_CHỈ", "HOST"),
    "cli.help_lang": (
        "ngôn ngữ của thông báo và trợ giúp (mặc định: {default}, theo DASHBOARD_LANG)",
        "language of messages and help (default: {default}, from DASHBOARD_LANG)",
    ),
    "cli.help_store": ("thư mục kho dữ liệu (mặc định: {default})", "the store folder (default: {default})"),
    "cli.help_user": (
        "tên người thực hiện, ghi vào sổ lịch sử (mặc định: cli)",
        "the name recorded in the upload ledger (default: cli)",
    ),
    "cli.help_sample": ("ghi các tệp dữ liệu mẫu giống thật để tải lên", "write realistic sample upload files"),
    "cli.help_sample_out": ("thư mục ghi các tệp mẫu", "the folder to write the sample files to"),
    "cli.help_sample_wards": ("số phường (mặc định: 1)", "number of wards (default: 1)"),
    "cli.help_sample_years": ("năm đầu-năm cuối, ví dụ 2021-2025", "first-last year, e.g. 2021-2025"),
    "cli.help_sample_seed": (
        "số khởi tạo ngẫu nhiên: cùng số cho cùng các tệp (mặc định: 42)",
        "random seed: the same number gives the same files (default: 42)",
    ),
    "cli.help_sample_extra": (
        "số hội nghị thêm cho mỗi phường mỗi quý (10 cho nhịp của một đợt triển khai dày, khoảng 50 một năm)",
        "further conferences per ward and quarter (10 gives a busy roll-out's ≈ 50 a year)",
    ),
    "cli.help_ingest": ("kiểm tra rồi ghi các tệp tải lên vào kho dữ liệu", "validate and commit upload files"),
    "cli.help_ingest_files": ("tệp CSV hoặc Excel (.xlsx) cần tải lên", "CSV or Excel (.xlsx) files to upload"),
    "cli.help_ingest_unit": (
        "đơn vị của các dòng trong tệp không có cột đơn vị",
        "the unit of rows in files without a unit column",
    ),
    "cli.help_dry_run": ("chỉ kiểm tra và xem trước, không ghi gì", "check and preview only; write nothing"),
    "cli.help_confirm_duplicates": (
        "vẫn ghi các hội nghị giống một hội nghị khác (cùng đơn vị, ngày và tên, khác mã)",
        "write conferences that look like another one (same unit, date and title, another id)",
    ),
    "cli.help_history": ("in sổ lịch sử tải lên", "print the upload ledger"),
    "cli.help_undo": (
        "hoàn tác một lần tải lên thành phiên bản mới, giữ mọi lần tải lên sau đó",
        "undo one upload as a new version, keeping every later upload",
    ),
    "cli.help_undo_version": (
        "số phiên bản của lần tải lên cần hoàn tác (xem lệnh history)",
        "the version number of the upload to undo (see the history command)",
    ),
    "cli.help_yes_conflicts": (
        "vẫn hoàn tác dù các lần tải lên sau đã sửa một số dòng của nó (các dòng đó giữ giá trị hiện tại)",
        "undo although later uploads changed some of its rows (those rows keep their current value)",
    ),
    "cli.help_rollback": (
        "khôi phục toàn bộ kho dữ liệu về một phiên bản, thành phiên bản mới (bỏ mọi lần tải lên sau đó; có xem "
        "trước)",
        "restore the whole store to a version, as a new version (discards every later upload; previewed first)",
    ),
    "cli.help_rollback_version": ("số phiên bản cần khôi phục", "the version number to restore"),
    "cli.help_rollback_yes": ("thực hiện mà không cần gõ số phiên bản", "proceed without typing the version number"),
    "cli.help_report": (
        "ghi báo cáo định kỳ của cấp ủy dạng DOCX, HTML hoặc PDF",
        "write the committee's periodic report as DOCX, HTML or PDF",
    ),
    "cli.help_report_unit": ("đơn vị báo cáo, ví dụ {example}", "the reporting unit, e.g. {example}"),
    "cli.help_report_period": ("kỳ báo cáo: {examples} hoặc {last}", "the reporting period: {examples} or {last}"),
    "cli.help_report_format": (
        "pdf: bản in do Chromium chạy ngầm in ra (nếu máy có Chromium)",
        "pdf: the print view printed by a headless Chromium (where the machine has one)",
    ),
    "cli.help_report_out": (
        "tệp cần ghi (mặc định: bao-cao-NƠI-KỲ.ĐỊNH_DẠNG trong thư mục hiện tại; - để ghi ra đầu ra chuẩn)",
        "the file to write (default: bao-cao-PLACE-PERIOD.FORMAT in the current folder; - for standard output)",
    ),
    "cli.help_users": (
        "quản lý tài khoản: thêm, xóa, liệt kê, đổi vai trò, đổi đơn vị được xem, đổi mật khẩu",
        "manage accounts: add, remove, list, set-role, set-units, set-password",
    ),
    "cli.help_users_add": (
        "thêm tài khoản (mật khẩu đọc từ đầu vào chuẩn khi không chạy trong cửa sổ lệnh)",
        "add an account (password from standard input when not a terminal)",
    ),
    "cli.help_users_name": ("tên đăng nhập", "the user name"),
    "cli.help_role": (
        "vai trò: viewer chỉ xem, staff tải lên cho đơn vị của mình, admin thêm quyền hoàn tác",
        "role: viewer only views, staff uploads for its units, admin may undo too",
    ),
    "cli.help_users_unit": (
        "một đơn vị của tài khoản (lặp lại cho nhiều đơn vị): tài khoản xem đơn vị đó và mọi đơn vị trực thuộc",
        "a unit of the account (repeatable): it reads that unit and every unit under it",
    ),
    "cli.help_users_all_units": (
        "tài khoản xem được mọi đơn vị (admin không có --unit đã xem được mọi đơn vị)",
        "the account reads every unit (an admin with no --unit does already)",
    ),
    "cli.help_users_set_units": (
        "đổi các đơn vị tài khoản được xem (có hiệu lực từ yêu cầu kế tiếp)",
        "change the units an account reads (from its next request)",
    ),
    "cli.help_users_remove": ("xóa tài khoản", "remove an account"),
    "cli.help_users_list": ("liệt kê các tài khoản", "list accounts"),
    "cli.help_users_set_role": ("đổi vai trò (và đơn vị) của tài khoản", "change an account's role (and units)"),
    "cli.help_users_set_password": (
        "đổi mật khẩu của tài khoản (kết thúc mọi phiên đăng nhập của nó)",
        "change an account's password (ends its sessions)",
    ),
    "cli.help_auth_db": (
        "cơ sở dữ liệu tài khoản (mặc định: {default})",
        "the accounts database (default: {default})",
    ),
    "cli.help_users_file": ("tệp tài khoản JSON cũ, nhập vào một lần", "an older JSON accounts file to import once"),
    "cli.help_bench": (
        "đo hiệu năng ghi dữ liệu, phân tích và ứng dụng đang chạy (cần các gói dev)",
        "benchmark ingest, analytics and the served app (needs the dev extra)",
    ),
    "cli.help_bench_scale": ("quy mô dữ liệu để đo (mặc định: ward)", "the scale of the data measured (default: ward)"),
    "cli.help_bench_requests": ("số yêu cầu cho mỗi thao tác (mặc định: 200)", "requests per interaction (default: 200)"),
    "cli.help_bench_out": ("ghi kết quả dạng Markdown vào tệp này", "write the results as Markdown to this file"),
    "cli.help_serve": (
        "chạy ứng dụng (máy chủ để thử; khi dùng thật hãy chạy bằng gunicorn)",
        "start the dashboard (development server; use gunicorn in production)",
    ),
    "cli.help_serve_host": ("địa chỉ lắng nghe (mặc định: {default})", "the address to listen on (default: {default})"),
    "cli.help_serve_port": ("cổng (mặc định: {default})", "the port (default: {default})"),
    "cli.help_serve_debug": ("chế độ gỡ lỗi của Dash (chỉ khi phát triển)", "Dash's debug mode (development only)"),
    "cli.help_extract": (
        "đọc một hội nghị từ bài tin của đơn vị (.txt, .html, .docx) và in ra dạng JSON",
        "read one conference from a unit's news post (.txt, .html, .docx) and print it as JSON",
    ),
    "cli.help_extract_file": ("bài tin cần đọc: .txt, .html hoặc .docx", "the post to read: .txt, .html or .docx"),
    "cli.help_extract_unit": (
        "đơn vị tổ chức khi bài chỉ viết “Đảng ủy phường” mà không nêu tên (mặc định: đơn vị mặc định trong "
        "thiết lập)",
        "the organising unit when the post does not name it (default: DASHBOARD_DEFAULT_UNIT)",
    ),
    "cli.help_extract_published": (
        "ngày đăng bài, YYYY-MM-DD: cho biết năm của ngày viết thiếu năm (“Sáng 12/10”)",
        "the post's publication date, YYYY-MM-DD: the year of dates written without one",
    ),
    # argparse's own words (dashboard.cli.ARGPARSE_WORDS): the English is argparse's text, as it passes it.
    "cli.argparse_usage": ("cách dùng: ", "usage: "),
    "cli.argparse_positionals": ("đối số theo vị trí", "positional arguments"),
    "cli.argparse_options": ("tùy chọn", "options"),
    "cli.argparse_help": ("in trợ giúp này rồi thoát", "show this help message and exit"),
    "cli.argparse_error": ("%(prog)s: lỗi: %(message)s\n", "%(prog)s: error: %(message)s\n"),
    "cli.argparse_argument": ("đối số %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"),
    "cli.argparse_required": ("thiếu đối số bắt buộc: %s", "the following arguments are required: %s"),
    "cli.argparse_unrecognized": ("đối số không nhận ra: %s", "unrecognized arguments: %s"),
    "cli.argparse_invalid_choice": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
        "invalid choice: %(value)r (choose from %(choices)s)",
    ),
    "cli.argparse_invalid_value": ("giá trị không hợp lệ: %(value)r", "invalid %(type)s value: %(value)r"),
    "cli.argparse_expected_one": ("cần một giá trị", "expected one argument"),
    "cli.argparse_expected_some": ("cần ít nhất một giá trị", "expected at least one argument"),
    "cli.argparse_ambiguous": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s",
        "ambiguous option: %(option)s could match %(matches)s",
    ),
    "cli.argparse_ignored": ("bỏ qua giá trị viết kèm %r", "ignored explicit argument %r"),
    # The command line's own errors and prompts (dashboard.cli).
    "cli.years_bad": (
        "--years: cần dạng NĂM_ĐẦU-NĂM_CUỐI, ví dụ 2021-2025, nhưng nhận được {value}",
        "--years: expected FIRST-LAST, e.g. 2021-2025, got {value}",
    ),
    "cli.extra_bad": (
        "--extra-per-quarter: cần một số từ 0 trở lên, nhưng nhận được {value}",
        "--extra-per-quarter: expected 0 or more, got {value}",
    ),
    "cli.no_such_file": ("{path}: không có tệp này", "{path}: no such file"),
    "cli.extract_incomplete": (
        "{path}: không tìm thấy {missing} của hội nghị trong bài; kiểm tra đây có phải tin về một hội nghị, hoặc "
        "nhập hội nghị bằng tay.",
        "{path}: found no conference {missing} in the post; check that it reports one conference, or enter it by "
        "hand.",
    ),
    "cli.extract_missing_date": ("ngày", "date"),
    "cli.extract_missing_title": ("tên", "title"),
    "cli.extract_missing_both": ("ngày và tên", "date and title"),
    "cli.extract_unsupported": (
        "{path}: chỉ đọc được bài dạng .txt, .html hoặc .docx",
        "{path}: only .txt, .html or .docx posts can be read",
    ),
    "cli.extract_unreadable": (
        "{path}: không đọc được tệp (hỏng, hoặc văn bản không phải UTF-8)",
        "{path}: cannot read the file (damaged, or text not in UTF-8)",
    ),
    "cli.extract_bad_published": (
        "cần dạng YYYY-MM-DD, ví dụ 2023-04-27, nhưng nhận được {value}",
        "expected YYYY-MM-DD, e.g. 2023-04-27, got {value}",
    ),
    "cli.error_log": ("Chi tiết: {path}", "Details: {path}"),
    "cli.password_prompt": ("Mật khẩu: ", "Password: "),
    "cli.password_again": ("Nhập lại mật khẩu: ", "The password again: "),
    "cli.password_mismatch": ("Hai mật khẩu không khớp. Chưa ghi gì.", "The two passwords differ. Nothing written."),
    "cli.users_empty_name": ("Tên đăng nhập đang trống.", "The user name is empty."),
    "cli.users_short_password": (
        "Mật khẩu phải có ít nhất {count} ký tự.",
        "The password must have at least {count} characters.",
    ),
    "cli.users_staff_unit": (
        "Tài khoản staff cần ít nhất một --unit.",
        "A staff account needs at least one --unit.",
    ),
    "cli.users_viewer_unit": (
        "Tài khoản viewer cần --unit (đơn vị được xem) hoặc --all-units (xem mọi đơn vị).",
        "A viewer account needs --unit (the units it reads) or --all-units (every unit).",
    ),
    "cli.users_every_unit": ("(mọi đơn vị)", "(every unit)"),
    "cli.users_exists": ("Đã có tài khoản {name}.", "The account {name} exists already."),
    "cli.users_unknown": ("Không có tài khoản {name}.", "There is no account {name}."),
    "cli.users_failed": ("Không thực hiện được: {reason}", "Not done: {reason}"),
    # The first start (dashboard.app.load_samples_if_empty): one line per step while the sample store is built.
    "cli.sample_store_reading": (
        "Đang tạo dữ liệu mẫu cho lần chạy đầu… (1/3) đọc và kiểm tra {count} tệp trong {folder}",
        "Building the sample data for the first start… (1/3) reading and checking {count} files in {folder}",
    ),
    "cli.sample_store_writing": (
        "Đang tạo dữ liệu mẫu… (2/3) ghi vào kho dữ liệu {store}",
        "Building the sample data… (2/3) writing the store {store}",
    ),
    "cli.sample_store_done": (
        "Đã tạo dữ liệu mẫu (3/3): phiên bản {version}, sau {seconds} giây.",
        "Sample data built (3/3): version {version}, in {seconds} s.",
    ),
    "cli.sample_store_present": (
        "Dữ liệu mẫu đã có trong kho (phiên bản {version}); không ghi gì thêm.",
        "The sample data is stored already (version {version}); nothing more written.",
    ),
    # --- login.* — The login page (dashboard.auth.web).
    "login.title": ("Đăng nhập", "Log in"),
    "login.name": ("Tên đăng nhập", "User name"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Log in"),
    "login.back": ("Về trang tổng quan", "Back to the overview"),
    "login.bad": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "login.slow": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.",
        "Too many failed attempts. Try again in a minute.",
    ),
    "login.csrf": ("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.", "The session expired. Please log in again."),
    # --- report.* — The report page (dashboard.pages.report.text).
    "report.title": ("Báo cáo định kỳ", "Periodic report"),
    "report.intro": (
        "Báo cáo kết quả công tác tuyên giáo theo thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW), lập từ chính số "
        "liệu của các biểu đồ. Các mục Hạn chế và Phương hướng có phần để Ban Thường vụ tự bổ sung.",
        "The outreach report in the Party's document layout (Guidance 36-HD/VPTW), made from the same numbers as "
        "the charts. The shortcomings and directions sections leave room for the committee's own words.",
    ),
    "report.unit": ("Đơn vị báo cáo", "Reporting unit"),
    "report.period": ("Kỳ báo cáo", "Reporting period"),
    "report.download": ("Tải về DOCX", "Download DOCX"),
    "report.pick": ("Chọn đơn vị và kỳ báo cáo để xem trước.", "Choose a unit and a period to preview the report."),
    "report.no_conference": (
        "{unit} không có hội nghị nào trong {period}: báo cáo ghi rõ điều đó.",
        "{unit} held no conference in {period}: the report says so.",
    ),
    "report.refused": ("Không lập được báo cáo: {reason}", "Cannot make the report: {reason}"),
    "report.preview": ("Xem trước báo cáo", "Report preview"),
    "report.download_pdf": ("Tải về PDF", "Download PDF"),
    "report.pdf_working": ("Đang tạo PDF…", "Making the PDF…"),
    "report.pdf_unavailable": (
        "Máy chủ chưa có Chromium nên chưa tải được PDF: tải DOCX rồi in ra PDF từ Word.",
        "No PDF: the server has no Chromium to print one. Download the DOCX and print it to PDF from Word.",
    ),
    "report.pdf_busy": (
        "Máy chủ đang tạo một bản PDF khác. Vui lòng bấm lại sau ít giây.",
        "The server is making another PDF. Click again in a few seconds.",
    ),
    "report.pdf_failed": ("Không tạo được PDF: {reason}", "Could not make the PDF: {reason}"),
}


def localised(vi: str, en: str) -> dict[str, str]:
    """A parameter in both languages, chosen when the message is shown (JSON-safe, unlike a tuple)."""
    return {"vi": vi, "en": en}


def _pick(value: object, lang: str) -> object:
    if isinstance(value, dict) and set(value) == set(LANGS):
        return value["en" if lang == "en" else "vi"]
    return value


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template needs."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def message(code: str, lang: str | None = "vi", /, **params: object) -> str:
    """The message ``code`` in ``lang`` (English for ``"en"``, Vietnamese otherwise), its parameters filled.

    Raises:
        KeyError: an unknown code, or a placeholder without its parameter (both named).
    """
    try:
        vi, en = MESSAGES[code]
    except KeyError:
        raise KeyError(f"no message {code!r} in dashboard.messages.MESSAGES") from None
    template = en if lang == "en" else vi
    values = {name: _pick(value, lang) for name, value in params.items()}
    missing = placeholders(template) - set(values)
    if missing:
        raise KeyError(f"message {code!r} needs the parameter(s) {', '.join(sorted(missing))}")
    return template.format_map(values)


def namespace(prefix: str) -> dict[str, tuple[str, str]]:
    """The messages of one namespace, keyed by their name without ``prefix.`` (a read-only view's copy)."""
    start = prefix + "."
    return {code[len(start):]: texts for code, texts in MESSAGES.items() if code.startswith(start)}
