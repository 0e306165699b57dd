"""The signed-in user's own profile and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import request as drf
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api.serializers import StrictSerializer
from users import roles
from users.api_tokens import api_token_create, api_token_revoke, api_tokens_of
from users.decorators import signed_in_user
from users.models import ApiToken, User


class MeOutput(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "profile", "siret", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return [role for role in roles.ALL_ROLES if roles.has_role(user, role)]


class TokenOutput(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["prefix", "name", "created_at", "last_used_at", "expires_at"]


class TokenCreatedOutput(TokenOutput):
    token = serializers.CharField(help_text="Shown once: only its hash is kept.")

    class Meta(TokenOutput.Meta):
        fields = [*TokenOutput.Meta.fields, "token"]


class TokenCreateInput(StrictSerializer):
    name = serializers.CharField(max_length=80)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate_expires_at(self, value: Any) -> Any:
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError(_("La date d'expiration doit être dans le futur."))
        return value


class MeApi(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request: drf.Request) -> Response:
        return Response(MeOutput(request.user).data)


class TokenListApi(APIView):
    """GET: the user's live tokens (never the tokens themselves). POST: a new one, shown once."""

    throttle_scope = "tokens"

    @extend_schema(responses=TokenOutput(many=True))
    def get(self, request: drf.Request) -> Response:
        return Response(TokenOutput(api_tokens_of(user=signed_in_user(request)), many=True).data)

    @extend_schema(request=TokenCreateInput, responses={201: TokenCreatedOutput})
    def post(self, request: drf.Request) -> Response:
        body = TokenCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        token, raw = api_token_create(
            user=signed_in_user(request),
            name=body.validated_data["name"],
            expires_at=body.validated_data.get("expires_at"),
        )
        return Response({**TokenOutput(token).data, "token": raw}, status=201)


class TokenDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: drf.Request, prefix: str) -> Response:
        if not api_token_revoke(user=signed_in_user(request), prefix=prefix):
            raise Http404
        return Response(status=204)
