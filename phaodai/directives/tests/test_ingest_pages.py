"""Ingestion: paste or upload → the proposal to review (nothing saved) → confirm saves it all at once."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from phaodai.directives.models import Assignment, Directive, Task

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).with_name("seeds")
LETTER = (SEEDS / "cv_syt_lai_chau_2021_11.txt").read_text(encoding="utf-8")


def _value(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def review_data(response) -> dict:
    """What the review page would post back if the user changed nothing."""
    data = {name: _value(value) for name, value in response.context["form"].initial.items()}
    formset = response.context["formset"]
    data |= {f"tasks-{key}": value for key, value in formset.management_form.initial.items()}
    for form in formset.forms:
        data |= {form.add_prefix(name): _value(value) for name, value in form.initial.items()}
    return {key: value for key, value in data.items() if value not in ("", [])}


@pytest.fixture
def reviewed(bodies, province_user):
    client = client_for(province_user)
    return client, client.post(reverse("directives:ingest"), {"text": LETTER})


def test_the_paste_page_offers_a_text_and_a_file(province_user):
    response = client_for(province_user).get(reverse("directives:ingest"))
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"text", "upload"}


def test_pasting_shows_the_proposal_and_saves_nothing(reviewed, bodies):
    _client, response = reviewed
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["symbol"], initial["kind"], initial["issuer"]) == (
        "SYT-NVY",
        "cong_van",
        bodies.health.pk,
    )
    refs = [form.initial["ref"] for form in response.context["formset"].forms if form.initial]
    assert refs[:3] == ["1.1", "1.2", "1.3"]
    assert "Chưa khớp với tổ chức nào trên hệ thống" not in response.content.decode()
    assert "các Chốt kiểm soát COVID-19" in response.content.decode()  # unmapped, shown
    assert not Directive.objects.exists()


def test_confirming_saves_the_directive_its_tasks_and_assignments(reviewed, bodies):
    client, response = reviewed
    saved = client.post(reverse("directives:ingest_confirm"), review_data(response))
    assert saved.status_code == 302
    directive = Directive.objects.get()
    assert saved.url == reverse("directives:detail", args=[directive.pk])
    assert Task.objects.filter(directive=directive).count() == 11
    assert Assignment.objects.filter(task__ref="1.1", organisation=bodies.cdc, role="lead").exists()
    assert Task.objects.get(ref="3.2").unmapped_coordinating == ["các Chốt kiểm soát COVID-19"]


def test_every_field_is_editable_and_errors_save_nothing(reviewed):
    client, response = reviewed
    data = review_data(response) | {
        "symbol": "SYT-NVY2",
        "tasks-0-deadlines": "vào một ngày đẹp trời",
        "issuer": "",
    }
    data.pop("tasks-1-content")
    again = client.post(reverse("directives:ingest_confirm"), data)
    assert again.status_code == 200
    forms = again.context["formset"].forms
    assert forms[0].errors["deadlines"] == [
        "Không đọc được thời hạn «vào một ngày đẹp trời»: viết như «chậm nhất ngày 30/11/2021»."
    ]
    assert forms[1].errors["content"] == ["Nội dung nhiệm vụ là bắt buộc."]
    assert again.context["form"].errors["issuer"] == [
        "Chọn cơ quan ban hành."
    ]  # shown with the tasks' errors
    assert again.context["form"]["symbol"].value() == "SYT-NVY2"
    assert not Directive.objects.exists()


def test_an_edited_deadline_and_a_dropped_task_are_saved_as_edited(reviewed):
    client, response = reviewed
    data = review_data(response) | {"tasks-0-deadlines": "chậm nhất ngày 30/11/2021", "tasks-1-DELETE": "on"}
    assert client.post(reverse("directives:ingest_confirm"), data).status_code == 302
    first = Task.objects.get(ref="1.1")
    assert [(d.type, d.end) for d in first.deadlines.all()] == [("by_date", dt.date(2021, 11, 30))]
    assert first.assignments.get(role="lead").due_on == dt.date(2021, 11, 30)
    assert not Task.objects.filter(ref="1.2").exists()


def test_a_text_file_can_be_uploaded_instead(bodies, province_user):
    upload = SimpleUploadedFile("cong-van.txt", LETTER.encode(), content_type="text/plain")
    response = client_for(province_user).post(reverse("directives:ingest"), {"upload": upload})
    assert response.context["form"].initial["symbol"] == "SYT-NVY"


def test_a_binary_upload_is_refused_on_its_field(province_user):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF\xff\xfe", content_type="application/pdf")
    response = client_for(province_user).post(reverse("directives:ingest"), {"upload": upload})
    assert response.context["form"].errors["upload"] == [
        "Tệp phải là văn bản thuần UTF-8 (.txt); với PDF hay ảnh, hãy dán nội dung."
    ]


def test_a_unit_without_the_manage_permission_cannot_ingest(commune_user):
    assert client_for(commune_user).get(reverse("directives:ingest")).status_code == 403


def test_an_outsider_cannot_assign_tasks_to_organisations_it_does_not_see(
    bodies, province_user, other_centre_user
):
    """Ingestion has no row to hide (no 404): the outsider's choices simply lack Phong Thổ's organisations."""
    response = client_for(province_user).post(reverse("directives:ingest"), {"text": LETTER})
    data = review_data(response) | {"issuer": str(bodies.other_district_centre.pk)}
    refused = client_for(other_centre_user).post(reverse("directives:ingest_confirm"), data)
    assert refused.status_code == 200
    assert refused.context["formset"].forms[0].errors["leads"] == [
        "Tổ chức này không thuộc địa bàn bạn quản lý."
    ]
    assert not Directive.objects.exists()
