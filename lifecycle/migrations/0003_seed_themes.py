"""The themes and subthemes offered by the "nous contacter" form at first; editable afterwards."""

from django.db import migrations

THEMES = [
    (
        "Se connecter sur le site",
        [
            "Connexion par mot de passe",
            "Mot de passe oublié ou bloqué",
            "Identifiant (triplet SIRET / NOM / PRÉNOM)",
        ],
    ),
    (
        "S'inscrire sur le site",
        [
            "Inscription d'un nouvel administrateur",
            "Activation de l'inscription (cooptation ou clé d'activation)",
            "Choix du type d'inscription (mono, multi-établissements, tiers déclarant)",
        ],
    ),
    (
        "Gérer les administrateurs et les habilitations",
        [
            "Ajouter un administrateur",
            "Habiliter un déclarant",
            "Modifier mes données personnelles",
        ],
    ),
    (
        "Déclarer et payer",
        [
            "DSN – Déclaration sociale nominative",
            "Attestations et accusés de réception",
            "Paiements",
        ],
    ),
    ("Autre question", ["Autre"]),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("lifecycle", "Theme")
    for position, (name, subthemes) in enumerate(THEMES):
        theme, _created = Theme.objects.get_or_create(
            name=name, parent=None, defaults={"position": position}
        )
        for sub_position, subtheme in enumerate(subthemes):
            Theme.objects.get_or_create(
                name=subtheme, parent=theme, defaults={"position": sub_position}
            )


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0002_append_only_history")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
