"""The register is gathered from every app, and what it publishes is what the retention job does:
each period is written once, in its rule, and both the page and the job read it from there."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from peoplezones.community.models import GroupMessage
from peoplezones.privacy import register, retention
from peoplezones.privacy.register import AppPrivacy, Basis, Holding, Kept, Personal, Rule
from peoplezones.volunteering import services as volunteering
from peoplezones.volunteering.models import DbsCheck, Match, MatchStatus, Visit
from tests import factories

# A length of time in words: every one the register states must come from a rule.
PERIOD = re.compile(r"\b\d+\s*(day|week|month|year)s?\b", re.IGNORECASE)


def test_every_app_with_personal_data_registers_its_own():
    declared = register.apps()
    for label, app in declared.items():
        for holding in app.holdings:
            owner = holding.model.split(".")[0]
            if label != "privacy":  # the platform declares Django's and its libraries' models
                assert owner == label, f"{label} declares {holding.model}, another app's model"
    assert {"volunteering", "applications", "community", "research", "assets"} <= set(declared)


def test_no_period_is_written_outside_a_rule():
    loose = [
        f"{h.model}.{name}: {item.retention!r}"
        for h in register.holdings()
        for name, item in h.fields.items()
        if isinstance(item.retention, str) and PERIOD.search(item.retention)
    ]
    assert not loose, f"periods the retention job does not apply: {loose}"


def test_the_registry_has_no_problems():
    assert register.problems() == []


def test_a_model_or_rule_declared_twice_is_refused(monkeypatch):
    monkeypatch.setattr(register, "_APPS", dict(register._APPS))
    twice = AppPrivacy(holdings=(register.by_model()["volunteering.Visit"],))
    with pytest.raises(ImproperlyConfigured, match=r"volunteering\.Visit"):
        register.register("elsewhere", twice)
    rule = AppPrivacy(retention=(register.rule("visit_notes"),))
    with pytest.raises(ImproperlyConfigured, match="visit_notes"):
        register.register("elsewhere", rule)


def test_a_period_naming_no_rule_and_an_anonymiser_missing_are_reported(monkeypatch):
    monkeypatch.setattr(register, "_APPS", dict(register._APPS))
    register.register(
        "made_up",
        AppPrivacy(
            holdings=(
                Holding(
                    "made_up.Thing", "Nobody", (),
                    {
                        "note": Personal("Testing", Basis.CONSENT, Kept("no_such_rule")),
                        "name": Personal("Testing", Basis.CONSENT, "Until withdrawn", "anonymise"),
                    },
                ),
            )
        ),
    )  # fmt: skip
    found = " ".join(register.problems())
    assert "no_such_rule" in found and "made_up.Thing.name" in found


def test_a_rule_period_reads_the_setting(settings):
    rule = Rule("example", "Examples erased", 365, lambda before: 0)
    assert rule.period() == "1 year"
    settings.PZ_RETENTION_DAYS = {"example": 100}
    assert rule.period() == "100 days"
    now = timezone.now()
    assert retention.cutoff(rule, now) == now - timedelta(days=100)
    assert retention.cutoff(Rule("now", "Expired", None, lambda now: 0), now) == now


def _page(client) -> str:
    return re.sub(r"\s+", " ", client.get("/privacy/register/").content.decode())


@pytest.mark.django_db
def test_the_register_page_prints_every_period_the_job_applies(client, settings):
    # An odd number of days per rule, so each can be found on the page.
    settings.PZ_RETENTION_DAYS = {
        rule.name: 101 + 2 * i for i, rule in enumerate(register.rules()) if rule.default_days
    }
    page = _page(client)
    for rule in register.rules():
        if rule.default_days:
            days = settings.PZ_RETENTION_DAYS[rule.name]
            assert f"{days} days" in page, f"{rule.name}: {days} days not on the register page"
    for holding in register.holdings():
        for name, item in holding.fields.items():
            if isinstance(item.retention, Kept):
                assert item.kept in page, f"{holding.model}.{name}"


@pytest.fixture
def ended_visit(db):
    zone = factories.zone_with_boundary()
    volunteer = factories.VolunteerFactory()
    factories.make_offer(zone, volunteer=volunteer)
    DbsCheck.objects.create(
        volunteer=volunteer, level=3, certificate_number="001234567891", seen_on="2026-01-01",
        renew_by="2029-01-01",
    )  # fmt: skip
    match = volunteering.confirm_match(
        factories.make_help_request(zone), volunteer, by=factories.StaffFactory()
    )
    visit = volunteering.check_in(match)
    volunteering.check_out(visit, notes="Went well")
    Match.objects.filter(pk=match.pk).update(
        status=MatchStatus.ENDED, ended_at=timezone.now() - timedelta(days=50)
    )
    group = factories.make_group(zone)
    message = GroupMessage.objects.create(group=group, sender=volunteer, body="Hello organisers")
    GroupMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(days=50)
    )
    return visit, message


@pytest.mark.parametrize("days, erased", [(49, True), (51, False)])
def test_the_job_applies_the_period_the_page_prints(ended_visit, client, settings, days, erased):
    """Fifty days after the match ended: due under a 49-day period, not under a 51-day one;
    the register page says the same period as the job just applied."""
    visit, message = ended_visit
    settings.PZ_RETENTION_DAYS = {"visit_notes": days, "group_messages": days}
    page = _page(client)
    assert f"{days} days after the match ends" in page
    run = retention.apply()
    assert run.summary["visit_notes"] == int(erased)
    assert run.summary["group_messages"] == int(erased)
    assert (Visit.objects.get(pk=visit.pk).notes == "") is erased
    assert (GroupMessage.objects.get(pk=message.pk).body == "") is erased


def test_the_privacy_notes_list_every_rule_with_its_default():
    notes = (settings.BASE_DIR / "docs" / "privacy.md").read_text()
    for rule in register.rules():
        days = "at expiry" if rule.default_days is None else str(rule.default_days)
        assert f"| `{rule.name}` | {rule.says} | {days} |" in notes, rule.name
