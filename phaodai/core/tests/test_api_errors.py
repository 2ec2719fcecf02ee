"""The API's own validation errors answer in Vietnamese, filed under the field they concern."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_drf_validation_errors_come_back_in_vietnamese_under_their_field(tree, district_user):
    client = APIClient()
    client.force_authenticate(district_user)
    response = client.post(
        "/api/stock-movements/", {"kind": "gift", "item": 999999, "quantity": "many"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["kind"] == ["Giá trị không nằm trong danh sách cho phép."]
    assert errors["item"] == ["Không tồn tại hoặc không thuộc địa bàn bạn quản lý."]
    assert errors["quantity"] == ["Giá trị không hợp lệ (sai định dạng)."]
    assert response.json()["detail"].endswith("(kind)")


def test_a_missing_field_is_named(tree, district_user):
    client = APIClient()
    client.force_authenticate(district_user)
    response = client.post("/api/stock-movements/", {}, format="json")
    assert response.json()["errors"]["kind"] == ["Trường này là bắt buộc."]
