#!/usr/bin/env bash
# Set up geo on a fresh machine: a virtualenv with geo and its dependencies, the offline map
# assets from the npm registry, Debian's chromium for the browser tests (with --test), and
# the gazetteer index built from the shared sources when they are there.
#
#   bash scripts/setup.sh          # for running geo
#   bash scripts/setup.sh --test   # also the test tools and chromium
#
# GEO_SOURCES names the gazetteer source folder (default: ../shared/data/gazetteer-sources).
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi

# Leaflet and its plugins, and Natural Earth borders (world-atlas), for self-contained maps.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# Copies of the map assets as package data (geo/mapping/vendor, git-ignored), so that a wheel
# built from this checkout carries them.
.venv/bin/python -c "from geo.assets import vendor_assets; vendor_assets()"

if [ "$want_tests" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; install Debian's chromium for the browser tests" >&2
  fi
fi

sources=${GEO_SOURCES:-../shared/data/gazetteer-sources}
if [ -d "$sources" ]; then
  .venv/bin/geo gazetteer build --from "$sources"
else
  echo "setup: no gazetteer sources at $sources; geo will use its small embedded core" >&2
fi
