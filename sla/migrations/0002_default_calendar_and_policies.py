"""The default calendar (Monday–Friday 08:30–18:00) and a policy per request type.

A working day of that calendar is 570 minutes (9 h 30); targets are written in those minutes.
"""

from datetime import time

from django.db import migrations

WORKING_DAY = 570  # minutes, 08:30–18:00
POLICIES = {
    # request type: (first response, resolution), in working minutes
    "question": (WORKING_DAY, 3 * WORKING_DAY),
    "admin_removal": (WORKING_DAY, 5 * WORKING_DAY),
    "enrolment_cancellation": (WORKING_DAY, 5 * WORKING_DAY),
    "liquidator_access": (4 * 60, 2 * WORKING_DAY),
}


def create_defaults(apps, schema_editor):
    WorkingCalendar = apps.get_model("sla", "WorkingCalendar")
    WorkingHours = apps.get_model("sla", "WorkingHours")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    calendar = WorkingCalendar.objects.create(name="Calendrier du guichet", is_default=True)
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=calendar, weekday=weekday, start=time(8, 30), end=time(18, 0))
        for weekday in range(5)
    )
    SlaPolicy.objects.bulk_create(
        SlaPolicy(
            request_type=request_type,
            first_response_minutes=first,
            resolution_minutes=resolution,
            calendar=calendar,
        )
        for request_type, (first, resolution) in POLICIES.items()
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(request_type__in=POLICIES).delete()
    apps.get_model("sla", "WorkingCalendar").objects.filter(
        name="Calendrier du guichet", policies=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
