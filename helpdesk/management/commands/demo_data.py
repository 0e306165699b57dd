"""Loads the demo data of every app that has some, then prints the URL and the logins.

An app takes part by naming a loader on its AppConfig: ``demo_loader = "app.demo.load"``, a
function ``load(*, stdout) -> list[tuple[str, str, str]]`` returning (role, e-mail, password)
rows to print. Loaders are idempotent: running the command twice changes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les identifiants."

    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            loader_path = getattr(config, "demo_loader", None)
            if not loader_path:
                continue
            loader = import_string(loader_path)
            with transaction.atomic():
                logins.extend(loader(stdout=self.stdout) or [])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Guichet est prêt : {settings.GUICHET_BASE_URL}/"))
        if logins:
            width = max(len(role) for role, _, _ in logins)
            self.stdout.write("Identifiants de démonstration :")
            for role, email, password in logins:
                self.stdout.write(f"  {role.ljust(width)}  {email}  /  {password}")
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir:
            self.stdout.write(f"E-mails envoyés : fichiers dans {mail_dir}")
