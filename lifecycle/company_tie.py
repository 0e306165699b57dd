"""Whether a requester is tied to the company his request concerns (DESIGN §3.1, §3.3).

A requester may ask for an administrator's removal or an enrolment's cancellation only for a
company he belongs to: the SIREN of the SIRET in his profile is the company's, or his address
(verified by the desk) is that of an actor of the company on the core. Names alone do not tie:
officers' names are public. The tie found at filing is kept in the request's data and shown to
the technician.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core_contract import Actor

PROFILE_SIREN = "profile_siren"
CORE_ACTOR = "core_actor"
NONE = "none"

LABELS: dict[str, str | Promise] = {
    PROFILE_SIREN: _("SIREN du profil"),
    CORE_ACTOR: _("acteur de l'entreprise sur le cœur des comptes"),
    NONE: _("aucun lien"),
}

NOT_TIED = _(
    "Vous n'êtes pas rattaché(e) à cette entreprise : ni le SIRET de votre profil ni votre "
    "adresse électronique ne vous y relient. Seule une personne de l'entreprise peut faire "
    "cette demande : vérifiez le SIRET saisi, ou celui de votre profil."
)


def company_tie(*, user: Any, siren: str, actors: Iterable[Actor]) -> str:
    """``PROFILE_SIREN``, ``CORE_ACTOR`` or ``NONE`` for ``user`` and the company ``siren``."""
    profile_siret = str(getattr(user, "siret", "") or "")
    if siren and profile_siret[:9] == siren:
        return PROFILE_SIREN
    email = str(getattr(user, "email", "") or "").strip().casefold()
    if email and any(actor.email.strip().casefold() == email for actor in actors):
        return CORE_ACTOR
    return NONE


def company_tie_label(tie: str | None) -> str:
    """What the staff page reads; requests filed before the check have no tie recorded."""
    if tie is None:
        return str(_("non vérifié (demande déposée avant ce contrôle)"))
    return str(LABELS.get(tie, LABELS[NONE]))
