"""The payment export masks the beneficiary's CCCD for a payer without the right to the full numbers
(no role is so today: the labour office acts on them; the rule must hold if a role changes)."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from conftest import client_for
from phaodai.accounts.roles import ROLE_PERMISSIONS, Role
from phaodai.core.permissions import Perm
from phaodai.people.tests.factories import make_person
from phaodai.quarantine.tests.factories import issue_f1, release
from phaodai.support.tests.factories import add, approve, labour_user, make_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(tree):
    person = make_person(tree.village, "Lò Văn Pọm", birth_year=1980, national_id="012080000123")
    release(issue_f1(person, start_date=dt.date(2021, 11, 5)), released_on=dt.date(2021, 11, 18))
    entry = add(make_list(tree.commune), person)
    approve(entry.beneficiary_list, tree)
    client = client_for(labour_user(tree.province, "ldtinh"))
    form = {
        "amount": 1_120_000,
        "paid_on": "20/11/2021",
        "method": "cash",
        "receiver_name": "Lò Văn Pọm",
        "signed": "on",
    }
    assert client.post(reverse("support:payment_add", args=[entry.pk]), form).status_code == 302
    return client


def _csv(client):
    response = client.get(reverse("support:payments_export"))
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _xlsx(client):
    response = client.get(reverse("support:payments_export") + "?dinh-dang=xlsx")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as book:
        return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))


def test_a_payer_without_the_right_to_the_numbers_gets_the_cccd_masked(paid, monkeypatch):
    granted = ROLE_PERMISSIONS[Role.LABOUR_SOCIAL] - {Perm.IDENTIFIERS_EXPORT}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.LABOUR_SOCIAL, granted)
    for body in (_csv(paid), _xlsx(paid)):
        assert "0120******23" in body
        assert "012080000123" not in body


def test_a_payer_who_acts_on_the_numbers_gets_the_full_cccd(paid):
    for body in (_csv(paid), _xlsx(paid)):
        assert "012080000123" in body
