"""The three roles are Django groups: requester, technician, supervisor."""

from django.db import migrations

ROLES = ("requester", "technician", "supervisor")


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("users", "0002_user_constraints"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
