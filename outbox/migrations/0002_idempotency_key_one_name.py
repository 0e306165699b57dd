from django.db import migrations, models


class Migration(migrations.Migration):
    """One name for the idempotency key end to end (the column keeps its data and unique index)."""

    dependencies = [("outbox", "0001_initial")]

    operations = [
        migrations.RenameField("outboxeffect", "key", "idempotency_key"),
        migrations.AlterField(
            model_name="outboxeffect",
            name="idempotency_key",
            field=models.CharField(max_length=200, unique=True, verbose_name="clé d'idempotence"),
        ),
    ]
