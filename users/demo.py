"""Demo users: one of each role, with passwords printed by ``manage.py demo_data``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from users import roles
from users.models import User

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


def demo_password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-password"


def demo_password() -> str:
    """The demo users' shared password: generated on this machine at the first start and kept in
    var/ (owner only), printed with the logins; none is in the code."""
    path = demo_password_file()
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    password = "Demo-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    return password


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    ensure_role_groups()
    password = demo_password()
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
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        # The admin site is for those who configure something there: supervisors.
        User.objects.filter(pk=user.pk).update(is_staff=spec["role"] == roles.SUPERVISOR)
        user.groups.add(Group.objects.get(name=spec["role"]))
        rows.append((spec["label"], spec["email"], password))
    rows.append((ADMINISTRATOR_LABEL, ADMINISTRATOR_EMAIL, administrator_ensure()))
    return rows


ADMINISTRATOR_EMAIL = "admin@demo.guichet.fr"
ADMINISTRATOR_LABEL = "Administration (/admin/)"


def administrator_password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-admin-password"


def administrator_ensure() -> str:
    """The demo's superuser. Its password is generated here, on this machine, and kept in var/
    (readable by its owner only) so that each start prints the same one; none is in the code."""
    path = administrator_password_file()
    user = User.objects.filter(email=ADMINISTRATOR_EMAIL).first()
    password = path.read_text().strip() if path.exists() else ""
    if user is not None and password and user.check_password(password):
        return password
    password = secrets.token_urlsafe(12)
    if user is None:
        user = User.objects.create_superuser(
            email=ADMINISTRATOR_EMAIL,
            password=password,
            first_name="Admin",
            last_name="Démo",
            email_verified_at=timezone.now(),
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    return password
