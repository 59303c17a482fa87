"""Journey 2: a Zone comes alive. The coordinator draws its boundary; residents join, propose and
support; the coordinator publishes two objectives and invites the police and the council, who
accept and each take an action; the police post progress; anyone can then read it on the public
page. axe checks every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from peoplezones.core.models import OrganisationType
from peoplezones.zones.models import Action, Objective, Partnership, PartnershipStatus, Support
from tests import factories
from tests.browser.conftest import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUTH = "Young people have somewhere to go in the evenings"
WALK = "A safer walk home from the bus stops"


def for_item(verb: str, title: str) -> re.Pattern[str]:
    """A button or link whose visible verb is followed by the item's (visually hidden) title."""
    return re.compile(rf"^{re.escape(verb)}\W+{re.escape(title)}$")


def draw_square(visit: Visit) -> None:
    """Draw a polygon with Leaflet.draw's tool, clicking its corners and then the first again."""
    page = visit.page
    map_box = page.locator("[data-boundary-editor]")
    expect(map_box).to_have_attribute("data-ready", "true")
    page.locator(".leaflet-draw-draw-polygon").click()
    box = map_box.bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(-80, -60), (80, -60), (80, 60), (-80, 60), (-80, -60)]
    for dx, dy in corners:
        page.mouse.click(cx + dx, cy + dy)
        page.wait_for_timeout(150)


def join_and_propose(visit: Visit, zone, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = visit.page
    page.goto(zone.get_absolute_url())
    page.get_by_role("link", name="Have your say").click()
    page.get_by_role("link", name="Join this Zone to propose and support").click()
    visit.assert_accessible("join form")
    page.get_by_label("I live here").check()
    page.get_by_role("button", name="Join").click()
    for title in titles:
        page.get_by_label("What should change").fill(title)
        page.get_by_label("Why it matters").fill(
            "Said at the tenants' meeting and on the doorstep."
        )
        page.get_by_role("button", name="Send proposal").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()


def accept_invitation(visit: Visit, zone, lead_name: str, commitment: str) -> None:  # type: ignore[no-untyped-def]
    page = visit.page
    page.goto("/dashboard/")
    page.get_by_role("link", name=f"Answer the invitation to {zone.name}").click()
    visit.assert_accessible("invitation")
    page.get_by_label("Accept: we will join").check()
    page.get_by_label("Named lead").select_option(label=lead_name)
    page.get_by_label("What your organisation commits to").fill(commitment)
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("status")).to_be_visible()


