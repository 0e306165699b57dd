"""``manage.py seed_bench --requests N``: the benchmarks' desk (see bench/seed.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Seeds N realistic requests for the benchmarks (PostgreSQL, resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from bench.seed import seed  # the benchmarks' code, outside the apps' layers

        added = seed(requests=options["requests"], progress=not options["no_progress"])
        self.stdout.write(f"{added} requests added ({options['requests']} wanted).")
