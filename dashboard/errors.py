"""The one error type users see, and its bilingual messages.

Every refusal — a bad upload on the command line, on the upload page or in
a notebook, a busy store, an unknown version — is a ``UserError`` holding
``Problem`` rows. Each problem names the file, the row as the spreadsheet
shows it (header = row 1), the column as the file spelled it, the value, and
what to do, in Vietnamese or English. It renders three ways: one line per
problem (CLI), a table (page, CSV download, notebook), and ``str()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

# code → (Vietnamese, English). Placeholders: {value} and the problem's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_too_large": (
        "Tệp quá lớn ({size} MB, giới hạn {limit} MB). Hãy tách tệp theo quý hoặc theo đơn vị.",
        "File too large ({size} MB, limit {limit} MB). Split it by quarter or by unit.",
    ),
    "empty_file": (
        "Tệp rỗng, không có dòng nào. Hãy chọn đúng tệp đã lưu từ Excel.",
        "The file is empty. Choose the file you saved from Excel.",
    ),
    "binary_file": (
        "Không đọc được tệp: không phải CSV hay Excel (.xlsx). Hãy lưu lại bằng Excel dưới dạng CSV UTF-8 hoặc .xlsx.",
        "Cannot read the file: it is neither CSV nor Excel (.xlsx). Save it from Excel as CSV UTF-8 or .xlsx.",
    ),
    "no_header": (
        "Không nhận ra dòng tiêu đề. Dòng 1 phải là tiêu đề cột theo mẫu (ví dụ: {example}). Hãy tải mẫu trống và dán dữ liệu vào.",
        "No recognisable header row. Row 1 must hold the column headers of a template (e.g. {example}). Download a blank template and paste the data into it.",
    ),
    "ambiguous_header": (
        "Dòng tiêu đề khớp với nhiều loại tệp ({kinds}). Hãy dùng đúng mẫu của một loại tệp.",
        "The header row matches several kinds of file ({kinds}). Use the template of one kind.",
    ),
    "missing_column": (
        "Thiếu cột bắt buộc «{header}» của tệp {table}. Hãy thêm cột này vào dòng tiêu đề.",
        "Required column '{header}' of a {table} file is missing. Add it to the header row.",
    ),
    "ragged_row": (
        "Dòng có {found} ô nhưng tiêu đề có {expected} cột. Kiểm tra dấu phân cách thừa hoặc thiếu trong dòng này.",
        "The row has {found} cells but the header has {expected} columns. Look for an extra or missing separator in this row.",
    ),
    "missing_value": (
        "Thiếu giá trị bắt buộc. Hãy điền ô này.",
        "A required value is missing. Fill in this cell.",
    ),
    "bad_date": (
        "«{value}» không phải ngày hợp lệ. Ghi theo dạng ngày/tháng/năm, ví dụ 27/4/2023.",
        "'{value}' is not a valid date. Write day/month/year, e.g. 27/4/2023.",
    ),
    "end_before_start": (
        "Ngày kết thúc «{value}» trước ngày bắt đầu. Kiểm tra lại hai ngày.",
        "End date '{value}' is before the start date. Check both dates.",
    ),
    "bad_count": (
        "«{value}» không phải số nguyên. Ghi số bằng chữ số, ví dụ 120 hoặc 1.251.",
        "'{value}' is not a whole number. Write it in digits, e.g. 120 or 1.251.",
    ),
    "fractional_count": (
        "«{value}» là số lẻ (dấu phẩy là dấu thập phân), nhưng số người phải là số nguyên. Hãy ghi số nguyên, ví dụ 12.",
        "'{value}' has a fraction (the comma is the decimal mark), but a head count is a whole number. "
        "Write a whole number, e.g. 12.",
    ),
    "ambiguous_count": (
        "«{value}» không rõ nghĩa: dấu phẩy là dấu thập phân, nên có thể đọc là số lẻ hoặc là {plain}. "
        "Nếu là {plain} người, hãy ghi {plain} hoặc {grouped} (dấu chấm ngăn cách hàng nghìn).",
        "'{value}' is ambiguous: the comma is the Vietnamese decimal mark, so it reads as a fraction or as {plain}. "
        "If it is {plain} people, write {plain} or {grouped} (a dot groups thousands).",
    ),
    "count_in_words": (
        "«{value}» được viết bằng chữ. Hãy ghi bằng chữ số, ví dụ 290.",
        "'{value}' is written in words. Write it in digits, e.g. 290.",
    ),
    "negative_count": (
        "«{value}» là số âm. Số người không thể âm.",
        "'{value}' is negative. A head count cannot be negative.",
    ),
    "unknown_kind": (
        "Loại hình «{value}» không có trong danh mục. Dùng một trong: {choices}.",
        "Unknown conference kind '{value}'. Use one of: {choices}.",
    ),
    "unknown_org_type": (
        "Loại tổ chức «{value}» không có trong danh mục. Dùng một trong: {choices}.",
        "Unknown organisation type '{value}'. Use one of: {choices}.",
    ),
    "unknown_role": (
        "Vai trò văn bản «{value}» không rõ. Ghi «học tập» hoặc «quán triệt» (hội nghị học tập văn bản), hoặc "
        "«tuyên truyền», «thông tin», «giới thiệu» (chỉ tuyên truyền); để trống thì theo loại hình hội nghị.",
        "Unknown document role '{value}'. Write 'học tập' or 'quán triệt' (studied), or 'tuyên truyền', "
        "'thông tin', 'giới thiệu' (only disseminated), or studied / disseminated; blank follows the conference kind.",
    ),
    # Warnings of the upload preview (UploadPlan.warnings): shown, never blocking. A document reference
    # that is not written in full (dashboard.contract.documents, dashboard.contract.links).
    "document_resolved": (
        "«{value}» được hiểu là {name}. Nếu không đúng, hãy ghi đủ số, ký hiệu và ngày ban hành.",
        "'{value}' is read as {name}. If that is wrong, write the full code and issue date.",
    ),
    "document_resolved_latest": (
        "«{value}» được hiểu là {name}, văn bản cùng số ban hành gần nhất trước ngày hội nghị {date} "
        "(cùng số còn có: {others}). Nếu không đúng, hãy ghi rõ ngày ban hành.",
        "'{value}' is read as {name}, the latest document with this number issued before the conference of {date} "
        "(the same number also names: {others}). If that is wrong, write its issue date.",
    ),
    "document_unknown": (
        "«{value}» không khớp văn bản nào trong danh mục; được lưu đúng như đã ghi, là một văn bản riêng.{suggest} "
        "Nếu là văn bản chưa có trong danh mục (của cấp ủy, hoặc mới ban hành), hãy bổ sung bằng tệp «Danh mục văn "
        "bản» (có thể trong cùng lần tải lên).",
        "'{value}' matches no catalogued document; it is stored as written, as a document of its own.{suggest} "
        "If it is a document the catalogue lacks (a committee's own, or newly issued), add it with a "
        "'Danh mục văn bản' (document catalogue) file, in this upload if you like.",
    ),
    "document_state": (
        "«{value}» là văn bản của Nhà nước, không thuộc danh mục văn bản của Đảng; được lưu đúng như đã ghi.",
        "'{value}' is a State document, outside the catalogue of Party documents; it is stored as written.",
    ),
    "document_ambiguous": (
        "«{value}» có thể là nhiều văn bản, chưa chọn được văn bản nào.{suggest} Hãy ghi rõ số, ký hiệu và ngày "
        "ban hành; tạm thời được lưu đúng như đã ghi, không gộp với văn bản nào.",
        "'{value}' may mean several documents and none could be chosen.{suggest} Write the code and issue date; "
        "meanwhile it is stored as written, merged with no other document.",
    ),
    "document_unrecognised": (
        "Không nhận ra số, ký hiệu văn bản trong «{value}»; được lưu đúng như đã ghi, là một văn bản riêng.{suggest} "
        "Hãy ghi số, ký hiệu, ví dụ Nghị quyết số 35-NQ/TW.",
        "No document code recognised in '{value}'; it is stored as written, as a document of its own.{suggest} "
        "Write its code, e.g. Nghị quyết số 35-NQ/TW.",
    ),
    "document_after_conference": (
        "«{value}»: {name} ban hành sau ngày hội nghị {date}; không thể học tập, tuyên truyền văn bản chưa ban hành. "
        "Kiểm tra ngày hội nghị hoặc số, ngày của văn bản.",
        "'{value}': {name} was issued after the conference of {date}; a document cannot be studied or "
        "disseminated before it exists. Check the conference date or the document's code and date.",
    ),
    "document_role_unknown": (
        "Không rõ hội nghị loại «{kind}» học tập hay chỉ tuyên truyền «{value}»: được tính là tuyên truyền, không "
        "tính vào tỷ lệ đảng viên học tập. Nếu hội nghị học tập văn bản này, hãy ghi «quán triệt» trước văn bản "
        "hoặc điền cột «Vai trò văn bản».",
        "Not known whether this '{kind}' conference studied or only disseminated '{value}': it counts as "
        "disseminated, outside the study rate. If the conference studied it, write 'quán triệt' before the "
        "reference or fill in the 'Vai trò văn bản' (document role) column.",
    ),
    # Rows of a "Danh mục văn bản" file (dashboard.contract.documents.extend_catalogue).
    "unknown_type_word": (
        "Loại văn bản «{value}» không có trong danh mục văn bản của Đảng. Dùng một trong: {choices}.",
        "Unknown document type '{value}' (not a Party document type). Use one of: {choices}.",
    ),
    "catalogue_bad_code": (
        "«{value}» không phải số, ký hiệu văn bản của Đảng. Ghi theo dạng số-loại/cơ quan, ví dụ 58-KH/ĐU hoặc "
        "18-NQ/TW; văn bản không có số, ký hiệu thì để trống và ghi «Hội nghị», «Khóa».",
        "'{value}' is not a Party document code. Write number-type/issuer, e.g. 58-KH/ĐU or 18-NQ/TW; for a "
        "document without a code leave it blank and fill in 'Hội nghị' (plenum) and 'Khóa' (term).",
    ),
    "catalogue_bad_term": (
        "Khóa «{value}» không hợp lệ. Ghi bằng số La Mã hoặc chữ số, ví dụ XIII hoặc 13.",
        "Term '{value}' is not valid. Write it in Roman numerals or digits, e.g. XIII or 13.",
    ),
    "catalogue_type_mismatch": (
        "Ký hiệu «{value}» là của {expected}, không khớp với loại văn bản «{word}». Sửa loại văn bản hoặc số, ký hiệu.",
        "Code '{value}' is that of a {expected}, not of the type '{word}' written. Correct the type or the code.",
    ),
    "catalogue_no_identity": (
        "Thiếu số, ký hiệu. Văn bản không có số, ký hiệu (như Nghị quyết Đại hội XIII) phải ghi cả «Hội nghị» "
        "(số hội nghị Trung ương, hoặc «Đại hội») và «Khóa».",
        "The code is missing. A document without a code (such as the resolution of the XIII Congress) needs both "
        "'Hội nghị' (the plenum number, or 'Đại hội') and 'Khóa' (the term).",
    ),
    "catalogue_duplicate": (
        "Văn bản «{value}» ngày {date} đã ghi ở dòng {first_row} của tệp {first_file}. Mỗi văn bản (cùng số, ký hiệu "
        "và ngày ban hành) chỉ ghi một lần.",
        "Document '{value}' of {date} is already on row {first_row} of {first_file}. Each document (the same code and "
        "issue date) appears once.",
    ),
    "catalogue_conflict": (
        "«{value}» ngày {date} đã có trong danh mục văn bản chung: {name} («{title}»). Dòng này ghi khác loại văn bản "
        "hoặc trích yếu. Hãy bỏ dòng này, hoặc ghi đúng như danh mục.",
        "'{value}' of {date} is already in the shipped catalogue: {name} ('{title}'). This row gives another type "
        "or title. Remove the row, or write it as the catalogue does.",
    ),
    "unknown_session": (
        "Buổi «{value}» không rõ. Ghi một trong: {choices} (hoặc để trống).",
        "Unknown session '{value}'. Write one of: {choices} (sáng = morning, chiều = afternoon, tối = evening), or leave it blank.",
    ),
    "bad_url": (
        "«{value}» không phải địa chỉ web (http:// hoặc https://).",
        "'{value}' is not a web address (http:// or https://).",
    ),
    "duplicate_key": (
        "Trùng khóa «{value}» với dòng {first_row} của tệp {first_file}. Mỗi {what} chỉ ghi một lần.",
        "Duplicate key '{value}', already on row {first_row} of {first_file}. Each {what} appears once.",
    ),
    # Probable duplicates (dashboard.ingest.upload._probable_duplicates): shown, committed only when confirmed.
    "probable_duplicate_stored": (
        "Có thể trùng: hội nghị «{value}» cùng đơn vị, cùng ngày {date} và cùng tên với hội nghị «{other}» đã có trong "
        "dữ liệu («{title}»). Nếu là một hội nghị, hãy dùng mã «{other}»; nếu là hai hội nghị khác nhau, hãy đánh dấu "
        "«Vẫn ghi các hội nghị có thể trùng» (dòng lệnh: thêm --confirm-duplicates) rồi xác nhận.",
        "Probable duplicate: conference '{value}' has the unit, date ({date}) and title of the stored conference "
        "'{other}' ('{title}'). If they are one conference, use the id '{other}'; if they are two, tick 'Write the "
        "probable duplicates anyway' (command line: add --confirm-duplicates) and confirm.",
    ),
    "probable_duplicate_upload": (
        "Có thể trùng: hội nghị «{value}» cùng đơn vị, cùng ngày {date} và cùng tên với hội nghị «{other}» ở dòng "
        "{first_row} của tệp {first_file}. Nếu là một hội nghị, hãy bỏ một dòng; nếu là hai hội nghị khác nhau, hãy "
        "đánh dấu «Vẫn ghi các hội nghị có thể trùng» (dòng lệnh: thêm --confirm-duplicates) rồi xác nhận.",
        "Probable duplicate: conference '{value}' has the unit, date ({date}) and title of conference '{other}' on row "
        "{first_row} of {first_file}. If they are one conference, delete one row; if they are two, tick 'Write the "
        "probable duplicates anyway' (command line: add --confirm-duplicates) and confirm.",
    ),
    "unknown_conference": (
        "Hội nghị «{value}» chưa có trong dữ liệu hoặc trong lần tải lên này. Hãy tải kèm tệp hội nghị có mã này.",
        "Conference '{value}' is neither stored nor in this upload. Upload the conferences file that has this id.",
    ),
    "unknown_organization": (
        "Tổ chức «{value}» chưa có trong danh sách tổ chức của đơn vị.{suggest} Hãy sửa tên hoặc tải kèm tệp danh sách tổ chức.",
        "Organisation '{value}' is not in the unit's registry.{suggest} Fix the name or upload the organizations file with it.",
    ),
    # What a name may contain (dashboard.contract.names): hidden characters, mixed scripts, look-alikes.
    "hidden_character": (
        "«{value}» chứa ký tự ẩn {chars}: không nhìn thấy nhưng làm tên khác đi.{suggest} Hãy xóa ô này và gõ lại "
        "(ký tự ẩn thường theo văn bản dán từ trang web hoặc Word).",
        "'{value}' contains hidden characters {chars}: invisible, yet they make it a different name.{suggest} Clear "
        "the cell and type it again (hidden characters usually come with text pasted from a web page or Word).",
    ),
    "mixed_script": (
        "«{value}» trộn chữ của nhiều hệ chữ ({scripts}): {chars}. Các chữ này trông như chữ tiếng Việt nhưng là ký tự "
        "khác. Hãy gõ lại tên bằng bàn phím tiếng Việt.",
        "'{value}' mixes letters of several scripts ({scripts}): {chars}. They look like Vietnamese letters but are "
        "other characters. Type the name again with a Vietnamese keyboard.",
    ),
    "lookalike_organization": (
        "«{value}» trông giống hệt «{existing}» đã có trong danh sách tổ chức của đơn vị, nhưng khác ký tự ({chars}). "
        "Nếu là cùng tổ chức, hãy ghi đúng «{existing}»; nếu là tổ chức khác, hãy đặt tên nhìn phân biệt được.",
        "'{value}' looks identical to '{existing}', already in the unit's registry, but its characters differ "
        "({chars}). If it is the same organisation, write '{existing}'; otherwise give it a name that can be told apart by eye.",
    ),
    "lookalike_unit": (
        "Đơn vị «{value}» trông giống hệt đơn vị «{existing}» đã có, nhưng khác ký tự ({chars}). Nếu là cùng đơn vị, "
        "hãy ghi đúng «{existing}»; nếu là đơn vị mới, hãy đặt tên nhìn phân biệt được.",
        "Unit '{value}' looks identical to the existing unit '{existing}', but its characters differ ({chars}). If it "
        "is the same unit, write '{existing}'; if it is a new unit, give it a name that can be told apart by eye.",
    ),
    "party_members_above_attendees": (
        "Số đảng viên «{value}» lớn hơn số người dự.",
        "Party members '{value}' exceed the attendees.",
    ),
    "party_members_above_members": (
        "Số đảng viên «{value}» lớn hơn số thành viên.",
        "Party members '{value}' exceed the members.",
    ),
    "exempt_above_party_members": (
        "Số miễn sinh hoạt «{value}» lớn hơn số đảng viên.",
        "Exempt members '{value}' exceed the Party members.",
    ),
    "rename_without_date": (
        "Đổi tên thành «{value}» nhưng thiếu «Ngày đổi tên». Điền ngày tên mới bắt đầu dùng, hoặc xóa tên mới.",
        "Renamed to '{value}' without a 'Ngày đổi tên' (date of the rename). Fill in the day the new name "
        "applies, or clear the new name.",
    ),
    "rename_without_name": (
        "Có «Ngày đổi tên» {value} nhưng thiếu tên mới («Đổi tên thành»). Điền tên mới, hoặc xóa ngày.",
        "A rename date {value} without the new name ('Đổi tên thành'). Fill in the new name, or clear the date.",
    ),
    "unit_end_before_start": (
        "«Đến ngày» {value} trước «Từ ngày». Kiểm tra lại hai ngày.",
        "'Đến ngày' (to) {value} is before 'Từ ngày' (from). Check both dates.",
    ),
    "total_below_rows": (
        "Tổng số người dự {value} nhỏ hơn tổng các dòng thành phần dự ({rows_sum}). Sửa tổng số hoặc các dòng.",
        "Total attendees {value} is below the sum of its attendance rows ({rows_sum}). Fix the total or the rows.",
    ),
    "no_unit": (
        "Không rõ dữ liệu của đơn vị nào: tệp không có cột «Đơn vị» và chưa chọn đơn vị khi tải lên.",
        "No unit for these rows: the file has no 'Đơn vị' (unit) column and no unit was chosen for the upload.",
    ),
    "unit_not_allowed": (
        "Bạn không có quyền tải dữ liệu cho đơn vị «{value}».",
        "You may not upload data for unit '{value}'.",
    ),
    "store_busy": (
        "Kho dữ liệu đang được ghi bởi một lần tải lên khác. Vui lòng thử lại sau ít giây; chưa có gì được ghi.",
        "The store is being written by another upload. Try again in a few seconds; nothing was written.",
    ),
    "store_changed": (
        "Dữ liệu vừa được cập nhật bởi người khác sau khi bạn xem trước. Hãy xem trước lại rồi xác nhận.",
        "The data changed after your preview. Preview again, then confirm.",
    ),
    "unknown_version": (
        "Không có phiên bản {value}. Các phiên bản hiện có: 0 đến {latest}.",
        "There is no version {value}. Versions go from 0 to {latest}.",
    ),
    "no_files": (
        "Chưa chọn tệp nào để tải lên.",
        "No file was chosen for upload.",
    ),
    # What a file may cost to read (dashboard.ingest.limits, dashboard.ingest.guard), counts' ceiling, unexpected errors.
    "too_many_columns": (
        "Dòng này có {found} cột, quá giới hạn {limit} cột (các mẫu chỉ có 5 đến 15 cột). "
        "Hãy xóa các cột thừa bên phải dữ liệu, hoặc chép dữ liệu sang mẫu trống, rồi lưu lại.",
        "This row has {found} columns, above the limit of {limit} (the templates have 5 to 15). "
        "Delete the extra columns right of the data, or paste the data into a blank template, and save again.",
    ),
    "too_many_cells": (
        "Tệp có khoảng {found} ô, quá giới hạn {limit} ô cho một tệp. Hãy tách tệp theo quý hoặc theo đơn vị.",
        "The file has about {found} cells, above the limit of {limit} per file. Split it by quarter or by unit.",
    ),
    "line_too_long": (
        "Dòng này dài {found} byte, quá giới hạn {limit} byte: đây không giống tệp CSV lưu từ mẫu. "
        "Hãy mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8.",
        "This line is {found} bytes long, above the limit of {limit}: it does not look like a CSV saved from a template. "
        "Open the file in Excel and save it again as CSV UTF-8.",
    ),
    "csv_field_too_large": (
        "Dòng này có một ô dài quá {limit} ký tự, thường do thiếu dấu ngoặc kép («\"») đóng. "
        "Kiểm tra dấu ngoặc kép từ dòng này, hoặc mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8.",
        "A cell of this row is longer than {limit} characters, usually a missing closing quote ('\"'). "
        "Check the quotes from this line on, or open the file in Excel and save it again as CSV UTF-8.",
    ),
    "bad_csv": (
        "Không đọc được dòng này của tệp CSV (ký tự lạ hoặc dấu ngoặc kép sai). Hãy mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8.",
        "Cannot read this line of the CSV file (a stray character or quote). Open the file in Excel and save it again as CSV UTF-8.",
    ),
    "bad_xlsx": (
        "Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx nên không đọc được. "
        "Hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx hoặc CSV UTF-8 rồi tải lên lại.",
        "The Excel file is damaged or not a real .xlsx, so it cannot be read. "
        "Open it in Excel, save it again as .xlsx or CSV UTF-8, and upload it again.",
    ),
    "xlsx_too_many_parts": (
        "Tệp Excel gồm {found} phần, quá giới hạn {limit}: không giống một sổ tính bình thường. "
        "Hãy chép dữ liệu sang mẫu trống rồi lưu lại.",
        "The Excel file has {found} parts, above the limit of {limit}: not an ordinary workbook. "
        "Paste the data into a blank template and save it.",
    ),
    "xlsx_too_big_unpacked": (
        "Tệp Excel khi giải nén lớn {found} MB, quá giới hạn {limit} MB. Hãy tách tệp theo quý hoặc theo đơn vị, hoặc lưu dưới dạng CSV UTF-8.",
        "The Excel file unpacks to {found} MB, above the limit of {limit} MB. Split it by quarter or by unit, or save it as CSV UTF-8.",
    ),
    "xlsx_compression": (
        "Tệp Excel nén bất thường (phần «{part}» giải nén lớn gấp {ratio} lần, giới hạn {limit} lần), như một tệp độc hại. "
        "Hãy chép dữ liệu sang mẫu trống rồi lưu lại.",
        "The Excel file is compressed abnormally (part '{part}' unpacks to {ratio} times its size, limit {limit}), "
        "as a hostile file is. Paste the data into a blank template and save it.",
    ),
    "sheet_too_large": (
        "Trang tính dùng vùng đến «{range}», quá giới hạn {columns} cột và {rows} dòng (hoặc quá nhiều ô). "
        "Trong Excel, nhấn Ctrl+End để thấy ô cuối; xóa các dòng, cột trống sau dữ liệu rồi lưu lại.",
        "The sheet uses a range up to '{range}', past the limit of {columns} columns and {rows} rows (or too many cells). "
        "In Excel, press Ctrl+End to see the last cell; delete the empty rows and columns after the data and save again.",
    ),
    "read_timeout": (
        "Đọc tệp mất hơn {seconds} giây nên đã dừng; chưa có gì được ghi. "
        "Hãy tách tệp theo quý hoặc theo đơn vị, hoặc lưu dưới dạng CSV UTF-8 (đọc nhanh hơn nhiều so với .xlsx).",
        "Reading the file took more than {seconds} seconds and was stopped; nothing was written. "
        "Split it by quarter or by unit, or save it as CSV UTF-8 (much faster to read than .xlsx).",
    ),
    "read_memory": (
        "Đọc tệp cần hơn {limit} MB bộ nhớ nên đã dừng; chưa có gì được ghi. Hãy tách tệp theo quý hoặc theo đơn vị.",
        "Reading the file needed more than {limit} MB of memory and was stopped; nothing was written. Split it by quarter or by unit.",
    ),
    "read_failed": (
        "Không đọc được tệp do một lỗi bất ngờ (mã tham chiếu {ref}). Hãy lưu lại tệp bằng Excel rồi thử lại; "
        "nếu vẫn lỗi, báo quản trị viên mã này.",
        "The file could not be read because of an unexpected error (reference {ref}). Save it again from Excel and retry; "
        "if it fails again, give this reference to the administrator.",
    ),
    "count_too_large": (
        "«{value}» quá lớn: số người tối đa là {limit}. Kiểm tra lại ô này (có thể gõ thừa chữ số).",
        "'{value}' is too large: a head count is at most {limit}. Check this cell (a digit typed twice?).",
    ),
    "more_problems": (
        "… và {count} vấn đề khác trong tệp này (chỉ liệt kê {limit} vấn đề đầu). Hãy sửa các vấn đề trên rồi tải lên lại.",
        "… and {count} more problems in this file (only the first {limit} are listed). Fix those above and upload again.",
    ),
    "unexpected_error": (
        "Lỗi bất ngờ khi xử lý (mã tham chiếu {ref}). Hãy thử lại; nếu vẫn lỗi, báo quản trị viên mã này.",
        "Unexpected error (reference {ref}). Try again; if it persists, give this reference to the administrator.",
    ),
    "job_stopped": (
        "Việc xử lý không hoàn tất: tiến trình xử lý đã dừng. Hãy tải tệp lên lại.",
        "The job did not finish: its worker stopped. Upload the files again.",
    ),
    # Undo one upload, restore the whole store (dashboard.ingest.undo).
    "version_not_a_number": (
        "«{value}» không phải số phiên bản. Hãy nhập một số nguyên, ví dụ 3 (xem cột «Phiên bản» ở trang Lịch sử).",
        "'{value}' is not a version number. Enter a whole number, e.g. 3 (see the Version column on the History page).",
    ),
    "undo_version_zero": (
        "Phiên bản 0 là kho dữ liệu rỗng ban đầu, không có gì để hoàn tác. Hãy chọn một lần tải lên.",
        "Version 0 is the empty store; there is nothing to undo. Choose an upload.",
    ),
    "not_undoable": (
        "Phiên bản {value} không phải một lần tải lên (thao tác «{action}»), nên không hoàn tác được. "
        "Muốn bỏ thao tác này, hãy khôi phục toàn bộ về phiên bản {before}.",
        "Version {value} is not an upload (action '{action}') and cannot be undone. "
        "To reverse it, restore the whole store to version {before}.",
    ),
    "version_discarded": (
        "Lần tải lên #{value} đã bị loại bỏ khi khôi phục toàn bộ ở phiên bản {by}; dữ liệu của nó không còn trong kho, không có gì để hoàn tác.",
        "Upload #{value} was discarded by the full restore at version {by}; its data is no longer stored, so there is nothing to undo.",
    ),
    "already_undone": (
        "Phiên bản {value} đã được hoàn tác ở phiên bản {by}. Muốn làm lại, hãy hoàn tác phiên bản {by}.",
        "Version {value} was already undone at version {by}. To redo it, undo version {by}.",
    ),
    "undo_nothing_left": (
        "Không còn gì để hoàn tác: mọi dòng mà lần tải lên #{value} thay đổi đều đã được các lần sau sửa lại. Chưa ghi gì.",
        "Nothing left to undo: every row upload #{value} changed was changed again later. Nothing was written.",
    ),
    "undo_conflicts": (
        "Chưa hoàn tác #{value}: {count} dòng đã được các lần tải lên sau ({versions}) sửa lại. Xem danh sách xung đột; "
        "nếu đồng ý để các dòng này giữ giá trị hiện tại và chỉ hoàn tác các dòng còn lại, hãy đánh dấu «Tôi hiểu…» "
        "(dòng lệnh: thêm --yes-conflicts) rồi xác nhận. Chưa ghi gì.",
        "Upload #{value} not undone: {count} row(s) were changed again by later uploads ({versions}). Review the conflicts; "
        "to keep those rows as they are now and undo the rest, tick 'I understand…' (command line: add --yes-conflicts) "
        "and confirm. Nothing was written.",
    ),
    "restore_is_head": (
        "Phiên bản {value} là phiên bản hiện tại; khôi phục về nó không thay đổi gì.",
        "Version {value} is the current version; restoring it would change nothing.",
    ),
    "restore_not_confirmed": (
        "Chưa khôi phục: hãy gõ đúng số phiên bản {version} để xác nhận (đã gõ «{value}»). Chưa ghi gì.",
        "Not restored: type the version number {version} to confirm (typed '{value}'). Nothing was written.",
    ),
    "admin_only": (
        "Chỉ quản trị viên mới được hoàn tác hoặc khôi phục dữ liệu. Hãy đăng nhập bằng tài khoản quản trị.",
        "Only an administrator may undo or restore. Log in with an admin account.",
    ),
}

_COLUMN_HEADERS = ("file", "row", "column", "value", "message")
_COLUMN_HEADERS_VI = ("Tệp", "Dòng", "Cột", "Giá trị", "Vấn đề")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload (or a request), located as precisely as known."""

    code: str
    file: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        template = vi if lang == "vi" else en
        value = "" if self.value is None else _shorten(self.value)
        params = dict(self.params)
        if "suggestions" in params:
            names = params.pop("suggestions")
            quoted = "; ".join(f"«{n}»" if lang == "vi" else f"'{n}'" for n in names)
            params["suggest"] = (f" Có phải: {quoted}?" if lang == "vi" else f" Did you mean: {quoted}?") if names else ""
        return template.format(value=value, **params)

    def line(self, lang: str = "vi") -> str:
        """``FILE:ROW:COLUMN: message`` — one line, for the command line."""
        row = "" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or ''}: {self.message(lang)}"

    def as_row(self, lang: str = "vi") -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column or "",
            "value": "" if self.value is None else self.value,
            "message": self.message(lang),
        }


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UserError(Exception):
    """A refusal a user can act on: one or more problems, nothing written."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.render("en"))

    def render(self, lang: str = "vi") -> str:
        return "\n".join(p.line(lang) for p in self.problems)

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        return problems_frame(self.problems, lang)


def problems_frame(problems: list[Problem], lang: str = "vi") -> pd.DataFrame:
    """The problems as a table with localised headers (page, CSV, notebook)."""
    headers = _COLUMN_HEADERS_VI if lang == "vi" else _COLUMN_HEADERS
    frame = pd.DataFrame([p.as_row(lang) for p in problems], columns=list(_COLUMN_HEADERS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.set_axis(list(headers), axis=1)


def problem_dicts(problems: list[Problem]) -> list[dict]:
    """Plain dicts (for JSON, e.g. a dcc.Store)."""
    return [asdict(p) for p in problems]
