"""R22: no staff page shows a token or a password, on any model the admin site registers."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory

from outbox.models import OutboxEffect

SECRET = re.compile(r"password|passwd|token|secret|hash", re.IGNORECASE)
# A link to the page that sets a new password shows none.
ALLOWED = {"set_password"}


def shown_fields(model_admin, request) -> set[str]:
    obj = model_admin.model()
    fields: set[str] = set()
    for _name, options in model_admin.get_fieldsets(request, obj):
        for field in options["fields"]:
            fields.update(field if isinstance(field, list | tuple) else [field])
    fields.update(str(f) for f in model_admin.get_list_display(request) if isinstance(f, str))
    for inline in model_admin.get_inline_instances(request, obj):
        for _name, options in inline.get_fieldsets(request, obj):
            fields.update(options["fields"])
    return fields


@pytest.mark.parametrize(
    "model_admin",
    list(admin.site._registry.values()),
    ids=lambda ma: ma.model._meta.label,
)
def test_no_admin_page_shows_a_secret_field(model_admin, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user

    leaking = {f for f in shown_fields(model_admin, request) if SECRET.search(f)} - ALLOWED

    assert leaking == set()


def test_the_user_change_page_shows_no_password_hash(client, admin_user, alice):
    client.force_login(admin_user)

    page = client.get(f"/admin/users/user/{alice.pk}/change/").content.decode()

    assert alice.password not in page
    assert alice.password.split("$")[0] + "</" not in page  # no algorithm summary either
    assert "read_only_password_hash" not in page
    assert f"/admin/users/user/{alice.pk}/password/" in page


def test_outbox_payloads_shown_in_the_admin_carry_no_secret_keys(db):
    from django.db import transaction

    from outbox.services import effect_enqueue

    with pytest.raises(ValueError, match="never carries secrets"), transaction.atomic():
        effect_enqueue(kind="test", idempotency_key="k", payload={"reset_token": "x"})
    assert not OutboxEffect.objects.exists()
