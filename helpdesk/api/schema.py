"""The schema tells the truth about errors: every operation declares the error answers it gives.

Each view declares its successes (and any error of its own) with ``extend_schema``; the error
answers every endpoint can give (400 for a bad parameter, 401 without credentials, 403, 404,
429, 503 while a dependency is down, and for a write 409, 413, 415, 422) are added here, all in
``ErrorOutput``'s shape.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from helpdesk.api.serializers import ErrorOutput

READ_ERRORS = {
    "400": "Paramètre invalide : ``fields`` le nomme.",
    "401": "Non identifié : ni session, ni jeton valide.",
    "403": "Identifié, mais ce rôle ne permet pas cette action (ou jeton CSRF absent).",
    "404": "N'existe pas, ou n'est pas visible de cet utilisateur.",
    "406": "Format de réponse demandé non disponible.",
    "429": "Trop de requêtes : réessayer après ``Retry-After`` secondes.",
    "503": "Une dépendance (base, cache, cœur des comptes) est indisponible ; ``Retry-After``.",
}
WRITE_ERRORS = {
    "409": "Conflit : version périmée, état qui ne permet plus l'action, clé d'idempotence déjà "
    "servie pour un autre corps.",
    "413": "Fichier trop gros ou trop de fichiers.",
    "415": "Type de contenu ou de fichier refusé.",
    "422": "Fichier refusé après examen (structure, contenu actif, antivirus).",
}
PUBLIC_ERRORS = {"406": READ_ERRORS["406"], "429": READ_ERRORS["429"]}


class GuichetAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        public = not getattr(self.view, "authentication_classes", True)
        errors = dict(PUBLIC_ERRORS if public else READ_ERRORS)
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorOutput, code, direction=direction)
                responses[code] = {**response, "description": description}
        return dict(sorted(responses.items()))


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "helpdesk.api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "helpdesk.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Un jeton d'accès personnel, créé sur la page « Mon profil ».",
        }
