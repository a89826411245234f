# Everyday targets; the README's two commands are `make run` and `make test`.
.PHONY: run test lint fast eval eval-baseline bench ingest

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

eval:           ## the full evaluation (test split, both corpora), extractive and baseline
	uv run --no-sync review-assistant eval run --suite full --system baseline --split test
	uv run --no-sync review-assistant eval run --suite full --system extractive --split test

eval-baseline:  ## refresh the CI gate's baseline; commit eval/baselines/smoke-extractive.json
	uv run --no-sync review-assistant eval run --suite smoke --system extractive --save-baseline --no-judge

bench:          ## core and LLM benchmarks; results go to docs/benchmarks.md by hand
	uv run --no-sync python bench/bench_core.py
	uv run --no-sync python bench/bench_llm.py
	uv run --no-sync python bench/bench_cli.py --profile
