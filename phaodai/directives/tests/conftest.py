"""Directives tests run on 20/11/2021, with the response organisations of the small Lai Châu tree."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from phaodai.accounts.models import Organisation, OrganisationKind
from phaodai.accounts.roles import Role
from phaodai.accounts.tests.factories import OrganisationFactory, UserFactory

TODAY = dt.date(2021, 11, 20)


@pytest.fixture(autouse=True)
def _pinned_today(settings: Any) -> None:
    settings.PHAODAI_TODAY = TODAY.isoformat()


@dataclass
class Bodies:
    steering: Organisation
    health: Organisation
    cdc: Organisation
    hospital: Organisation
    transport: Organisation
    district_centre: Organisation
    other_district_centre: Organisation
    district_committee: Organisation


@pytest.fixture
def bodies(tree, province_user, district_user) -> Bodies:
    """The province's bodies; the health department and Phong Thổ's centre are the personas' own."""
    kinds = OrganisationKind

    def org(unit, kind, name):
        return OrganisationFactory(unit=unit, kind=kind, name=name)

    return Bodies(
        steering=org(tree.province, kinds.STEERING_COMMITTEE, "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh"),
        health=province_user.organisation,
        cdc=org(tree.province, kinds.CDC, "Trung tâm Kiểm soát bệnh tật tỉnh Lai Châu"),
        hospital=org(tree.province, kinds.HOSPITAL, "Bệnh viện Đa khoa tỉnh Lai Châu"),
        transport=org(tree.province, kinds.TRANSPORT, "Sở Giao thông vận tải tỉnh Lai Châu"),
        district_centre=district_user.organisation,
        other_district_centre=org(
            tree.other_district, kinds.DISTRICT_HEALTH_CENTRE, "Trung tâm Y tế huyện Sìn Hồ"
        ),
        district_committee=org(tree.district, kinds.PEOPLES_COMMITTEE, "Ủy ban nhân dân huyện Phong Thổ"),
    )


@pytest.fixture
def directive(bodies):
    """A steering-committee notice: task 1 due 25/11 (Phong Thổ's centre), task 2 due 15/11 (both district
    centres: overdue), task 3 due 31/12 (the health department); with its original file."""
    from phaodai.directives.services import Attachment
    from phaodai.directives.tests.factories import make_directive, task

    return make_directive(
        bodies.steering,
        [
            task("Rà soát nhân lực y tế tuyến xã", [bodies.district_centre], due=dt.date(2021, 11, 25)),
            task(
                "Tập huấn tổ COVID cộng đồng",
                [bodies.district_centre, bodies.other_district_centre],
                due=dt.date(2021, 11, 15),
            ),
            task("Mua sắm máy thở", [bodies.health], due=dt.date(2021, 12, 31)),
        ],
        file=Attachment("thong-bao.pdf", b"%PDF-1.4 ban goc"),
    )


@pytest.fixture
def steering_user(bodies):
    return UserFactory(username="bcd", role=Role.PROVINCIAL_STEERING, organisation=bodies.steering)


@pytest.fixture
def other_centre_user(bodies):
    return UserFactory(
        username="ttyt_sinho", role=Role.DISTRICT_HEALTH, organisation=bodies.other_district_centre
    )
