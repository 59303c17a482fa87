"""The Tool Kit's options in the site's search: title, summary, what they involve and the
experience Zones have published of them."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from peoplezones.search import registry
from peoplezones.toolkit.models import Experience, Option, Visibility
from peoplezones.zones.models import Zone


def public_experiences() -> QuerySet[Experience]:
    return Experience.objects.filter(visibility=Visibility.PUBLIC).filter(
        Q(zone__isnull=True) | Q(zone__is_published=True)
    )


def public() -> QuerySet[Option]:
    return Option.objects.prefetch_related(
        Prefetch("experiences", queryset=public_experiences(), to_attr="public_experiences")
    )


def describe(option: Option) -> registry.Document:
    experience = " ".join(
        f"{e.what_they_did} {e.what_happened} {e.results}" for e in option.public_experiences
    )
    return registry.Document(
        title=option.title,
        url=option.get_absolute_url(),
        summary=option.summary,
        body=f"{option.search_body}\n{experience}",
        detail=" · ".join(option.theme_labels()),
    )


def register() -> None:
    registry.register(
        registry.Kind(
            key="option", label=_("Tool Kit options"), model=Option, public=public,
            describe=describe, order=10,
            follows=(
                (Experience, lambda experience: [experience.option_id]),
                (Zone, lambda zone: Option.objects.filter(experiences__zone=zone)
                 .values_list("pk", flat=True)),
            ),
        )
    )  # fmt: skip
