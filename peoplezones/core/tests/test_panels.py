"""Slots that other apps fill: a panel shows only to whom its app says, in order; the dashboard
gathers each app's panels without core importing any of them."""

import pytest
from django.test import Client, RequestFactory

from peoplezones.core import panels
from peoplezones.core.panels import DASHBOARD, Panel, Slot
from tests import factories


def test_a_slot_renders_the_panels_for_this_person_in_order(monkeypatch):
    rendered = []

    def render(template, context, request):
        rendered.append(request)
        return f"{template} {sorted(context.items())}"

    monkeypatch.setattr(panels, "render_to_string", render)
    slot = Slot("test")
    slot.register(Panel("b", "two.html", lambda request, zone: {"extra": "x"}, order=20))
    slot.register(Panel("a", "one.html", lambda request, zone: {}, order=10))
    slot.register(Panel("hidden", "one.html", lambda request, zone: None, order=5))
    request = RequestFactory().get("/")
    assert [str(p) for p in slot.render(request, zone="Z")] == [
        "one.html [('zone', 'Z')]",
        "two.html [('extra', 'x'), ('zone', 'Z')]",
    ]
    assert rendered == [request, request]  # each panel sees the request, as any page


@pytest.mark.django_db
def test_the_dashboard_shows_each_app_s_panels_to_whom_they_are_for():
    names = [p.name for p in DASHBOARD.panels()]
    assert names == ["applications.inbox", "zones.coordinated", "zones.partner",
                     "outcomes.partner_figures", "zones.followed"]  # fmt: skip
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator], name="Braunstone Park")
    partner = factories.PartnerFactory()
    factories.ActionFactory(zone=zone, organisation=partner.organisation, title="Street lights")
    pages = {}
    for name, person in [("staff", factories.StaffFactory()), ("coordinator", coordinator),
                         ("partner", partner), ("resident", factories.UserFactory())]:  # fmt: skip
        client = Client()
        client.force_login(person)
        pages[name] = client.get("/dashboard/").content.decode()
    assert "new application" in pages["staff"] and "new application" not in pages["coordinator"]
    assert (
        "Zones you coordinate" in pages["coordinator"] and "Braunstone Park" in pages["coordinator"]
    )
    assert "open actions" in pages["partner"] and "Street lights" in pages["partner"]
    assert "figures" in pages["partner"] and "Send demand figures" not in pages["resident"]
    assert "Zones you coordinate" not in pages["resident"]
