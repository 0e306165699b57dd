from typing import Any

from django.core.management.base import BaseCommand

from kb.search import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the knowledge-base search index (SQLite FTS5; PostgreSQL needs nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_index_rebuild()
        self.stdout.write(f"{count} article(s) indexed.")
