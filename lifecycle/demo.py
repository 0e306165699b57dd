"""Demo requests of the structured types and of the question, for the demo employer.

Filed and moved through the same services as the pages, so each has its history, messages and
e-mails. Idempotent: nothing is added when the demo employer already has requests of these types.
"""

from __future__ import annotations

from typing import Any

from lifecycle.models import Request, Theme
from lifecycle.services import requests as services
from users.models import User

EMPLOYER = "employeur@demo.guichet.fr"
TECHNICIAN = "technicien@demo.guichet.fr"
SIRET = "73282932000074"
TYPES = ("admin_removal", "enrolment_cancellation", "question")


def _subtheme(theme: str, subtheme: str) -> tuple[str, str]:
    parent, _created = Theme.objects.get_or_create(name=theme, parent=None)
    Theme.objects.get_or_create(name=subtheme, parent=parent)
    return theme, subtheme


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    employer = User.objects.filter(email=EMPLOYER).first()
    technician = User.objects.filter(email=TECHNICIAN).first()
    if employer is None or technician is None:
        stdout.write("Demandes de démonstration : utilisateurs de démonstration absents.")
        return []
    if Request.objects.filter(requester=employer, type_key__in=TYPES).exists():
        stdout.write("Demandes de démonstration : déjà chargées.")
        return []

    # A question answered by the technician (Résolu).
    theme, subtheme = _subtheme("Se connecter sur le site", "Connexion par mot de passe")
    answered = services.request_file(
        requester=employer,
        type_key="question",
        description="Mon mot de passe est refusé depuis ce matin, alors que je ne l'ai pas "
        "changé. Que dois-je faire ?",
        siret=SIRET,
        theme=theme,
        subtheme=subtheme,
        subject="Mot de passe refusé",
    )
    answered = services.request_take(request=answered, actor=technician)
    services.request_resolve(
        request=answered,
        actor=technician,
        outcome="done",
        message="Après 5 essais infructueux, le compte est bloqué 60 minutes. Passé ce délai, "
        "utilisez « Mot de passe oublié » sur la page de connexion.",
    )

    # A question waiting to be taken.
    theme, subtheme = _subtheme(
        "S'inscrire sur le site", "Activation de l'inscription (cooptation ou clé d'activation)"
    )
    services.request_file(
        requester=employer,
        type_key="question",
        description="Je n'ai pas reçu la clé d'activation par courrier. Peut-on me la renvoyer ?",
        siret=SIRET,
        theme=theme,
        subtheme=subtheme,
        subject="Clé d'activation non reçue",
    )

    # An administrator removal taken by the technician, ready to be executed.
    removal = services.request_file(
        requester=employer,
        type_key="admin_removal",
        description="Radiation de l'administrateur LEFÈVRE Jean-François et transfert de ses "
        "habilitations à DURAND Alice.\n\nMotif : départ de l'entreprise le 31 octobre.",
        siret=SIRET,
        data={
            "removed": {"last_name": "Lefèvre", "first_name": "Jean-François"},
            "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
            "reason": "Départ de l'entreprise le 31 octobre.",
        },
    )
    services.request_take(request=removal, actor=technician)

    # An enrolment cancellation waiting for the signed form.
    cancellation = services.request_file(
        requester=employer,
        type_key="enrolment_cancellation",
        description="Résiliation de l'inscription de l'établissement (SIRET 73282932000074)."
        "\n\nMotif : Mauvais type d'inscription choisi (mono-établissement, "
        "multi-établissements ou tiers déclarant)",
        siret=SIRET,
        data={
            "scope": "establishment",
            "identifier": SIRET,
            "reason": "wrong_type",
            "reason_label": "Mauvais type d'inscription choisi (mono-établissement, "
            "multi-établissements ou tiers déclarant)",
            "requester_name": {"last_name": "Durand", "first_name": "Alice"},
        },
    )
    cancellation = services.request_take(request=cancellation, actor=technician)
    services.request_ask_info(
        request=cancellation,
        actor=technician,
        message="Merci de joindre le formulaire de résiliation signé par l'administrateur.",
    )
    stdout.write("Demandes de démonstration : 4 demandes ajoutées pour l'employeur.")
    return []
