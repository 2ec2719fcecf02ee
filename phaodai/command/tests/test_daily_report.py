"""The daily report: drafted from the same counts as the dashboard, approved, issued, then frozen; as a
Decree 30 PDF and an Excel file."""

import datetime as dt
import io
import zipfile

import pytest
from pypdf import PdfReader

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.command import services
from phaodai.command.models import ReportStatus
from phaodai.command.tests import scenario
from phaodai.core.errors import ConflictError, DomainError
from phaodai.core.scoping import Jurisdiction
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
DAY = dt.date(2021, 11, 20)


def _draft(tree, **fields):
    values = {
        "issuer_name": "Sở Y tế tỉnh Lai Châu",
        "place_name": "Lai Châu",
        "recipients": ["Bộ Y tế", "Lưu: VT"],
    }
    return services.report_draft(
        actor=None,
        jurisdiction=Jurisdiction.of([tree.province.path]),
        unit=tree.province,
        day=DAY,
        **{**values, **fields},
    )


def test_the_report_shows_the_dashboards_figures(tree, province_user):
    scenario.run(tree)
    report = _draft(tree)
    board = client_for(province_user).get("/chi-huy/").context["board"]
    assert report.figures["active"] == board.figures.active
    assert report.figures["new_community"] == board.figures.new_community
    assert report.figures["tests_done"] == board.figures.tests_done


def test_an_issued_report_keeps_its_figures_when_late_data_arrives(tree):
    scenario.run(tree)
    report = _draft(tree)
    report = services.report_approve(
        actor=None, report=report, signer_title="Phó Giám đốc", signer_name="Lò Văn Hùng"
    )
    report = services.report_issue(actor=None, report=report, number="325/BC-SYT")
    cases_then = report.figures["new_community"]
    register(make_person(tree.village, "Lò Văn Muộn"), report_date=DAY)
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert report.figures["new_community"] == cases_then
    with pytest.raises(ConflictError):
        _draft(tree)


def test_issuing_needs_approval_and_a_number(tree):
    report = _draft(tree)
    with pytest.raises(ConflictError):
        services.report_issue(actor=None, report=report, number="1/BC-SYT")
    approved = services.report_approve(actor=None, report=report, signer_title="Giám đốc", signer_name="A")
    with pytest.raises(DomainError) as refused:
        services.report_issue(actor=None, report=approved, number="  ")
    assert "number" in refused.value.errors


def test_a_draft_for_a_future_day_names_the_field(tree):
    with pytest.raises(DomainError) as refused:
        services.report_draft(
            actor=None,
            jurisdiction=Jurisdiction.of([tree.province.path]),
            unit=tree.province,
            day=DAY + dt.timedelta(days=1),
            issuer_name="",
            place_name="Lai Châu",
        )
    assert set(refused.value.errors) == {"day", "issuer_name"}


def test_the_pdf_is_laid_out_as_decree_30_sets(tree, province_user):
    scenario.run(tree)
    report = services.report_approve(
        actor=None, report=_draft(tree), signer_title="Phó Giám đốc", signer_name="Lò Văn Hùng"
    )
    services.report_issue(actor=None, report=report, number="325/BC-SYT")
    response = client_for(province_user).get(f"/chi-huy/bao-cao/{report.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ Y TẾ TỈNH LAI CHÂU",
        "Số: 325/BC-SYT",
        "Lai Châu, ngày 20 tháng 11 năm 2021",
        "BÁO CÁO",
        "Nơi nhận",
        "F0 đang điều trị",
        "Lò Văn Hùng",
        "Từ 16 giờ ngày 19/11/2021 đến 16 giờ ngày 20/11/2021",
    ):
        assert expected in text, expected


def test_the_excel_file_holds_the_same_rows(tree, province_user):
    scenario.run(tree)
    report = _draft(tree)
    response = client_for(province_user).get(f"/chi-huy/bao-cao/{report.pk}/excel/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "F1 đang cách ly y tế" in strings
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in strings


def test_the_outsider_cannot_open_phong_tho_reports(tree, outsider):
    report = _draft(tree)
    for path in ("", "pdf/", "excel/"):
        assert client_for(outsider).get(f"/chi-huy/bao-cao/{report.pk}/{path}").status_code == 404


def test_a_commune_station_drafts_but_cannot_approve(tree, commune_user):
    client = client_for(commune_user)
    page = client.post(
        f"/chi-huy/bao-cao/moi/?don-vi={tree.commune.pk}",
        {
            "day": "20/11/2021",
            "issuer_name": "Trạm Y tế xã Dào San",
            "place_name": "Dào San",
            "recipients": "Lưu",
        },
    )
    assert page.status_code == 302
    approve = page["Location"] + "duyet/"
    refused = client.post(approve, {"signer_title": "Trạm trưởng", "signer_name": "A"})
    assert refused.status_code in (403, 404)


def test_approval_without_a_signer_shows_the_fields_error(tree, province_user):
    report = _draft(tree)
    page = client_for(province_user).post(
        f"/chi-huy/bao-cao/{report.pk}/duyet/", {"signer_title": "Giám đốc"}
    )
    assert page.status_code == 400
    assert "Họ tên người ký là bắt buộc." in page.content.decode()
