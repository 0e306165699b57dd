"""A request type's filing form, described as a JSON schema: what a client must send."""

from __future__ import annotations

from typing import Any

from django import forms


def _choices(field: forms.ChoiceField) -> list[str]:
    choices: Any = field.choices
    return [str(value) for value, _label in choices if value != ""]


def _field_schema(field: forms.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, forms.FileField):
        schema = {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "multipart/form-data",
        }
    elif isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": _choices(field)}}
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": _choices(field)}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.EmailField):
        schema = {"type": "string", "format": "email"}
    else:
        schema = {"type": "string"}
    if isinstance(field, forms.CharField):
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if field.min_length is not None:
            schema["minLength"] = field.min_length
    if field.label:
        schema["title"] = str(field.label)
    if field.help_text:
        description = schema.get("description", "")
        schema["description"] = f"{field.help_text} {description}".strip()
    return schema


def form_json_schema(form: forms.BaseForm) -> dict[str, Any]:
    """The JSON schema of ``form``'s fields (unknown fields are refused, as the API does)."""
    return {
        "type": "object",
        "properties": {name: _field_schema(field) for name, field in form.fields.items()},
        "required": [name for name, field in form.fields.items() if field.required],
        "additionalProperties": False,
    }
