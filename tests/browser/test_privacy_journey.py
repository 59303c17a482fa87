"""Issue 9: a resident sees everything held about them, downloads it, withdraws a consent and
asks for erasure; a member of the programme team reviews the request, erases, and finds it in the
audit trail. axe checks every page; no request leaves the site."""

import json
import re

import pytest
from playwright.sync_api import expect

from peoplezones.assets.models import Skill
from peoplezones.assets.services import offer_skills
from peoplezones.core.models import User
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_sees_downloads_withdraws_and_is_erased_by_the_team(new_visit):
    zone = factories.ZoneFactory(name="Braunstone", is_published=True)
    resident = factories.UserFactory(name="Maya Okafor", email="maya@example.org")
    offer_skills(
        user=resident, zone=zone, skills=Skill.objects.all()[:2],
        details={"other_skills": "Sign language", "consent_count": True, "consent_match": True,
                 "consent_contact": False},
    )  # fmt: skip
    staff = factories.StaffFactory(email="dpo@example.org")

    person = new_visit()
    sign_in(person, resident.email, TEST_PASSWORD)
    page = person.page
    page.goto("/dashboard/")
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    person.assert_accessible("your data")
    page.get_by_text("Skill offers").click()  # open the section
    expect(page.get_by_text("Sign language")).to_be_visible()
    person.assert_accessible("your data, a section open")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all of it (JSON)").click()
    exported = json.loads(open(download.value.path()).read())  # noqa: SIM115
    assert exported["person"]["email"] == "maya@example.org"
    assert "Sign language" in json.dumps(exported)

    page.get_by_role("button", name=re.compile(r"Withdraw.*match you")).click()
    expect(page.get_by_text("Withdrawn: Your skills used to match you")).to_be_visible()
    person.assert_accessible("your data, after withdrawing")

    page.get_by_role("button", name="Ask for erasure").click()  # not confirmed: refused, named
    expect(page.get_by_text("This field is required").first).to_be_visible()
    person.assert_accessible("your data, erasure not confirmed")
    page.get_by_label("Anything you want us to know").fill("I am moving away.")
    page.get_by_label("I understand that my account will be closed").check()
    page.get_by_role("button", name="Ask for erasure").click()
    expect(page.get_by_text("We have your request")).to_be_visible()

    team = new_visit()
    sign_in(team, staff.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page = team.page
    page.goto("/dashboard/")
    page.get_by_role("link", name="Erasure requests").click()
    team.assert_accessible("erasure requests")
    page.get_by_role("link", name="maya@example.org").click()
    expect(page.get_by_text("I am moving away.")).to_be_visible()
    team.assert_accessible("an erasure request")
    page.get_by_label("Erase now").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Erased.")).to_be_visible()
    team.assert_accessible("erasure requests, decided")

    page.get_by_role("link", name="Search the audit trail").click()
    page.get_by_label("What they did").select_option("erased")
    page.locator("#main").get_by_role("button", name="Search").click()
    expect(page.get_by_text("erasure:").first).to_be_visible()
    page.get_by_role("link", name="Check the whole chain now").click()
    expect(page.get_by_text("The chain holds")).to_be_visible()
    team.assert_accessible("audit trail")

    erased = User.objects.get(pk=resident.pk)
    assert not erased.is_active and erased.email.endswith("@erased.invalid")
    person.page.goto("/account/my-data/")
    expect(person.page).to_have_url(re.compile(r"/accounts/login/"))
    assert person.third_party == [] and team.third_party == []
