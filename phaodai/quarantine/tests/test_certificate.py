"""The release decision and certificate: a Decree 30 document naming the person, the period and the rule."""

import datetime as dt
import io
import unicodedata

import pytest
from pypdf import PdfReader

from phaodai.accounts.models import OrganisationKind
from phaodai.core import clock
from phaodai.core.decree30 import date_line, number_line, render_pdf
from phaodai.geo.models import AdminUnit
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.certificate import CERTIFICATE, DECISION, place_name, release_document
from phaodai.quarantine.tests.factories import issue_f1, release

pytestmark = pytest.mark.django_db
D = dt.date


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF, NFC, with runs of whitespace (justification, wrapping) collapsed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in pages)


@pytest.fixture
def released(tree, commune_user):
    organisation = commune_user.organisation
    organisation.name = "Trạm Y tế xã Dào San"
    organisation.save()
    person = make_person(
        tree.village,
        "Đặng Thị Hường",
        sex="F",
        birth_year=1987,
        national_id="011187000123",
        address="Nhà số 3",
    )
    with clock.pinned(D(2021, 11, 10)):
        order = issue_f1(person, actor=commune_user)
    with clock.pinned(D(2021, 11, 23)):
        return release(order, actor=commune_user, release_number="12")


def test_the_decision_is_issued_by_the_station_under_its_commune(released):
    document = release_document(released, kind=DECISION)
    assert (document.issuer_parent, document.issuer) == ("UBND XÃ DÀO SAN", "Trạm Y tế xã Dào San")
    assert number_line(document) == "Số: 12/QĐ-TYT"
    assert date_line(document) == "Dào San, ngày 23 tháng 11 năm 2021"
    assert (document.title, document.subject) == ("QUYẾT ĐỊNH", "Về việc hoàn thành cách ly y tế")
    assert (document.signer_title, document.signer_name) == ("Trạm trưởng", "Vàng Thị Dung")
    assert tuple(document.recipients) == ("Như Điều 3", "Lưu: VT")


def test_the_decision_names_the_person_the_period_the_place_and_the_rule(released):
    body = " ".join(release_document(released, kind=DECISION).body)
    assert "Bà Đặng Thị Hường, sinh năm 1987, số CCCD/CMND 011187000123" in body
    assert "nơi cư trú: Nhà số 3, Bản Tả Phìn, Xã Dào San, Huyện Phong Thổ, Tỉnh Lai Châu" in body
    assert f"từ ngày 10/11/2021 đến ngày 23/11/2021, tại {released.facility.name}" in body
    assert "theo Công văn 5599/BYT-MT ngày 14/7/2021" in body
    assert "đến hết ngày 07/12/2021" in body  # 14 days of self-monitoring


def test_the_decision_pdf_reads_back_with_its_diacritics(released):
    pdf = render_pdf(release_document(released, kind=DECISION))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đặng Thị Hường",
        "Số: 12/QĐ-TYT",
        "Về việc hoàn thành cách ly y tế",
        "Dào San, ngày 23 tháng 11 năm 2021",
        "QUYẾT ĐỊNH",
    ):
        assert expected in text


def test_the_certificate_is_a_giay_chung_nhan(released):
    document = release_document(released, kind=CERTIFICATE)
    assert document.title == "GIẤY CHỨNG NHẬN"
    assert number_line(document) == "Số: 12/GCN-TYT"
    text = pdf_text(render_pdf(document))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Đặng Thị Hường" in text
    assert "Về việc hoàn thành cách ly y tế" in text


def test_a_blank_number_is_left_for_the_clerk(released):
    released.release_number = ""
    assert number_line(release_document(released)) == "Số:       /QĐ-TYT"


def test_a_peoples_committee_has_no_governing_body_line(released):
    released.issuer.kind = OrganisationKind.PEOPLES_COMMITTEE
    document = release_document(released)
    assert document.issuer_parent == ""
    assert number_line(document) == "Số: 12/QĐ-UBND"


def test_without_an_issuer_the_place_is_the_persons_commune(released):
    released.issuer = None
    document = release_document(released)
    assert (document.issuer, document.place) == ("", "Dào San")


def test_an_active_order_has_no_release_document(tree):
    with clock.pinned(D(2021, 11, 10)):
        order = issue_f1(make_person(tree.commune))
    with pytest.raises(ValueError, match="released"):
        release_document(order)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Xã Dào San", "Dào San"),
        ("Thị xã Sa Pa", "Sa Pa"),
        ("Thị trấn Phong Thổ", "Phong Thổ"),
        ("Bản Tả Phìn", "Bản Tả Phìn"),
    ],
)
def test_the_place_drops_the_kind_of_unit(name, place):
    assert place_name(AdminUnit(name=name)) == place
