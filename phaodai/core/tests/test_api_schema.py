from django.test import Client


def test_the_openapi_schema_lists_the_scoped_endpoints(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/persons/", "/api/persons/{id}/", "/api/organisations/", "/api/units/"} <= set(paths)
