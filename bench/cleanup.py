"""Removing what a benchmark filed, so the seeded desk stays the seeded one.

The desk never deletes a request (its history is append-only, ``on_delete=PROTECT``): this is
the benchmark's own cleaning, by raw deletes of the rows that name the requests, their stored
files and their outbox effects, with the history's append-only triggers off for that one
transaction.
"""

from __future__ import annotations


def requests_filed_delete(*, after_id: int) -> int:
    """Deletes every non-seeded request whose id is above ``after_id``; returns how many."""
    from django.core.files.storage import default_storage
    from django.db import connection, transaction

    from lifecycle.models import Attachment, Message, Request
    from outbox.models import OutboxEffect

    filed = Request.objects.filter(id__gt=after_id, data__bench__isnull=True)
    ids = list(filed.values_list("id", flat=True))
    if not ids:
        return 0
    names = list(
        Attachment.objects.filter(request_id__in=ids)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # The history's append-only triggers would refuse: off for this transaction only (the
        # bench connects as the server's superuser).
        cursor.execute("SET LOCAL session_replication_role = replica")
        for relation in Request._meta.related_objects:
            model = relation.related_model
            if model is Message or isinstance(model, str):
                continue  # the messages after the attachments that name them
            model._base_manager.filter(request_id__in=ids)._raw_delete("default")
        Message.objects.filter(request_id__in=ids)._raw_delete("default")
        OutboxEffect.objects.filter(subject_ref__in=[f"request:{pk}" for pk in ids]).delete()
        Request.objects.filter(id__in=ids)._raw_delete("default")
    for name in names:
        default_storage.delete(name)
    return len(ids)
