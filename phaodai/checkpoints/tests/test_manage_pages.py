"""What health leads and checkpoint staff manage: checkpoints, duty shifts, closing, the arrivals import,
transshipment handovers; outsiders get 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.models import OrganisationKind
from phaodai.accounts.tests.factories import OrganisationFactory
from phaodai.checkpoints.models import Checkpoint, DutyShift, FollowUp, Handover
from phaodai.checkpoints.tests.factories import make_checkpoint

pytestmark = pytest.mark.django_db


def test_a_health_lead_opens_a_checkpoint(district_user, tree):
    organisation = OrganisationFactory(
        unit=tree.commune, kind=OrganisationKind.CHECKPOINT, name="Tổ chốt Dào San"
    )
    form = {"name": "Chốt Dào San", "unit": tree.commune.pk, "road": "QL4D km 30", "level": "district",
            "organisation": organisation.pk, "opened_on": "01/11/2021"}  # fmt: skip
    response = client_for(district_user).post(reverse("checkpoints:create"), form)
    checkpoint = Checkpoint.objects.get(name="Chốt Dào San")
    assert response["Location"] == reverse("checkpoints:today", args=[checkpoint.pk])
    assert (checkpoint.road, checkpoint.organisation, checkpoint.opened_on) == (
        "QL4D km 30",
        organisation,
        dt.date(2021, 11, 1),
    )


def test_staff_record_a_shift_shown_on_the_day_page(officer, checkpoint):
    client = client_for(officer)
    client.post(
        reverse("checkpoints:shift_new", args=[checkpoint.pk]),
        {"starts_at": "2021-11-20T14:00", "ends_at": "2021-11-20T22:00", "leader": "Thiếu tá Giàng A Páo",
         "staff": "Lò Văn Thắng – công an\nTòng Thị Lan – y tế"},
    )  # fmt: skip
    assert DutyShift.objects.get().staff_list == ["Lò Văn Thắng – công an", "Tòng Thị Lan – y tế"]
    html = client.get(reverse("checkpoints:today", args=[checkpoint.pk])).content.decode()
    assert "Thiếu tá Giàng A Páo" in html
    refused = client.post(
        reverse("checkpoints:shift_new", args=[checkpoint.pk]),
        {"starts_at": "2021-11-20T22:00", "ends_at": "2021-11-20T14:00", "leader": "A"},
        follow=True,
    )
    assert "Giờ kết thúc ca phải sau giờ bắt đầu." in refused.content.decode()


def test_a_health_lead_closes_a_checkpoint_and_its_form_is_no_longer_offered(
    district_user, officer, checkpoint
):
    client_for(district_user).post(
        reverse("checkpoints:close", args=[checkpoint.pk]), {"closed_on": "20/11/2021"}
    )
    checkpoint.refresh_from_db()
    assert checkpoint.closed_on == dt.date(2021, 11, 20)
    html = client_for(officer).get(reverse("checkpoints:list")).content.decode()
    assert "Đã đóng" in html
    assert reverse("checkpoints:passage_new", args=[checkpoint.pk]) not in html


def test_the_import_page_takes_a_list_or_names_the_bad_rows(district_user, places, tree):
    client = client_for(district_user)
    good = "Họ và tên,Nơi đi (mã đơn vị),Nơi đến (mã xã),Ngày đến\nLò Văn Pọm,00001,03412,19/11/2021\n"
    response = client.post(
        reverse("checkpoints:arrivals_import"),
        {"source": "Sở Y tế Hà Nội", "file": SimpleUploadedFile("ds.csv", good.encode())},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().full_name == "Lò Văn Pọm"
    bad = "Họ và tên,Nơi đi (mã đơn vị),Nơi đến (mã xã),Ngày đến\nLò Văn Sáng,00001,03412,32/11/2021\n"
    refused = client.post(
        reverse("checkpoints:arrivals_import"),
        {"source": "Sở Y tế Hà Nội", "file": SimpleUploadedFile("ds.csv", bad.encode())},
    )
    assert "Dòng 2: Ngày đến «32/11/2021» không đúng dạng" in refused.content.decode()
    assert FollowUp.objects.count() == 1


def test_a_transshipment_point_logs_a_handover_from_its_page(officer, tree):
    point = make_checkpoint(tree.commune, name="Điểm trung chuyển Dào San", transshipment=True)
    client = client_for(officer)
    client.post(
        reverse("checkpoints:handover_new", args=[point.pk]),
        {"from_plate": "25C12345", "to_plate": "29a-12345", "goods": "Rau củ"},
    )
    assert Handover.objects.get().to_plate == "29A-123.45"
    assert "25C-123.45" in client.get(reverse("checkpoints:handover_new", args=[point.pk])).content.decode()


def test_it_returns_404_outside_jurisdiction(outsider, outside_officer, checkpoint):
    assert (
        client_for(outside_officer)
        .post(reverse("checkpoints:shift_new", args=[checkpoint.pk]), {})
        .status_code
        == 404
    )
    assert client_for(outsider).get(reverse("checkpoints:list")).status_code == 200
    assert (
        checkpoint.name not in client_for(outside_officer).get(reverse("checkpoints:list")).content.decode()
    )
