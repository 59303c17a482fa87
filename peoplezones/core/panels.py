"""Places on a page that other apps fill: the owner of a page declares a `Slot`, and each app
registers its `Panel`s there from its AppConfig.ready(). The owner renders whatever is registered
and imports none of the apps that fill it (the dashboard is core's; a Zone's pages are zones')."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    # (request, **what the page is about) -> the template's context, or None: not for this person.
    context: Callable[..., dict[str, Any] | None]
    order: int = 50


class Slot:
    """A named place on a page; panels come out in `order`, then by name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._panels: dict[str, Panel] = {}

    def register(self, panel: Panel) -> None:
        self._panels[panel.name] = panel

    def panels(self) -> list[Panel]:
        return sorted(self._panels.values(), key=lambda p: (p.order, p.name))

    def render(self, request: HttpRequest, **about: Any) -> list[SafeString]:
        """Each panel this person should see, rendered (the template gets `request` and `user`
        as any page does, and what the page is about)."""
        shown = []
        for panel in self.panels():
            context = panel.context(request, **about)
            if context is not None:
                # Rendered by the template engine, so already escaped and marked safe.
                shown.append(
                    render_to_string(panel.template, {**about, **context}, request=request)
                )
        return shown


# The signed-in person's dashboard: each app adds the work and places that are theirs.
DASHBOARD = Slot("dashboard")
