"""The demo: every role, Zones at several stages, applications in every state; safe to rerun.

The demo is loaded once for the module (on each worker), inside a transaction undone at the end
as Django's setUpTestData does; each test, in a savepoint inside it, checks its part and loads
the demo again to prove a rerun changes nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from peoplezones.applications.models import Application, Status
from peoplezones.core.models import Role, User
from peoplezones.zones.models import Action, ActionStatus, Objective, Partnership, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """What the first load printed."""
    out = StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("demo"),
            # As every test's accounts (conftest): real hashers are deliberately slow.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_demo_covers_every_role_stage_and_state_and_reruns_cleanly(demo):
    out = demo
    assert "staff@example.org" in out and "demo-zones-2026" in out
    counts = (User.objects.count(), Zone.objects.count(), Application.objects.count())
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert len(set(Zone.objects.values_list("stage", flat=True))) >= 4
    zones_with_plans = Zone.objects.filter(objectives__isnull=False).distinct()
    assert zones_with_plans.count() >= 3
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert Partnership.objects.filter(status="accepted").count() >= 5
    assert Zone.objects.exclude(boundary=None).count() == Zone.objects.count()
    assert len(set(zones_with_plans.values_list("stage", flat=True))) == 3
    plan_counts = (Objective.objects.count(), Action.objects.count(), Partnership.objects.count())
    from peoplezones.community.models import Booking, Certificate, Event, Group

    community = (Group.objects.count(), Event.objects.count(), Booking.objects.count())
    assert community[0] >= 3 and Certificate.objects.count() == 1
    assert Booking.objects.filter(status="waiting").exists()
    from peoplezones.volunteering.models import Concern, HelpRequest, Match

    helping = (HelpRequest.objects.count(), Match.objects.count(), Concern.objects.count())
    assert helping == (2, 1, 1)
    call_command("load_demo", "--quiet")
    assert (User.objects.count(), Zone.objects.count(), Application.objects.count()) == counts
    assert (Group.objects.count(), Event.objects.count(), Booking.objects.count()) == community
    assert (HelpRequest.objects.count(), Match.objects.count(), Concern.objects.count()) == helping
    assert (
        Objective.objects.count(),
        Action.objects.count(),
        Partnership.objects.count(),
    ) == plan_counts


def test_totp_code_prints_a_code_for_demo_accounts_only(demo, capsys):
    call_command("totp_code", "staff@example.org")
    assert capsys.readouterr().out.strip().isdigit()


def test_demo_tool_kit_has_history_moderation_and_experience(demo, settings, tmp_path):
    from peoplezones.toolkit.models import Experience, Option, Revision, RevisionStatus

    settings.MEDIA_ROOT = tmp_path
    counts = (Option.objects.count(), Revision.objects.count(), Experience.objects.count())
    call_command("load_demo", quiet=True, verbosity=0)
    assert (Option.objects.count(), Revision.objects.count(), Experience.objects.count()) == counts
    assert counts[0] >= 25
    assert Option.objects.filter(version__gte=2).exists()
    statuses = set(Revision.objects.values_list("status", flat=True))
    assert {RevisionStatus.PENDING, RevisionStatus.CHANGES, RevisionStatus.PUBLISHED} <= statuses
    assert Experience.objects.filter(visibility="partnership").exists()
    assert Option.objects.exclude(actions=None).exists()


def test_demo_assets_points_and_skills_are_realistic_and_rerun_cleanly(demo, settings, tmp_path):
    from peoplezones.assets import gaps
    from peoplezones.assets.models import Asset, Category, ResidentialPoint, SkillOffer

    settings.MEDIA_ROOT = tmp_path
    counts = (Asset.objects.count(), ResidentialPoint.objects.count(), SkillOffer.objects.count())
    assert counts[0] >= 250 and counts[1] >= 300 and counts[2] >= 40
    assert Asset.objects.values("category").distinct().count() >= 15
    for zone in Zone.objects.all():
        assert zone.assets.count() >= 15, zone
    # The demo leaves a real gap for gap analysis to find, and a Zone without one.
    food = Category.objects.get(slug="food-bank")
    assert gaps.analyse(Zone.objects.get(slug="bell-foundry-loughborough"), food).percent == 100
    assert gaps.analyse(Zone.objects.get(slug="braunstone-park"), food).percent < 60
    call_command("load_demo", "--quiet")
    assert (
        Asset.objects.count(),
        ResidentialPoint.objects.count(),
        SkillOffer.objects.count(),
    ) == counts


def test_demo_survey_has_two_waves_paper_forms_themes_and_a_linked_objective(demo):
    from peoplezones.research import results
    from peoplezones.research.models import Response, Survey, Tag

    survey = Survey.objects.get(slug="braunstone-park-how-is-the-area")
    assert survey.waves.count() == 2 and survey.results_published
    assert Response.objects.filter(wave__survey=survey, channel="paper").count() == 75
    assert Tag.objects.filter(theme__survey=survey).exists()
    objective = Objective.objects.get(survey=survey, survey_result="share_safety_dark")
    waves = list(survey.waves.all())
    (row,) = results.compute(
        survey, waves, compare=(waves[0], waves[1]), only=["share_safety_dark"]
    )
    assert all(not cell.hidden for cell in row.cells) and "people answered" in row.change
    assert objective.zone.slug == "braunstone-park"
    responses = Response.objects.count()
    call_command("load_demo", quiet=True, verbosity=0)
    assert Response.objects.count() == responses


def test_demo_has_four_years_of_police_data_comparisons_and_locked_measures(demo):
    from peoplezones.evaluation.models import LockedMeasure
    from peoplezones.outcomes import queries
    from peoplezones.outcomes.models import Batch, Crime, DemandRecord

    kinds = Counter(Batch.objects.values_list("kind", flat=True))
    assert kinds == {"street": 48, "outcomes": 3, "demand": 1}
    zone = Zone.objects.get(slug="braunstone-park")
    comparison = queries.compare(zone)
    assert comparison is not None and comparison.did.beyond_chance and comparison.did.estimate < 0
    fires = [c for c, _label in queries.categories_seen(zone) if c.startswith(queries.DEMAND)]
    assert len(fires) == 1 and queries.compare(zone, fires[0]) is not None
    # Each launched Zone's measures locked on its launch day; one changed later, with a reason.
    locked = LockedMeasure.objects.filter(zone=zone)
    assert {m.locked_at.date() for m in locked.filter(version=1)} == {zone.launch_date}
    assert locked.filter(version=2).exclude(reason="").count() == 1
    rows, demand = Crime.objects.count(), DemandRecord.objects.count()
    measures = LockedMeasure.objects.count()
    call_command("load_demo", quiet=True, verbosity=0)
    assert Crime.objects.count() == rows and DemandRecord.objects.count() == demand
    assert LockedMeasure.objects.count() == measures
