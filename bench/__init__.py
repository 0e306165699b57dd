"""Benchmarks (not timed tests): `.venv/bin/python -m bench search`."""
