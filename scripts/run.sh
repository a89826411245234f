#!/usr/bin/env bash
# One command on a fresh machine: install, ingest the corpus, serve the web chat on
# http://127.0.0.1:8000 (HOST/PORT override; see README for the settings).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.local/bin:$PATH"
uv run --no-sync review-assistant ingest
exec uv run --no-sync review-assistant serve "$@"
