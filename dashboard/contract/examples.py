"""One example row per upload file: for blank templates and the contract document."""

UNIT = "Đảng ủy phường Thanh Khê Tây"

EXAMPLES: dict[str, list[str]] = {
    "conferences": [UNIT, "HN-2023-03", "27/4/2023", "", "Chiều", "Hội nghị thông tin thời sự Quý II năm 2023", UNIT,
                    "Thông tin thời sự", "Bí thư Đảng ủy phường",
                    "tuyên truyền Nghị quyết số 35-NQ/TW; quán triệt Quy định số 85-QĐ/TW và Hướng dẫn số 99-HD/BTGTW",
                    "",  # Vai trò văn bản: the verbs in Văn bản say it here
                    "Bảo vệ nền tảng tư tưởng của Đảng", "Hội trường phường", "", ""],
    "attendance": [UNIT, "HN-2023-03", "Chi bộ khu dân cư số 1", "28", "28"],
    # Retired, renamed: blank for an organisation that goes on as it is.
    "organizations": [UNIT, "Chi bộ khu dân cư số 1", "Chi bộ", UNIT, "31", "31", "5", "01/01/2023", "", "", ""],
    # The merger of 1/7/2025: the ward ends on 30/6/2025 and goes on in the new ward.
    "unit_history": [UNIT, "Đảng bộ quận Thanh Khê", "", "30/06/2025", "Đảng ủy phường Thanh Khê"],
}
