"""Masking keeps enough to tell people apart and check a number read out, never enough to use it."""

import pytest

from phaodai.accounts.roles import ROLE_PERMISSIONS, Role
from phaodai.core.masking import mask_national_id, mask_phone
from phaodai.core.permissions import Perm


@pytest.mark.parametrize(
    ("value", "masked"),
    [("001089012345", "0010******45"), ("123456789", "1234***89"), ("", ""), ("12345", "*****")],
)
def test_it_masks_the_middle_of_an_id_number(value, masked):
    assert mask_national_id(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("0912345678", "0912***678"), ("0212387654", "0212***654")])
def test_it_masks_the_middle_of_a_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    "role",
    [Role.HEALTH_DEPARTMENT, Role.CDC, Role.HOSPITAL, Role.DISTRICT_HEALTH, Role.COMMUNE_HEALTH,
     Role.QUARANTINE_FACILITY, Role.LABOUR_SOCIAL],
)  # fmt: skip
def test_roles_that_act_on_the_numbers_export_them_in_full(role):
    assert Perm.IDENTIFIERS_EXPORT in ROLE_PERMISSIONS[role]


@pytest.mark.parametrize(
    "role",
    [Role.PROVINCIAL_STEERING, Role.OBSERVER, Role.CHECKPOINT, Role.COMMUNITY_TEAM, Role.SYSTEM_ADMIN],
)
def test_roles_that_only_follow_or_administer_get_them_masked(role):
    assert Perm.IDENTIFIERS_EXPORT not in ROLE_PERMISSIONS[role]
