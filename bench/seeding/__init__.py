"""The pieces of ``manage.py seed_bench`` (``bench.seed``): people, requests, documents."""
