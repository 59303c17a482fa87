"""The world the permission matrix (and the security sweeps built on it) runs in: one person of
each role, two Zones, and one record of every kind a URL can name."""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from peoplezones.api.models import Token
from peoplezones.assets.exporters import oruk_id
from peoplezones.assets.models import ImportJob, SkillOffer
from peoplezones.community import services as community_services
from peoplezones.community.models import Certificate
from peoplezones.evaluation import services as evaluation_services
from peoplezones.outcomes.models import Upload
from peoplezones.privacy.models import Consent, ErasureRequest
from peoplezones.research import services as research_services
from peoplezones.research.tasks import stop_url
from peoplezones.toolkit import services as toolkit_services
from peoplezones.volunteering import services as volunteering_services
from peoplezones.volunteering.models import DbsCheck
from peoplezones.zones import services
from peoplezones.zones.tasks import unsubscribe_url
from tests import factories, tiles
from tests.factories import BRAUNSTONE, TOOLKIT_CONTENT


def _follow_up_stop_token(survey) -> str:
    """A real link from a follow-up email, for someone who asked to hear about the survey."""
    held = research_services.follow_up(survey=survey, email="heard@example.org")
    return stop_url(held).rstrip("/").rsplit("/", 1)[-1]


def build() -> tuple[dict, dict, Any]:
    """(people by role, URL arguments by URL name, the Zone) for the permission matrix."""
    this_coordinator = factories.CoordinatorFactory()
    other_coordinator = factories.CoordinatorFactory()
    partner = factories.PartnerFactory()
    zone = factories.ZoneFactory(coordinators=[this_coordinator])
    other_zone = factories.ZoneFactory(coordinators=[other_coordinator])
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    invitation = factories.PartnershipFactory(
        zone=other_zone, organisation=partner.organisation, status="invited"
    )
    objective = factories.ObjectiveFactory(zone=zone)
    zone.launch_date = date(2024, 1, 15)
    zone.save(update_fields=["launch_date"])
    factories.ObjectiveFactory(zone=zone, indicator_kind="crime", measure="outcomes:")
    (locked,) = evaluation_services.lock_measures(zone=zone)
    proposal = factories.ProposalFactory(zone=zone)
    action = factories.ActionFactory(
        zone=zone, objective=objective, organisation=partner.organisation
    )
    resident = factories.UserFactory()
    follow = services.follow_zone(zone=zone, user=resident, frequency="instant")
    application = factories.ApplicationFactory()
    people = {
        "anonymous": None,
        "resident": resident,
        "volunteer": factories.VolunteerFactory(),
        "partner": partner,
        "coordinator_this_zone": this_coordinator,
        "coordinator_other_zone": other_coordinator,
        "staff": factories.StaffFactory(),
    }
    token = unsubscribe_url(follow).rstrip("/").rsplit("/", 1)[-1]
    option = toolkit_services.publish_directly(
        content=TOOLKIT_CONTENT, credit="Tests", change_note="", slug="test-option"
    )
    upload = ContentFile(b"%PDF-1.4 test", name="leaflet.pdf")
    attachment = toolkit_services.store_attachment(upload=upload, title="Leaflet", by=resident)
    proposal_revision = toolkit_services.propose_option(
        contributor=resident, content={**TOOLKIT_CONTENT, "attachments": [attachment.pk]}
    )
    asset = factories.make_asset("library", steward_zone=zone)
    job = ImportJob.objects.create(
        format="csv", file=ContentFile(b"name,category\n", name="a.csv"), original_name="a.csv",
        zone=zone, status="previewed", created_by=this_coordinator,
    )  # fmt: skip
    skill_offer = SkillOffer.objects.create(user=resident, zone=zone, consent_count=True)
    survey = factories.make_survey(zone)
    survey.data_entry.add(people["volunteer"])
    wave = survey.waves.get()
    question = survey.questions.first()
    survey_args = {
        name: [survey.pk]
        for name in ("survey", "edit", "measures", "section_new", "question_new", "translations",
                     "data_entry", "preview", "print", "paper_choose", "wave_new", "results",
                     "export_csv")
    }  # fmt: skip
    survey_args |= {
        name: [wave.pk]
        for name in (
            "wave",
            "wave_qr",
            "wave_state",
            "wave_codes",
            "paper",
            "doorstep",
            "doorstep_worker",
            "doorstep_sync",
        )
    }
    survey_args |= {
        name: [survey.pk, question.pk]
        for name in ("question_edit", "question_move", "question_delete")
    }
    survey_args |= {"free_text": [survey.pk, "better"], "respond": [wave.token],
                    "thanks": [wave.token], "follow_up": [wave.token],
                    "follow_up_stop": [_follow_up_stop_token(survey)]}  # fmt: skip
    police_upload = Upload.objects.create(
        file=ContentFile(b"x", name="p.csv"), original_name="p.csv", created_by=people["staff"]
    )
    group = factories.make_group(zone)  # its organiser is none of the people above
    course = factories.make_event(zone, kind="training", title="Leading a group")
    booking = community_services.book(course, resident)
    certificate = Certificate.objects.create(booking=booking)
    community_args = {
        **{f"community:{name}": [group.slug] for name in (
            "group", "group_edit", "group_join", "group_leave", "group_members", "group_contact",
            "group_messages", "group_calendar", "group_ics")},
        **{f"community:{name}": [course.pk] for name in (
            "event", "event_edit", "event_cancel", "book", "register")},
        "community:booking_cancel": [booking.pk],
        "community:certificate": [certificate.code],
    }  # fmt: skip

    offer = factories.make_offer(zone, people["volunteer"])
    DbsCheck.objects.create(
        volunteer=people["volunteer"], level=3, certificate_number="001234567890",
        seen_on="2026-01-05", renew_by="2099-01-05",
    )  # fmt: skip
    help_request = factories.make_help_request(zone)
    match = volunteering_services.confirm_match(help_request, people["volunteer"], this_coordinator)
    visit = volunteering_services.check_in(match)
    concern = volunteering_services.raise_concern(
        by=people["volunteer"], zone=zone, match=match, what="Worried.", urgent=False
    )
    volunteering_args = {
        "volunteering:request": [help_request.pk], "volunteering:confirm": [help_request.pk],
        "volunteering:record_check": [offer.pk], "volunteering:match": [match.pk],
        "volunteering:check_in": [match.pk], "volunteering:end": [match.pk],
        "volunteering:check_out": [visit.pk], "volunteering:concern": [concern.pk],
    }  # fmt: skip

    consent = Consent.objects.filter(user=resident).first() or Consent.objects.create(
        user=resident, purpose="skills_count", source_type="assets.SkillOffer",
        source_id=str(skill_offer.pk),
    )  # fmt: skip
    erasure = ErasureRequest.objects.create(user=resident)

    api_token, _key = Token.issue(name="CRM", user=partner, zones=[zone], scopes=["progress"])
    args = {
        "core:tile": [14, *tiles.tile_xy(*BRAUNSTONE, 14), "png"],
        "core:translation_list": ["zones.zone"],
        "core:translation_edit": ["zones.zone", zone.pk, "ur"],
        "api:zone-detail": [zone.slug],
        "api:asset-detail": [asset.uid],
        "api:option-detail": [option.slug],
        "api:event-detail": [course.pk],
        "api:action_progress": [zone.slug, action.pk],
        "api:zone-outcomes": [zone.slug],
        "api:revoke": [api_token.pk],
        "api:option-experiences": [option.slug],
        "api:oruk_service": [oruk_id(asset)],
        "api:demand_upload": [police_upload.pk],
        "privacy:withdraw": [consent.pk],
        "privacy:erasure": [erasure.pk],
        **community_args,
        **volunteering_args,
        **{f"research:{name}": value for name, value in survey_args.items()},
        "outcomes:upload_job": [police_upload.pk],
        "datasources:refresh": ["police"],
        "outcomes:upload_status": [police_upload.pk],
        "assets:detail": [asset.pk],
        "assets:edit": [asset.pk],
        "assets:verify": [asset.pk],
        "assets:delete": [asset.pk],
        "assets:import_job": [job.pk],
        "assets:import_status": [job.pk],
        "assets:import_run": [job.pk],
        "assets:skills_withdraw": [skill_offer.pk],
        "pages:page": ["what-is-a-people-zone"],
        "pages:staff_edit": ["privacy"],
        "applications:detail": [application.reference],
        "applications:change_status": [application.reference],
        "applications:reply": [application.reference],
        "applications:call": [application.reference],
        "zones:unsubscribe": [token],
        "zones:invitation": [invitation.pk],
        "zones:objective": [zone.slug, objective.pk],
        "evaluation:plan": [zone.slug],
        "evaluation:lock": [zone.slug],
        "evaluation:report": [zone.slug, locked.pk],
        "evaluation:report_pdf": [zone.slug, locked.pk],
        "evaluation:report_data": [zone.slug, locked.pk],
        "evaluation:change": [zone.slug, locked.pk],
        "zones:objective_edit": [zone.slug, objective.pk],
        "zones:support": [zone.slug, proposal.pk],
        "zones:proposal_close": [zone.slug, proposal.pk],
        "zones:action": [zone.slug, action.pk],
        "zones:action_progress": [zone.slug, action.pk],
        "toolkit:contribution": [proposal_revision.pk],
        "toolkit:moderate": [proposal_revision.pk],
        "toolkit:attachment": [attachment.pk],
        "toolkit:option": [option.slug],
        "toolkit:edit": [option.slug],
        "toolkit:history": [option.slug],
        "toolkit:version": [option.slug, 1],
        "toolkit:revert": [option.slug, 1],
        "toolkit:evidence": [option.slug],
        "toolkit:adopt": [option.slug],
        "toolkit:experience_new": [option.slug],
    }
    return people, args, zone
