"""The staff roles' rights in the admin: supervisors configure the themes and the knowledge base
(and read its feedback and searches); the staff may move the demo sandbox core's clock."""

from django.db import migrations

from users.grants import CONFIGURE, READ, grant_operation

SUPERVISOR_CONFIGURES = {
    "lifecycle.theme": CONFIGURE,
    "kb.category": CONFIGURE,
    "kb.article": CONFIGURE,
    "kb.newsitem": CONFIGURE,
    "kb.articlefeedback": READ,
    "kb.searchlog": READ,
}
MOVE_SANDBOX_CLOCK = {"sandbox_core.sandboxclock": ("move_clock",)}


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_email_change"),
        ("kb", "0002_search_index"),
        ("lifecycle", "0003_seed_themes"),
        ("sandbox_core", "0002_clock"),
    ]

    operations = [
        grant_operation("supervisor", SUPERVISOR_CONFIGURES),
        grant_operation("supervisor", MOVE_SANDBOX_CLOCK),
        grant_operation("technician", MOVE_SANDBOX_CLOCK),
    ]
