"""The Resolution 68/NQ-CP policies the platform ships (domain rules §5.1), as plain data.

Status follows the research: "C" is confirmed, "U" must be checked against the original text (the UI
says "cần đối chiếu văn bản gốc"). Installed by a data migration; a province edits amounts in the admin
of its own copy, never the code.
"""

from typing import Any

RES_68 = "Nghị quyết 68/NQ-CP (01/7/2021), Quyết định 23/2021/QĐ-TTg (07/7/2021)"
RES_126 = f"{RES_68}; sửa đổi bởi Nghị quyết 126/NQ-CP (08/10/2021), Quyết định 33/2021/QĐ-TTg (06/11/2021)"
START, END = "2021-04-27", "2021-12-31"
WORK_START = "2021-05-01"
DISTRICT = "UBND cấp huyện"
APPROVAL_NOTE = (
    "Cơ quan phê duyệt theo ví dụ của Bình Dương (UBND huyện cho chính sách 4, 5, 7, 10); "
    "tỉnh khác có thể giao khác."
)

PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "NQ68-F0-TIEN-AN",
        "name": "Hỗ trợ tiền ăn cho người điều trị COVID-19 (F0)",
        "legal_basis": RES_126,
        "group": "f0",
        "eligibility": "F0 điều trị theo quyết định của cơ quan có thẩm quyền, từ 27/4/2021 đến 31/12/2021.",
        "basis": "day",
        "amount": 80_000,
        "max_days": 45,
        "period_start": START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": APPROVAL_NOTE,
    },
    {
        "code": "NQ68-F1-TIEN-AN",
        "name": "Hỗ trợ tiền ăn cho người cách ly y tế (F1)",
        "legal_basis": RES_126,
        "group": "f1",
        "eligibility": "F1 cách ly y tế theo quyết định của cơ quan có thẩm quyền, "
        "từ 27/4/2021 đến 31/12/2021.",
        "basis": "day",
        "amount": 80_000,
        "max_days": 21,
        "period_start": START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": APPROVAL_NOTE,
    },
    {
        "code": "NQ68-TRE-EM",
        "name": "Hỗ trợ một lần cho trẻ em là F0 hoặc F1",
        "legal_basis": RES_126,
        "group": "child_f0_f1",
        "eligibility": "Trẻ em dưới 16 tuổi là F0 điều trị hoặc F1 cách ly y tế, "
        "từ 27/4/2021 đến 31/12/2021.",
        "basis": "person",
        "amount": 1_000_000,
        "max_age": 16,
        "period_start": START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": "Ngoài tiền ăn; chi phí ngoài bảo hiểm y tế của trẻ do nhà nước chi trả "
        "(không quản lý ở đây).",
    },
    {
        "code": "NQ68-TAM-HOAN-15",
        "name": "Người lao động tạm hoãn hợp đồng, nghỉ không lương từ 15 ngày đến dưới 1 tháng",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": (
            "Tạm hoãn HĐLĐ hoặc nghỉ không lương từ 15 ngày liên tục trở lên, từ 01/5/2021 đến "
            "31/12/2021, đang đóng BHXH bắt buộc; đơn vị bị cơ quan có thẩm quyền yêu cầu tạm dừng."
        ),
        "basis": "person",
        "amount": 1_855_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": "Mức hỗ trợ thêm cho phụ nữ mang thai, nuôi con nhỏ: cần đối chiếu văn bản gốc.",
        "excludes": ["NQ68-TAM-HOAN-30"],
    },
    {
        "code": "NQ68-TAM-HOAN-30",
        "name": "Người lao động tạm hoãn hợp đồng, nghỉ không lương từ 1 tháng trở lên",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": (
            "Tạm hoãn HĐLĐ hoặc nghỉ không lương từ 1 tháng trở lên, từ 01/5/2021 đến 31/12/2021, "
            "đang đóng BHXH bắt buộc; đơn vị bị cơ quan có thẩm quyền yêu cầu tạm dừng."
        ),
        "basis": "person",
        "amount": 3_710_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": "Mức hỗ trợ thêm cho phụ nữ mang thai, nuôi con nhỏ: cần đối chiếu văn bản gốc.",
    },
    {
        "code": "NQ68-NGUNG-VIEC",
        "name": "Người lao động ngừng việc",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": (
            "Ngừng việc theo khoản 3 Điều 99 Bộ luật Lao động do cách ly y tế hoặc ở vùng phong toả "
            "(điều kiện theo Quyết định 23/2021/QĐ-TTg)."
        ),
        "basis": "person",
        "amount": 1_000_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": APPROVAL_NOTE,
    },
    {
        "code": "NQ68-CHAM-DUT-HD",
        "name": "Người lao động chấm dứt hợp đồng, không đủ điều kiện hưởng trợ cấp thất nghiệp",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": "Chấm dứt HĐLĐ từ 01/5/2021 đến 31/12/2021, có đóng BHXH tháng liền kề trước đó.",
        "basis": "person",
        "amount": 3_710_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": "Sở Lao động - Thương binh và Xã hội",
        "status": "C",
    },
    {
        "code": "NQ68-NGHE-THUAT",
        "name": "Viên chức hoạt động nghệ thuật biểu diễn",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": "Bị tạm dừng hoạt động từ 15 ngày trở lên.",
        "basis": "person",
        "amount": 3_710_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": "Sở Văn hoá, Thể thao và Du lịch",
        "status": "C",
    },
    {
        "code": "NQ68-HUONG-DAN-VIEN",
        "name": "Hướng dẫn viên du lịch",
        "legal_basis": RES_68,
        "group": "worker",
        "eligibility": "Có hợp đồng với doanh nghiệp lữ hành hoặc là hội viên hội nghề nghiệp; thẻ còn hạn.",
        "basis": "person",
        "amount": 3_710_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": "Sở Văn hoá, Thể thao và Du lịch",
        "status": "C",
    },
    {
        "code": "NQ68-HO-KINH-DOANH",
        "name": "Hộ kinh doanh phải tạm ngừng kinh doanh",
        "legal_basis": RES_68,
        "group": "household_business",
        "eligibility": "Có đăng ký thuế; tạm ngừng từ 15 ngày liên tục trở lên "
        "theo yêu cầu của cơ quan có thẩm quyền.",
        "basis": "household",
        "amount": 3_000_000,
        "period_start": WORK_START,
        "period_end": END,
        "paying_body": DISTRICT,
        "status": "C",
        "note": APPROVAL_NOTE,
    },
    {
        "code": "NQ68-LAO-DONG-TU-DO",
        "name": "Người lao động không có giao kết hợp đồng (lao động tự do) và đối tượng đặc thù khác",
        "legal_basis": RES_68,
        "group": "other",
        "eligibility": "Do UBND cấp tỉnh quy định (nhóm đối tượng chưa xác nhận nguyên văn).",
        "basis": "person",
        "amount": 0,
        "period_start": START,
        "period_end": END,
        "paying_body": "UBND cấp tỉnh quy định",
        "status": "U",
        "note": "Mức hỗ trợ do tỉnh quyết định: nhập mức của tỉnh trước khi dùng.",
        "active": False,
    },
]


def install(programme_model: Any) -> None:
    """Create the shipped programmes that are missing (by code) and their exclusions."""
    by_code = {}
    for spec in PROGRAMMES:
        fields = {k: v for k, v in spec.items() if k not in ("code", "excludes")}
        by_code[spec["code"]], _created = programme_model.objects.get_or_create(
            code=spec["code"], defaults=fields
        )
    for spec in PROGRAMMES:
        for other in spec.get("excludes", []):  # both ways: a migration's model is not symmetrical
            by_code[spec["code"]].excludes.add(by_code[other])
            by_code[other].excludes.add(by_code[spec["code"]])
