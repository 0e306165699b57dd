"""The sandbox core's HTTP contract (docs/core-openapi.yaml): JSON in, JSON out, bearer token."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

import core_contract as contract
from common import json_depth
from core_contract import CoreError, InvalidInput, PersonName, Unauthorized
from sandbox_core import core

View = Callable[..., JsonResponse]


def _from_loopback(request: HttpRequest) -> bool:
    """The peer address (REMOTE_ADDR, never a forwarded header) is this machine."""
    try:
        return ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", ""))).is_loopback
    except ValueError:
        return False


def _error(error: CoreError) -> JsonResponse:
    return JsonResponse(error.to_json(), status=error.http_status)


def core_api(view: View) -> View:
    """Bearer-token check, CoreError → typed JSON error, no caching."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        if not _from_loopback(request):
            raise Http404  # only the desk, on this machine, reaches the sandbox's API
        token = settings.SANDBOX_CORE_API_TOKEN
        header = request.headers.get("Authorization", "")
        expected = f"Bearer {token}"
        if not token or not hmac.compare_digest(header.encode(), expected.encode()):
            return _error(Unauthorized())
        try:
            response = view(request, *args, **kwargs)
        except CoreError as error:
            response = _error(error)
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json_depth.loads(request.body or b"{}")
    except json_depth.JSONTooDeep as exc:
        raise InvalidInput(str(exc)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Le corps de la requête n'est pas du JSON valide.") from exc
    if not isinstance(data, dict):
        raise InvalidInput("Le corps de la requête doit être un objet JSON.")
    return data


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"Le champ « {name} » est obligatoire.")
    return value


def _person(data: dict[str, Any], name: str, *, required: bool = True) -> PersonName | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, dict):
        raise InvalidInput(f"Le champ « {name} » doit donner last_name et first_name.")
    return PersonName(_text(value, "last_name"), _text(value, "first_name"))


def _key(request: HttpRequest) -> str:
    return request.headers.get("Idempotency-Key", "")


@core_api
@require_GET
def establishment_detail(request: HttpRequest, siret: str) -> JsonResponse:
    return JsonResponse(contract.to_json(core.find_establishment(siret)))


@core_api
@require_GET
def establishment_actors(request: HttpRequest, siret: str) -> JsonResponse:
    actors = core.list_actors(siret)
    return JsonResponse({"actors": [contract.to_json(a) for a in actors]})


@core_api
@require_GET
def company_detail(request: HttpRequest, siren: str) -> JsonResponse:
    return JsonResponse(contract.to_json(core.find_company(siren)))


@core_api
@require_POST
def administrator_removals(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    removed = _person(data, "removed")
    assert removed is not None
    result = core.remove_administrator(
        siret=_text(data, "siret"),
        removed=removed,
        beneficiary=_person(data, "beneficiary", required=False),
        idempotency_key=_key(request),
    )
    return JsonResponse(contract.to_json(result))


@core_api
@require_POST
def reset_links(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    administrator = _person(data, "administrator")
    assert administrator is not None
    over_quota = data.get("allow_over_quota", False)
    if not isinstance(over_quota, bool):
        raise InvalidInput("Le champ « allow_over_quota » doit être un booléen.")
    result = core.issue_reset_link(
        siret=_text(data, "siret"),
        administrator=administrator,
        recipient_email=_text(data, "recipient_email"),
        request_ref=_text(data, "request_ref"),
        idempotency_key=_key(request),
        allow_over_quota=over_quota,
    )
    return JsonResponse(contract.to_json(result))


@core_api
@require_GET
def reset_link_detail(request: HttpRequest, link_id: str) -> JsonResponse:
    return JsonResponse(contract.to_json(core.link_status(link_id)))


@core_api
@require_POST
def enrolment_cancellations(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    scope = _text(data, "scope")
    if scope not in ("company", "establishment"):
        raise InvalidInput("La portée doit être « company » ou « establishment ».")
    result = core.cancel_enrolment(
        scope=scope,  # type: ignore[arg-type]
        identifier=_text(data, "identifier"),
        idempotency_key=_key(request),
    )
    return JsonResponse(contract.to_json(result))
