"""Every operation of the OpenAPI schema, driven by schemathesis with a bounded number of generated
requests each, as a provincial health department user: no answer may be a server error, and every
documented answer must match its schema. (Schemathesis' own pytest plugin does not run under pytest 9,
so the operations are walked here, each with its Hypothesis strategy.)"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES = 4
BOUNDED = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _failures(operation, headers):
    """What goes wrong for one operation, as text (empty: nothing)."""

    @given(case=operation.as_strategy())
    @BOUNDED
    def run(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

    try:
        run()
    except Exception as failure:
        return [f"{operation.label}: {str(failure)[:600]}"]
    return []


@pytest.fixture
def _connection_kept_across_requests():
    """Requests go through the WSGI handler, whose end closes the database connection, which would end
    the test's transaction; Django's own test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept_across_requests")
def test_no_operation_answers_a_server_error_or_breaks_its_schema(tree, province_user):
    token = Token.objects.create(user=province_user).key
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), "the schema has operations it cannot describe"
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) > 50
    found = [
        line for operation in operations for line in _failures(operation, {"Authorization": f"Token {token}"})
    ]
    assert not found, "\n".join(found)
