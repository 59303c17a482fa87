"""The kinds of help neighbours ask for, with the DBS check each needs, installed after every
migrate (and so after a test database is flushed); those already there are left as staff set them.
Levels follow the usual practice for work with adults who may be vulnerable: time alone with
someone in their home, or driving them, needs an enhanced check; errands and phone calls a basic
one; help given in a group setting or outdoors none."""

from typing import Any

from peoplezones.volunteering.models import HelpType

HELP_TYPES = [
    # slug, name, description, DBS level (0 none, 1 basic, 2 standard, 3 enhanced), one to one
    ("weekly-visit", "Weekly visit", "A regular visit for a chat and a cup of tea.", 3, True),
    ("lift-to-appointments", "Lift to appointments", "Driving someone to the doctor, hospital or "
     "shops and back.", 3, True),
    ("shopping", "Shopping and errands", "Picking up shopping or prescriptions and dropping them "
     "at the door.", 1, False),
    ("phone-friend", "Phone friend", "A regular phone call.", 1, False),
    ("digital-help", "Digital help", "Help with a phone, tablet or computer, at a drop-in session.",
     0, False),
    ("gardening", "Gardening", "Help keeping a garden tidy, working outdoors.", 0, False),
]  # fmt: skip


def install_missing(*args: Any, **kwargs: Any) -> None:
    held = set(HelpType.objects.values_list("slug", flat=True))
    HelpType.objects.bulk_create(
        HelpType(slug=slug, name=name, description=description, dbs_level=level,
                 one_to_one=one_to_one)
        for slug, name, description, level, one_to_one in HELP_TYPES
        if slug not in held
    )  # fmt: skip
