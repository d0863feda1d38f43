"""One example row per upload file: for blank templates and the contract document."""

UNIT = "Đảng ủy phường Thanh Khê Tây"

EXAMPLES: dict[str, list[str]] = {
    "conferences": [UNIT, "HN-2023-03", "27/4/2023", "", "Hội nghị thông tin thời sự Quý II năm 2023", UNIT,
                    "Thông tin thời sự", "Bí thư Đảng ủy phường",
                    "Nghị quyết số 35-NQ/TW; Quy định số 85-QĐ/TW; Hướng dẫn số 99-HD/BTGTW",
                    "Bảo vệ nền tảng tư tưởng của Đảng", "Hội trường phường", "", ""],
    "attendance": [UNIT, "HN-2023-03", "Chi bộ khu dân cư số 1", "28", "28"],
    "organizations": [UNIT, "Chi bộ khu dân cư số 1", "Chi bộ", UNIT, "31", "31", "5", "01/01/2023"],
}
