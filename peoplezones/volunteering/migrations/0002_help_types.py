"""The kinds of help neighbours ask for, with the DBS check each needs. Levels follow the usual
practice for work with adults who may be vulnerable: time alone with someone in their home, or
driving them, needs an enhanced check; errands and phone calls a basic one; help given in a group
setting none. Coordinators can change them in the admin."""

from django.db import migrations

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


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    HelpType = apps.get_model("volunteering", "HelpType")
    for slug, name, description, level, one_to_one in HELP_TYPES:
        HelpType.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "dbs_level": level,
                      "one_to_one": one_to_one},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
