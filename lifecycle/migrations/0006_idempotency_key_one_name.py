from django.db import migrations


class Migration(migrations.Migration):
    """The pending core action is named by its idempotency key, as in the outbox and the core."""

    dependencies = [("lifecycle", "0005_attachment_antivirus_scanned")]

    operations = [
        migrations.RenameField("request", "pending_effect_key", "pending_idempotency_key"),
    ]
