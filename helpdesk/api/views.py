"""The requests API. Querysets are scoped by role: another user's request is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, QueryDict
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import request as drf
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import idempotency
from helpdesk.api import serializers as s
from helpdesk.api.cursors import keyset_page, read_limit, staff_request_filters
from helpdesk.api.exceptions import error_body
from kb.visitor import visitor_key
from lifecycle import registry, selectors
from lifecycle.core_calls import CHECK_UNAVAILABLE
from lifecycle.errors import Forbidden
from lifecycle.machine import State
from lifecycle.models import Request
from lifecycle.services import four_eyes
from lifecycle.services import messages as message_services
from lifecycle.services import requests as request_services
from lifecycle.services.filing import request_submit
from lifecycle.services.transitions import transitions_allowed
from users import roles
from users.decorators import signed_in_user
from users.models import User
from users.permissions import IsVerifiedRequester


def _request_or_404(user: Any, number: str) -> Request:
    request = selectors.request_get(user=user, number=number)
    if request is None:
        raise Http404
    return request


def request_payload(request: Request, user: Any) -> dict[str, Any]:
    staff = roles.is_staff_member(user)
    output = s.StaffRequestListOutput if staff else s.RequestListOutput
    data: dict[str, Any] = dict(output(request).data)
    data["version"] = request.version
    data["data"] = request.data
    data["messages"] = s.MessageOutput(
        selectors.request_thread(request=request, user=user), many=True
    ).data
    data["allowed_transitions"] = allowed_output(request, user)
    data["timeline"] = [
        {
            "at": serializers.DateTimeField().to_representation(change.at),
            "event": change.event,
            "public_status": change.status.value,
            "public_status_label": str(change.status.label),
        }
        for change in selectors.portal_status_history(request=request)
    ]
    data["sla"] = s.SlaOutput(
        {
            "status": request.sla_status,
            "first_response_due": request.first_response_due,
            "resolution_due": request.resolution_due,
        }
    ).data
    if staff:
        data["last_error"] = request.last_error
        data["history"] = s.TransitionLogOutput(
            selectors.request_history(request=request), many=True
        ).data
        pending = four_eyes.execution_approval_pending(request)
        data["execution_approval"] = s.ExecutionApprovalOutput(pending).data if pending else None
    return data


def allowed_output(request: Request, user: Any) -> list[dict[str, Any]]:
    """The transitions the user may run now, and the four-eyes steps he may take."""
    return s.allowed_transitions_output(
        [*transitions_allowed(request, user), *four_eyes.execution_approval_steps(request, user)]
    )


# Sent by the pages' own scripts with a form: not a field of the request.
FORM_EXTRAS = {"type", "csrfmiddlewaretoken"}


def form_input_refusals(form: Any, body: Mapping[str, Any]) -> dict[str, list[str]]:
    """Unknown fields, and objects or arrays where the form takes one value."""
    refused: dict[str, list[str]] = {}
    for name in sorted(set(body) - set(form.fields) - FORM_EXTRAS):
        refused[name] = [str(s.UNKNOWN_FIELD)]
    if isinstance(body, QueryDict):
        return refused
    for name, value in body.items():
        field = form.fields.get(name)
        if field is None:
            continue
        many = isinstance(field, forms.MultipleChoiceField | forms.FileField)
        if isinstance(value, dict) or (isinstance(value, list) and not many):
            refused[name] = [_("Une seule valeur est attendue (texte, nombre ou booléen).")]
    return refused


def form_errors_output(form: Any) -> dict[str, list[str]]:
    """``{field: [French messages]}``; form-wide errors under ``non_field_errors``.

    Messages are plain text: a page may put a link in an error, an API client gets its words.
    """
    return {
        ("non_field_errors" if field == "__all__" else field): [
            strip_tags(str(m)) for m in messages
        ]
        for field, messages in form.errors.items()
    }


class RequestListApi(APIView):
    """GET: requests visible to the user (a requester: his own), newest first, in pages of
    ``limit`` (at most 200) with a signed ``cursor``; staff may filter by ``type`` and ``state``.

    POST: a verified requester files a request, ``{"type": key, ...the type's form fields}``
    (multipart when there are files). The type's own form validates it, as on the portal page:
    201 with the request, 400 ``{"code": "invalid", "message", "fields": {field: [...]}}``, 503
    ``core_unavailable`` when the account core could not be asked (nothing filed; retry), 404
    for a type that does not exist or that this user may not file.
    """

    throttle_scope = "filing"
    throttle_methods = frozenset({"POST"})

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedRequester()]
        return [IsAuthenticated()]

    @extend_schema(
        parameters=[
            OpenApiParameter("type", str, description="A request type's key (staff)."),
            OpenApiParameter("state", str, enum=list(State.values), description="Staff only."),
            OpenApiParameter("cursor", str, description="The ``next`` link's cursor."),
            OpenApiParameter("limit", int, description="1 to 200; 50 by default."),
        ],
        responses=s.RequestPageOutput,
        operation_id="requests_list",
    )
    def get(self, request: drf.Request) -> Response:
        user = request.user
        params = request.query_params
        staff = roles.is_staff_member(user)
        requests = selectors.requests_visible_to(user)
        if staff:
            requests = requests.filter(**staff_request_filters(params))
        elif params.get("type"):
            requests = requests.filter(type_key=params["type"])
        page = keyset_page(
            requests, cursor=params.get("cursor"), limit=read_limit(params.get("limit"))
        )
        output = s.StaffRequestListOutput if staff else s.RequestListOutput
        next_url = None
        if page.next_cursor:
            query = params.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response({"next": next_url, "results": output(page.rows, many=True).data})

    @extend_schema(
        request=s.RequestCreateInput,
        responses={201: s.RequestDetailOutput},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def post(self, request: drf.Request) -> Response:
        body = request.data
        if not isinstance(body, Mapping):
            raise ValidationError({"non_field_errors": [_("Un objet JSON est attendu.")]})
        type_key = body.get("type")
        request_type = next(
            (t for t in registry.available_to(request.user) if t.key == type_key), None
        )
        if request_type is None or request_type.form_class is None:
            raise Http404
        form = request_type.form_class(body, request.FILES, user=request.user)
        refused = form_input_refusals(form, body)
        if refused:
            raise ValidationError(refused)
        if not form.is_valid():
            if getattr(form, "core_unavailable", False):
                errors = form_errors_output(form)
                response = Response(
                    error_body("core_unavailable", str(CHECK_UNAVAILABLE), errors), status=503
                )
                response["Retry-After"] = str(settings.GUICHET_RETRY_AFTER_SECONDS)
                return response
            return Response(
                error_body(
                    "invalid",
                    _("La demande n'a pas été déposée : corrigez les erreurs."),
                    form_errors_output(form),
                ),
                status=400,
            )
        ticket = request_submit(
            requester=signed_in_user(request),
            request_type=request_type,
            form=form,
            visitor_key=visitor_key(request._request, create=False),
        )
        return Response(request_payload(ticket, request.user), status=201)


class RequestTakeNextApi(APIView):
    """A technician claims the oldest unassigned request (optionally of one type)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: s.RequestDetailOutput, 204: None},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def post(self, request: drf.Request) -> Response:
        if not roles.is_staff_member(request.user):
            raise Forbidden("forbidden", _("Seule l'équipe du guichet traite les demandes."))
        taken = request_services.request_take_next(
            actor=signed_in_user(request), type_key=str(request.query_params.get("type", ""))
        )
        if taken is None:
            return Response(status=204)
        return Response(request_payload(taken, request.user))


class RequestDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.RequestDetailOutput)
    def get(self, request: drf.Request, number: str) -> Response:
        return Response(request_payload(_request_or_404(request.user, number), request.user))


class RequestTransitionApi(APIView):
    """POST a transition: 200 with the request, or 409/403/400 with a machine-readable code.

    The four-eyes steps are posted here too, with the ``version`` read (required):
    ``ask_approval`` (with the type's execute options), ``approve_execution`` (executes now) and
    ``refuse_execution`` (``message``: the reason), by someone other than the one who asked.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.TransitionInput,
        responses=s.RequestDetailOutput,
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def post(self, request: drf.Request, number: str, name: str) -> Response:
        if name not in {*request_services.HUMAN_TRANSITIONS, *four_eyes.APPROVAL_STEPS}:
            raise Http404
        ticket = _request_or_404(request.user, number)
        body = s.TransitionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        options = {
            key: "on" if value is True else str(value)
            for key in ("administrator", "confirm_live_link")
            if (value := data.get(key)) not in (None, False, "")
        }
        if name in four_eyes.APPROVAL_STEPS:
            if data.get("version") is None:
                raise ValidationError(
                    {"version": [body.fields["version"].error_messages["required"]]}
                )
            ticket = four_eyes.execution_approval_step(
                request=ticket,
                name=name,
                actor=signed_in_user(request),
                version=data["version"],
                reason=data.get("message", ""),
                options=options,
            )
            return Response(request_payload(ticket, request.user))
        technician = None
        if data.get("technician") is not None:
            technician = User.objects.filter(pk=data["technician"], is_active=True).first()
        ticket = request_services.request_transition(
            request=ticket,
            name=name,
            actor=signed_in_user(request),
            version=data.get("version"),
            comment=data.get("comment", ""),
            message=data.get("message", ""),
            outcome=data.get("outcome", ""),
            technician=technician,
            files=data.get("files", []),
            options=options,
        )
        return Response(request_payload(ticket, request.user))


class RequestTransitionsApi(APIView):
    """GET: the transitions this user may run on the request now (with the four-eyes steps),
    and what each one needs."""

    @extend_schema(responses=s.AllowedTransitionOutput(many=True))
    def get(self, request: drf.Request, number: str) -> Response:
        ticket = _request_or_404(request.user, number)
        return Response(allowed_output(ticket, signed_in_user(request)))


class RequestMessagesApi(APIView):
    """The thread (internal notes for staff only).

    Staff post public replies and internal notes. The requester writes as on his portal page:
    his message answers the desk's question (the ``answer`` transition, so the request returns
    to the queue), which he may do while the request awaits him; otherwise 409.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MessageOutput(many=True))
    def get(self, request: drf.Request, number: str) -> Response:
        ticket = _request_or_404(request.user, number)
        thread = selectors.request_thread(request=ticket, user=request.user)
        return Response(s.MessageOutput(thread, many=True).data)

    @extend_schema(
        request=s.MessageInput,
        responses={201: s.MessageOutput},
        parameters=[idempotency.PARAMETER],
    )
    @idempotency.idempotent
    def post(self, request: drf.Request, number: str) -> Response:
        ticket = _request_or_404(request.user, number)
        body = s.MessageInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        author = signed_in_user(request)
        if roles.is_staff_member(author):
            message = message_services.message_post(
                request=ticket,
                author=author,
                body=data["body"],
                internal=data["internal"],
                files=data.get("files", []),
            )
            return Response(s.MessageOutput(message).data, status=201)
        if data["internal"]:
            raise Forbidden("forbidden", _("Seule l'équipe du guichet écrit des notes internes."))
        request_services.request_answer(
            request=ticket,
            actor=author,
            message=data["body"],
            files=data.get("files", []),
            version=data.get("version"),
        )
        message = ticket.messages.filter(author=author).latest("created_at", "id")
        return Response(s.MessageOutput(message).data, status=201)
