"""What each role may do in the admin, granted to its group by data migrations.

Roles are groups (``users.roles``); the admin asks Django permissions. A data migration grants a
role the permissions it needs, with ``grant_operation``, from any app, e.g. for the SLA policies::

    from users.grants import CONFIGURE, grant_operation

    class Migration(migrations.Migration):
        dependencies = [("users", "0005_supervisor_configures"), ("sla", "0001_initial")]
        operations = [grant_operation("supervisor", {"sla.slapolicy": CONFIGURE})]

Each model is named ``"<app_label>.<model>"`` with the actions granted on it: Django's own
(``view``, ``add``, ``change``, ``delete``) or the codename of one of its ``Meta.permissions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

CONFIGURE = ("view", "add", "change", "delete")
READ = ("view",)

Grants = Mapping[str, Iterable[str]]


def _permissions(apps: Any, grants: Grants) -> list[Any]:
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label in {key.split(".")[0] for key in grants}:
        # Permissions are made after migrate (post_migrate): make them now, on this state.
        create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    permissions = []
    for key, actions in grants.items():
        app_label, model = key.split(".")
        content_type = ContentType.objects.get(app_label=app_label, model=model)
        codenames = [f"{action}_{model}" if action in CONFIGURE else action for action in actions]
        found = list(Permission.objects.filter(content_type=content_type, codename__in=codenames))
        missing = set(codenames) - {permission.codename for permission in found}
        if missing:
            raise LookupError(f"{key}: no permission {sorted(missing)}")
        permissions.extend(found)
    return permissions


def role_grant(apps: Any, role: str, grants: Grants) -> None:
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=role)
    group.permissions.add(*_permissions(apps, grants))


def role_revoke(apps: Any, role: str, grants: Grants) -> None:
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=role).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, grants))


def grant_operation(role: str, grants: Grants) -> migrations.RunPython:
    """A migration operation granting ``role`` these permissions (and revoking them backwards)."""
    return migrations.RunPython(
        lambda apps, schema_editor: role_grant(apps, role, grants),
        lambda apps, schema_editor: role_revoke(apps, role, grants),
    )
