"""Purge what closed requests keep past its retention period (ADR 0004), as beat does daily.

A dry run (``--dry-run``, the default) shows, per kind of data, how many requests the purge
would take, their oldest closing date and what they would lose; nothing is deleted. ``--apply``
purges, in batches of ``--batch-size``, one transaction per request, one log line per batch.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from lifecycle.services.retention import DOCUMENTS, requests_purge_expired
from lifecycle.services.retention_preview import KindPreview, requests_purge_preview


def _label(kind: str) -> str:
    if kind == DOCUMENTS.key:
        return gettext("Documents (minutes du greffe et autres pièces jointes)")
    return gettext("Données personnelles (messages et champs de la demande)")


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
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["apply"]:
            totals = requests_purge_expired(batch_size=options["batch_size"])
            for kind, count in totals.items():
                text = ngettext(
                    "%(kind)s : %(count)d demande purgée.",
                    "%(kind)s : %(count)d demandes purgées.",
                    max(count, 1),
                )
                self.stdout.write(text % {"kind": _label(kind), "count": count})
            return
        for preview in requests_purge_preview():
            self.stdout.write(self._preview_line(preview))
        self.stdout.write(gettext("Simulation : relancez avec --apply pour supprimer."))

    def _preview_line(self, preview: KindPreview) -> str:
        text = ngettext(
            "%(kind)s : %(count)d demande close jusqu'au %(cutoff)s",
            "%(kind)s : %(count)d demandes closes jusqu'au %(cutoff)s",
            max(preview.requests, 1),
        ) % {
            "kind": _label(preview.kind),
            "count": preview.requests,
            "cutoff": timezone.localtime(preview.cutoff).strftime("%d/%m/%Y"),
        }
        if preview.oldest_closed_at is not None:
            text += gettext(", la plus ancienne close le %(date)s") % {
                "date": timezone.localtime(preview.oldest_closed_at).strftime("%d/%m/%Y")
            }
        if preview.kind == DOCUMENTS.key:
            return text + gettext(" ; %(files)d fichier(s) à supprimer.") % {"files": preview.files}
        return text + gettext(" ; %(messages)d message(s) à effacer.") % {
            "messages": preview.messages
        }
