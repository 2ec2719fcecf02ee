import pytest

from phaodai.core.errors import DomainError
from phaodai.core.models import AuditAction, AuditEvent
from phaodai.geo.models import Population
from phaodai.geo.services import population_import_csv

pytestmark = pytest.mark.django_db


def _csv(*lines):
    return "\n".join(lines).encode("utf-8")


def test_it_imports_unaccented_headers_in_any_order_and_reimport_replaces(tree):
    content = _csv("nam,ma don vi,so nguoi,nhom tuoi", "2021,03412,1.234,0-4", "2021,03412,2345,65+")
    assert population_import_csv(actor=None, content=content) == 2
    assert population_import_csv(actor=None, content=content) == 2
    assert Population.objects.count() == 2
    assert Population.objects.get(band="0-4").count == 1234
    assert Population.objects.get(band="0-4").unit_path == tree.commune.path
    assert AuditEvent.objects.filter(action=AuditAction.BULK_LOAD).count() == 2


def test_one_bad_row_refuses_the_whole_file_and_names_the_row(tree):
    content = _csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03412,2021,0-4,10", "99999,2021,5-11,abc")
    with pytest.raises(DomainError) as caught:
        population_import_csv(actor=None, content=content)
    messages = caught.value.errors["file"]
    assert any(m.startswith("Dòng 3, cột «Mã đơn vị»") for m in messages)
    assert any(m.startswith("Dòng 3, cột «Số người»") for m in messages)
    assert not Population.objects.exists()


def test_a_file_in_another_encoding_is_refused_clearly(tree):
    with pytest.raises(DomainError, match="UTF-8"):
        population_import_csv(actor=None, content="Mã đơn vị,Năm".encode("utf-16"))


def test_the_same_unit_year_and_band_twice_is_refused(tree):
    content = _csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03412,2021,0-4,10", "03412,2021,0-4,12")
    with pytest.raises(DomainError, match="Dòng 3: trùng đơn vị"):
        population_import_csv(actor=None, content=content)
    assert not Population.objects.exists()


def test_an_absurd_count_is_refused_not_a_database_error(tree):
    content = _csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03412,2021,0-4,99999999999")
    with pytest.raises(DomainError, match="Số người"):
        population_import_csv(actor=None, content=content)


def test_the_import_event_is_placed_where_its_units_are(tree):
    population_import_csv(actor=None, content=_csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03412,2021,0-4,10"))
    assert AuditEvent.objects.get().unit_path == tree.commune.path


def test_the_command_says_clearly_when_the_file_is_missing(tree):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_population", "/nonexistent/danso.csv")


def test_a_row_outside_the_jurisdiction_is_refused_with_its_line(tree):
    from phaodai.core.scoping import Jurisdiction

    content = _csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03412,2021,0-4,10", "03460,2021,0-4,12")
    with pytest.raises(DomainError) as caught:
        population_import_csv(actor=None, content=content, jurisdiction=Jurisdiction.of([tree.district.path]))
    assert caught.value.errors["file"] == [
        "Dòng 3, cột «Mã đơn vị»: đơn vị mã «03460» không thuộc địa bàn bạn quản lý."
    ]
    assert not Population.objects.exists()


def test_the_command_can_be_limited_to_one_unit(tree, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "danso.csv"
    path.write_bytes(_csv("Mã đơn vị,Năm,Nhóm tuổi,Số người", "03460,2021,0-4,12"))
    with pytest.raises(CommandError, match="không thuộc địa bàn"):
        call_command("import_population", str(path), "--unit", "106")
    with pytest.raises(CommandError, match="Không có đơn vị mã 999"):
        call_command("import_population", str(path), "--unit", "999")
    call_command("import_population", str(path))
    assert Population.objects.get().unit == tree.other_commune
