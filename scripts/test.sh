#!/usr/bin/env bash
# Set up (with the test tools) and run every check CI runs: lint, types, and the test suite
# (which also regenerates maps/seeds.* and fails on any difference from the committed files).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check geo tests benchmarks
.venv/bin/ruff format --check geo tests benchmarks
.venv/bin/mypy geo
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
