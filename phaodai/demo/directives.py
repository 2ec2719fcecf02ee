"""The demo's command layer: two directives modelled on real Lai Châu documents of November 2021 (a
steering-committee notice and the health department's letter passing it on), adapted to the demo
province, ingested as a user would (parsed, names mapped to the province's organisations, saved through
the service), then followed up: some parts reported done on time, some closed late, some still open and
overdue, one report with an attachment, and the due-soon reminders.
"""

from phaodai.accounts.models import Organisation
from phaodai.core import clock
from phaodai.core.scoping import Jurisdiction
from phaodai.demo.context import DemoContext
from phaodai.demo.organisations import showcase_units
from phaodai.demo.places import bare_name
from phaodai.directives import notify
from phaodai.directives.mapping import candidates
from phaodai.directives.models import Assignment, Directive
from phaodai.directives.parsing import parse
from phaodai.directives.proposal import as_input
from phaodai.directives.services import Attachment, assignment_close, directive_create, progress_report

NOTICE = """UBND TỈNH {PROVINCE}
BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19
Số: 168/TB-BCĐ
{place}, ngày 18 tháng 11 năm 2021

THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh tại cuộc họp trực tuyến ngày 17/11/2021

Ngày 17/11/2021, Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh họp trực tuyến với Ban Chỉ đạo các huyện, \
thành phố. Sau khi nghe Sở Y tế báo cáo, đồng chí Trưởng Ban Chỉ đạo tỉnh yêu cầu:

1. Sở Y tế khẩn trương mua sắm vật tư, trang thiết bị y tế, máy thở, ôxy theo kế hoạch, hoàn thành trước \
ngày 15/11/2021.

2. Trung tâm Y tế các huyện, thành phố xây dựng kịch bản lấy mẫu xét nghiệm diện rộng khi giãn cách xã \
hội, báo cáo Sở Y tế chậm nhất ngày 22/11/2021.

3. CDC phối hợp với Trung tâm Y tế các huyện, thành phố rà soát người từ 50 tuổi trở lên chưa tiêm đủ \
liều, tổ chức tiêm bổ sung trong tháng 12 năm 2021.

4. Sở Giao thông vận tải và các lực lượng chức năng kiểm soát lái xe, phụ xe theo nguyên tắc “1 cung \
đường 2 điểm đến”. Thời gian thực hiện: thường xuyên.

5. Sở Kế hoạch và Đầu tư phối hợp với Sở Tài chính tham mưu hỗ trợ doanh nghiệp theo Nghị quyết số \
105/NQ-CP ngày 09/9/2021 của Chính phủ, trình UBND tỉnh trước ngày 30/11/2021.

6. Sở Lao động - Thương binh và Xã hội đôn đốc các địa phương chi trả hỗ trợ người lao động theo Nghị \
quyết số 68/NQ-CP của Chính phủ, hoàn thành trong Quý I năm 2022.

7. Ban Chỉ đạo phòng, chống dịch COVID-19 cấp huyện tập huấn cho lực lượng dự bị, tổ COVID cộng đồng \
chậm nhất ngày 25/11/2021.

8. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động nhân dân thực hiện thông điệp 5K. Thời gian: thường xuyên.

Văn phòng Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Thường trực Tỉnh ủy (b/c);
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thành phố;
- Lưu: VT.

KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN

Tống Thanh Hải
"""

