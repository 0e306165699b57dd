"""Demo users: one of each role, with passwords printed by ``manage.py demo_data``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from users import roles
from users.models import User

DEMO_PASSWORD = "Guichet-demo-2026"  # noqa: S105  (printed on purpose)

DEMO_USERS: list[dict[str, Any]] = [
    {
        "email": "employeur@demo.guichet.fr",
        "first_name": "Claire",
        "last_name": "Martin",
        "profile": User.Profile.EMPLOYER,
        "siret": "73282932000074",
        "role": roles.REQUESTER,
        "label": "Employeur",
    },
    {
        "email": "liquidateur@demo.guichet.fr",
        "first_name": "Jean-François",
        "last_name": "Lefèvre",
        "profile": User.Profile.LIQUIDATOR,
        "siret": "35600000000048",
        "role": roles.REQUESTER,
        "label": "Liquidateur judiciaire",
    },
    {
        "email": "technicien@demo.guichet.fr",
        "first_name": "Sofiane",
        "last_name": "Benali",
        "profile": "",
        "siret": "",
        "role": roles.TECHNICIAN,
        "label": "Technicien",
    },
    {
        "email": "superviseur@demo.guichet.fr",
        "first_name": "Hélène",
        "last_name": "Moreau",
        "profile": "",
        "siret": "",
        "role": roles.SUPERVISOR,
        "label": "Superviseur",
    },
]


def ensure_role_groups() -> None:
    for name in roles.ALL_ROLES:
        Group.objects.get_or_create(name=name)


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    ensure_role_groups()
    rows = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=spec["email"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "profile": spec["profile"],
                "siret": spec["siret"],
                "email_verified_at": timezone.now(),
                "is_staff": spec["role"] != roles.REQUESTER,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=spec["role"]))
        rows.append((spec["label"], spec["email"], DEMO_PASSWORD))
    return rows
