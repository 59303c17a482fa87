"""The documented JSON format: export, import all-or-nothing, safe to repeat, clear errors."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from peoplezones.toolkit import exchange
from peoplezones.toolkit.models import EvidenceChange, Option, Revision
from peoplezones.toolkit.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def seed_data():
    from peoplezones.toolkit.management.commands.import_toolkit import SEED

    return json.loads(SEED.read_text("utf-8"))


def test_seed_options_are_complete_and_valid():
    data = exchange.parse(json.dumps(seed_data()).encode())
    assert len(data["options"]) >= 25
    for item in data["options"]:
        assert item["steps"].count("\n1.") + item["steps"].startswith("1.") >= 1, item["slug"]
        assert item["risks"], item["slug"]
        assert set(item["emmie"]) == {
            "effect",
            "mechanism",
            "moderators",
            "implementation",
            "economic",
        }


def test_import_is_safe_to_repeat_and_records_evidence():
    call_command("import_toolkit", verbosity=0)
    count = Revision.objects.count()
    call_command("import_toolkit", verbosity=0)
    assert Option.objects.count() == len(seed_data()["options"])
    assert Revision.objects.count() == count
    watch = Option.objects.get(slug="neighbourhood-watch")
    assert watch.evidence_status == "promising"
    assert "College of Policing" in EvidenceChange.objects.get(option=watch).reason


def test_export_then_import_elsewhere_round_trips(client):
    call_command("import_toolkit", verbosity=0)
    exported = client.get(reverse("toolkit:export")).json()
    assert exported["format"] == "peoplezones-toolkit" and exported["version"] == 1
    exchange.parse(json.dumps(exported).encode())  # valid against the published schema
    # Change one option and import the export: only that one gets a new version.
    Option.objects.filter(slug="repair-cafe").update(summary="Changed here")
    exported["options"][0]["summary"] = "Improved by the other programme"
    result = exchange.import_options(exported, source="Other programme")
    assert result.changed == [exported["options"][0]["slug"]]
    assert len(result.unchanged) == len(exported["options"]) - 1
    option = Option.objects.get(slug=exported["options"][0]["slug"])
    assert option.version == 2 and option.current.credit == "Other programme"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["options"][2].update(themes=["lonley"]),
            "options[2].themes[0]: 'lonley' is not one of",
        ),
        (lambda d: d["options"][0].pop("title"), "options[0]: 'title' is a required property"),
        (
            lambda d: d["options"][1].update(money_band="cheap"),
            "options[1].money_band: 'cheap' is not one of",
        ),
        (
            lambda d: d["options"][3]["emmie"]["effect"].update(strength=7),
            "options[3].emmie.effect.strength: 7 is greater than the maximum of 3",
        ),
        (lambda d: d.update(version=2), "version: 1 was expected"),
        (lambda d: d["options"][4].update(slug=d["options"][5]["slug"]), "options[5].slug: "),
    ],
)
def test_bad_file_names_the_problem_and_changes_nothing(mutate, message):
    data = seed_data()
    mutate(data)
    with pytest.raises(exchange.ImportError_) as refused:
        exchange.parse(json.dumps(data).encode(), filename="shared.json")
    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert all(problem.startswith("shared.json") for problem in refused.value.problems)
    assert Option.objects.count() == 0


def test_malformed_json_names_line_and_column(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "peoplezones-toolkit",\n  "version": 1,\n  "options": [,]}')
    with pytest.raises(CommandError, match=r"broken.json is not valid JSON: .* line 3, column 15"):
        call_command("import_toolkit", str(bad), verbosity=0)
    assert Option.objects.count() == 0


def test_staff_import_page(people):
    staff = client_for(people["staff"])
    data = seed_data()
    data["options"] = data["options"][:3]
    upload = SimpleUploadedFile("kit.json", json.dumps(data).encode(), "application/json")
    response = staff.post(reverse("toolkit:import"), {"file": upload, "source": "Kent"})
    assert "3 added, 0 changed, 0 unchanged, 0 kept as edited here" in response.content.decode()
    data["options"][1]["themes"] = ["nope"]
    upload = SimpleUploadedFile("kit2.json", json.dumps(data).encode(), "application/json")
    response = staff.post(reverse("toolkit:import"), {"file": upload, "source": "Kent"})
    assert response.status_code == 400
    assert (
        "kit2.json: options[1].themes[0]: &#x27;nope&#x27; is not one of"
        in response.content.decode()
    )
    assert Option.objects.count() == 3


def test_import_never_overwrites_a_version_written_here(people):
    from peoplezones.toolkit import services

    call_command("import_toolkit", verbosity=0)
    option = Option.objects.get(slug="repair-cafe")
    edit = services.propose_edit(
        option=option,
        contributor=people["resident"],
        content={**option.content(), "summary": "Our better summary"},
        base_id=option.current_id,
    )
    services.publish(revision=edit, moderator=people["staff"], lock=edit.lock)
    result = exchange.import_options(seed_data(), source="People Zones Tool Kit")
    assert result.kept_local == ["repair-cafe"]
    option.refresh_from_db()
    assert option.summary == "Our better summary" and option.version == 2
