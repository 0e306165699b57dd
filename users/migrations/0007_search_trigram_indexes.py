from django.db import migrations

from common.migration_sql import postgresql_only

# The queues' « demandeur » filter is ``icontains`` over the first name, last name and e-mail
# (``UPPER(col::text) LIKE UPPER('%…%')``): without these the 40,000 accounts of a large desk
# are read whole for each search (140 ms). Trigram indexes on the expressions the queries use;
# SQLite, the embedded default, scans.
COLUMNS = ("email", "first_name", "last_name")
FORWARD = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX IF NOT EXISTS user_{column}_upper_trgm_idx ON users_user "
    f"USING gin ((upper({column}::text)) gin_trgm_ops)"
    for column in COLUMNS
]
BACKWARD = [f"DROP INDEX IF EXISTS user_{column}_upper_trgm_idx" for column in COLUMNS]



class Migration(migrations.Migration):
    dependencies = [("users", "0006_api_tokens")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
