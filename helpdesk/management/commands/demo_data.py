"""Loads the demo data of every app that has some, then prints the URL, the logins and what a
newcomer needs to file a request (the sandbox core's companies).

An app takes part by naming a loader on its AppConfig: ``demo_loader = "app.demo.load"``, a
function ``load(*, stdout) -> list[tuple[str, str, str]]`` returning (role, e-mail, password)
rows to print. Loaders are idempotent: running the command twice changes nothing more. An app
may also name ``demo_summary = "app.demo.summary"``, a function ``summary() -> list[str]`` whose
lines are printed after the logins.

``make demo`` runs it twice: ``--no-banner`` to load before the servers start, then, from the
Procfile, ``--wait-for-web`` to print the banner once the web server really answers (and the
worker has carried out the effects the demo data made, so that the banner is the last thing
on the screen).
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from outbox.selectors import effects_in_flight


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
        parser.add_argument(
            "--no-banner",
            action="store_true",
            help="Charger les données sans afficher l'adresse ni les identifiants.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = bool(options["wait_for_web"])
        if waiting:
            self._wait_for_web(options["wait_for_web"])
            # The worker's first lines (the demo's e-mails) would push the banner away.
            self._wait_for_effects(seconds=options["wait_for_web"] // 4)
        # Once the site answers, the data is already loaded: the loaders' own lines are not news.
        logins = self._load(stdout=io.StringIO() if waiting else self.stdout)
        if not options["no_banner"]:
            self._banner(logins)

    def _load(self, *, stdout: Any) -> list[tuple[str, str, str]]:
        logins: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            loader_path = getattr(config, "demo_loader", None)
            if not loader_path:
                continue
            loader = import_string(loader_path)
            with transaction.atomic():
                logins.extend(loader(stdout=stdout) or [])
        return logins

    def _banner(self, logins: list[tuple[str, str, str]]) -> None:
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Guichet est prêt : {settings.GUICHET_BASE_URL}/"))
        if logins:
            width = max(len(role) for role, _, _ in logins)
            write("Identifiants de démonstration :")
            for role, email, password in logins:
                write(f"  {role.ljust(width)}  {email}  /  {password}")
        for config in apps.get_app_configs():
            summary_path = getattr(config, "demo_summary", None)
            if summary_path:
                for line in import_string(summary_path)():
                    write(line)
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir:
            write(f"E-mails envoyés : fichiers dans {mail_dir}")

    def _wait_for_effects(self, *, seconds: int) -> None:
        """Best effort: let the worker carry out the effects waiting, so the banner comes last."""
        deadline = time.monotonic() + seconds
        while effects_in_flight().exists() and time.monotonic() < deadline:
            time.sleep(0.5)

    def _wait_for_web(self, seconds: int) -> None:
        """Poll the health endpoint so the banner is printed once the site really answers."""
        url = f"{settings.GUICHET_BASE_URL}/sante/"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310  (our own URL)
                    return
            except urllib.error.HTTPError:
                return  # it answers (a dependency may still be starting: /sante/ says which)
            except OSError:
                time.sleep(0.5)
        raise CommandError(f"Le site ne répond pas à {url} après {seconds} secondes.")
