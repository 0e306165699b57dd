"""Rebuild the desk's daily roll-up (backfill): every day from --since (default: the first
filing) to yesterday, or only the days due (never built, stale) with --due."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, ngettext

from lifecycle import machine
from lifecycle.services.figures import (
    CHUNK_DAYS,
    day_spans,
    figures_days_due,
    figures_first_day,
    figures_rebuild,
)
from sla.calendar import PARIS


class Command(BaseCommand):
    help = "Recalcule les chiffres quotidiens du tableau de pilotage (jusqu'à hier)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="Premier jour à recalculer (AAAA-MM-JJ).")
        parser.add_argument(
            "--due", action="store_true", help="Seulement les jours manquants ou à recalculer."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait recalculé, sans écrire."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = machine.now()
        yesterday = now.astimezone(PARIS).date() - timedelta(days=1)
        since: date | None = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as error:
                raise CommandError(
                    gettext("Date invalide : %(value)s (attendu : AAAA-MM-JJ).")
                    % {"value": options["since"]}
                ) from error
        if options["due"]:
            days = figures_days_due(now=now, since=since)
        else:
            first = since or figures_first_day()
            days = (
                []
                if first is None
                else [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]
            )
        if not days:
            self.stdout.write(gettext("Aucune journée à recalculer."))
            return
        if options["dry_run"]:
            self.stdout.write(
                ngettext(
                    "%(days)d journée serait recalculée, du %(first)s au %(last)s.",
                    "%(days)d journées seraient recalculées, du %(first)s au %(last)s.",
                    len(days),
                )
                % {"days": len(days), "first": days[0], "last": days[-1]}
            )
            return
        started = time.perf_counter()
        filed = resolved = 0
        for low, high in day_spans(days, CHUNK_DAYS):
            done = figures_rebuild(since=low, until=high, now=now)
            filed, resolved = filed + done.filed, resolved + done.resolved
        self.stdout.write(
            ngettext(
                "%(days)d journée recalculée (%(filed)d dépôts, %(resolved)d résolutions) "
                "en %(seconds).0f s.",
                "%(days)d journées recalculées (%(filed)d dépôts, %(resolved)d résolutions) "
                "en %(seconds).0f s.",
                len(days),
            )
            % {
                "days": len(days),
                "filed": filed,
                "resolved": resolved,
                "seconds": time.perf_counter() - started,
            }
        )
