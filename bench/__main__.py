"""Runs a benchmark scenario: `.venv/bin/python -m bench search [--articles N] [--rounds N]`,
`.venv/bin/python -m bench portal [--requests N] [--rounds N]`,
`.venv/bin/python -m bench sla_scan [--requests N] [--limit N]`;
`.venv/bin/python -m bench desk_pages [--requests N] [--only TEXT]` (bench/registry.py; the
supervisors' desk is there: bench/scenarios/supervisors_desk.py);
`.venv/bin/python -m bench filing_http [--requests N] [--clients C] [--seconds S] [--max N]`;
`.venv/bin/python -m bench profile_filing [--requests N] [--filings N]`;
`.venv/bin/python -m bench approval_email [--requests N] [--approvals N]`;
`.venv/bin/python -m bench export_csv [--requests N]`;
`.venv/bin/python -m bench explain [--requests N]` (the queue pages' plans);
`.venv/bin/python -m bench compare --peer FILE [--peer-http FILE]`;
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
    pages = sub.add_parser("desk_pages", help="every registered scenario on the seeded desk")
    pages.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    pages.add_argument("--only", help="run the scenarios whose name contains this")
    filing = sub.add_parser("filing_http", help="filing over HTTP: gunicorn, 4 workers, loopback")
    filing.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    filing.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    filing.add_argument("--seconds", type=float, default=15, help="time bound of each load")
    filing.add_argument("--max", type=int, default=5000, help="count bound of each load")
    filing.add_argument("--port", type=int, default=8766, help="gunicorn's loopback port")
    profile = sub.add_parser("profile_filing", help="cProfile of filings, in-process")
    profile.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    profile.add_argument("--filings", type=int, default=30, help="filings profiled per type")
    approval = sub.add_parser("approval_email", help="approval to reset e-mail, with a worker")
    approval.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    approval.add_argument("--approvals", type=int, default=30, help="approvals timed")
    export = sub.add_parser("export_csv", help="the CSV export of requests at 10k and 100k rows")
    export.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    export.add_argument("--rows", type=int, help="with --child: the rows of this one export")
    export.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    explain = sub.add_parser("explain", help="EXPLAIN ANALYZE of every queue page's queries")
    explain.add_argument("--requests", type=int, default=100_000, help="size of the seeded desk")
    seed = sub.add_parser("seed", help="seed the desk database only (as manage.py seed_bench)")
    seed.add_argument("--requests", type=int, default=100_000)
    compare = sub.add_parser("compare", help="our last desk_pages run beside the peer's")
    compare.add_argument("--peer", required=True, help="the peer's bench_client.py JSON")
    compare.add_argument("--peer-http", help="the peer's bench_http.py JSON (filing over HTTP)")
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

        return compare_runner.run(peer_file=args.peer, peer_http_file=args.peer_http)

    if args.scenario == "filing_http":
        from bench import filing_http

        return filing_http.run(
            requests=args.requests,
            clients=args.clients,
            seconds=args.seconds,
            max_requests=args.max,
            port=args.port,
        )

    if args.scenario == "profile_filing":
        from bench import profile_filing

        return profile_filing.run(requests=args.requests, filings=args.filings)

    if args.scenario == "approval_email":
        from bench import approval_email

        return approval_email.run(requests=args.requests, approvals=args.approvals)

    if args.scenario == "export_csv":
        from bench import export_csv

        if args.child:
            return export_csv.child(requests=args.requests, rows=args.rows)
        return export_csv.run(requests=args.requests)

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
    return 2


if __name__ == "__main__":
    sys.exit(main())
