"""Purge the closed requests whose retention period is over (ADR 0004), as beat does daily.

Shows first what would be deleted (``--dry-run``, the default): each request, its files, its
messages and its form fields; ``--apply`` purges, in batches, one transaction per request.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, ngettext

from lifecycle.services.retention import requests_purge_expired
from lifecycle.services.retention_preview import requests_purge_preview


class Command(BaseCommand):
    help = (
        "Purge les demandes closes dont la durée de conservation est échue (simulation par défaut)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", action="store_true", help="Montrer ce qui serait supprimé (par défaut)."
        )
        mode.add_argument("--apply", action="store_true", help="Supprimer.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["apply"]:
            count = requests_purge_expired(limit=options["batch_size"])
            text = ngettext(
                "%(count)d demande purgée.", "%(count)d demandes purgées.", max(count, 1)
            )
            self.stdout.write(text % {"count": count})
            return
        previews = requests_purge_preview(limit=options["batch_size"])
        for preview in previews:
            self.stdout.write(
                gettext(
                    "%(number)s (close le %(closed_at)s) : %(files)d fichier(s), "
                    "%(messages)d message(s), %(fields)d champ(s) du formulaire"
                )
                % {
                    "number": preview.number,
                    "closed_at": preview.closed_at[:10],
                    "files": preview.files,
                    "messages": preview.messages,
                    "fields": preview.data_fields,
                }
            )
        text = ngettext(
            "%(count)d demande serait purgée.",
            "%(count)d demandes seraient purgées.",
            max(len(previews), 1),
        )
        self.stdout.write(text % {"count": len(previews)})
        self.stdout.write(gettext("Simulation : relancez avec --apply pour supprimer."))
