"""A type's « Non conforme » reasons read from the admin's list (``NonComplianceReason``),
falling back to the type's own defaults while the list is empty.

``EditableReasons`` is a sequence of ``(code, label)`` like the static lists the forms and the
templates already read (``RequestType.resolve_reasons``), so they need no change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from django.utils.functional import Promise

from lifecycle.models.reasons import NonComplianceReason

Reason = tuple[str, str | Promise]


class EditableReasons(Sequence[Reason]):
    def __init__(self, type_key: str, *, defaults: Sequence[Reason]) -> None:
        self.type_key = type_key
        self.defaults = list(defaults)

    def _current(self) -> list[Reason]:
        rows = NonComplianceReason.objects.filter(type_key=self.type_key, is_active=True)
        found: list[Reason] = [(row.code, row.label) for row in rows.only("code", "label")]
        return found or self.defaults

    @overload
    def __getitem__(self, index: int) -> Reason: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Reason]: ...
    def __getitem__(self, index: int | slice) -> Reason | Sequence[Reason]:
        return self._current()[index]

    def __len__(self) -> int:
        return len(self._current())

    def __iter__(self) -> Iterator[Reason]:
        return iter(self._current())
