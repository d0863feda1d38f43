"""Document roles: the verb governing a reference says studied or disseminated; the conference kind gives the default."""

from pathlib import Path

import pytest

from dashboard.contract.roles import default_role, role_for, role_from_text, roles_in_text
from dashboard.contract.vocab import KIND_CODES

POST = (Path(__file__).resolve().parents[3] / "shared" / "examples" / "thanh-khe-tay-2023-04-27.txt")
# The founding post's lead sentence (DOMAIN.md §1), as published.
LEAD = ("Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ phường năm 2023, chiều ngày 27/4/2023, Đảng ủy phường "
        "Thanh Khê Tây tổ chức Hội nghị thông tin thời sự Quý II năm 2023 về tình hình thời sự nổi bật trong nước "
        "và quốc tế; tuyên truyền Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền "
        "tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới; quán triệt, "
        "triển khai thực hiện Quy định số 85-QĐ/TW ngày 07/10/2022 của Ban Bí thư về việc cán bộ, đảng viên thiết "
        "lập và sử dụng trang thông tin điện tử cá nhân trên internet, mạng xã hội.")
SECOND = ("Hội nghị đã nghe đồng chí Thượng tướng Võ Tiến Trung thông tin về tình hình thời sự nổi bật trong nước và "
          "quốc tế, tuyên truyền Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền "
          "tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới; nghe đồng "
          "chí Lê Văn Cương quán triệt, triển khai thực hiện Quy định số 85-QĐ/TW, ngày 07/10/2022 của Ban Bí thư và "
          "Hướng dẫn số 99-HD/BTGTW, ngày 20/3/2023 của Ban Tuyên giáo Trung ương hướng dẫn thực hiện Quy định số "
          "85-QĐ/TW của Ban Bí thư về việc cán bộ, đảng viên thiết lập và sử dụng trang thông tin điện tử cá nhân "
          "trên internet.")


@pytest.mark.parametrize("fragment, reference, role", [
    # The founding post: 35 disseminated, 85 and 99 studied.
    (LEAD, "35-NQ/TW", "disseminated"),
    (LEAD, "85-QĐ/TW", "studied"),
    (SECOND, "Nghị quyết số 35-NQ/TW", "disseminated"),
    (SECOND, "85-QĐ/TW", "studied"),
    (SECOND, "99-HD/BTGTW", "studied"),
    # Study verbs.
    ("học tập, quán triệt Nghị quyết Trung ương 8 khóa XIII", None, "studied"),
    ("Hội nghị nghiên cứu, học tập, quán triệt, triển khai thực hiện Nghị quyết số 57-NQ/TW", None, "studied"),
    ("học bù Nghị quyết Đại hội XIII", None, "studied"),
    ("nghe báo cáo viên Thành ủy quán triệt những nội dung cơ bản, cốt lõi của Nghị quyết số 18-NQ/TW", None,
     "studied"),
    ("Quán triệt Quy định 85", None, "studied"),
    # Dissemination verbs.
    ("thông tin về Nghị quyết số 68-NQ/TW", None, "disseminated"),
    ("giới thiệu những nội dung cơ bản của Nghị quyết số 66-NQ/TW", None, "disseminated"),
    ("phổ biến Chỉ thị 35-CT/TW", None, "disseminated"),
    ("TUYÊN TRUYỀN NGHỊ QUYẾT 35", None, "disseminated"),
    ("tuyên truyền kết quả Hội nghị Trung ương 8 khóa XIII", None, "disseminated"),
    # A group with a study verb studies; the nearest group governs.
    ("tuyên truyền, quán triệt Quy định 85", None, "studied"),
    ("học tập chuyên đề năm 2023, tuyên truyền Nghị quyết 35-NQ/TW", None, "disseminated"),
    ("triển khai Kế hoạch tuyên truyền Nghị quyết 57", None, "disseminated"),
    ("tuyên truyền Nghị quyết 35-NQ/TW, quán triệt Quy định 85-QĐ/TW", "85-QĐ/TW", "studied"),
    ("tuyên truyền Nghị quyết 35-NQ/TW, quán triệt Quy định 85-QĐ/TW", "35-NQ/TW", "disseminated"),
    # Coordinated references share a verb; a verb inside the first one's title does not govern the second.
    ("quán triệt Quy định số 85-QĐ/TW về việc cán bộ, đảng viên thiết lập và sử dụng trang thông tin điện tử cá "
     "nhân trên internet, mạng xã hội và Hướng dẫn số 99-HD/BTGTW", "99-HD/BTGTW", "studied"),
    # A fragment ending where the reference begins.
    ("quán triệt, triển khai thực hiện", None, "studied"),
    ("tuyên truyền", None, "disseminated"),
    # No verb governs: no role.
    ("Nghị quyết số 35-NQ/TW", None, None),
    ("sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW", None, None),
    ("Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ phường năm 2023", None, None),
    # Verbs after a reference describe its content.
    ("Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", None, None),
])
def test_role_from_text(fragment, reference, role):
    assert role_from_text(fragment, reference) == role


def test_roles_in_the_founding_post():
    if POST.exists():
        text = POST.read_text(encoding="utf-8")
        assert LEAD in " ".join(text.split()) and SECOND in " ".join(text.split())
    assert [role for _, role in roles_in_text(SECOND)] == ["disseminated", "studied", "studied"]
    assert [ref for ref, _ in roles_in_text(LEAD)] == ["Nghị quyết số 35-NQ/TW", "Quy định số 85-QĐ/TW"]


@pytest.mark.parametrize("kind, role", [
    ("hoc_tap_quan_triet", "studied"), ("chuyen_de", "studied"),
    ("thong_tin_thoi_su", "disseminated"), ("bao_cao_vien", "disseminated"), ("so_ket_tong_ket", "disseminated"),
    ("truc_tuyen", None), ("khac", None),
])
def test_default_role(kind, role):
    assert default_role(kind) == role


def test_every_kind_has_a_default_entry():
    for kind in KIND_CODES:
        default_role(kind)


def test_verb_beats_the_kind():
    assert role_for("tuyên truyền Nghị quyết số 35-NQ/TW", "hoc_tap_quan_triet") == "disseminated"
    assert role_for("Nghị quyết số 35-NQ/TW", "hoc_tap_quan_triet") == "studied"
    assert role_for("Nghị quyết số 35-NQ/TW", "thong_tin_thoi_su") == "disseminated"


def test_error_paths():
    with pytest.raises(ValueError, match="hoc_tap_nghi_quyet"):
        default_role("hoc_tap_nghi_quyet")
    assert role_from_text(None) is None
    assert role_from_text("   ") is None
    assert role_from_text("quán triệt Nghị quyết 35", reference="57-NQ/TW") is None  # not in the text
    assert roles_in_text(None) == []
