"""Loads the demo data of every app that has some, then prints the URL and the logins.

An app takes part by naming a loader on its AppConfig: ``demo_loader = "app.demo.load"``, a
function ``load(*, stdout) -> list[tuple[str, str, str]]`` returning (role, e-mail, password)
rows to print. Loaders are idempotent: running the command twice changes nothing more.
"""

from __future__ import annotations

import time
import urllib.request
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les identifiants."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--wait-for-web",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Attendre que le site réponde (SECONDS au plus) puis afficher les identifiants.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["wait_for_web"]:
            self._wait_for_web(options["wait_for_web"])
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

    def _wait_for_web(self, seconds: int) -> None:
        """Poll the health endpoint so the banner is printed once the site really answers."""
        url = f"{settings.GUICHET_BASE_URL}/sante/"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (our own URL)
                    return
            except OSError:
                time.sleep(1)
