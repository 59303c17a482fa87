"""Anyone signed in proposes; staff moderate; every version is kept, diffed, credited, and can be
restored; nobody's edit silently overwrites another's."""

import pytest
from django.core import mail
from django.urls import reverse

from peoplezones.toolkit import services
from peoplezones.toolkit.models import Option, Revision, RevisionStatus
from peoplezones.toolkit.tests.conftest import client_for
from tests.factories import TOOLKIT_CONTENT

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "title": "Walking football for older men",
        "summary": "Slow-paced football for over-50s, weekly.",
        "themes": ["health", "older"],
        "steps": "1. Book a pitch.\n2. Tell the GP surgery.",
        "agencies": ["health"],
        "money_band": "low",
        "setup_time": "weeks",
        "licence": "on",
        "change_note": "New idea from our Zone",
    }
    for key in ("effect", "mechanism", "moderators", "implementation", "economic"):
        data[f"emmie_{key}"] = ""
        data[f"emmie_{key}_strength"] = "0"
    data.update(changes)
    return data


def test_propose_request_changes_amend_publish(people):
    resident, staff = people["resident"], people["staff"]
    response = client_for(resident).post(reverse("toolkit:propose"), form_data())
    revision = Revision.objects.get(status=RevisionStatus.PENDING)
    assert response.status_code == 302 and response.url == revision.get_absolute_url()
    assert Option.objects.count() == 0  # nothing public before moderation
    assert any("waiting for moderation" in m.subject for m in mail.outbox)

    moderator = client_for(staff)
    url = reverse("toolkit:moderate", args=[revision.pk])
    assert "Walking football" in moderator.get(url).content.decode()
    refused = moderator.post(url, {"decision": "changes", "note": "", "lock": revision.lock})
    assert refused.status_code == 400
    assert "Say what needs to change" in refused.content.decode()
    moderator.post(url, {"decision": "changes", "note": "Add the risks.", "lock": revision.lock})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.CHANGES
    assert mail.outbox[-1].to == [resident.email] and "Add the risks." in mail.outbox[-1].body

    page = client_for(resident).get(revision.get_absolute_url()).content.decode()
    assert "Add the risks." in page and "Make the changes" in page
    client_for(resident).post(
        revision.get_absolute_url(),
        {**form_data(risks="Check players' health first."), "lock": revision.lock},
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING and revision.lock == 2

    moderator.post(url, {"decision": "publish", "note": "", "lock": revision.lock})
    option = Option.objects.get()
    assert option.version == 1 and option.risks == "Check players' health first."
    body = client_for(people["other"]).get(option.get_absolute_url()).content.decode()
    assert "Walking football for older men" in body and "Rae Singh" in body  # credited
    assert "published" in mail.outbox[-1].subject


def test_reject_needs_a_reason_and_tells_the_contributor(people):
    revision = services.propose_option(contributor=people["resident"], content=TOOLKIT_CONTENT)
    moderator = client_for(people["staff"])
    url = reverse("toolkit:moderate", args=[revision.pk])
    moderator.post(url, {"decision": "reject", "note": "Already in the Tool Kit.", "lock": 1})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED
    assert "Already in the Tool Kit." in mail.outbox[-1].body


def test_moderator_acting_on_text_that_was_since_amended_is_refused(people):
    revision = services.propose_option(contributor=people["resident"], content=TOOLKIT_CONTENT)
    opened_lock = revision.lock
    services.amend(
        revision=revision,
        contributor=people["resident"],
        content={**TOOLKIT_CONTENT, "summary": "Changed meanwhile"},
        lock=opened_lock,
    )
    response = client_for(people["staff"]).post(
        reverse("toolkit:moderate", args=[revision.pk]),
        {"decision": "publish", "note": "", "lock": opened_lock},
    )
    assert response.status_code == 400
    assert "amended this proposal after you opened it" in response.content.decode()
    assert Option.objects.count() == 0


def test_two_people_editing_at_once_never_overwrite_each_other(option, people):
    base = option.current_id
    edit_url = reverse("toolkit:edit", args=[option.slug])
    first = client_for(people["resident"])
    second = client_for(people["other"])
    data = {**form_data(title=option.title, summary="First person's summary"), "base": base}
    assert first.post(edit_url, data).status_code == 302
    # Moderators publish the first edit.
    revision = Revision.objects.get(contributor=people["resident"])
    services.publish(revision=revision, moderator=people["staff"], lock=revision.lock)
    # The second person started from the same version: refused, with their text kept.
    data = {**form_data(title=option.title, summary="Second person's summary"), "base": base}
    response = second.post(edit_url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this option while you were editing" in body
    assert "version 2, published by Rae Singh" in body
    assert "Second person&#x27;s summary" in body or "Second person's summary" in body
    assert not Revision.objects.filter(contributor=people["other"]).exists()


def test_publishing_an_edit_written_against_an_old_version_is_blocked(option, people):
    content = option.content()
    a = services.propose_edit(
        option=option,
        contributor=people["resident"],
        content={**content, "summary": "A"},
        base_id=option.current_id,
    )
    b = services.propose_edit(
        option=option,
        contributor=people["other"],
        content={**content, "summary": "B"},
        base_id=option.current_id,
    )
    services.publish(revision=a, moderator=people["staff"], lock=a.lock)
    moderator = client_for(people["staff"])
    url = reverse("toolkit:moderate", args=[b.pk])
    assert "Publishing is blocked" in moderator.get(url).content.decode()
    response = moderator.post(url, {"decision": "publish", "note": "", "lock": b.lock})
    assert response.status_code == 400
    assert "written against an older version" in response.content.decode()
    option.refresh_from_db()
    assert option.summary == "A" and option.version == 2


def test_history_diff_and_restore(option, people):
    content = option.content()
    edit = services.propose_edit(
        option=option,
        contributor=people["resident"],
        content={**content, "summary": "Volunteers visit lonely neighbours twice a week."},
        base_id=option.current_id,
        change_note="Twice a week works better",
    )
    services.publish(revision=edit, moderator=people["staff"], lock=edit.lock)
    history = client_for(people["other"]).get(reverse("toolkit:history", args=[option.slug]))
    assert (
        "Version 2" in history.content.decode()
        and "Twice a week works better" in history.content.decode()
    )
    diff = client_for(people["other"]).get(reverse("toolkit:version", args=[option.slug, 2]))
    html = diff.content.decode()
    assert "visit <del>isolated older</del> <ins>lonely</ins> neighbours" in html
    assert "<del>every</del> <ins>twice a</ins> week." in html

    staff = client_for(people["staff"])
    stale = staff.post(reverse("toolkit:revert", args=[option.slug, 1]), {"current": 1})
    assert stale.status_code == 302
    option.refresh_from_db()
    assert option.version == 2  # refused: the page was out of date
    staff.post(reverse("toolkit:revert", args=[option.slug, 1]), {"current": option.current_id})
    option.refresh_from_db()
    assert option.version == 3
    assert option.summary == "Volunteers visit isolated older neighbours every week."
    assert option.current.reverted_from.number == 1


def test_only_the_contributor_amends_and_only_while_open(people):
    revision = services.propose_option(contributor=people["resident"], content=TOOLKIT_CONTENT)
    assert client_for(people["other"]).get(revision.get_absolute_url()).status_code == 404
    services.reject(revision=revision, moderator=people["staff"], note="No", lock=revision.lock)
    response = client_for(people["resident"]).post(revision.get_absolute_url(), form_data())
    assert response.status_code == 403
