"""Knowledge-base search over 5,000 articles on PostgreSQL, measured in-process.

Uses its own database (``<name>_bench`` on the server of DATABASE_URL, e.g. the test services:
``eval "$(scripts/services.sh env)"``), created, migrated, seeded, measured, then dropped.
Measures ``kb.search.search_articles`` (ranking + highlighted excerpts + loading the articles),
the selector the search page calls; prints p50/p95/p99 and writes bench/results/search.json.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RESULTS = Path(__file__).resolve().parent / "results" / "search.json"
TARGET_P95_MS = 20.0

QUERIES = {
    # class: queries (what users type: one word, a question, a rare word, nothing found)
    "one common word": ["résiliation", "administrateur", "mot de passe", "déclarations"],
    "question": [
        "comment resilier l'inscription d'un établissement",
        "j'ai oublié mon mot de passe",
        "transfert des habilitations vers un déclarant",
        "liquidateur judiciaire minutes du greffe",
    ],
    "rare word": ["cooptation", "RUM", "portefeuilles", "navigateur"],
    "no result": ["kangourou", "xylophone bleu", "zzzz"],
}
FILLER = (  # noqa: SIM905 - reads as the sentence it is
    "entreprise établissement SIRET SIREN compte inscription déclarant administrateur "
    "habilitations paiement mandat prélèvement organisme URSSAF DSN délai courrier demande "
    "formulaire espace personnel technicien réponse statut résolu attente document pièce jointe "
    "procédure lien connexion identifiants question secrète tableau de bord services"
).split()


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "DATABASE_URL must point at PostgreSQL, e.g.:\n"
            '  eval "$(GUICHET_PG_PORT=54335 GUICHET_REDIS_PORT=63805 scripts/services.sh env)"'
        )
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "guichet"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def _admin_execute(bench_url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(bench_url)
    admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


def _seed(count: int) -> None:
    from django.db import transaction

    from kb.demo import load
    from kb.demo_content import ARTICLES
    from kb.models import Article, Category
    from kb.rendering import html_to_text, render_markdown

    load(stdout=open(os.devnull, "w"))  # noqa: SIM115 - the 32 real articles and categories
    categories = {c.slug: c for c in Category.objects.all()}
    rng = random.Random(20261122)
    now = datetime.now(UTC)
    batch: list[Article] = []
    for n in range(count - Article.objects.count()):
        picks = rng.sample(ARTICLES, 3)
        category_slug, title, keywords, summary, _ = picks[0]
        body = "\n\n".join(p[4] for p in picks)
        body += "\n\n" + " ".join(rng.choices(FILLER, k=rng.randint(30, 120))) + "."
        html = render_markdown(body)
        batch.append(
            Article(
                slug=f"bench-{n}",
                title=f"{title} ({n})",
                summary=summary,
                keywords=keywords,
                body_markdown=body,
                body_html=html,
                body_text=html_to_text(html),
                category=categories[category_slug],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n),
                updated_at=now,
            )
        )
    with transaction.atomic():
        Article.objects.bulk_create(batch, batch_size=500)
    from django.db import connection

    with connection.cursor() as cursor:
        # Steady state, as autovacuum leaves it: the GIN pending list merged, statistics fresh.
        cursor.execute("VACUUM ANALYZE kb_article")


def _percentile(sorted_ms: list[float], q: float) -> float:
    index = max(0, min(len(sorted_ms) - 1, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(_percentile(ordered, 0.50), 2),
        "p95_ms": round(_percentile(ordered, 0.95), 2),
        "p99_ms": round(_percentile(ordered, 0.99), 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "max_ms": round(ordered[-1], 2),
    }


def _measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    from kb.search import search_articles

    totals: dict[str, int] = {}
    samples: dict[str, list[float]] = {name: [] for name in QUERIES}
    for queries in QUERIES.values():  # warm-up: plans, caches, connection
        for query in queries:
            totals[query] = search_articles(query=query).total
    for _ in range(rounds):
        for name, queries in QUERIES.items():
            for query in queries:
                started = time.perf_counter()
                results = search_articles(query=query)
                list(results.hits)
                samples[name].append((time.perf_counter() - started) * 1000)
    return samples, totals


def run(*, articles: int, rounds: int, keep: bool) -> int:
    bench_url = _bench_database_url()
    name = urlsplit(bench_url).path.lstrip("/")
    _admin_execute(bench_url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin_execute(bench_url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        print(f"seeding {articles} articles into {name} ...", flush=True)
        started = time.perf_counter()
        _seed(articles)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
        load_before = os.getloadavg()[0]
        samples, totals = _measure(rounds)
        load_after = os.getloadavg()[0]
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            _admin_execute(bench_url, f'DROP DATABASE IF EXISTS "{name}"')

    by_class = {cls: _summary(values) for cls, values in samples.items()}
    overall = _summary([v for values in samples.values() for v in values])
    print()
    print(f"{'query class':<18} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for cls, row in [*by_class.items(), ("ALL", overall)]:
        print(
            f"{cls:<18} {row['n']:>5} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} "
            f"{row['p99_ms']:>8.2f} {row['max_ms']:>8.2f}"
        )
    print("\nmatches per query:", json.dumps(totals, ensure_ascii=False))
    verdict = "PASS" if overall["p95_ms"] <= TARGET_P95_MS else "FAIL"
    print(f"\nload average (1 min) before/after: {load_before:.2f} / {load_after:.2f}")
    print(f"p95 {overall['p95_ms']} ms (target <= {TARGET_P95_MS} ms): {verdict}")

    from django.db import connection as db

    report = {
        "scenario": "kb search (search_articles: rank + excerpts + articles), in-process",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": articles,
        "rounds": rounds,
        "database": f"PostgreSQL {getattr(db, 'pg_version', '?')}",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "target_p95_ms": TARGET_P95_MS,
        "overall": overall,
        "by_class": by_class,
        "matches": totals,
        "verdict": verdict,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(articles=5000, rounds=30, keep=False))
