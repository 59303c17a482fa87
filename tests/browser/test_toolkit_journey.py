"""Journey 3: the Tool Kit grows. A resident proposes an option; staff ask for a change; the
resident amends it; staff publish it. A coordinator finds it in plain words, adopts it into their
Zone's plan and later records how it went; another Zone's coordinator reads that experience on
the option's page. axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from peoplezones.toolkit.models import Experience, Option, Revision
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Knit and natter afternoons"


def test_propose_moderate_find_adopt_and_share_experience(visit, new_visit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factories.UserFactory(email="nell@example.net", name="Nell Fraser")
    staff = factories.StaffFactory(email="sam@example.org", name="Sam Okafor")
    coordinator = factories.CoordinatorFactory(email="ola@example.org", name="Ola Mensah")
    other_coordinator = factories.CoordinatorFactory(email="ben@example.org", name="Ben Carter")
    zone = factories.ZoneFactory(name="Eyres Monsell", coordinators=[coordinator])
    factories.ZoneFactory(name="Thurnby Lodge", coordinators=[other_coordinator])
    library = factories.OrganisationFactory(
        name="Eyres Monsell Library", slug="em-library", type="local_authority"
    )
    factories.PartnershipFactory(zone=zone, organisation=library)
    objective = factories.ObjectiveFactory(
        zone=zone,
        title="Older neighbours feel less alone",
        theme="loneliness",
        indicator="UCLA loneliness score",
    )

    # A resident proposes an option.
    resident = visit
    page = resident.page
    sign_in(resident, "nell@example.net", factories.TEST_PASSWORD)
    page.goto("/toolkit/")
    resident.assert_accessible("Tool Kit, empty")
    page.get_by_role("link", name="Propose an option").click()
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    resident.assert_accessible("proposal form with errors")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("One-line summary").fill(
        "A weekly afternoon of knitting, tea and chat for isolated older neighbours."
    )
    page.get_by_label("Loneliness and isolation").check()
    page.get_by_label("Older people").check()
    page.get_by_label("What it involves, step by step").fill(
        "1. Book the library's community room.\n2. Ask the GP surgery to tell patients."
    )
    page.get_by_label("Under £500").check()
    page.get_by_label("Days: can start this month").check()
    page.get_by_label("Effect: summary").fill("Not yet measured.")
    page.get_by_label("Contributions to the Tool Kit are published").check()
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("status")).to_contain_text("is with the moderators")
    resident.assert_accessible("proposal received")

    # Staff ask for a change.
    moderator = new_visit()
    sign_in(moderator, staff.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    moderator.page.goto("/toolkit/moderation/")
    moderator.assert_accessible("moderation queue")
    moderator.page.get_by_role("link", name=TITLE).click()
    moderator.assert_accessible("moderation of a new option")
    moderator.page.get_by_label("Ask the contributor for changes").check()
    moderator.page.get_by_label("Message to the contributor").fill(
        "Please add risks and safeguarding: who checks on people who stop coming?"
    )
    moderator.page.get_by_role("button", name="Send decision").click()
    expect(moderator.page.get_by_role("status")).to_contain_text("asked for changes")

    # The resident amends it.
    page.goto("/toolkit/contributions/")
    resident.assert_accessible("my contributions")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("who checks on people who stop coming?")).to_be_visible()
    page.get_by_label("Risks and safeguarding").fill(
        "If a regular stops coming, a host phones them that week."
    )
    resident.assert_accessible("amending a proposal")
    page.get_by_role("button", name="Send the changes").click()
    expect(page.get_by_role("status")).to_contain_text("back with the moderators")

    # Staff publish it.
    moderator.page.goto("/toolkit/moderation/")
    moderator.page.get_by_role("link", name=TITLE).click()
    moderator.page.get_by_label("Publish it").check()
    moderator.page.get_by_role("button", name="Send decision").click()
    expect(moderator.page.get_by_role("status")).to_contain_text(f"Published: {TITLE}")
    option = Option.objects.get(title=TITLE)
    assert option.risks.startswith("If a regular stops coming")

    # A coordinator finds it in plain words and adopts it into the Zone's plan.
    coordinator_tab = new_visit()
    sign_in(coordinator_tab, coordinator.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    coord = coordinator_tab.page
    coord.goto("/toolkit/")
    coord.get_by_label("What do you want to change?").fill("lonely older neighbours")
    coord.locator("#main").get_by_role("button", name="Search").click()
    results = coord.locator(".option-list > li")
    expect(results.first).to_contain_text(TITLE)
    coordinator_tab.assert_accessible("search results")
    results.first.get_by_role("link", name=TITLE).click()
    expect(coord.get_by_text("Written by Nell Fraser.")).to_be_visible()
    coordinator_tab.assert_accessible("option page")
    coord.get_by_role("link", name="Try it in your Zone").click()
    coord.get_by_label("Towards which objective").select_option(label=objective.title)
    coord.get_by_label("Partner responsible").select_option(label=library.name)
    coord.get_by_label("Due date").fill("2027-02-28")
    coordinator_tab.assert_accessible("adopt form")
    coord.get_by_role("button", name="Add to the plan").click()
    expect(coord.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(coord.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", option.get_absolute_url()
    )
    assert zone.actions.get().option == option

    # Later, it records how it went.
    coord.goto(option.get_absolute_url())
    coord.get_by_role("link", name="Record your experience").click()
    coord.get_by_label("When you started").fill("2026-09-01")
    coord.get_by_label("What you did").fill("Ran it every Wednesday at the library.")
    coord.get_by_label("Who was involved").fill("Eight regulars, two volunteer hosts.")
    coord.get_by_label("What happened").fill("Most regulars came every week by October.")
    coord.get_by_label("Things improved").check()
    coord.get_by_label("We measured the result").check()
    coord.get_by_role("textbox", name="Results (optional)").fill(
        "UCLA score of regulars fell from 6.8 to 5.5."
    )
    coordinator_tab.assert_accessible("experience form")
    coord.get_by_role("button", name="Record experience").click()
    expect(coord.get_by_role("status")).to_contain_text("your experience is on the option's page")
    assert Experience.objects.get().objective == objective

    # Another Zone's coordinator reads that experience on the option page.
    other = new_visit()
    sign_in(other, other_coordinator.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    other.page.goto("/toolkit/")
    other.page.get_by_label("What do you want to change?").fill("knitting")
    other.page.locator("#main").get_by_role("button", name="Search").click()
    other.page.get_by_role("link", name=TITLE).click()
    experience = other.page.locator("article.experience")
    expect(experience).to_contain_text("Eyres Monsell")
    expect(experience).to_contain_text("UCLA score of regulars fell from 6.8 to 5.5.")
    expect(other.page.get_by_text(re.compile(r"Evidence: Promising"))).to_be_visible()
    other.assert_accessible("option page with experience")
    other.page.get_by_role("link", name="History").click()
    other.assert_accessible("option history")
    other.page.get_by_role("link", name="Version 1").click()
    other.assert_accessible("version page")
    assert Revision.objects.filter(option=option).count() == 1
    assert not (resident.third_party + moderator.third_party + coordinator_tab.third_party)
