"""Recompute the deadlines of every open request after a policy or calendar change.

Shows first what would change (« 312 demandes changeraient d'échéance »): ``--dry-run`` is the
default, ``--apply`` writes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, ngettext

from lifecycle import machine
from lifecycle.services.figures import figures_mark_stale
from lifecycle.services.sla import requests_sla_recompute


class Command(BaseCommand):
    help = "Recalcule les échéances des demandes ouvertes (simulation par défaut, --apply écrit)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", action="store_true", help="Montrer ce qui changerait (par défaut)."
        )
        mode.add_argument("--apply", action="store_true", help="Enregistrer les échéances.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        apply = bool(options["apply"])
        count = requests_sla_recompute(
            now=machine.now(), apply=apply, batch_size=options["batch_size"]
        )
        number = max(count, 1)  # French: « 0 demande », singular below 2
        if apply:
            text = ngettext(
                "%(count)d demande a changé d'échéance.",
                "%(count)d demandes ont changé d'échéance.",
                number,
            )
        else:
            text = ngettext(
                "%(count)d demande changerait d'échéance.",
                "%(count)d demandes changeraient d'échéance.",
                number,
            )
            text += " " + gettext("Simulation : relancez avec --apply pour enregistrer.")
        self.stdout.write(text % {"count": count})
        if apply:
            # The desk's working-time histograms follow the calendar: the nightly task
            # (lifecycle.tasks.rebuild_daily_figures) rebuilds the days marked here.
            days = figures_mark_stale()
            if days:
                self.stdout.write(
                    ngettext(
                        "%(days)d journée de chiffres du pilotage sera recalculée.",
                        "%(days)d journées de chiffres du pilotage seront recalculées.",
                        max(days, 1),
                    )
                    % {"days": days}
                )