def add_action(visit: Visit, zone, objective: str, title: str) -> None:  # type: ignore[no-untyped-def]
    page = visit.page
    page.goto(zone.get_absolute_url())
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Objective").select_option(label=objective)
    page.get_by_label("Action", exact=True).fill(title)
    page.get_by_label("Due date").fill("2027-03-31")
    visit.assert_accessible("action form")
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_coordinator_residents_and_partners_build_a_zone(visit, new_visit):
    coordinator = factories.CoordinatorFactory(email="ola@example.org", name="Ola Mensah")
    zone = factories.ZoneFactory(
        name="Braunstone Fields", slug="braunstone-fields", coordinators=[coordinator]
    )
    police = factories.OrganisationFactory(
        name="Leicestershire Police", slug="leics-police", type=OrganisationType.POLICE
    )
    council = factories.OrganisationFactory(
        name="Leicester City Council", slug="leicester-cc", type=OrganisationType.LOCAL_AUTHORITY
    )
    officer = factories.PartnerFactory(
        email="pc.hale@example.org", name="PC Dana Hale", organisation=police
    )
    youth_worker = factories.PartnerFactory(
        email="r.patel@example.org", name="Ravi Patel", organisation=council
    )
    factories.UserFactory(email="amira@example.net", name="Amira Khan")
    factories.UserFactory(email="tom@example.net", name="Tom Birch")

    # The coordinator signs in with a second factor and draws the boundary.
    page = visit.page
    sign_in(visit, coordinator.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    page.get_by_role("link", name="Braunstone Fields").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage Braunstone Fields")
    visit.assert_accessible("manage overview, new Zone")
    page.get_by_role("link", name="Set the boundary").click()
    # axe reads the page: wait until the editor has replaced the overview (it once ran mid-way).
    expect(page.locator("[data-boundary-editor]")).to_have_attribute("data-ready", "true")
    visit.assert_accessible("boundary editor")
    draw_square(visit)
    expect(page.get_by_label("Boundary as GeoJSON")).to_have_value(re.compile(r'"type":"Polygon"'))
    page.get_by_role("button", name="Save boundary").click()
    expect(page.get_by_role("status")).to_contain_text("Boundary saved")
    zone.refresh_from_db()
    assert zone.boundary_source == "drawn"
    assert 1 < zone.boundary_area_km2 < 100

    # Two residents join; one proposes two things, the other supports one of them.
    amira, tom = new_visit(), new_visit()
    sign_in(amira, "amira@example.net", factories.TEST_PASSWORD)
    join_and_propose(amira, zone, [YOUTH, WALK])
    amira.assert_accessible("proposals as a member")
    # Proposing counts as support.
    expect(
        amira.page.get_by_role("button", name=for_item("Withdraw my support", WALK))
    ).to_be_visible()
    sign_in(tom, "tom@example.net", factories.TEST_PASSWORD)
    join_and_propose(tom, zone, [])
    tom.page.get_by_role("button", name=for_item("Support", YOUTH)).click()
    tom.page.get_by_role("button", name=for_item("Support", WALK)).click()
    # One person, one vote: a second press takes the support back.
    tom.page.get_by_role("button", name=for_item("Withdraw my support", WALK)).click()
    expect(tom.page.get_by_role("button", name=for_item("Support", WALK))).to_be_visible()
    assert Support.objects.count() == 3

    # The coordinator sees them ranked by support and publishes both as objectives.
    page.goto(f"/zones/{zone.slug}/manage/")
    rows = page.locator("table").first.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text(YOUTH)
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("2")
    expect(rows.nth(1)).to_contain_text(WALK)
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("1")
    visit.assert_accessible("manage overview with proposals")
    for title, theme, kind, indicator in [
        (YOUTH, "Young people", "A count of something", "Young people using the evening club"),
        (WALK, "Feeling safe", "A survey measure", "Feeling safe walking alone after dark"),
    ]:
        page.get_by_role("link", name=for_item("Publish as objective", title)).click()
        expect(page.get_by_label("Objective", exact=True)).to_have_value(title)
        page.get_by_label("Theme").select_option(label=theme)
        page.get_by_label(kind).check()
        page.get_by_label("Indicator").fill(indicator)
        page.get_by_label("Where it was agreed").fill("Community meeting at the library")
        visit.assert_accessible(f"objective form for {title}")
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("status")).to_contain_text(f"Objective published: {title}")
    assert Objective.objects.filter(zone=zone).count() == 2

    # It invites the police and the council; their members are emailed.
    for organisation in (police, council):
        page.get_by_role("link", name="Invite an organisation").click()
        page.get_by_label("Organisation").select_option(label=organisation.name)
        page.get_by_label("Message to them").fill("Will you join us on the evening work?")
        visit.assert_accessible("invite form")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("status")).to_contain_text(f"{organisation.name} is invited")
    assert {officer.email, youth_worker.email} <= {m.to[0] for m in mail.outbox}

    # Each accepts, naming a lead and a commitment, and takes an action.
    police_tab, council_tab = new_visit(), new_visit()
    sign_in(police_tab, officer.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    accept_invitation(police_tab, zone, "PC Dana Hale", "Evening foot patrols on the bus routes.")
    add_action(police_tab, zone, WALK, "Walk the bus-stop routes with residents")
    sign_in(council_tab, youth_worker.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    accept_invitation(council_tab, zone, "Ravi Patel", "Open the youth centre two evenings a week.")
    add_action(council_tab, zone, YOUTH, "Open the youth centre on Tuesdays and Thursdays")
    assert Partnership.objects.filter(zone=zone, status=PartnershipStatus.ACCEPTED).count() == 2

    # The police post progress, marked as a milestone.
    police_tab.page.get_by_label("What has happened").fill(
        "First walk done with twelve residents; two broken lights reported to the council."
    )
    police_tab.page.get_by_label("In progress").check()
    police_tab.page.get_by_label("This is a milestone residents should see").check()
    police_tab.assert_accessible("action with progress form")
    police_tab.page.get_by_role("button", name="Post progress").click()
    expect(police_tab.page.get_by_text("First walk done with twelve residents")).to_be_visible()
    assert Action.objects.get(organisation=police).status == "in_progress"

    # Anyone, signed out, reads the Zone: boundary map, both objectives, partners and progress.
    public = new_visit()
    public.page.goto(zone.get_absolute_url())
    expect(public.page.locator(".leaflet-interactive")).to_have_count(1)
    said_did = public.page.locator(".said-did")
    expect(said_did).to_contain_text(YOUTH)
    expect(said_did).to_contain_text(WALK)
    expect(said_did).to_contain_text("Walk the bus-stop routes with residents")
    expect(said_did).to_contain_text("First walk done with twelve residents")
    expect(public.page.get_by_role("heading", name="Police")).to_be_visible()
    expect(public.page.get_by_role("heading", name="Local authority")).to_be_visible()
    expect(public.page.get_by_text("Evening foot patrols on the bus routes.")).to_be_visible()
    body = public.page.content()
    for private in (officer.email, youth_worker.email, "amira@example.net", "Amira Khan", "Tom"):
        assert private not in body
    public.assert_accessible("public Zone page")

    # The objective's story links proposal, support, meeting, actions and the milestone.
    public.page.get_by_role("link", name=f"You said: {WALK}").click()
    story = public.page.locator("main")
    expect(story).to_contain_text("Community meeting at the library")
    expect(story).to_contain_text("Walk the bus-stop routes with residents")
    expect(story).to_contain_text("First walk done")
    public.assert_accessible("objective story")
    public.page.goto(f"/zones/{zone.slug}/plan/")
    expect(public.page.locator("main")).to_contain_text("Open the youth centre on Tuesdays")
    public.assert_accessible("printable plan")
    assert not (
        visit.third_party
        + amira.third_party
        + tom.third_party
        + police_tab.third_party
        + public.third_party
    )
