#!/usr/bin/env python3
"""Generate the compact Syria gazetteer that geo ships as package data.

    .venv/bin/python scripts/build_compact_gazetteer.py [--from DIR] [--out DIR]

reads the gazetteer sources (default ``../shared/data/gazetteer-sources``, or
``$GEO_SOURCES``) and writes ``geo/data/gazetteer/syria.sqlite.gz`` (the index
``geo gazetteer build`` makes, reproducible and gzip'ed), the sources' provenance and licence
files under ``geo/data/gazetteer/sources/`` and a README. Run it again, and commit the
result, whenever the sources or the code that builds the index (the source readers, the
merge, the match keys of ``geo/normalize.py``) change: ``tests/test_wheel.py`` fails until then.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from",
        dest="source",
        default=os.environ.get("GEO_SOURCES") or str(REPO.parent / "shared/data/gazetteer-sources"),
        help="gazetteer sources: folder, archive or URL (default: ../shared/data/gazetteer-sources)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder to write (default: geo/data/gazetteer)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from geo.errors import GeoError
    from geo.gazetteer.build import build_compact

    started = time.perf_counter()
    try:
        target = build_compact(
            args.source,
            args.out,
            progress=lambda message: print(f"geo: {message}", file=sys.stderr),
        )
    except GeoError as error:
        print(f"build_compact_gazetteer: error: {error}", file=sys.stderr)
        return 1
    size = target.stat().st_size
    print(f"wrote {target}: {size / 1e6:.2f} MB in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
