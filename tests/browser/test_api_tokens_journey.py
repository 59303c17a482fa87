"""Issue 10: programme staff issue a token for a partner's system on a page (the key shown
once), the system posts progress with it, and staff revoke it. axe checks every page."""

import json
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from peoplezones.api.models import Token
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_issue_a_token_that_works_and_then_revoke_it(new_visit):
    staff = factories.StaffFactory(email="lead@example.org")
    partner = factories.PartnerFactory(email="crm@agency.example")
    zone = factories.ZoneFactory(name="Braunstone", slug="braunstone", is_published=True)
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    action = factories.ActionFactory(zone=zone, objective=factories.ObjectiveFactory(zone=zone),
                                     organisation=partner.organisation)  # fmt: skip

    team = new_visit()
    sign_in(team, staff.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page = team.page
    page.goto("/dashboard/")
    page.get_by_role("link", name="API tokens").click()
    team.assert_accessible("API tokens")
    page.get_by_role("button", name="Issue").click()  # nothing filled in: each field named
    expect(page.get_by_text("This field is required").first).to_be_visible()
    team.assert_accessible("API tokens, with errors")
    page.get_by_label("What will use it").fill("Council CRM")
    page.get_by_label("Whose token").fill("crm@agency.example")
    page.get_by_label("Braunstone").check()
    page.get_by_label("Post progress on actions").check()
    page.get_by_role("button", name="Issue").click()
    key = page.locator(".token-key").inner_text().strip()
    assert key.startswith("pz_")
    team.assert_accessible("API tokens, a key shown")

    posted = Client().post(
        f"/api/v1/zones/braunstone/actions/{action.pk}/progress/",
        json.dumps({"text": "Leaflets out"}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )  # fmt: skip
    assert posted.status_code == 201

    page.get_by_role("button", name=re.compile(r"Revoke.*Council CRM")).click()
    expect(page.get_by_text("Revoked: Council CRM")).to_be_visible()
    team.assert_accessible("API tokens, after revoking")
    assert Token.objects.get(name="Council CRM").revoked_at is not None
    page.reload()
    assert key not in page.content()  # shown once only
    assert team.third_party == []
