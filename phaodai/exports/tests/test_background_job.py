"""A list longer than the threshold is written by a background job: the requester follows its progress,
downloads the file once; nobody else sees the job or the file.

Under tests the task backend is immediate, but the export enqueues on commit, which pytest-django's test
transaction never reaches: ``django_capture_on_commit_callbacks(execute=True)`` runs the job.
"""

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.cases.tests.factories import register
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.exports.jobs import export_run
from phaodai.exports.models import ExportJob, ExportStatus
from phaodai.exports.tests.conftest import body, user_at, xlsx_rows
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = reverse("exports:export", args=["ca-benh"])


@pytest.fixture
def three_cases(tree, settings):
    settings.PHAODAI_EXPORT_BACKGROUND_ROWS = 2
    for name, national_id in (("Lò Văn Một", "011089000001"), ("Lò Văn Hai", ""), ("Lò Văn Ba", "")):
        register(make_person(tree.village, name, national_id=national_id))


@pytest.fixture
def export_in_background(django_capture_on_commit_callbacks):
    def post(client, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"dinh-dang": "xlsx", **data})

    return post


def test_a_long_list_is_written_in_the_background_and_downloaded_once(
    district_user, three_cases, export_in_background, settings
):
    client = client_for(district_user)
    response = export_in_background(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.status, job.total_rows, job.rows_written) == (ExportStatus.DONE, 3, 3)
    assert not job.masked
    assert job.unit_path == district_user.organisation.unit_path
    page = client.get(reverse("exports:job", args=[job.pk]))
    assert "Tải tệp về" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()

    download = client.post(reverse("exports:job_download", args=[job.pk]))
    header, *rows = xlsx_rows(body(download))
    assert sorted(row[1] for row in rows) == ["Lò Văn Ba", "Lò Văn Hai", "Lò Văn Một"]
    assert "011089000001" in [row[header.index("Số CCCD/CMND")] for row in rows]
    assert list(settings.PHAODAI_EXPORTS_DIR.iterdir()) == [], "the file leaves the server once downloaded"
    assert client.post(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert "đã được tải về" in client.get(reverse("exports:job", args=[job.pk])).content.decode()


def test_the_job_is_audited_once_when_asked_with_its_size(district_user, three_cases, export_in_background):
    export_in_background(client_for(district_user), **{"trang-thai": "all"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.row_count == 3
    assert event.changes["job"] == ExportJob.objects.get().pk
    assert event.changes["filters"]["trang-thai"] == "all"


def test_a_pending_job_page_polls_its_progress(district_user, three_cases):
    client = client_for(district_user)
    client.post(URL, {"dinh-dang": "csv"})  # the test transaction never commits: the job stays pending
    job = ExportJob.objects.get()
    page = client.get(reverse("exports:job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "0 / 3 dòng" in page


def test_a_job_delivered_twice_runs_once(district_user, three_cases):
    client_for(district_user).post(URL, {"dinh-dang": "csv"})
    job = ExportJob.objects.get()
    assert export_run.call(job.pk) == ExportStatus.DONE
    assert export_run.call(job.pk) == "skipped"


def test_a_colleague_of_the_same_unit_cannot_see_or_download_the_job(
    district_user, tree, three_cases, export_in_background
):
    export_in_background(client_for(district_user))
    job = ExportJob.objects.get()
    colleague = client_for(user_at(tree.district, "district_health", "dongnghiep"))
    assert colleague.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert colleague.post(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert ExportJob.objects.get().downloaded_at is None


def test_it_returns_404_outside_jurisdiction(outsider, district_user, three_cases, export_in_background):
    export_in_background(client_for(district_user))
    job = ExportJob.objects.get()
    assert client_for(outsider).get(reverse("exports:job", args=[job.pk])).status_code == 404


def test_a_job_whose_requester_lost_the_right_fails_with_a_message(district_user, three_cases):
    client_for(district_user).post(URL, {"dinh-dang": "csv"})
    district_user.role = "observer"
    district_user.save()
    assert export_run.call(ExportJob.objects.get().pk) == ExportStatus.FAILED
    assert ExportJob.objects.get().error == "Bạn không còn quyền xuất danh sách này."


def test_the_index_lists_only_what_the_role_may_export(tree, district_user):
    checkpoint = user_at(tree.commune, "checkpoint", "chot")
    page = client_for(checkpoint).get(reverse("exports:index")).content.decode()
    assert "Vai trò của bạn không được xuất danh sách nào." in page
    page = client_for(district_user).get(reverse("exports:index")).content.decode()
    assert "Ca bệnh F0" in page
    assert "Kết quả xét nghiệm" in page


def test_a_list_the_role_may_not_see_is_forbidden(tree):
    labour = user_at(tree.district, "labour_social", "ldtbxh")
    assert client_for(labour).post(reverse("exports:export", args=["mui-tiem"])).status_code == 403
    assert client_for(labour).get(reverse("exports:export", args=["khong-co"])).status_code == 404
