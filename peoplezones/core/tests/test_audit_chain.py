"""The audit trail is tamper evident: every change, removal or reordering is found, redaction
is not; on PostgreSQL the database refuses edits and deletions outright."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from peoplezones.core import audit
from peoplezones.core.models import AuditEvent
from tests import factories


@pytest.fixture
def trail(db):
    staff = factories.StaffFactory(email="auditor@example.org")
    person = factories.UserFactory()
    return [
        audit.record(actor=staff, action="viewed", target=person, detail=f"look {n}")
        for n in range(5)
    ]


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_chain_verifies_and_links_each_entry_to_the_one_before(trail):
    assert audit.verify().ok and audit.verify().entries == 5
    assert [e.prev_hash for e in trail[1:]] == [e.hash for e in trail[:-1]]


def test_redaction_keeps_the_chain_whole(trail):
    audit.redact(AuditEvent.objects.filter(pk=trail[2].pk))
    entry = AuditEvent.objects.get(pk=trail[2].pk)
    assert entry.redacted and entry.actor_label == "erased" and entry.detail == ""
    assert audit.verify().ok


def test_the_models_refuse_edits_and_deletion(trail):
    entry = AuditEvent.objects.get(pk=trail[0].pk)
    entry.detail = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the edit")
@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("UPDATE core_auditevent SET detail = 'nothing to see' WHERE id = %s", "names or detail"),
        ("UPDATE core_auditevent SET action = 'changed' WHERE id = %s", "content was changed"),
        ("DELETE FROM core_auditevent WHERE id = %s", "does not follow"),
    ],
)
def test_tampering_is_found(trail, sql, problem):
    _raw(sql, [trail[2].pk])
    result = audit.verify()
    assert not result.ok and problem in result.problem
    assert result.broken_at == (trail[3].pk if sql.startswith("DELETE") else trail[2].pk)
    with pytest.raises(CommandError, match="broken"):
        call_command("audit_verify")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET detail = 'nothing to see' WHERE id = %s",
        "UPDATE core_auditevent SET action = 'changed', redacted = true WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_edits_and_deletion(trail, sql):
    with pytest.raises((InternalError, IntegrityError, ProgrammingError)), transaction.atomic():
        _raw(sql, [trail[2].pk])
    assert audit.verify().ok


def test_the_command_prints_the_head_and_checks_a_remembered_one(trail, capsys):
    call_command("audit_verify", expect_head=trail[-1].hash)
    assert trail[-1].hash in capsys.readouterr().out
    with pytest.raises(CommandError, match="removed"):
        call_command("audit_verify", expect_head="0" * 64)


def test_staff_search_the_trail(trail, staff_client):
    page = staff_client.get("/privacy/audit/", {"who": "auditor@", "action": "viewed"})
    assert page.status_code == 200 and page.content.count(b"look ") == 5
    target = f"core.user#{trail[0].target_id}"
    assert staff_client.get("/privacy/audit/", {"record": target}).content.count(b"look ") == 5
    assert b"look " not in staff_client.get("/privacy/audit/", {"who": "nobody"}).content
    checked = staff_client.get("/privacy/audit/", {"verify": "1"})
    assert b"The chain holds" in checked.content
