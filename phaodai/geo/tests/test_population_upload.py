"""Uploading a population CSV on the site: kept, imported by a background job, followed on its page.

Under tests the task backend is immediate, but the upload enqueues on commit, which pytest-django's
test transaction never reaches: ``django_capture_on_commit_callbacks(execute=True)`` runs the job.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.core.scoping import Jurisdiction
from phaodai.geo import services
from phaodai.geo.jobs import population_import_run
from phaodai.geo.models import ImportStatus, Population, PopulationImport

pytestmark = pytest.mark.django_db

HEADER = "Mã đơn vị,Năm,Nhóm tuổi,Số người"
UPLOAD_URL = reverse("geo:population_imports")


def _user(unit, role, username, *, served=()):
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name=f"Tổ chức {username}", kind="health_department", unit=unit, unit_path=unit.path
    )
    organisation.served_units.set(served)
    return get_user_model().objects.create(username=username, role=role, organisation=organisation)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _file(*lines, name="danso.csv"):
    return SimpleUploadedFile(name, "\n".join(lines).encode("utf-8"), content_type="text/csv")


def _start(user, unit, *lines):
    """Upload through the service; what it queues on commit is left to the test."""
    return services.population_import_start(
        actor=user, jurisdiction=Jurisdiction.of([unit.path]), file=_file(HEADER, *lines)
    )


@pytest.fixture
def soyte(tree):
    """The provincial health department: manages units, sees the whole province."""
    return _user(tree.province, "health_department", "soyte")


@pytest.fixture
def ttyt(tree):
    """The district health centre of Phong Thổ."""
    return _user(tree.district, "district_health", "ttyt")


@pytest.fixture
def post_file(django_capture_on_commit_callbacks):
    """POST a file to the upload page and run what the request queued on commit (the job)."""

    def post(client, upload_file, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(UPLOAD_URL, {"file": upload_file, **data})

    return post


def test_a_good_file_is_imported_in_the_background_with_one_audit_event(tree, soyte, post_file):
    response = post_file(_client(soyte), _file(HEADER, "03412,2021,0-4,1.234", "03460,2021,65+,321"))
    imported = PopulationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:population_import", args=[imported.pk])
    assert (imported.status, imported.row_count, imported.errors) == (ImportStatus.DONE, 2, [])
    assert imported.finished_at is not None
    assert imported.created_by == soyte
    assert (imported.unit, imported.unit_path) == (tree.province, tree.province.path)
    assert Population.objects.get(unit=tree.commune).count == 1234
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.row_count) == (AuditAction.BULK_LOAD, soyte, 2)


def test_a_bad_file_fails_with_the_row_messages_and_imports_nothing(tree, soyte, post_file):
    client = _client(soyte)
    response = post_file(client, _file(HEADER, "03412,2021,0-4,10", "99999,2021,5-11,abc"))
    imported = PopulationImport.objects.get()
    assert (imported.status, imported.row_count, imported.error_count) == (ImportStatus.FAILED, None, 2)
    assert imported.errors[0].startswith("Dòng 3, cột «Mã đơn vị»")
    assert imported.errors[1].startswith("Dòng 3, cột «Số người»")
    assert not Population.objects.exists()
    assert not AuditEvent.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "<dd>Lỗi</dd>" in page
    assert "Dòng 3, cột «Mã đơn vị»: không có đơn vị mã «99999»" in page
    assert "Dòng 3, cột «Số người»: «abc» không phải số nguyên không âm." in page
    assert "every 2s" not in page  # finished: nothing to poll


def test_a_file_the_importer_cannot_read_fails_with_its_message(tree, soyte, post_file):
    post_file(_client(soyte), _file("Mã,Năm", "03412,2021"))
    imported = PopulationImport.objects.get()
    assert imported.status == ImportStatus.FAILED
    assert imported.errors == ["Tệp thiếu cột: Mã đơn vị, Năm, Nhóm tuổi, Số người."]


def test_the_upload_waits_for_the_commit_and_the_job_runs_once_per_import(
    tree, soyte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        imported = _start(soyte, tree.province, "03412,2021,0-4,10")
    assert len(callbacks) == 1
    imported.refresh_from_db()
    assert imported.status == ImportStatus.PENDING  # nothing ran before the commit

    assert population_import_run.enqueue(imported.pk).return_value == "done"
    first = PopulationImport.objects.get(pk=imported.pk)
    assert population_import_run.enqueue(imported.pk).return_value == "skipped"
    again = PopulationImport.objects.get(pk=imported.pk)
    assert (again.status, again.row_count, again.finished_at) == (ImportStatus.DONE, 1, first.finished_at)
    assert AuditEvent.objects.count() == 1
    assert population_import_run.enqueue(imported.pk + 1000).return_value == "skipped"  # no such import


def test_an_unexpected_failure_is_recorded_and_not_blamed_on_the_file(tree, soyte, post_file, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("phaodai.geo.jobs.population_import_csv", broken)
    post_file(_client(soyte), _file(HEADER, "03412,2021,0-4,10"))
    imported = PopulationImport.objects.get()
    assert imported.status == ImportStatus.FAILED
    assert imported.errors[0].startswith("Lỗi hệ thống khi xử lý tệp")
    assert not Population.objects.exists()


def test_a_unit_outside_the_uploaders_jurisdiction_is_a_row_error(tree, ttyt, post_file):
    post_file(_client(ttyt), _file(HEADER, "03412,2021,0-4,10", "03460,2021,0-4,12"))
    imported = PopulationImport.objects.get()
    assert imported.unit_path == tree.district.path
    assert imported.status == ImportStatus.FAILED
    assert imported.errors == ["Dòng 3, cột «Mã đơn vị»: đơn vị mã «03460» không thuộc địa bàn bạn quản lý."]
    assert not Population.objects.exists()


def test_a_jurisdiction_of_several_units_chooses_where_the_file_goes(tree, post_file):
    user = _user(tree.district, "district_health", "haixa", served=[tree.commune, tree.neighbour_commune])
    client = _client(user)
    assert 'name="unit"' in client.get(UPLOAD_URL).content.decode()
    response = post_file(client, _file(HEADER, "03412,2021,0-4,10"))
    assert "Hãy chọn địa bàn của tệp." in response.content.decode()
    assert not PopulationImport.objects.exists()

    post_file(client, _file(HEADER, "03412,2021,0-4,10", "03415,2021,0-4,12"), unit=tree.commune.pk)
    imported = PopulationImport.objects.get()
    assert imported.unit == tree.commune
    assert imported.errors == ["Dòng 3, cột «Mã đơn vị»: đơn vị mã «03415» không thuộc địa bàn bạn quản lý."]

    response = post_file(client, _file(HEADER), unit=tree.other_commune.pk)
    assert "Hãy chọn địa bàn trong danh sách." in response.content.decode()
    assert PopulationImport.objects.count() == 1


def test_a_too_large_file_is_refused_at_upload(tree, soyte, post_file):
    big = SimpleUploadedFile("lon.csv", b"x" * (services.POPULATION_IMPORT_MAX_BYTES + 1))
    response = post_file(_client(soyte), big)
    assert response.status_code == 200
    assert "Tệp lớn hơn 5 MB: hãy chia thành nhiều tệp nhỏ hơn." in response.content.decode()
    assert not PopulationImport.objects.exists()


def test_the_service_refuses_a_file_larger_than_it_claims(tree, soyte):
    lying = SimpleUploadedFile("lon.csv", b"x" * (services.POPULATION_IMPORT_MAX_BYTES + 1))
    lying.size = 10
    with pytest.raises(DomainError, match="5 MB"):
        services.population_import_start(
            actor=soyte, jurisdiction=Jurisdiction.of([tree.province.path]), file=lying
        )
    assert not PopulationImport.objects.exists()


def test_an_empty_or_missing_file_is_refused_at_upload(
    tree, soyte, post_file, django_capture_on_commit_callbacks
):
    client = _client(soyte)
    empty = post_file(client, SimpleUploadedFile("rong.csv", b""))
    assert "Tệp đã chọn không có dữ liệu." in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post(UPLOAD_URL, {})
    assert "Hãy chọn tệp CSV để tải lên." in missing.content.decode()
    assert not PopulationImport.objects.exists()


def test_the_status_polls_itself_until_the_job_has_finished(tree, soyte, django_capture_on_commit_callbacks):
    client = _client(soyte)
    with django_capture_on_commit_callbacks(execute=False):
        imported = _start(soyte, tree.province, "03412,2021,0-4,10")
    url = reverse("geo:population_import", args=[imported.pk])
    page = client.get(url).content.decode()
    assert "<dd>Chờ xử lý" in page
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="trang-thai"')
    assert "<html" not in fragment
    assert "every 2s" in fragment

    population_import_run.enqueue(imported.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<dd>Xong" in fragment
    assert "hx-trigger" not in fragment


def test_the_list_shows_the_recent_imports_of_the_jurisdiction_only(tree, soyte, ttyt, post_file):
    post_file(_client(soyte), _file(HEADER, "03460,2021,0-4,10", name="tinh.csv"))
    post_file(_client(ttyt), _file(HEADER, "03412,2021,0-4,10", name="huyen.csv"))
    province_page = _client(soyte).get(UPLOAD_URL).content.decode()
    district_page = _client(ttyt).get(UPLOAD_URL).content.decode()
    assert "tinh.csv" in province_page
    assert "huyen.csv" in province_page  # the province sees its districts' uploads, and who made them
    assert "<td>ttyt</td>" in province_page
    assert "huyen.csv" in district_page
    assert "tinh.csv" not in district_page


def test_the_list_does_not_query_per_import(tree, soyte, post_file):
    client = _client(soyte)
    uploaders = [_client(_user(tree.province, "health_department", f"soyte{n}")) for n in range(4)]

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(UPLOAD_URL).status_code == 200
        return len(queries)

    post_file(uploaders[0], _file(HEADER, "03412,2021,0-4,10"))
    one = page_queries()
    for uploader in uploaders[1:]:
        post_file(uploader, _file(HEADER, "03412,2021,0-4,10"))
    assert page_queries() == one


def test_the_template_has_the_headers_the_import_reads(tree, soyte):
    response = _client(soyte).get(reverse("geo:population_import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8").startswith("\ufeffMã đơn vị,Năm,Nhóm tuổi,Số người\r\n")
    filled = response.content + b"03412,2021,0-4,10\r\n"
    assert services.population_import_csv(actor=None, content=filled) == 1


def test_the_unit_pages_link_to_the_upload_for_those_who_manage_units(tree, soyte):
    manager = _client(soyte).get(reverse("geo:browse")).content.decode()
    viewer = _client(_user(tree.province, "observer", "quansat")).get(reverse("geo:browse")).content.decode()
    assert f'href="{UPLOAD_URL}"' in manager
    assert f'href="{UPLOAD_URL}"' not in viewer


def test_it_returns_404_outside_jurisdiction(tree, ttyt, post_file):
    post_file(_client(ttyt), _file(HEADER, "03412,2021,0-4,10"))
    imported = PopulationImport.objects.get()
    outsider = _client(_user(tree.other_district, "district_health", "ngoaivung"))
    url = reverse("geo:population_import", args=[imported.pk])
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert outsider.get(reverse("geo:population_import", args=[imported.pk + 1000])).status_code == 404
    assert "danso.csv" not in outsider.get(UPLOAD_URL).content.decode()


def test_a_user_who_does_not_manage_units_gets_403(tree, ttyt, post_file):
    post_file(_client(ttyt), _file(HEADER, "03412,2021,0-4,10"))
    imported = PopulationImport.objects.get()
    observer = _client(_user(tree.district, "observer", "quansat"))
    assert observer.get(UPLOAD_URL).status_code == 403
    assert observer.get(reverse("geo:population_import", args=[imported.pk])).status_code == 403
    assert observer.get(reverse("geo:population_import_template")).status_code == 403
    assert post_file(observer, _file(HEADER, "03412,2021,0-4,10")).status_code == 403
    assert PopulationImport.objects.count() == 1
