"""A technician's saved queues: save his current filters under a name, or delete one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lifecycle.errors import InvalidInput
from lifecycle.models import SavedQueue
from lifecycle.queues import QueueQuery

NAME_MAX = 80


def saved_queue_save(*, owner: Any, name: str, query: QueueQuery) -> SavedQueue:
    """Save (or overwrite, under the same name) the query's view, sort and filters."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("name_required", _("Donnez un nom à cette file."))
    if len(name) > NAME_MAX:
        raise InvalidInput(
            "name_too_long", _("Le nom d'une file tient en %(n)d caractères.") % {"n": NAME_MAX}
        )
    saved, _created = SavedQueue.objects.update_or_create(
        owner=owner, name=name, defaults={"params": query.params()}
    )
    return saved


def saved_queue_delete(*, owner: Any, pk: int) -> bool:
    """Delete one of the owner's saved queues; False if he has none with this id."""
    deleted, _rows = SavedQueue.objects.filter(owner=owner, pk=pk).delete()
    return bool(deleted)
