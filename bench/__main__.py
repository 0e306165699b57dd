"""Runs a benchmark scenario: `.venv/bin/python -m bench search [--articles N] [--rounds N]`,
`.venv/bin/python -m bench portal [--requests N] [--rounds N]`,
`.venv/bin/python -m bench sla_scan [--requests N] [--limit N]`;
`.venv/bin/python -m bench desk [--requests N] [--rounds N]`;
`.venv/bin/python -m bench desk_pages [--requests N] [--only TEXT]` (bench/registry.py);
`.venv/bin/python -m bench explain [--requests N]` (the queue pages' plans);
`.venv/bin/python -m bench faults [--only redis,postgres,...] [--quick]` (bench/faults/)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="scenario", required=True)
    search = sub.add_parser("search", help="knowledge-base search over N articles (PostgreSQL)")
    search.add_argument("--articles", type=int, default=5000)
    search.add_argument("--rounds", type=int, default=30, help="passes over the query set")
    search.add_argument("--keep", action="store_true", help="keep the bench database")
    portal = sub.add_parser("portal", help='"Mon espace" with N requests in one account')
    portal.add_argument("--requests", type=int, default=500, help="requests in the account")
    portal.add_argument(
        "--others", type=int, default=9, help="other accounts holding as many requests each"
    )
    portal.add_argument("--rounds", type=int, default=200, help="passes over the pages")
    portal.add_argument("--keep", action="store_true", help="keep the bench database")
    scan = sub.add_parser("sla_scan", help="the SLA scan over N open requests")
    scan.add_argument("--requests", type=int, default=30000, help="open requests")
    scan.add_argument("--limit", type=int, default=500, help="alerts claimed per run and kind")
    scan.add_argument("--keep", action="store_true", help="keep the bench database")
    desk = sub.add_parser("desk", help="the supervisors' desk over N requests (PostgreSQL)")
    desk.add_argument("--requests", type=int, default=100_000, help="requests in the database")
    desk.add_argument("--rounds", type=int, default=20, help="passes over the pages")
    desk.add_argument("--keep", action="store_true", help="keep the bench database")
    pages = sub.add_parser("desk_pages", help="every registered scenario on the seeded desk")
    pages.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    pages.add_argument("--only", help="run the scenarios whose name contains this")
    explain = sub.add_parser("explain", help="EXPLAIN ANALYZE of every queue page's queries")
    explain.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    seed = sub.add_parser("seed", help="seed the desk database only (as manage.py seed_bench)")
    seed.add_argument("--requests", type=int, default=100_000)
    compare = sub.add_parser("compare", help="our last desk_pages run beside the peer's")
    compare.add_argument("--peer", required=True, help="the peer's bench_client.py JSON")
    faults = sub.add_parser("faults", help="the faults of issue 15 under load (own stack)")
    faults.add_argument("--only", help="comma-separated: redis,postgres,workers,core,beat,store")
    faults.add_argument("--quick", action="store_true", help="small figures (a smoke run)")
    args = parser.parse_args(argv)

    if args.scenario == "faults":
        from bench import faults as faults_runner

        only = args.only.split(",") if args.only else None
        return faults_runner.run(only=only, quick=args.quick)

    if args.scenario == "compare":
        from bench import compare as compare_runner

        return compare_runner.run(peer_file=args.peer)

    if args.scenario == "explain":
        from bench import explain as explain_runner

        return explain_runner.run(requests=args.requests)

    if args.scenario in ("desk_pages", "seed"):
        from bench import desk_pages as desk_runner

        if args.scenario == "seed":
            desk_runner.desk_setup(requests=args.requests)
            return 0
        return desk_runner.run(requests=args.requests, only=args.only)

    if args.scenario == "search":
        from bench import search as scenario

        return scenario.run(articles=args.articles, rounds=args.rounds, keep=args.keep)
    if args.scenario == "portal":
        from bench import portal as portal_scenario

        return portal_scenario.run(
            requests=args.requests,
            other_requesters=args.others,
            rounds=args.rounds,
            keep=args.keep,
        )
    if args.scenario == "sla_scan":
        from bench import sla_scan as scan_scenario

        return scan_scenario.run(requests=args.requests, limit=args.limit, keep=args.keep)
    if args.scenario == "desk":
        from bench import desk as desk_scenario

        return desk_scenario.run(requests=args.requests, rounds=args.rounds, keep=args.keep)
    return 2


if __name__ == "__main__":
    sys.exit(main())