LETTER = """UBND TỈNH {PROVINCE}
SỞ Y TẾ
Số: 3525/SYT-NVY
V/v thực hiện kết luận của Ban Chỉ đạo tỉnh
{place}, ngày 19 tháng 11 năm 2021

Kính gửi:
- Trung tâm Kiểm soát bệnh tật;
- Bệnh viện Đa khoa tỉnh;
- Trung tâm Y tế các huyện, thành phố.

Thực hiện Thông báo số 168/TB-BCĐ ngày 18/11/2021 của Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh, \
Sở Y tế yêu cầu các đơn vị:

1. Trung tâm Kiểm soát bệnh tật
- Hướng dẫn quy trình xét nghiệm gộp mẫu cho tuyến huyện, hoàn thành trước ngày 21/11/2021.
- Tổng hợp kết quả tiêm chủng, báo cáo Sở Y tế hằng tuần. Thời gian thực hiện: thường xuyên.

2. Bệnh viện Đa khoa tỉnh
- Sẵn sàng 50 giường hồi sức tích cực cho người bệnh COVID-19 nặng, chậm nhất ngày 30/11/2021.

3. Trung tâm Y tế các huyện, thành phố
- Lập danh sách người mắc COVID-19 điều trị tại nhà, cập nhật lên hệ thống trước ngày 19/11/2021.
- Phối hợp với Trạm Y tế các xã, phường, thị trấn tập huấn tổ COVID cộng đồng trong tháng 12 năm 2021.

Sở Y tế yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Như trên;
- Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh (b/c);
- Lưu: VT, NVY.

GIÁM ĐỐC

Bùi Tiến Thanh
"""


def _ingest(ctx: DemoContext, template: str, issuer: Organisation, found: list[Organisation]) -> Directive:
    province = bare_name(ctx.province)
    text = template.format(PROVINCE=province.upper(), place=province)
    data = as_input(parse(text), text=text, issuer=issuer, candidates=found)
    return directive_create(actor=ctx.actor, jurisdiction=Jurisdiction.of([ctx.province.path]), data=data)


def _part(directive: Directive, ref: str, organisation: Organisation) -> Assignment:
    return Assignment.objects.get(task__directive=directive, task__ref=ref, organisation=organisation)


def _report(
    ctx: DemoContext, assignment: Assignment, text: str, *, done: bool, file: Attachment | None = None
) -> None:
    progress_report(
        actor=ctx.actor,
        organisation_id=assignment.organisation_id,
        assignment=assignment,
        text=text,
        done=done,
        file=file,
    )


def _follow_up(ctx: DemoContext, notice: Directive, letter: Directive) -> None:
    """Parts done on time, late, in progress and overdue, as a steering committee would find them."""
    jurisdiction = Jurisdiction.of([ctx.province.path])
    _commune, district = showcase_units(ctx)
    centre = ctx.organisations[f"district:{district.code}:health"]
    other = next(
        org
        for slot, org in ctx.organisations.items()
        if slot.endswith(":health") and slot.startswith("district:") and org != centre
    )
    health, cdc = ctx.organisations["province:health"], ctx.organisations["province:cdc"]
    _report(
        ctx,
        _part(notice, "2", centre),
        "Đã xây dựng kịch bản lấy mẫu cho 3 cấp độ dịch.",
        done=True,
        file=Attachment("kich-ban-lay-mau.txt", "Kịch bản lấy mẫu xét nghiệm diện rộng".encode()),
    )
    _report(ctx, _part(notice, "2", other), "Đang lấy ý kiến các trạm y tế xã.", done=False)
    assignment_close(actor=ctx.actor, jurisdiction=jurisdiction, assignment=_part(notice, "1", health))
    _report(ctx, _part(letter, "1.1", cdc), "Đã gửi hướng dẫn xét nghiệm gộp mẫu.", done=True)
    assignment_close(actor=ctx.actor, jurisdiction=jurisdiction, assignment=_part(letter, "1.1", cdc))
    _report(ctx, _part(letter, "3.1", other), "Đã cập nhật danh sách F0 điều trị tại nhà.", done=True)


def create_directives(ctx: DemoContext) -> None:
    found = candidates(jurisdiction=Jurisdiction.of([ctx.province.path]))
    notice = _ingest(ctx, NOTICE, ctx.organisations["province:steering"], found)
    letter = _ingest(ctx, LETTER, ctx.organisations["province:health"], found)
    _follow_up(ctx, notice, letter)
    notify.due_soon(today=clock.today())
    ctx.counts["directives"] = 2
    ctx.counts["directive_assignments"] = Assignment.objects.filter(
        task__directive__in=(notice, letter)
    ).count()
