from django.db import migrations, models

from common.migration_sql import postgresql_only

# The paused requests (no due date) come last in every due-date order, by id: their own index
# gives that order (``resolution_due IS NULL`` is no equality to PostgreSQL, so the due-date
# indexes could not). With independent statistics PostgreSQL took "awaiting the requester" and
# "no due date" for unrelated and expected 34 rows of the 5,000 paused ones, then sorted them
# all to join the users: the MCV statistics on the pair tell it they go together.
FORWARD = [
    "CREATE STATISTICS IF NOT EXISTS request_state_due_stats (mcv) "
    "ON state, resolution_due FROM lifecycle_request",
    "ANALYZE lifecycle_request",
]
BACKWARD = ["DROP STATISTICS IF EXISTS request_state_due_stats"]


class Migration(migrations.Migration):
    dependencies = [
        ("lifecycle", "0020_monthly_durations"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                condition=models.Q(
                    (
                        "state__in",
                        ["awaiting_requester", "executing", "in_progress", "submitted", "updated"],
                    ),
                    ("resolution_due__isnull", True),
                ),
                fields=["id"],
                name="request_open_paused_idx",
            ),
        ),
        postgresql_only(FORWARD, BACKWARD),
    ]
