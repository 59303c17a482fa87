"""schemathesis against the API's own OpenAPI schema, in process: generated requests to every
operation (hostile paths, filters, bodies) never give a 500 and every response matches the
schema (status codes, content types, bodies)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests import factories

_document = json.loads(
    OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
)
schema = schemathesis.openapi.from_dict(_document)
# Django's application itself, in-process: peoplezones.wsgi is a server's start (it warms the
# process, reading the database, as it is imported).
schema.app = get_wsgi_application()


@pytest.fixture
def api_data(db, settings):
    # Called as a WSGI app, Django would close the database connection after each request,
    # which ends the test's transaction; Django's own test client does the same as this.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    zone = factories.zone_with_boundary(name="Braunstone", slug="braunstone", is_published=True)
    objective = factories.ObjectiveFactory(zone=zone)
    factories.ActionFactory(zone=zone, objective=objective)
    factories.make_asset("library", name="Braunstone Library")
    factories.make_event(zone, title="Coffee morning")
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(deadline=None)  # examples: the fuzz profile (tests/fuzz/conftest.py)
def test_the_api_keeps_to_its_schema(case, api_data):
    # Left out, by design: a page past the last is answered 404 (documented; the schema cannot
    # say how many pages there are), and an empty filter or page (`?stage=`) means "no filter"
    # rather than an error.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
