"""Test-only request types: one with a core action and its own condition, one plain question.

They exercise the extension points of ``lifecycle.registry.RequestType`` the real types use.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lifecycle.machine import Refusal
from lifecycle.registry import RequestType
from outbox.errors import PermanentError, TransientError


class FakeCore:
    """Stands for the account core behind accounts_bridge: records calls, fails on demand."""

    calls: ClassVar[list[tuple[int, str]]] = []
    fail_with: ClassVar[Exception | None] = None

    @classmethod
    def reset(cls) -> None:
        cls.calls = []
        cls.fail_with = None


class CoreActionType(RequestType):
    key = "test_core"
    label = "Type de test avec action"
    theme = "Se connecter sur le site"
    subtheme = "Connexion par mot de passe"
    subject = "OBJET FIXE"
    core_action = "Faire l'action de test"

    @classmethod
    def transition_refusal(cls, name: str, request: Any) -> Refusal | None:
        if name == "execute" and not request.data.get("documents_checked"):
            return Refusal("documents_not_checked", "Les pièces n'ont pas été vérifiées.")
        return None

    @classmethod
    def perform_core_action(cls, request: Any, *, idempotency_key: str) -> dict[str, Any]:
        if FakeCore.fail_with is not None:
            raise FakeCore.fail_with
        FakeCore.calls.append((request.pk, idempotency_key))
        return {"operation": "done"}

    @classmethod
    def resolution_message(cls, request: Any, result: dict[str, Any]) -> str:
        return "L'action a été réalisée sur votre compte."


class QuestionType(RequestType):
    key = "test_plain"
    label = "Question de test"

    @classmethod
    def after_transition(cls, name: str, request: Any, *, actor: Any, log: Any) -> None:
        """Fails on demand, to prove a failing action rolls the whole transition back."""
        if request.data.get("fail_after") == name:
            raise RuntimeError(f"{name} failed after the files were stored")


__all__ = ["CoreActionType", "FakeCore", "PermanentError", "QuestionType", "TransientError"]
