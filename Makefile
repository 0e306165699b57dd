.PHONY: demo prodlike test lint services-stop bench

demo:  ## run the desk on the embedded default, with demo data
	bash scripts/demo.sh

prodlike:  ## a production-shaped run on this machine (several processes of each kind)
	bash scripts/prodlike.sh

test:  ## lint, types and the whole test suite on real PostgreSQL and Redis
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports && .venv/bin/mypy .

bench:  ## every benchmark scenario and the peer's harness at N requests (N=100000 by default)
	bash scripts/bench.sh

services-stop:
	bash scripts/services.sh stop
