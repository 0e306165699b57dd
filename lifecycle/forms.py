"""The base of every request type's form: it validates (including checks against the account
core at filing time) and hands the filing service a ``Filing``; it decides nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.files import File


@dataclass(frozen=True)
class Filing:
    """What ``lifecycle.services.requests.request_file`` needs, produced by a valid type form."""

    description: str
    siret: str = ""
    theme: str = ""
    subtheme: str = ""
    subject: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    files: Sequence[File[bytes]] = ()

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "siret": self.siret,
            "theme": self.theme,
            "subtheme": self.subtheme,
            "subject": self.subject,
            "data": dict(self.data),
            "files": list(self.files),
        }


class RequestTypeForm(forms.Form):
    """A type's filing form. Subclasses declare fields, ``clean*`` and ``to_filing``.

    The same form validates the portal page and the API (one validation path), so every refusal
    has one French message. ``user`` is the requester filing it.
    """

    template_name_page = "helpdesk/portal/request_form.html"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def to_filing(self) -> Filing:
        raise NotImplementedError
