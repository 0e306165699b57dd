"""Knowledge-base search over 5,000 articles on PostgreSQL, measured in-process.

Uses its own database (``<name>_bench`` on the server of DATABASE_URL, e.g. the test services:
``eval "$(scripts/services.sh env)"``), created, migrated, seeded, measured, then dropped.
Measures ``kb.search.search_articles`` (ranking + highlighted excerpts + loading the articles),
the selector the search page calls; prints p50/p95/p99 and writes bench/results/search.json.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.common import bench_database, environment, postgres_version, summary, write_report

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
    with bench_database(keep=keep) as name:
        print(f"seeding {articles} articles into {name} ...", flush=True)
        started = time.perf_counter()
        _seed(articles)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
        load_before = os.getloadavg()[0]
        samples, totals = _measure(rounds)
        load_after = os.getloadavg()[0]
        database = postgres_version()

    by_class = {cls: summary(values) for cls, values in samples.items()}
    overall = summary([v for values in samples.values() for v in values])
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

    write_report(
        "search",
        {
            "scenario": "kb search (search_articles: rank + excerpts + articles), in-process",
            **environment(database=database, load_before=load_before, load_after=load_after),
            "articles": articles,
            "rounds": rounds,
            "target_p95_ms": TARGET_P95_MS,
            "overall": overall,
            "by_class": by_class,
            "matches": totals,
            "verdict": verdict,
        },
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(articles=5000, rounds=30, keep=False))
