"""Input and output serializers of the requests API: they validate and shape, nothing more."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lifecycle.machine import Outcome
from lifecycle.models import Attachment, Message, Request, TransitionLog

UNKNOWN_FIELD = _("Ce champ n'existe pas ici.")


class ErrorOutput(serializers.Serializer):
    """The one shape of every error the API answers."""

    code = serializers.CharField(help_text="Machine-readable, e.g. ``invalid``, ``conflict``.")
    message = serializers.CharField(help_text="For a person, in French.")
    # The metaclass moves declared fields out of the class: ``.fields`` stays DRF's.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each refused field and its messages; empty when the error is not a field's.",
    )


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses the fields it does not know instead of ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN_FIELD] for name in unknown})
        return super().to_internal_value(data)


class RequestListOutput(serializers.ModelSerializer):
    type = serializers.CharField(source="type_key")
    public_status = serializers.CharField(source="public_status.value")
    public_status_label = serializers.CharField(source="public_status.label")

    class Meta:
        model = Request
        fields = [
            "number",
            "type",
            "siret",
            "theme",
            "subtheme",
            "subject",
            "public_status",
            "public_status_label",
            "outcome",
            "filed_at",
            "resolved_at",
            "closed_at",
            "updated_at",
        ]


class StaffRequestListOutput(RequestListOutput):
    assignee = serializers.SerializerMethodField()

    class Meta(RequestListOutput.Meta):
        fields = [*RequestListOutput.Meta.fields, "state", "assignee", "first_response_at"]

    def get_assignee(self, request: Request) -> str | None:
        return request.assignee.email if request.assignee else None


class AttachmentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["display_name", "mime", "size", "created_at", "url", "api_url"]

    api_url = serializers.SerializerMethodField()

    def get_url(self, attachment: Attachment) -> str:
        return reverse("helpdesk:attachment_download", args=[attachment.token])

    def get_api_url(self, attachment: Attachment) -> str:
        """Where a token-authenticated client downloads it."""
        return reverse("api:document", args=[attachment.token])


class MessageOutput(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "visibility", "body", "created_at", "attachments"]

    def get_author(self, message: Message) -> str:
        if message.author is None:
            return "Guichet"
        return message.author.get_full_name()


class TransitionLogOutput(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = TransitionLog
        fields = ["name", "from_state", "to_state", "actor", "actor_role", "comment", "at"]

    def get_actor(self, log: TransitionLog) -> str | None:
        return log.actor.email if log.actor else None


def allowed_transitions_output(specs: list[Any]) -> list[dict[str, Any]]:
    """The transitions the user may run now: name, French label, what each one needs."""
    return [
        {"name": spec.name, "label": str(spec.label), "needs": sorted(str(n) for n in spec.needs)}
        for spec in specs
    ]


class TransitionInput(StrictSerializer):
    version = serializers.IntegerField(required=False, min_value=1)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    message = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    technician = serializers.IntegerField(required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)
    # The type's execute options (the liquidator's link: the named administrator as
    # "NOM|Prénom", and the confirmation when another request on the company has a live link).
    administrator = serializers.CharField(required=False, allow_blank=True, max_length=300)
    confirm_live_link = serializers.BooleanField(required=False)


class MessageInput(StrictSerializer):
    body = serializers.CharField(max_length=20000)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The request's version (requester's answer)."
    )
    internal = serializers.BooleanField(default=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)


class RequestCreateInput(serializers.Serializer):
    """For the schema only: the type's form validates the fields (one validation path)."""

    type = serializers.CharField(help_text="The request type's key, e.g. ``admin_removal``.")


class AllowedTransitionOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # moved out by the metaclass
    needs = serializers.ListField(child=serializers.CharField())


class TimelineEntryOutput(serializers.Serializer):
    """One public status change: what the requester sees of the history."""

    at = serializers.DateTimeField()
    event = serializers.CharField()
    public_status = serializers.CharField()
    public_status_label = serializers.CharField()


class SlaOutput(serializers.Serializer):
    status = serializers.CharField(allow_blank=True)
    first_response_due = serializers.DateTimeField(allow_null=True)
    resolution_due = serializers.DateTimeField(allow_null=True)


class ExecutionApprovalOutput(serializers.Serializer):
    """An execution waiting for a second person's approval (four eyes)."""

    requested_by = serializers.EmailField(source="requested_by.email")
    requested_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="Approving or refusing is for this version only.")
    options = serializers.JSONField(help_text="The type's execute options chosen by the asker.")


class RequestDetailOutput(RequestListOutput):
    """A request as its reader may see it. Staff-only fields are absent for the requester."""

    version = serializers.IntegerField(help_text="Send it back with a transition.")
    data = serializers.JSONField()  # type: ignore[assignment]  # moved out by the metaclass
    messages = MessageOutput(many=True)
    allowed_transitions = AllowedTransitionOutput(many=True)
    timeline = TimelineEntryOutput(many=True)
    sla = SlaOutput()
    state = serializers.CharField(required=False, help_text="Staff only.")
    assignee = serializers.CharField(required=False, allow_null=True, help_text="Staff only.")
    first_response_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Staff only."
    )
    last_error = serializers.CharField(required=False, allow_blank=True, help_text="Staff only.")
    history = TransitionLogOutput(many=True, required=False, help_text="Staff only: every move.")
    execution_approval = ExecutionApprovalOutput(
        required=False, allow_null=True, help_text="Staff only: the execution awaiting approval."
    )

    class Meta(RequestListOutput.Meta):
        fields = [
            *RequestListOutput.Meta.fields,
            "version",
            "data",
            "messages",
            "allowed_transitions",
            "timeline",
            "sla",
            "state",
            "assignee",
            "first_response_at",
            "last_error",
            "history",
            "execution_approval",
        ]


class RequestListItemOutput(RequestListOutput):
    """One row of the list as its reader may see it: staff-only fields are absent for a
    requester (for the schema; the view answers with the reader's own serializer)."""

    state = serializers.CharField(required=False, help_text="Staff only.")
    assignee = serializers.CharField(required=False, allow_null=True, help_text="Staff only.")
    first_response_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Staff only."
    )

    class Meta(RequestListOutput.Meta):
        fields = [*RequestListOutput.Meta.fields, "state", "assignee", "first_response_at"]


class RequestPageOutput(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null at the end.")
    results = RequestListItemOutput(many=True)
