"""One module per group of scenarios; each registers with ``bench.registry.scenario``."""
