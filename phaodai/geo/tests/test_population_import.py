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
