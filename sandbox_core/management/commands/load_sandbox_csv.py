from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core_contract import CoreError
from sandbox_core.loading import CSV_COLUMNS, csv_load


class Command(BaseCommand):
    help = (
        "Charge des entreprises, établissements et acteurs dans le cœur bac à sable depuis un "
        f"CSV (colonnes : {', '.join(CSV_COLUMNS)} ; séparateur , ou ;). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = csv_load(path, out=self.stderr)
        except CoreError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{report.rows} lignes lues : {report.companies} entreprises, "
            f"{report.establishments} établissements, {report.actors} acteurs créés."
        )
        for line in report.errors or []:
            self.stderr.write(self.style.WARNING(line))
