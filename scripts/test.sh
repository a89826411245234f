#!/usr/bin/env bash
# The whole test suite on a fresh machine: install (with the test extras), then lint, type-check,
# and run every test — unit, integration (real Chroma, real uvicorn), llm (real llama.cpp server),
# browser (Debian's Chromium), slack (loopback Slack stand-in) — and the evaluation smoke gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
export PATH="$HOME/.local/bin:$PATH"
echo "==> ruff" >&2
uv run --no-sync ruff check .
uv run --no-sync ruff format --check .
echo "==> mypy" >&2
uv run --no-sync mypy
echo "==> pytest" >&2
uv run --no-sync pytest "$@"
