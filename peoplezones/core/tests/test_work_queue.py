"""What needs me today: each app's work items for a person, grouped by urgency on the dashboard,
each linking to where it is done; acting on one takes it off; partners see only their own
organisation's; nobody sees what a safeguarding concern says."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from peoplezones.assets.models import Asset
from peoplezones.core import work
from peoplezones.core.models import NotificationSettings
from peoplezones.core.work import Urgency, WorkItem
from peoplezones.outcomes.models import Upload
from peoplezones.privacy.models import ErasureRequest
from peoplezones.volunteering.models import Concern, DbsCheck, HelpRequest
from peoplezones.zones import services as zone_services
from peoplezones.zones.models import ActionStatus, Partnership, PartnershipStatus, ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(days=60)


def _kinds(person) -> dict[str, list[WorkItem]]:
    return {kind.name: kind.items for group in work.queue(person) for kind in group.kinds}


@pytest.fixture
def zone_at_work():
    coordinator = factories.CoordinatorFactory(name="Cora Ordinator")
    zone = factories.zone_with_boundary(coordinators=[coordinator], name="Braunstone")
    proposal = factories.ProposalFactory(zone=zone, title="Safer walk to school")
    partner = factories.PartnerFactory()
    overdue = factories.ActionFactory(
        zone=zone, organisation=partner.organisation, title="Fix the lights",
        due_date=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    silent = factories.ActionFactory(zone=zone, title="Litter pick",
                                     organisation=factories.OrganisationFactory())  # fmt: skip
    type(silent).objects.filter(pk=silent.pk).update(created_at=LONG_AGO)
    invited = Partnership.objects.create(zone=zone, organisation=factories.OrganisationFactory(),
                                         status=PartnershipStatus.INVITED)  # fmt: skip
    Partnership.objects.filter(pk=invited.pk).update(invited_at=LONG_AGO)
    help_request = factories.make_help_request(zone)
    HelpRequest.objects.filter(pk=help_request.pk).update(created_at=LONG_AGO)
    volunteer = factories.VolunteerFactory(name="Val Unteer")
    factories.make_offer(zone, volunteer=volunteer)
    DbsCheck.objects.create(volunteer=volunteer, level=3, certificate_number="001234567890",
                            seen_on="2024-01-01", renew_by=timezone.localdate() + timedelta(days=20))  # fmt: skip
    Concern.objects.create(zone=zone, what="Private worry about a neighbour")
    asset = factories.make_asset(name="Old library", steward_zone=zone)
    Asset.objects.filter(pk=asset.pk).update(
        last_verified=timezone.localdate() - timedelta(days=400)
    )
    gone = factories.make_asset(name="Closed cafe", steward_zone=zone)
    Asset.objects.filter(pk=gone.pk).update(feed="oruk:city", unlisted_since=timezone.localdate())
    return {"coordinator": coordinator, "zone": zone, "proposal": proposal, "partner": partner,
            "overdue": overdue, "silent": silent}  # fmt: skip


def test_the_registry_groups_items_by_urgency_most_urgent_first(monkeypatch):
    monkeypatch.setattr(work, "_PROVIDERS", {
        "a": lambda person: [WorkItem("Later", "l", "/l", Urgency.LATER)],
        "b": lambda person: [WorkItem("Now", "n1", "/n1", Urgency.NOW),
                             WorkItem("Now", "n2", "/n2", Urgency.NOW)],
    })  # fmt: skip
    queue = work.queue(object())
    assert [(g.urgency, g.count) for g in queue] == [(Urgency.NOW, 2), (Urgency.LATER, 1)]
    monkeypatch.setattr(work, "_PROVIDERS", {})
    assert work.queue(object()) == []


def test_a_coordinator_sees_each_kind_of_work_in_their_zone(zone_at_work):
    kinds = _kinds(zone_at_work["coordinator"])
    assert set(kinds) >= {
        "Proposals to decide", "Actions overdue", "Actions with no update for 30 days",
        "Invitations unanswered for 14 days", "Requests for help waiting a week for a volunteer",
        "DBS checks expiring within 30 days", "Open safeguarding concerns",
        "Assets not checked for a year",
        "Services their directory no longer lists",
    }  # fmt: skip
    assert "Safer walk to school" in kinds["Proposals to decide"][0].text
    assert "3 days overdue" in kinds["Actions overdue"][0].text
    assert "Val Unteer" in kinds["DBS checks expiring within 30 days"][0].text
    concern = kinds["Open safeguarding concerns"][0]
    assert concern.text == "1 concern open" and "worry" not in concern.text


def test_the_dashboard_shows_the_queue_and_acting_takes_an_item_off(zone_at_work):
    client = Client()
    client.force_login(zone_at_work["coordinator"])
    page = client.get("/dashboard/").content.decode()
    assert "What needs you" in page and "Needs you now" in page
    assert "Safer walk to school" in page and "Private worry" not in page
    zone_services.close_proposal(proposal=zone_at_work["proposal"], reason="Not now")
    ProgressUpdate.objects.create(action=zone_at_work["silent"], text="Done the first street")
    kinds = _kinds(zone_at_work["coordinator"])
    assert "Proposals to decide" not in kinds
    assert "Actions with no update for 30 days" not in kinds


def test_a_partner_sees_only_their_organisation_s_work(zone_at_work):
    partner = zone_at_work["partner"]
    other = factories.PartnerFactory()
    kinds = _kinds(partner)
    assert [i.text for i in kinds["Actions overdue"]] == ["“Fix the lights”: 3 days overdue"]
    assert "Proposals to decide" not in kinds and "Open safeguarding concerns" not in kinds
    assert _kinds(other) == {}
    zone_at_work["overdue"].status = ActionStatus.DONE
    zone_at_work["overdue"].save()
    assert "Actions overdue" not in _kinds(partner)


def test_programme_staff_see_the_programme_s_work():
    staff = factories.StaffFactory()
    factories.ApplicationFactory(received_at=timezone.now() - timedelta(days=40))
    ErasureRequest.objects.create(user=factories.UserFactory())
    factories.ZoneFactory(name="Quiet Zone", is_published=True)
    kinds = _kinds(staff)
    assert set(kinds) >= {"Applications past the reply target", "Erasure requests to decide",
                          "Zones with no public update for 60 days"}  # fmt: skip


def test_someone_with_nothing_to_do_is_told_all_is_clear():
    client = Client()
    client.force_login(factories.UserFactory())
    assert "All clear: nothing needs you today." in client.get("/dashboard/").content.decode()


def test_the_weekly_list_goes_once_to_each_person_with_work_who_wants_it(zone_at_work, mailoutbox):
    quiet_partner = factories.PartnerFactory()  # nothing to do: no email
    declined = factories.CoordinatorFactory()
    factories.ProposalFactory(zone=factories.ZoneFactory(coordinators=[declined]))
    NotificationSettings.objects.create(user=declined, work=False)
    call_command("send_digests", "--weekly")
    lists = {m.to[0]: m for m in mailoutbox if "need" in m.subject}
    coordinator = zone_at_work["coordinator"]
    assert coordinator.email in lists and zone_at_work["partner"].email in lists
    assert quiet_partner.email not in lists and declined.email not in lists
    body = lists[coordinator.email].body
    assert "Safer walk to school" in body and "/dashboard/" in body and "Private worry" not in body
    assert "NEEDS YOU NOW" in body


def test_whoever_uploaded_police_or_demand_files_hears_of_refused_ones():
    partner = factories.PartnerFactory()
    Upload.objects.create(original_name="fires.csv", created_by=partner, kind="demand",
                          status="done", results=[{"name": "fires.csv", "state": "refused"}])  # fmt: skip
    Upload.objects.create(original_name="ok.csv", created_by=partner, kind="demand",
                          status="done", results=[{"name": "ok.csv", "state": "loaded"}])  # fmt: skip
    items = _kinds(partner)["Uploads with files refused or failed"]
    assert [i.text for i in items] == ["fires.csv: 1 file(s) refused"]


def test_the_dashboard_keeps_a_queue_until_someone_signed_in_acts(zone_at_work, monkeypatch):
    asked: list[str] = []

    def counting(person):
        asked.append(person.email)
        return []

    monkeypatch.setitem(work._PROVIDERS, "counting", counting)
    coordinator = Client()
    coordinator.force_login(zone_at_work["coordinator"])
    first = coordinator.get("/dashboard/").content.decode()
    assert "Safer walk to school" in first and "Litter pick" in first
    coordinator.get("/dashboard/")
    assert len(asked) == 1  # kept: the second showing asked no app
    # Changed without anyone acting through the site (a task, say): shown within CACHE_SECONDS.
    ProgressUpdate.objects.create(action=zone_at_work["silent"], text="Done the first street")
    # Forms sent by someone not signed in, and requests refused, leave the kept queues alone.
    Client().post("/apply/", {})
    Client().post("/api/v1/zones/", {})
    assert coordinator.post("/programme/").status_code == 403  # refused: changes nothing
    assert "Litter pick" in coordinator.get("/dashboard/").content.decode()
    assert len(asked) == 1
    # Someone else acting through the site changes what everyone it concerns is shown, at once.
    proposal = zone_at_work["proposal"]
    staff = Client()
    staff.force_login(factories.StaffFactory())
    url = f"/zones/{proposal.zone.slug}/manage/proposals/{proposal.pk}/close/"
    assert staff.post(url, {"reason": "Another group is on it"}).status_code == 302
    after = coordinator.get("/dashboard/").content.decode()
    assert "Safer walk to school" not in after and "Litter pick" not in after
    assert len(asked) == 2
    # Each language is kept apart.
    coordinator.get("/dashboard/", {"lang": "pl"})
    assert len(asked) == 3


def test_a_kept_queue_lasts_no_longer_than_its_time(zone_at_work, monkeypatch):
    monkeypatch.setattr(work, "CACHE_SECONDS", 0)  # Django's caches keep nothing for 0 seconds
    coordinator = Client()
    coordinator.force_login(zone_at_work["coordinator"])
    assert "Safer walk to school" in coordinator.get("/dashboard/").content.decode()
    zone_services.close_proposal(proposal=zone_at_work["proposal"], reason="Not now")
    assert "Safer walk to school" not in coordinator.get("/dashboard/").content.decode()
