"""A Zone's boundary as a small still picture (inline SVG): shown where the interactive map cannot
be, without JavaScript and on paper."""

import math
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()
WIDTH = 320


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def picture(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The SVG path of a boundary, drawn with east-west shrunk by the cosine of the latitude so the
    shape is true to life, fitted to WIDTH across, north up; None without a boundary."""
    rings = _rings(geometry or {})
    points = [p for ring in rings for p in ring]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squash = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * squash, north - south, 1e-9)
    scale = (WIDTH - 20) / span
    height = round((north - south) * scale + 20)
    width = round((east - west) * squash * scale + 20)

    def xy(point: list[float]) -> str:
        return (
            f"{10 + (point[0] - west) * squash * scale:.1f},{10 + (north - point[1]) * scale:.1f}"
        )

    path = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in rings)
    return {"path": path, "width": width, "height": height}


@register.inclusion_tag("zones/includes/boundary_picture.html")
def boundary_picture(zone: Any, always: bool = False) -> dict[str, Any]:
    return {
        "zone": zone, "picture": picture(zone.boundary), "always": always,
        "label": _("Outline of the boundary of %(name)s, north at the top") % {"name": zone.name},
    }  # fmt: skip
