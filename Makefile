# Everyday targets; the README's two commands are `make run` and `make test`.
.PHONY: run test lint fast eval bench ingest

run:            ## install, ingest the corpus, serve http://127.0.0.1:8000
	bash scripts/run.sh

test:           ## install test extras, then ruff, mypy and every test
	bash scripts/test.sh

lint:
	uv run --no-sync ruff check . && uv run --no-sync ruff format --check . && uv run --no-sync mypy

fast:           ## the quick loop while working: no browser, LLM or Slack tests
	uv run --no-sync pytest -m "not browser and not llm and not slack" -x -q

ingest:
	uv run --no-sync review-assistant ingest

eval:           ## the full evaluation, extractive and baseline
	uv run --no-sync review-assistant eval run --suite full --system extractive
	uv run --no-sync review-assistant eval run --suite full --system baseline

bench:          ## core and LLM benchmarks; results go to docs/benchmarks.md by hand
	uv run --no-sync python bench/bench_core.py
	uv run --no-sync python bench/bench_llm.py
