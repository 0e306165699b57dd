"""The transition log and the audit events are append-only, in the ORM and in PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lifecycle.models import AuditEvent, TransitionLog
from lifecycle.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(alice, file_request) -> TransitionLog:
    return file_request(alice).transitions.get()


def test_the_orm_refuses_to_update_or_delete_a_log_row(log):
    log.comment = "réécrit"
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=log.pk).update(comment="réécrit")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.all().delete()
    assert TransitionLog.objects.get(pk=log.pk).comment == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE lifecycle_transitionlog SET comment = 'réécrit'",
        "DELETE FROM lifecycle_transitionlog",
        "UPDATE lifecycle_auditevent SET kind = 'x'",
        "DELETE FROM lifecycle_auditevent",
    ],
)
def test_postgresql_refuses_to_update_or_delete_history(log, alice, sql):
    assert connection.vendor == "postgresql"
    AuditEvent.objects.create(kind="attachment.denied", actor=alice, at=log.at)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert TransitionLog.objects.get(pk=log.pk).comment == ""
    assert AuditEvent.objects.filter(kind="attachment.denied").count() == 1


def test_postgresql_still_accepts_new_history_rows(log):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lifecycle_transitionlog "
            "(request_id, name, from_state, to_state, actor_role, comment, details, at) "
            "VALUES (%s, 'take', 'submitted', 'in_progress', 'technician', '', '{}', now())",
            [log.request_id],
        )
    assert TransitionLog.objects.filter(request_id=log.request_id).count() == 2
