from django.db import migrations

from common.migration_sql import postgresql_only

# The queues' text search is Django's ``icontains``, which PostgreSQL receives as
# ``UPPER(col::text) LIKE UPPER('%…%')``: the trigram indexes of 0007 were on the bare columns,
# so no plan could use them (a search in the thread read every message: 4 s at 1M requests).
# They are rebuilt on the expressions the queries use.
#
# The queues' partial indexes (open states, late, unassigned) have conditions on columns that
# are strongly correlated (a late or unassigned request is an open one). Without extended
# statistics the planner multiplies their selectivities, estimates a few dozen rows where there
# are tens of thousands, and sorts the whole view instead of walking its index (630 ms instead
# of 0.4 ms for « En retard » at 1M). SQLite, the embedded default, has neither.
FORWARD = [
    "DROP INDEX IF EXISTS request_subject_trgm_idx",
    "DROP INDEX IF EXISTS message_body_trgm_idx",
    "CREATE INDEX IF NOT EXISTS request_subject_upper_trgm_idx ON lifecycle_request "
    "USING gin ((upper(subject::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS message_body_upper_trgm_idx ON lifecycle_message "
    "USING gin ((upper(body)) gin_trgm_ops)",
    "CREATE STATISTICS IF NOT EXISTS request_state_sla_stats (mcv, dependencies) "
    "ON state, sla_status FROM lifecycle_request",
    "CREATE STATISTICS IF NOT EXISTS request_state_assignee_stats (mcv, dependencies) "
    "ON state, assignee_id FROM lifecycle_request",
    "ANALYZE lifecycle_request",
]
BACKWARD = [
    "DROP STATISTICS IF EXISTS request_state_assignee_stats",
    "DROP STATISTICS IF EXISTS request_state_sla_stats",
    "DROP INDEX IF EXISTS message_body_upper_trgm_idx",
    "DROP INDEX IF EXISTS request_subject_upper_trgm_idx",
    "CREATE INDEX IF NOT EXISTS request_subject_trgm_idx ON lifecycle_request "
    "USING gin (subject gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS message_body_trgm_idx ON lifecycle_message "
    "USING gin (body gin_trgm_ops)",
]



class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0016_retention_per_kind")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
